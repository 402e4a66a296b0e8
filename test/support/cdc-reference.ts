/**
 * A reference implementation, in plain SQL, of what the generated AUTO CDC flows produce — DuckDB cannot
 * run `AUTO CDC … INTO`, so the as-of joins are tested against this instead of the pipeline's own
 * flow. It reads the same spec fields the generated flow is built from (keys, sequence column, delete
 * condition — the user's expression, verbatim —, SCD type, excluded columns), so a spec change moves
 * both.
 *
 * Semantics, as documented for AUTO CDC (docs.databricks.com, "The AUTO CDC APIs"):
 * - events are applied in SEQUENCE BY order per key, whatever order they arrive in;
 * - SCD type 1: the row of a key is its latest event's values; if that event is a delete, there is no
 *   row (a late upsert sequenced before the delete does not bring it back);
 * - SCD type 2: every upsert opens a version with `__START_AT` = its sequence value and closes the
 *   previous one (`__END_AT` = the new sequence value); a delete closes the current version and opens
 *   none; the current version has `__END_AT` NULL.
 * Assumed, not modelled: distinct sequence values per key, and every update changing a tracked column
 * (AUTO CDC may skip versions whose tracked columns are unchanged).
 */
import { silverColumns, type DatasetTable } from "../../pipelines";

/** The silver rows AUTO CDC would produce from `bronze` (a table of change events) for `table`. */
export function cdcReferenceQuery(table: DatasetTable, bronze: string): string {
  const cdc = table.silver?.cdc;
  if (!cdc?.sequenceBy) throw new Error(`table '${table.name}' has no CDC with a sequence column`);
  const q = (name: string) => `"${name}"`;
  const keys = cdc.keys.map(q).join(", ");
  const seq = q(cdc.sequenceBy);
  const columns = silverColumns(table).map((c) => q(c.name));
  const isDelete = cdc.deleteWhen === undefined ? "false" : `coalesce((${cdc.deleteWhen}), false)`;
  if (cdc.scdType === 1) {
    return [
      `SELECT ${columns.join(", ")} FROM (`,
      `  SELECT *, row_number() OVER (PARTITION BY ${keys} ORDER BY ${seq} DESC) AS __rn, ${isDelete} AS __is_delete`,
      `  FROM ${bronze}`,
      ") WHERE __rn = 1 AND NOT __is_delete",
    ].join("\n");
  }
  return [
    `SELECT ${columns.join(", ")}, "__START_AT", "__END_AT" FROM (`,
    `  SELECT *, ${seq} AS "__START_AT", lead(${seq}) OVER (PARTITION BY ${keys} ORDER BY ${seq}) AS "__END_AT",`,
    `    ${isDelete} AS __is_delete`,
    `  FROM ${bronze}`,
    ") WHERE NOT __is_delete",
  ].join("\n");
}
