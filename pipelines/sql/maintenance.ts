/**
 * Table maintenance: the OPTIMIZE / VACUUM / ANALYZE statements the maintenance job runs on a SQL
 * warehouse, and the file they are deployed as.
 */
import type { DatasetSpec } from "../spec/schema";
import { GENERATED } from "./fragments";
import { commentLine, qualifiedName, quoteIdentifier } from "./quoting";
import type { MaintenanceStatement } from "./types";

export interface MaintenanceSqlContext {
  readonly catalog: string;
  /** Predictive optimization is enabled on the catalog (see {@link generateMaintenanceSql}). */
  readonly predictiveOptimization: boolean;
}

/**
 * Maintenance statements per table (bronze, then silver, then gold; per table OPTIMIZE, VACUUM, ANALYZE).
 *
 * - ZORDER tables: `OPTIMIZE t ZORDER BY (…)`; every other table: `OPTIMIZE t` (compaction, or incremental
 *   clustering for clustered tables).
 * - `VACUUM t RETAIN <n> HOURS` with the spec's retention (validated ≥ every table's deleted-file retention).
 * - `ANALYZE TABLE t COMPUTE STATISTICS FOR ALL COLUMNS` when `maintenance.analyze`.
 *
 * With predictive optimization on the catalog, Databricks runs OPTIMIZE (compaction and liquid
 * clustering), VACUUM (honouring `delta.deletedFileRetentionDuration`) and ANALYZE (statistics are also
 * collected on write) for the managed tables itself, so those statements are left out. Predictive
 * optimization never Z-orders, so `OPTIMIZE … ZORDER BY` stays for ZORDER tables.
 */
export function generateMaintenanceSql(
  spec: DatasetSpec,
  ctx: MaintenanceSqlContext,
): MaintenanceStatement[] {
  const targets: { table: string; zorderBy?: readonly string[] }[] = [
    ...spec.tables.map((t) => ({
      table: qualifiedName(ctx.catalog, "bronze", t.name),
      zorderBy: t.silver ? undefined : t.layout?.zorderBy,
    })),
    ...spec.tables
      .filter((t) => t.silver)
      .map((t) => ({ table: qualifiedName(ctx.catalog, "silver", t.name), zorderBy: t.layout?.zorderBy })),
    ...spec.features.map((f) => ({
      table: qualifiedName(ctx.catalog, "gold", f.name),
      zorderBy: f.layout?.zorderBy,
    })),
  ];
  const hours = spec.maintenance.vacuumRetentionHours;
  const statements: MaintenanceStatement[] = [];
  for (const { table, zorderBy } of targets) {
    if (zorderBy) {
      statements.push({
        table,
        kind: "optimize",
        sql: `OPTIMIZE ${table} ZORDER BY (${zorderBy.map(quoteIdentifier).join(", ")});`,
      });
    } else if (!ctx.predictiveOptimization) {
      statements.push({ table, kind: "optimize", sql: `OPTIMIZE ${table};` });
    }
    if (!ctx.predictiveOptimization) {
      statements.push({ table, kind: "vacuum", sql: `VACUUM ${table} RETAIN ${hours} HOURS;` });
      if (spec.maintenance.analyze) {
        statements.push({
          table,
          kind: "analyze",
          sql: `ANALYZE TABLE ${table} COMPUTE STATISTICS FOR ALL COLUMNS;`,
        });
      }
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
    : "OPTIMIZE, VACUUM and ANALYZE for every table of the pipeline.";
  const head = [GENERATED, commentLine(`Table maintenance for catalog ${ctx.catalog}. ${detail}`)].join("\n");
  const body = statements.length === 0 ? ["SELECT 1; -- nothing to maintain"] : statements.map((s) => s.sql);
  return `${head}\n\n${body.join("\n")}\n`;
}
