/**
 * Table maintenance: only the statements that do work nothing else does, run by the maintenance job on a
 * SQL warehouse, and the file they are deployed as.
 *
 * Who maintains what, per table kind (Databricks references in brackets):
 *
 * | table kind | OPTIMIZE (compaction, Z-order, clustering) | VACUUM | ANALYZE (optimizer statistics) |
 * |---|---|---|---|
 * | pipeline streaming table, append (bronze, silver without CDC) | the pipeline, within 24 h of an update, Z-ordering by `pipelines.autoOptimize.zOrderCols` [1]; with predictive optimization: PO, which never Z-orders [2] → the job runs `OPTIMIZE … ZORDER BY` | the pipeline / PO, at the table's `delta.deletedFileRetentionDuration` [1][2] | nobody without PO → the job; PO otherwise [2][3] |
 * | AUTO CDC target (silver with CDC) | the pipeline / PO; user OPTIMIZE may be rejected (`STREAMING_TABLE_OPERATION_NOT_ALLOWED.APPLY_CHANGES_UNSUPPORTED_OPERATION`) [4] | same | not run: may be rejected like OPTIMIZE [4]; PO analyzes it |
 * | materialized view (gold features) | the pipeline / PO; liquid clustering (`CLUSTER BY`) is maintained by both; Z-order as for streaming tables | the pipeline / PO | not run (not documented for materialized views) |
 * | view (training sets) | — | — | — |
 * | Lakeflow Connect bronze table | its ingestion pipeline, like an AUTO CDC target | same | not run |
 *
 * So the job never VACUUMs: the pipeline and predictive optimization already do, at the table's own
 * deleted-file retention, and a VACUUM with a longer retention finds nothing left to delete.
 *
 * [1] Lakeflow Declarative Pipelines: maintenance tasks (OPTIMIZE, then VACUUM) run within 24 hours of
 *     a table's update; table properties `pipelines.autoOptimize.managed`, `…zOrderCols`
 *     (docs.databricks.com/aws/en/dlt/properties).
 * [2] Predictive optimization for Unity Catalog managed tables: OPTIMIZE, VACUUM, ANALYZE; no Z-order
 *     (docs.databricks.com/aws/en/optimizations/predictive-optimization).
 * [3] ANALYZE TABLE … COMPUTE STATISTICS (docs.databricks.com/aws/en/sql/language-manual/sql-ref-syntax-aux-analyze-compute-statistics).
 * [4] STREAMING_TABLE_OPERATION_NOT_ALLOWED error condition (docs.databricks.com/error-messages/streaming-table-operation-not-allowed-error-class).
 * Not confirmed on a workspace: ANALYZE on append streaming tables (no error condition names it).
 */
import { isManagedIngestion } from "../spec/derived";
import type { DatasetSpec, DatasetTable } from "../spec/schema";
import { GENERATED } from "./fragments";
import { commentLine, qualifiedName, quoteIdentifier } from "./quoting";
import type { MaintenanceStatement } from "./types";

export interface MaintenanceSqlContext {
  readonly catalog: string;
  /** Predictive optimization is enabled on the catalog (see {@link generateMaintenanceSql}). */
  readonly predictiveOptimization: boolean;
}

interface Target {
  readonly table: string;
  readonly kind: "append" | "auto-cdc" | "materialized-view";
  readonly zorderBy?: readonly string[];
}

function targets(spec: DatasetSpec, catalog: string): Target[] {
  const sources = new Map(spec.sources.map((s) => [s.name, s]));
  // Lakeflow Connect's bronze tables are AUTO CDC targets of its ingestion pipeline; silver reads them
  // as a materialized view.
  const managed = (t: DatasetTable) => {
    const source = sources.get(t.source);
    return source !== undefined && isManagedIngestion(source);
  };
  return [
    ...spec.tables.map(
      (t): Target => ({
        table: qualifiedName(catalog, "bronze", t.name),
        kind: managed(t) ? "auto-cdc" : "append",
        zorderBy: t.silver ? undefined : t.layout?.zorderBy,
      }),
    ),
    ...spec.tables
      .filter((t) => t.silver)
      .map(
        (t): Target => ({
          table: qualifiedName(catalog, "silver", t.name),
          kind: managed(t) ? "materialized-view" : t.silver?.cdc ? "auto-cdc" : "append",
          zorderBy: t.layout?.zorderBy,
        }),
      ),
    ...spec.features.map(
      (f): Target => ({
        table: qualifiedName(catalog, "gold", f.name),
        kind: "materialized-view",
        zorderBy: f.layout?.zorderBy,
      }),
    ),
  ];
}

/**
 * Maintenance statements per table (bronze, then silver, then gold), only where they do work (see the
 * module comment):
 * - with predictive optimization: `OPTIMIZE t ZORDER BY (…)` for ZORDER tables that are not AUTO CDC
 *   targets (PO never Z-orders, and turns the pipeline's own Z-ordering off);
 * - without it: `ANALYZE TABLE t COMPUTE STATISTICS FOR ALL COLUMNS` for append streaming tables when
 *   `maintenance.analyze` (the pipeline compacts, Z-orders and vacuums, but collects no optimizer
 *   statistics).
 */
export function generateMaintenanceSql(
  spec: DatasetSpec,
  ctx: MaintenanceSqlContext,
): MaintenanceStatement[] {
  const statements: MaintenanceStatement[] = [];
  for (const { table, kind, zorderBy } of targets(spec, ctx.catalog)) {
    if (ctx.predictiveOptimization) {
      if (zorderBy && kind !== "auto-cdc") {
        statements.push({
          table,
          kind: "optimize",
          sql: `OPTIMIZE ${table} ZORDER BY (${zorderBy.map(quoteIdentifier).join(", ")});`,
        });
      }
    } else if (spec.maintenance.analyze && kind === "append") {
      statements.push({
        table,
        kind: "analyze",
        sql: `ANALYZE TABLE ${table} COMPUTE STATISTICS FOR ALL COLUMNS;`,
      });
    }
  }
  return statements;
}

/** The maintenance statements as one SQL file (the maintenance job's `sql_task` file). */
export function renderMaintenanceSql(
  statements: readonly MaintenanceStatement[],
  ctx: MaintenanceSqlContext,
): string {
  const detail = ctx.predictiveOptimization
    ? "Predictive optimization runs OPTIMIZE (compaction, liquid clustering), VACUUM and ANALYZE; only Z-ordering is left here."
    : "The pipeline compacts, Z-orders and vacuums its tables; only optimizer statistics of append tables are left here.";
  const head = [GENERATED, commentLine(`Table maintenance for catalog ${ctx.catalog}. ${detail}`)].join("\n");
  const body = statements.length === 0 ? ["SELECT 1; -- nothing to maintain"] : statements.map((s) => s.sql);
  return `${head}\n\n${body.join("\n")}\n`;
}
