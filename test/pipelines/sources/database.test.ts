/**
 * `database` sources (Lakeflow Connect): the spec's rules, and the SQL around a bronze table that the
 * ingestion pipeline writes — no bronze statement, silver as a materialized view over the replicated
 * history, the same CDC fields.
 */
import {
  generateMaintenanceSql,
  generatePipelineSql,
  loadDatasets,
  type DatasetSpec,
} from "../../../pipelines";
import { CONTEXT } from "../../support/pipeline-sql";
import { example, onlyIssue, table, type Loose } from "../../support/datasets";

/** The example with customers (SCD 1) and merchants (SCD 2) replicated from a SQL Server database. */
function withDatabase(cloud: "azure" | "aws" = "azure"): Loose {
  const spec = example(cloud);
  const source = (name: string, tableName: string) => ({
    type: "database",
    name,
    engine: "sqlserver",
    connection: "core_banking",
    host: "sql-core.example.internal",
    database: "core",
    schema: "dbo",
    table: tableName,
  });
  spec.sources[1] = source("customer_changes", "Customers");
  spec.sources[2] = source("merchant_changes", "Merchants");
  for (const name of ["customers", "merchants"]) {
    const t = table(spec, name);
    // Deletes come from the database log; the operation column is the files feed's.
    delete t.silver.cdc.deleteWhen;
    t.silver.cdc.exceptColumns = [];
    t.columns = t.columns.filter((c: { name: string }) => c.name !== "operation");
  }
  return spec;
}

const sqlOf = (spec: DatasetSpec) =>
  Object.fromEntries(generatePipelineSql(spec, CONTEXT.azure).map((f) => [f.name, f.content]));

describe("database sources: the spec", () => {
  test("load on both clouds", () => {
    expect(() => loadDatasets(withDatabase(), "azure")).not.toThrow();
    expect(() => loadDatasets(withDatabase("aws"), "aws")).not.toThrow();
  });

  test("SQL Server and PostgreSQL name the database", () => {
    const spec = withDatabase();
    delete spec.sources[1].database;
    expect(onlyIssue(spec, "datasets.sources.customer_changes.database")).toContain(
      "is required for 'sqlserver': the connector addresses tables as database.schema.table",
    );
  });

  test("MySQL has no database level, and its connector is in Public Preview: opt in", () => {
    const spec = withDatabase();
    for (const s of [spec.sources[1], spec.sources[2]]) {
      s.engine = "mysql";
      delete s.database;
    }
    spec.sources[2].preview = true;
    const issue = onlyIssue(spec, "datasets.sources.customer_changes.engine");
    expect(issue).toContain(
      "'mysql' is a Public Preview connector that Databricks enables on request (learn.microsoft.com/azure/databricks/ingestion/lakeflow-connect/mysql-pipeline); set preview: true",
    );
    spec.sources[1].preview = true;
    expect(() => loadDatasets(spec, "azure")).not.toThrow();
    spec.sources[1].database = "core";
    expect(onlyIssue(spec, "datasets.sources.customer_changes.database")).toContain(
      "'core' is set but MySQL has no database level above the schema",
    );
  });

  test("one connection is one server", () => {
    const spec = withDatabase();
    spec.sources[2].host = "sql-other.example.internal";
    expect(onlyIssue(spec, "datasets.sources.merchant_changes.connection")).toBe(
      "datasets.sources.merchant_changes.connection: 'core_banking' is sqlserver://sql-core.example.internal:1433 in datasets.sources[1] but sqlserver://sql-other.example.internal:1433 here; one connection is one database server: name another connection",
    );
  });

  test("a replicated table needs CDC keys and sequence, and takes deletes from the log", () => {
    const spec = withDatabase();
    delete table(spec, "customers").silver.cdc;
    expect(onlyIssue(spec, "datasets.tables.customers.silver")).toContain(
      "'customer_changes' is a 'database' source, replicated by Lakeflow Connect by primary key: table 'customers' needs silver.cdc",
    );
    const other = withDatabase();
    table(other, "customers").silver.cdc.deleteWhen = "risk_segment = 'gone'";
    expect(onlyIssue(other, "datasets.tables.customers.silver.cdc.deleteWhen")).toContain(
      "cannot apply to a 'database' source: Lakeflow Connect takes deletes from the database's change log",
    );
  });

  test("silver of a replicated table has no _ingested_at (bronze is the connector's)", () => {
    const spec = withDatabase();
    table(spec, "customers").silver.expectations.push({
      kind: "not-null",
      column: "_ingested_at",
      action: "warn",
    });
    expect(onlyIssue(spec, "datasets.tables.customers.silver.expectations[1].column")).toContain(
      "'_ingested_at' is not a column of silver table 'customers'",
    );
  });
});

describe("database sources: the SQL", () => {
  const spec = loadDatasets(withDatabase(), "azure");
  const sql = sqlOf(spec);

  test("bronze has no statement for the replicated tables: the ingestion pipeline writes them", () => {
    expect(sql["bronze.sql"]).toContain("`fraud_prod`.`bronze`.`transactions`");
    expect(sql["bronze.sql"]).not.toContain("`fraud_prod`.`bronze`.`customers`");
    expect(sql["bronze.sql"]).not.toContain("`fraud_prod`.`bronze`.`merchants`");
  });

  test("SCD type 1: silver is the current versions of bronze's history", () => {
    expect(sql["silver.sql"]).toContain(
      "CREATE OR REFRESH MATERIALIZED VIEW `fraud_prod`.`silver`.`customers`\n" +
        "(\n  CONSTRAINT `customer_id_not_null` EXPECT (`customer_id` IS NOT NULL) ON VIOLATION FAIL UPDATE\n)",
    );
    expect(sql["silver.sql"]).toContain(
      "  `risk_segment`,\n  `updated_at`\nFROM `fraud_prod`.`bronze`.`customers`\nWHERE `__END_AT` IS NULL;",
    );
  });

  test("SCD type 2: silver keeps every version with __START_AT/__END_AT for as-of joins", () => {
    expect(sql["silver.sql"]).toContain(
      "  `updated_at`,\n  `__START_AT`,\n  `__END_AT`\nFROM `fraud_prod`.`bronze`.`merchants`;",
    );
    expect(sql["silver.sql"]).not.toContain("AUTO CDC INTO `fraud_prod`.`silver`.`merchants`");
  });

  test("the training set's as-of join reads the replicated dimension like an AUTO CDC one", () => {
    expect(sql["gold.sql"]).toContain("LEFT JOIN `fraud_prod`.`silver`.`merchants` d1");
  });

  test("maintenance leaves the connector's bronze tables and the silver views alone", () => {
    const tables = generateMaintenanceSql(spec, { catalog: "fraud_prod", predictiveOptimization: false }).map(
      (s) => s.table,
    );
    expect(tables).toEqual([
      "`fraud_prod`.`bronze`.`transactions`",
      "`fraud_prod`.`bronze`.`fraud_labels`",
      "`fraud_prod`.`silver`.`transactions`",
    ]);
  });

  test("a spec of replicated tables only has no bronze file", () => {
    const input = withDatabase("aws");
    input.tables = input.tables.filter((t: { name: string }) => ["customers", "merchants"].includes(t.name));
    input.sources = input.sources.slice(1, 3);
    input.features = [];
    input.trainingSets = [];
    expect(generatePipelineSql(loadDatasets(input, "aws"), CONTEXT.aws).map((f) => f.name)).toEqual([
      "silver.sql",
    ]);
  });
});
