/** Table maintenance statements and the file the maintenance job runs. */
import { generateMaintenanceSql, loadDatasets, renderMaintenanceSql } from "../../../pipelines";
import { exampleDatasets } from "../../../config/example-datasets";
import { expectGolden, spec } from "../../support/pipeline-sql";

describe("golden SQL for the example", () => {
  test("maintenance, with and without predictive optimization", () => {
    for (const predictiveOptimization of [false, true]) {
      const ctx = { catalog: "fraud_prod", predictiveOptimization };
      const sql = renderMaintenanceSql(generateMaintenanceSql(spec("azure"), ctx), ctx);
      expectGolden(
        predictiveOptimization ? "maintenance-predictive-optimization.sql" : "maintenance.sql",
        sql,
      );
    }
  });
});

describe("maintenance", () => {
  const azure = spec("azure");

  test("every table gets OPTIMIZE (ZORDER where configured), VACUUM and ANALYZE", () => {
    const statements = generateMaintenanceSql(azure, {
      catalog: "fraud_prod",
      predictiveOptimization: false,
    });
    expect(statements).toHaveLength(7 * 3);
    expect(statements.filter((s) => s.kind === "optimize").map((s) => s.sql)).toContain(
      "OPTIMIZE `fraud_prod`.`silver`.`transactions` ZORDER BY (`customer_id`, `merchant_id`);",
    );
    expect(
      statements.filter((s) => s.kind === "vacuum").every((s) => s.sql.endsWith(" RETAIN 720 HOURS;")),
    ).toBe(true);
    expect(statements[2]).toEqual({
      table: "`fraud_prod`.`bronze`.`transactions`",
      kind: "analyze",
      sql: "ANALYZE TABLE `fraud_prod`.`bronze`.`transactions` COMPUTE STATISTICS FOR ALL COLUMNS;",
    });
  });

  test("predictive optimization leaves only Z-ordering", () => {
    const statements = generateMaintenanceSql(azure, { catalog: "fraud_prod", predictiveOptimization: true });
    expect(statements).toEqual([
      {
        table: "`fraud_prod`.`silver`.`transactions`",
        kind: "optimize",
        sql: "OPTIMIZE `fraud_prod`.`silver`.`transactions` ZORDER BY (`customer_id`, `merchant_id`);",
      },
    ]);
  });

  test("ANALYZE is left out when the spec says so", () => {
    const input = exampleDatasets("azure");
    input.maintenance.analyze = false;
    const statements = generateMaintenanceSql(loadDatasets(input, "azure"), {
      catalog: "fraud_prod",
      predictiveOptimization: false,
    });
    expect(statements.some((s) => s.kind === "analyze")).toBe(false);
  });
});
