/** Silver: expectations, uniqueness checks, AUTO CDC. */
import { loadDatasets } from "../../../pipelines";
import { exampleDatasets } from "../../../config/example-datasets";
import { CONTEXT, files } from "../../support/pipeline-sql";

describe("silver", () => {
  test("warn expectations have no ON VIOLATION clause", () => {
    const silver = files("azure")["silver.sql"]!;
    expect(silver).toContain("CONSTRAINT `transaction_id_unique` EXPECT (duplicate_count <= 1)\n)");
    expect(silver).toContain("CONSTRAINT `positive_amount` EXPECT (amount > 0) ON VIOLATION DROP ROW");
    expect(silver).toContain(
      "CONSTRAINT `customer_id_not_null` EXPECT (`customer_id` IS NOT NULL) ON VIOLATION FAIL UPDATE",
    );
  });

  test("a failing uniqueness check stops the update", () => {
    const input = exampleDatasets("azure");
    const expectations = input.tables[0]!.silver!.expectations!;
    expectations[4] = { kind: "unique", column: "transaction_id", action: "fail" };
    const silver = files("azure", CONTEXT.azure, loadDatasets(input, "azure"))["silver.sql"]!;
    expect(silver).toContain("EXPECT (duplicate_count <= 1) ON VIOLATION FAIL UPDATE");
  });

  test("SCD type 2 features and uniqueness checks read current rows only", () => {
    const input = exampleDatasets("azure");
    input.tables[2]!.silver!.expectations!.push({ kind: "unique", column: "merchant_id", action: "warn" });
    const silver = files("azure", CONTEXT.azure, loadDatasets(input, "azure"))["silver.sql"]!;
    expect(silver).toContain(
      "FROM `fraud_prod`.`silver`.`merchants`\nWHERE `__END_AT` IS NULL\nGROUP BY `merchant_id`",
    );
  });
});
