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

  test("uniqueness of a table without CDC is checked over recently ingested bronze rows, not all history", () => {
    const silver = files("azure")["silver.sql"]!;
    expect(silver).toContain(
      "-- Uniqueness of transactions.transaction_id among the rows ingested in the last 7 days: expectations see one row at a time",
    );
    expect(silver).toContain(
      "FROM `fraud_prod`.`bronze`.`transactions`\n" +
        "WHERE `_ingested_at` >= current_timestamp() - INTERVAL 7 DAYS AND `transaction_id` IS NOT NULL\n" +
        "GROUP BY `transaction_id`\n" +
        "HAVING count(*) > 1;",
    );
    expect(silver).not.toContain("FROM `fraud_prod`.`silver`.`transactions`\nGROUP BY");
  });

  test("the look-back is a setting (at least the stream's retention)", () => {
    const input = exampleDatasets("azure");
    input.tables[0]!.silver!.expectations![4] = {
      kind: "unique",
      column: "transaction_id",
      action: "warn",
      lookbackDays: 14,
    };
    const silver = files("azure", CONTEXT.azure, loadDatasets(input, "azure"))["silver.sql"]!;
    expect(silver).toContain("WHERE `_ingested_at` >= current_timestamp() - INTERVAL 14 DAYS");
  });

  test("SCD type 2 uniqueness checks read current rows only", () => {
    const input = exampleDatasets("azure");
    input.tables[2]!.silver!.expectations!.push({ kind: "unique", column: "merchant_name", action: "warn" });
    const silver = files("azure", CONTEXT.azure, loadDatasets(input, "azure"))["silver.sql"]!;
    expect(silver).toContain(
      "FROM `fraud_prod`.`silver`.`merchants`\nWHERE `merchant_name` IS NOT NULL AND `__END_AT` IS NULL\nGROUP BY `merchant_name`",
    );
  });
});
