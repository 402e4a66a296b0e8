/**
 * Silver: expectations, column selection and AUTO CDC upserts over the bronze stream.
 *
 * Uniqueness: expectations are evaluated one row at a time, so "unique" cannot be an expectation on the
 * streaming table itself. For each `unique` expectation the silver file adds a private materialized view
 * that groups by the column and keeps only duplicated values, with an expectation `duplicate_count <= 1`
 * on it: `warn` records the duplicates in the pipeline's data-quality metrics, `fail` stops the update
 * (`drop` is rejected by validation: use CDC keys to keep one row per key). The check is bounded: for a
 * table without CDC it reads the bronze rows ingested in the last `lookbackDays` (default 7) days, not
 * the whole history; a CDC table's current rows are one per key, and grow with entities, not events.
 */
import {
  bronzeMetadataColumns,
  DEFAULT_UNIQUENESS_LOOKBACK_DAYS,
  expectationName,
  isManagedIngestion,
  silverColumns,
  silverTimeTravel,
} from "../spec/derived";
import { INGESTED_AT_COLUMN } from "../sources/source-kind";
import type { DatasetSource, DatasetTable, Expectation } from "../spec/schema";
import type { PipelineSqlContext } from "./context";
import { clusterBy, list, tableProperties, zOrderProperty } from "./fragments";
import { commentLine, qualifiedName, quoteIdentifier, sqlString } from "./quoting";

function expectationClause(expectation: Expectation): string {
  const condition =
    expectation.kind === "not-null"
      ? `${quoteIdentifier(expectation.column)} IS NOT NULL`
      : expectation.kind === "expression"
        ? expectation.expression
        : "duplicate_count <= 1";
  const onViolation =
    expectation.action === "drop"
      ? " ON VIOLATION DROP ROW"
      : expectation.action === "fail"
        ? " ON VIOLATION FAIL UPDATE"
        : "";
  return `CONSTRAINT ${quoteIdentifier(expectationName(expectation))} EXPECT (${condition})${onViolation}`;
}

function constraints(expectations: readonly Expectation[]): string[] {
  return expectations.length === 0 ? [] : [`(\n${list(expectations.map(expectationClause))}\n)`];
}

function uniquenessCheck(
  table: DatasetTable,
  expectation: Extract<Expectation, { kind: "unique" }>,
  catalog: string,
): string {
  const column = quoteIdentifier(expectation.column);
  const cdc = table.silver?.cdc;
  const days = expectation.lookbackDays ?? DEFAULT_UNIQUENESS_LOOKBACK_DAYS;
  // Without CDC, silver is bronze filtered row by row: duplicates are bronze's, and bronze is appended in
  // ingestion order and never Z-ordered, so file statistics on _ingested_at prune the scan to recent files.
  const scope = cdc
    ? {
        what: `current rows`,
        from: qualifiedName(catalog, "silver", table.name),
        where: [`${column} IS NOT NULL`, ...(cdc.scdType === 2 ? ["`__END_AT` IS NULL"] : [])],
      }
    : {
        what: `rows ingested in the last ${days} days`,
        from: qualifiedName(catalog, "bronze", table.name),
        where: [
          `${quoteIdentifier(INGESTED_AT_COLUMN)} >= current_timestamp() - INTERVAL ${days} DAYS`,
          `${column} IS NOT NULL`,
        ],
      };
  return [
    commentLine(
      `Uniqueness of ${table.name}.${expectation.column} among the ${scope.what}: expectations see one row at a time, so this private view keeps the duplicated values and expects none.`,
    ),
    `CREATE OR REFRESH PRIVATE MATERIALIZED VIEW ${quoteIdentifier(`${table.name}_${expectationName(expectation)}_check`)}`,
    constraints([expectation])[0]!,
    "AS SELECT",
    list([column, "count(*) AS duplicate_count"]),
    `FROM ${scope.from}`,
    `WHERE ${scope.where.join(" AND ")}`,
    `GROUP BY ${column}`,
    "HAVING count(*) > 1;",
  ].join("\n");
}

/** The silver streaming table of `table` (plus its AUTO CDC flow and uniqueness checks). */
export function silverTable(
  table: DatasetTable,
  source: DatasetSource,
  ctx: PipelineSqlContext,
  readByFeatures = false,
): string[] {
  const silver = table.silver!;
  const target = qualifiedName(ctx.catalog, "silver", table.name);
  const rowExpectations = silver.expectations.filter((e) => e.kind !== "unique");
  const managed = isManagedIngestion(source);
  const definition = [
    `CREATE OR REFRESH ${managed ? "MATERIALIZED VIEW" : "STREAMING TABLE"} ${target}`,
    ...constraints(rowExpectations),
    `COMMENT ${sqlString(silver.comment ?? `Validated ${table.name}`)}`,
    ...clusterBy(table.layout?.clusterBy),
    tableProperties(silverTimeTravel(table), [
      ...zOrderProperty(table.layout?.zorderBy),
      // Incremental refresh of the feature tables' materialized views needs row tracking on their source.
      ...(readByFeatures ? [["delta.enableRowTracking", "true"] as [string, string]] : []),
    ]),
  ];
  const from = `STREAM(${qualifiedName(ctx.catalog, "bronze", table.name)})`;
  const cdc = silver.cdc;
  const statements: string[] = [];
  if (managed) {
    // Lakeflow Connect applied the CDC into bronze, keeping every version (SCD type 2); bronze is
    // updated in place, so silver reads it as a materialized view, not a stream.
    const current = cdc?.scdType === 1;
    statements.push(
      [
        ...definition,
        "AS SELECT",
        list([
          ...silverColumns(table, source).map((c) => quoteIdentifier(c.name)),
          ...(current ? [] : ["`__START_AT`", "`__END_AT`"]),
        ]),
        `FROM ${qualifiedName(ctx.catalog, "bronze", table.name)}${current ? "\nWHERE `__END_AT` IS NULL" : ""};`,
      ].join("\n"),
    );
  } else if (!cdc) {
    statements.push(
      [
        ...definition,
        "AS SELECT",
        list(silverColumns(table).map((c) => quoteIdentifier(c.name))),
        `FROM ${from};`,
      ].join("\n"),
    );
  } else {
    // Everything bronze has that silver does not keep: ingestion metadata, unselected and excluded columns.
    const kept = new Set(silverColumns(table).map((c) => c.name));
    const sourceColumns = [...table.columns.map((c) => c.name), ...bronzeMetadataColumns(source)];
    const except = sourceColumns.filter((name) => !kept.has(name));
    statements.push(`${definition.join("\n")};`);
    statements.push(
      [
        `CREATE FLOW ${quoteIdentifier(`${table.name}_cdc`)} AS AUTO CDC INTO ${target}`,
        `FROM ${from}`,
        `KEYS (${cdc.keys.map(quoteIdentifier).join(", ")})`,
        ...(cdc.deleteWhen === undefined ? [] : [`APPLY AS DELETE WHEN ${cdc.deleteWhen}`]),
        `SEQUENCE BY ${quoteIdentifier(cdc.sequenceBy ?? "")}`,
        ...(except.length === 0 ? [] : [`COLUMNS * EXCEPT (${except.map(quoteIdentifier).join(", ")})`]),
        `STORED AS SCD TYPE ${cdc.scdType};`,
      ].join("\n"),
    );
  }
  for (const expectation of silver.expectations) {
    if (expectation.kind === "unique") statements.push(uniquenessCheck(table, expectation, ctx.catalog));
  }
  return statements;
}
