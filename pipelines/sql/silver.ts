/**
 * Silver: expectations, column selection and AUTO CDC upserts over the bronze stream.
 *
 * Uniqueness: expectations are evaluated one row at a time, so "unique" cannot be an expectation on the
 * streaming table itself. For each `unique` expectation the silver file adds a private materialized view
 * that groups the silver table by the column and keeps only duplicated values, with an expectation
 * `duplicate_count <= 1` on it: `warn` records the duplicates in the pipeline's data-quality metrics, `fail`
 * stops the update (`drop` is rejected by validation: use CDC keys to keep one row per key).
 */
import { bronzeMetadataColumns, expectationName, silverColumns, silverTimeTravel } from "../spec/derived";
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
  const current = table.silver?.cdc?.scdType === 2 ? `\nWHERE \`__END_AT\` IS NULL` : "";
  return [
    commentLine(
      `Uniqueness of ${table.name}.${expectation.column}: expectations see one row at a time, so this private view keeps the duplicated values and expects none.`,
    ),
    `CREATE OR REFRESH PRIVATE MATERIALIZED VIEW ${quoteIdentifier(`${table.name}_${expectationName(expectation)}_check`)}`,
    constraints([expectation])[0]!,
    "AS SELECT",
    list([column, "count(*) AS duplicate_count"]),
    `FROM ${qualifiedName(catalog, "silver", table.name)}${current}`,
    `GROUP BY ${column}`,
    "HAVING count(*) > 1;",
  ].join("\n");
}

/** The silver streaming table of `table` (plus its AUTO CDC flow and uniqueness checks). */
export function silverTable(table: DatasetTable, source: DatasetSource, ctx: PipelineSqlContext): string[] {
  const silver = table.silver!;
  const target = qualifiedName(ctx.catalog, "silver", table.name);
  const rowExpectations = silver.expectations.filter((e) => e.kind !== "unique");
  const definition = [
    `CREATE OR REFRESH STREAMING TABLE ${target}`,
    ...constraints(rowExpectations),
    `COMMENT ${sqlString(silver.comment ?? `Validated ${table.name}`)}`,
    ...clusterBy(table.layout?.clusterBy),
    tableProperties(silverTimeTravel(table), zOrderProperty(table.layout?.zorderBy)),
  ];
  const from = `STREAM(${qualifiedName(ctx.catalog, "bronze", table.name)})`;
  const cdc = silver.cdc;
  const statements: string[] = [];
  if (!cdc) {
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
