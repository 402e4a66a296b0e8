/** Table maintenance statements and the file the maintenance job runs: only work nothing else does. */
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

  test("without predictive optimization: ANALYZE of append tables only, never OPTIMIZE or VACUUM", () => {
    const statements = generateMaintenanceSql(azure, {
      catalog: "fraud_prod",
      predictiveOptimization: false,
    });
    // The pipeline compacts, Z-orders (pipelines.autoOptimize.zOrderCols) and vacuums its tables.
    expect(statements.map((s) => s.sql)).toEqual([
      "ANALYZE TABLE `fraud_prod`.`bronze`.`transactions` COMPUTE STATISTICS FOR ALL COLUMNS;",
      "ANALYZE TABLE `fraud_prod`.`bronze`.`customers` COMPUTE STATISTICS FOR ALL COLUMNS;",
      "ANALYZE TABLE `fraud_prod`.`bronze`.`merchants` COMPUTE STATISTICS FOR ALL COLUMNS;",
      "ANALYZE TABLE `fraud_prod`.`bronze`.`fraud_labels` COMPUTE STATISTICS FOR ALL COLUMNS;",
      "ANALYZE TABLE `fraud_prod`.`silver`.`transactions` COMPUTE STATISTICS FOR ALL COLUMNS;",
    ]);
  });

  test("AUTO CDC targets and materialized views get no statements (they may be rejected)", () => {
    const statements = generateMaintenanceSql(azure, {
      catalog: "fraud_prod",
      predictiveOptimization: false,
    });
    const tables = statements.map((s) => s.table);
    for (const table of ["customers", "merchants", "fraud_labels"]) {
      expect(tables).not.toContain(`\`fraud_prod\`.\`silver\`.\`${table}\``);
    }
    expect(tables.some((t) => t.includes("`gold`"))).toBe(false);
  });

  test("predictive optimization leaves only Z-ordering, which it never does", () => {
    const statements = generateMaintenanceSql(azure, { catalog: "fraud_prod", predictiveOptimization: true });
    expect(statements).toEqual([
      {
        table: "`fraud_prod`.`silver`.`transactions`",
        kind: "optimize",
        sql: "OPTIMIZE `fraud_prod`.`silver`.`transactions` ZORDER BY (`customer_id`, `merchant_id`);",
      },
    ]);
  });

  test("no VACUUM in any configuration", () => {
    for (const predictiveOptimization of [false, true]) {
      const statements = generateMaintenanceSql(azure, { catalog: "fraud_prod", predictiveOptimization });
      expect(statements.some((s) => s.kind === "vacuum" || /VACUUM/.test(s.sql))).toBe(false);
    }
  });

  test("ANALYZE is left out when the spec says so: nothing left, no statements", () => {
    const input = exampleDatasets("azure");
    input.maintenance.analyze = false;
    const ctx = { catalog: "fraud_prod", predictiveOptimization: false };
    const statements = generateMaintenanceSql(loadDatasets(input, "azure"), ctx);
    expect(statements).toEqual([]);
    expect(renderMaintenanceSql(statements, ctx)).toContain("SELECT 1; -- nothing to maintain");
  });

  test("a Z-ordered feature table is Z-ordered by the pipeline, or by the job under predictive optimization", () => {
    const input = exampleDatasets("azure");
    input.features![0]!.layout = { zorderBy: ["customer_id"] };
    const s = loadDatasets(input, "azure");
    expect(
      generateMaintenanceSql(s, { catalog: "c", predictiveOptimization: true }).map((x) => x.sql),
    ).toContain("OPTIMIZE `c`.`gold`.`customer_features` ZORDER BY (`customer_id`);");
  });
});
