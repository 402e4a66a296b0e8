/**
 * Deterministic Lakeflow Declarative Pipelines (DLT) SQL from a dataset spec: one file per medallion
 * layer, plus the table-maintenance statements the maintenance job runs on a SQL warehouse.
 *
 * Pure functions, no cdktf: the pipeline construct deploys the returned content as workspace files.
 *
 * Safety: identifiers and user strings are quoted (`./quoting.ts`). The only user text written verbatim
 * is a validated Spark SQL type or a boolean expression that validation checked for `;`, comments and
 * balanced quotes/parentheses (expectations, CDC delete conditions).
 */
export type { PipelineSqlContext } from "./context";
export { generatePipelineSql } from "./pipeline";
export { generateMaintenanceSql, renderMaintenanceSql, type MaintenanceSqlContext } from "./maintenance";
export { qualifiedName, quoteIdentifier, sqlString } from "./quoting";
export * from "./types";
