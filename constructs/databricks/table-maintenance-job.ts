import { type Job, type JobTask } from "@cdktf/provider-databricks/lib/job";
import { type Permissions } from "@cdktf/provider-databricks/lib/permissions";
import { WorkspaceFile } from "@cdktf/provider-databricks/lib/workspace-file";
import { Construct } from "constructs";

import { invalidPropOf } from "../core/prop-helpers";
import {
  MAINTENANCE_KINDS,
  type MaintenanceKind,
  type MaintenanceStatement,
} from "../../pipelines/sql/types";
import { workspaceFileContentBase64, workspaceFolder, workspacePathError } from "./workspace-files";
import {
  addScheduledJob,
  type JobSettingsProps,
  taskRetrySettings,
  validateJobSettings,
} from "./job-settings";
import type { RunAsProps } from "./workspace-permissions";

export type { MaintenanceStatement };

/** Props of {@link TableMaintenanceJob}. */
export interface TableMaintenanceJobProps extends JobSettingsProps {
  /**
   * Job name, e.g. `frdlh-prod-table-maintenance`; also the workspace folder of its SQL files
   * (letters, digits, `.`, `_` or `-`).
   */
  readonly name: string;
  /**
   * The generated maintenance statements. Empty (e.g. predictive optimization covers every table):
   * no files and no job are created.
   */
  readonly statements: readonly MaintenanceStatement[];
  /** SQL warehouse id (token) the statements run on. */
  readonly warehouseId: string;
  /**
   * Absolute workspace folder; files go to `<workspaceRoot>/<name>/<table>.<kind>.sql`, e.g.
   * `/cdktf-lakehouse/frdlh-prod`.
   */
  readonly workspaceRoot: string;
  /**
   * Identity the job runs as (needs MODIFY and SELECT on the tables, CAN_USE on the warehouse).
   * @default the job owner (the identity running Terraform)
   */
  readonly runAs?: RunAsProps;
}

/** One maintenance step: the statements of one kind on one table, as a file and a task. */
export interface TableMaintenanceStep {
  readonly table: string;
  readonly kind: MaintenanceKind;
  /** Task key in the job, `<kind>_<table with non-word characters as '_'>`. */
  readonly taskKey: string;
  readonly file: WorkspaceFile;
}

/**
 * Scheduled Delta table maintenance on a SQL warehouse: `OPTIMIZE` (compaction, ZORDER), `VACUUM`
 * (removal of unreferenced files past the retention) and `ANALYZE TABLE … COMPUTE STATISTICS`.
 *
 * One workspace file and one `sql_task` per table and kind, because:
 * - tables are maintained in parallel and independently: one table's failure neither blocks nor
 *   re-runs the others, and a retry repeats only the failed step;
 * - the job's run page shows the duration and outcome of each table's OPTIMIZE, VACUUM and ANALYZE.
 *
 * On each table the steps run OPTIMIZE → VACUUM → ANALYZE (`depends_on`), so they never compete for
 * the same table and the statistics describe the compacted layout. A later step runs even when an
 * earlier one failed (`run_if` ALL_DONE): a failed OPTIMIZE must not stop VACUUM from reclaiming
 * storage; the run is still reported as failed.
 *
 * With no statements there is nothing to schedule: no files, no job (`job` is undefined).
 *
 * @example
 * // `spec` is the dataset spec (pipelines/), `warehouse` a LakehouseSqlWarehouse.
 * new TableMaintenanceJob(this, "TableMaintenanceJob", {
 *   name: "frdlh-prod-medallion-maintenance",
 *   statements: generateMaintenanceSql(spec, { catalog: "fraud_lakehouse_prod", predictiveOptimization: false }),
 *   warehouseId: warehouse.warehouseId,
 *   workspaceRoot: "/cdktf-lakehouse/frdlh-prod",
 *   schedule: { quartzCronExpression: "0 0 3 ? * SUN", timezoneId: "Europe/Amsterdam" },
 *   failureEmails: ["data-oncall@example.com"],
 *   tags: { project: "fraud-lakehouse", environment: "prod" },
 *   permissions: { runners: ["data-engineers"] },
 * });
 */
export class TableMaintenanceJob extends Construct {
  /** Steps in task order (tables in first-seen order, kinds OPTIMIZE → VACUUM → ANALYZE). */
  readonly steps: readonly TableMaintenanceStep[];
  /** The job; undefined when there are no statements. */
  readonly job?: Job;
  /** Job id (token); undefined when there are no statements. */
  readonly jobId?: string;
  /** Job permissions; absent without a job or without groups. */
  readonly permissions?: Permissions;

  constructor(scope: Construct, id: string, props: TableMaintenanceJobProps) {
    super(scope, id);
    validate(props);
    const provider = props.provider;
    const folder = workspaceFolder(props.workspaceRoot, props.name);

    // Group by table (first-seen order) and kind (fixed order), statements in their given order.
    const byTable = new Map<string, Map<MaintenanceKind, string[]>>();
    for (const statement of props.statements) {
      const kinds = byTable.get(statement.table) ?? new Map<MaintenanceKind, string[]>();
      byTable.set(statement.table, kinds);
      kinds.set(statement.kind, [...(kinds.get(statement.kind) ?? []), statement.sql]);
    }

    const steps: TableMaintenanceStep[] = [];
    const tasks: JobTask[] = [];
    const retry = taskRetrySettings(props.retries);
    const taskKeys = new Map<string, string>();
    for (const [table, kinds] of byTable) {
      const tableSlug = table.replace(/\W+/g, "_").replace(/^_+|_+$/g, "");
      let previous: string | undefined;
      for (const kind of MAINTENANCE_KINDS) {
        const sql = kinds.get(kind);
        if (!sql) continue;
        const taskKey = `${kind}_${tableSlug}`;
        const clash = taskKeys.get(taskKey);
        if (clash !== undefined)
          throw new Error(
            `TableMaintenanceJob.statements: tables ${JSON.stringify(clash)} and ${JSON.stringify(table)} ` +
              `both map to task key '${taskKey}'`,
          );
        if (taskKey.length > 100)
          throw new Error(
            `TableMaintenanceJob.statements: table ${JSON.stringify(table)} gives task key '${taskKey}', ` +
              "longer than the 100 characters Databricks allows",
          );
        taskKeys.set(taskKey, table);
        const file = new WorkspaceFile(this, `Sql-${taskKey}`, {
          path: `${folder}/${tableSlug}.${kind}.sql`,
          contentBase64: workspaceFileContentBase64(sqlFile(sql)),
          provider,
        });
        steps.push({ table, kind, taskKey, file });
        tasks.push({
          taskKey,
          description: `${kind.toUpperCase()} ${table}`,
          sqlTask: { warehouseId: props.warehouseId, file: { path: file.path, source: "WORKSPACE" } },
          ...(previous ? { dependsOn: [{ taskKey: previous }], runIf: "ALL_DONE" } : {}),
          ...retry,
        });
        previous = taskKey;
      }
    }
    this.steps = steps;
    if (tasks.length === 0) return;

    const { job, permissions } = addScheduledJob(this, props, {
      description: "OPTIMIZE, VACUUM and ANALYZE of the lakehouse tables (managed by cdktf-lakehouse)",
      tasks,
    });
    this.job = job;
    this.jobId = job.id;
    this.permissions = permissions;
  }
}

/** The statements of one file, each ending with exactly one `;`, one per line block. */
function sqlFile(statements: readonly string[]): string {
  return statements.map((sql) => `${sql.trim().replace(/;+\s*$/, "")};\n`).join("");
}

function validate(props: TableMaintenanceJobProps): void {
  validateJobSettings("TableMaintenanceJob", props);
  const invalidProp = invalidPropOf("TableMaintenanceJob");
  const rootError = workspacePathError(props.workspaceRoot);
  if (rootError) invalidProp("workspaceRoot", props.workspaceRoot, rootError);
  if (props.warehouseId.trim() === "") invalidProp("warehouseId", props.warehouseId, "must not be empty");
  for (const statement of props.statements) {
    if (statement.table.trim() === "") invalidProp("statements.table", statement.table, "must not be empty");
    if (!(MAINTENANCE_KINDS as readonly string[]).includes(statement.kind))
      invalidProp("statements.kind", statement.kind, `must be one of ${MAINTENANCE_KINDS.join(", ")}`);
    if (statement.sql.trim() === "")
      invalidProp("statements.sql", statement.table, `has an empty ${statement.kind} statement`);
  }
}
