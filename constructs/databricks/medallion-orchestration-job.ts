import { Job, type JobTask } from "@cdktf/provider-databricks/lib/job";
import { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import { WorkspaceFile } from "@cdktf/provider-databricks/lib/workspace-file";
import { type TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { quartzCronError } from "../../pipelines/syntax/quartz-cron";
import { workspaceFileContentBase64, workspacePathError } from "./workspace-files";

/** When a job runs: a Quartz cron expression in a time zone. */
export interface JobScheduleProps {
  /** Quartz cron (seconds first; `?` in day-of-month or day-of-week), e.g. `0 0 2 * * ?`. */
  readonly quartzCronExpression: string;
  /**
   * Java time zone id, e.g. `Europe/Amsterdam`.
   * @default "UTC"
   */
  readonly timezoneId?: string;
  /**
   * Deploy the schedule paused (e.g. in dev, where runs are started by hand).
   * @default false
   */
  readonly paused?: boolean;
}

/** Retry and timeout settings applied to every task of a job. */
export interface JobTaskRetryProps {
  /**
   * Retries of a failed task.
   * @default 2
   */
  readonly maxRetries?: number;
  /**
   * Wait between a failure and its retry, in milliseconds.
   * @default 300000 (5 minutes)
   */
  readonly minRetryIntervalMillis?: number;
  /**
   * Retry a task that timed out too (a task that times out usually does so again).
   * @default false
   */
  readonly retryOnTimeout?: boolean;
  /**
   * Timeout of each task attempt, in seconds.
   * @default 7200 (2 hours)
   */
  readonly timeoutSeconds?: number;
}

/** The identity a job runs as. */
export type JobRunAsProps = { readonly servicePrincipalName: string } | { readonly userName: string };

/** Job permissions by group. */
export interface JobPermissionsProps {
  /** Groups with CAN_MANAGE. @default [] */
  readonly managers?: readonly string[];
  /** Groups with CAN_MANAGE_RUN (run, cancel, repair), e.g. the engineers. @default [] */
  readonly runners?: readonly string[];
  /** Groups with CAN_VIEW. @default [] */
  readonly viewers?: readonly string[];
}

/** The task that refreshes the gold layer after the medallion pipeline's update. */
export type GoldRefreshTask =
  /** An update of a separate gold pipeline. */
  | {
      readonly kind: "pipeline";
      /** Pipeline id (token). */
      readonly pipelineId: string;
    }
  /**
   * `REFRESH MATERIALIZED VIEW` of each view on a SQL warehouse, from a generated workspace file.
   * For materialized views created in Databricks SQL; views defined in a pipeline are refreshed by
   * that pipeline's update (use `kind: "pipeline"`, or no gold task when they are in the medallion
   * pipeline itself).
   */
  | {
      readonly kind: "materialized-views";
      /** SQL warehouse id (token). */
      readonly warehouseId: string;
      /** Fully qualified view names, `catalog.schema.view`; each part letters, digits or `_`. */
      readonly views: readonly string[];
      /** Absolute workspace folder of the generated file `<workspaceRoot>/<job name>/refresh_gold.sql`. */
      readonly workspaceRoot: string;
    };

/** An optional task after the gold refresh, e.g. writing feature tables. */
export type FeatureTableTask =
  /** An update of a feature pipeline. */
  | { readonly kind: "pipeline"; readonly pipelineId: string }
  /** A SQL file (workspace path) on a SQL warehouse. */
  | { readonly kind: "sql-file"; readonly path: string; readonly warehouseId: string }
  /** A workspace notebook on serverless jobs compute (the workspace must allow serverless jobs). */
  | {
      readonly kind: "notebook";
      readonly notebookPath: string;
      /** Notebook widgets' values. @default none */
      readonly parameters?: Readonly<Record<string, string>>;
    };

/** Settings every scheduled lakehouse job shares. */
export interface JobSettingsProps {
  /** When the job runs. */
  readonly schedule: JobScheduleProps;
  /**
   * Retries and per-task timeout.
   * @default { maxRetries: 2, minRetryIntervalMillis: 300000, retryOnTimeout: false, timeoutSeconds: 7200 }
   */
  readonly retries?: JobTaskRetryProps;
  /**
   * Timeout of a whole run, in seconds (≥ the task timeout).
   * @default 14400 (4 hours)
   */
  readonly timeoutSeconds?: number;
  /** Recipients of failure notifications; at least one. */
  readonly failureEmails: readonly string[];
  /** Tags of the job (cost attribution of its runs). */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Identity the job runs as, e.g. a deployment service principal.
   * @default the job owner (the identity running Terraform)
   */
  readonly runAs?: JobRunAsProps;
  /**
   * Job permissions by group.
   * @default none (no permissions resource: only admins and the owner)
   */
  readonly permissions?: JobPermissionsProps;
  /** @default the scope's default databricks provider */
  readonly provider?: TerraformProvider;
}

/** Props of {@link MedallionOrchestrationJob}. */
export interface MedallionOrchestrationJobProps extends JobSettingsProps {
  /** Job name, e.g. `frdlh-prod-medallion` (letters, digits, `.`, `_` or `-`). */
  readonly name: string;
  /** Id (token) of the medallion pipeline; must be a triggered (not continuous) pipeline. */
  readonly pipelineId: string;
  /**
   * Task after the pipeline update that refreshes gold.
   * @default none (gold is refreshed by the medallion pipeline's own update)
   */
  readonly goldRefresh?: GoldRefreshTask;
  /**
   * Task after the gold refresh (or the pipeline update) that builds feature tables.
   * @default none
   */
  readonly featureTables?: FeatureTableTask;
  /**
   * Online store syncs run after every refresh of their feature tables, so served features never lag
   * the offline ones by more than one run: one `pipeline_task` per synced table on the sync pipeline
   * the synced table created (`data_synchronization_status.pipeline_id`), after the last task above.
   * A job task can only run a triggered pipeline: SNAPSHOT or TRIGGERED synced tables, not CONTINUOUS.
   * @default none
   */
  readonly onlineSyncs?: readonly OnlineSyncTask[];
}

/** The sync of one synced table of an online store. */
export interface OnlineSyncTask {
  /** The served feature table, e.g. `customer_features` (names the task `sync_<table>`). */
  readonly table: string;
  /** Id (token) of the synced table's sync pipeline. */
  readonly pipelineId: string;
}

/** Task keys of {@link MedallionOrchestrationJob}, in run order. */
export const ORCHESTRATION_TASK_KEYS = {
  pipeline: "medallion_pipeline",
  gold: "gold_refresh",
  features: "feature_tables",
  /** Prefix of the online sync tasks, `sync_<table>`. */
  onlineSync: "sync_",
} as const;

/**
 * The scheduled orchestration of the medallion lakehouse: a `databricks_job` that runs an update of
 * the medallion pipeline (incremental, never a full refresh), then the optional gold refresh, then the
 * optional feature-table task, each waiting for the previous one.
 *
 * One run at a time, and overlapping runs are skipped rather than queued (a late run is superseded by
 * the next one, and a queue of runs would only process the same data again). Every task retries and
 * times out; the run has its own timeout; failures are mailed (skipped runs are not); tags attribute
 * the runs' cost. The job itself needs no clusters: pipelines and SQL warehouses bring their own
 * compute.
 */
export class MedallionOrchestrationJob extends Construct {
  readonly job: Job;
  /** Job id (token). */
  readonly jobId: string;
  /** The generated `REFRESH MATERIALIZED VIEW` file, for a `materialized-views` gold refresh. */
  readonly goldRefreshFile?: WorkspaceFile;
  /** Job permissions; absent when no groups are given. */
  readonly permissions?: Permissions;

  constructor(scope: Construct, id: string, props: MedallionOrchestrationJobProps) {
    super(scope, id);
    validate(props);
    const provider = props.provider;
    const retry = taskRetrySettings(props.retries);

    const tasks: JobTask[] = [
      {
        taskKey: ORCHESTRATION_TASK_KEYS.pipeline,
        description: "Update of the medallion pipeline (bronze, silver, gold)",
        // Incremental update: a full refresh would truncate streaming tables and re-read every source.
        pipelineTask: { pipelineId: props.pipelineId, fullRefresh: false },
        ...retry,
      },
    ];
    let previous: string = ORCHESTRATION_TASK_KEYS.pipeline;

    const gold = props.goldRefresh;
    if (gold) {
      let goldTask: Partial<JobTask>;
      if (gold.kind === "pipeline") {
        goldTask = { pipelineTask: { pipelineId: gold.pipelineId, fullRefresh: false } };
      } else {
        this.goldRefreshFile = new WorkspaceFile(this, "GoldRefreshSql", {
          path: `${gold.workspaceRoot.replace(/\/+$/, "")}/${props.name}/refresh_gold.sql`,
          contentBase64: workspaceFileContentBase64(refreshMaterializedViewsSql(gold.views)),
          provider,
        });
        goldTask = {
          sqlTask: {
            warehouseId: gold.warehouseId,
            file: { path: this.goldRefreshFile.path, source: "WORKSPACE" },
          },
        };
      }
      tasks.push({
        taskKey: ORCHESTRATION_TASK_KEYS.gold,
        description: "Refresh of the gold layer",
        dependsOn: [{ taskKey: previous }],
        ...goldTask,
        ...retry,
      });
      previous = ORCHESTRATION_TASK_KEYS.gold;
    }

    const features = props.featureTables;
    if (features) {
      tasks.push({
        taskKey: ORCHESTRATION_TASK_KEYS.features,
        description: "Feature tables",
        dependsOn: [{ taskKey: previous }],
        ...featureTask(features),
        ...retry,
      });
      previous = ORCHESTRATION_TASK_KEYS.features;
    }

    for (const sync of props.onlineSyncs ?? []) {
      tasks.push({
        taskKey: `${ORCHESTRATION_TASK_KEYS.onlineSync}${sync.table}`,
        description: `Sync of ${sync.table} to the online store`,
        dependsOn: [{ taskKey: previous }],
        // Incremental: a full refresh of a synced table empties the served table while it reloads.
        pipelineTask: { pipelineId: sync.pipelineId, fullRefresh: false },
        ...retry,
      });
    }

    this.job = new Job(this, "Job", {
      name: props.name,
      description:
        "Medallion pipeline update, gold refresh, feature tables and online store syncs (managed by cdktf-lakehouse)",
      task: tasks,
      schedule: scheduleBlock(props.schedule),
      maxConcurrentRuns: 1,
      // Skip, not queue, a run that would overlap the running one.
      queue: { enabled: false },
      timeoutSeconds: props.timeoutSeconds ?? DEFAULT_JOB_TIMEOUT_SECONDS,
      emailNotifications: { onFailure: [...props.failureEmails], noAlertForSkippedRuns: true },
      tags: sortedRecord(props.tags),
      ...(props.runAs ? { runAs: { ...props.runAs } } : {}),
      provider,
    });
    this.jobId = this.job.id;
    this.permissions = jobPermissions(this, this.job, props.permissions, provider);
  }
}

const DEFAULT_JOB_TIMEOUT_SECONDS = 14_400;
const DEFAULT_TASK_TIMEOUT_SECONDS = 7_200;

function featureTask(task: FeatureTableTask): Partial<JobTask> {
  switch (task.kind) {
    case "pipeline":
      return { pipelineTask: { pipelineId: task.pipelineId, fullRefresh: false } };
    case "sql-file":
      return { sqlTask: { warehouseId: task.warehouseId, file: { path: task.path, source: "WORKSPACE" } } };
    case "notebook":
      return {
        notebookTask: {
          notebookPath: task.notebookPath,
          source: "WORKSPACE",
          ...(task.parameters ? { baseParameters: sortedRecord(task.parameters) } : {}),
        },
      };
  }
}

/** `REFRESH MATERIALIZED VIEW` per view, each identifier part quoted. */
export function refreshMaterializedViewsSql(views: readonly string[]): string {
  return views
    .map(
      (view) =>
        `REFRESH MATERIALIZED VIEW ${view
          .split(".")
          .map((part) => `\`${part}\``)
          .join(".")};\n`,
    )
    .join("");
}

/** The `schedule` block of a job. */
export function scheduleBlock(schedule: JobScheduleProps): {
  quartzCronExpression: string;
  timezoneId: string;
  pauseStatus: string;
} {
  return {
    quartzCronExpression: schedule.quartzCronExpression.trim().replace(/\s+/g, " "),
    timezoneId: schedule.timezoneId ?? "UTC",
    pauseStatus: schedule.paused ? "PAUSED" : "UNPAUSED",
  };
}

/** Retry and timeout attributes of a task, with defaults applied. */
export function taskRetrySettings(retries: JobTaskRetryProps | undefined): {
  maxRetries: number;
  minRetryIntervalMillis: number;
  retryOnTimeout: boolean;
  timeoutSeconds: number;
} {
  return {
    maxRetries: retries?.maxRetries ?? 2,
    minRetryIntervalMillis: retries?.minRetryIntervalMillis ?? 300_000,
    retryOnTimeout: retries?.retryOnTimeout ?? false,
    timeoutSeconds: retries?.timeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS,
  };
}

/** CAN_MANAGE / CAN_MANAGE_RUN / CAN_VIEW by group on a job; undefined when no groups are given. */
export function jobPermissions(
  scope: Construct,
  job: Job,
  permissions: JobPermissionsProps | undefined,
  provider: TerraformProvider | undefined,
): Permissions | undefined {
  const accessControl = [
    ...groups(permissions?.managers, "CAN_MANAGE"),
    ...groups(permissions?.runners, "CAN_MANAGE_RUN"),
    ...groups(permissions?.viewers, "CAN_VIEW"),
  ];
  if (accessControl.length === 0) return undefined;
  return new Permissions(scope, "JobPermissions", { jobId: job.id, accessControl, provider });
}

function groups(
  names: readonly string[] | undefined,
  permissionLevel: string,
): { groupName: string; permissionLevel: string }[] {
  return [...new Set(names ?? [])].sort().map((groupName) => ({ groupName, permissionLevel }));
}

function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Checks the settings every scheduled job shares (name, schedule, retries, timeouts, notifications,
 * tags, permissions); `construct` names the construct in messages.
 */
export function validateJobSettings(
  construct: string,
  props: JobSettingsProps & { readonly name: string },
): void {
  const fail = (field: string, value: unknown, rule: string): never => {
    throw new Error(`${construct}.${field}: ${JSON.stringify(value)} ${rule}`);
  };
  if (!/^[A-Za-z0-9._-]+$/.test(props.name))
    fail("name", props.name, "must be letters, digits, '.', '_' or '-'");

  const cron = props.schedule.quartzCronExpression;
  const cronError = Token.isUnresolved(cron) ? undefined : quartzCronError(cron);
  if (cronError) fail("schedule.quartzCronExpression", cron, `is not a Quartz cron expression: ${cronError}`);
  if (props.schedule.timezoneId !== undefined && props.schedule.timezoneId.trim() === "")
    fail("schedule.timezoneId", props.schedule.timezoneId, "must not be empty");

  const retry = taskRetrySettings(props.retries);
  if (!Number.isInteger(retry.maxRetries) || retry.maxRetries < 0)
    fail("retries.maxRetries", retry.maxRetries, "must be a whole number ≥ 0");
  if (!Number.isInteger(retry.minRetryIntervalMillis) || retry.minRetryIntervalMillis < 0)
    fail("retries.minRetryIntervalMillis", retry.minRetryIntervalMillis, "must be a whole number ≥ 0");
  if (!Number.isInteger(retry.timeoutSeconds) || retry.timeoutSeconds < 1)
    fail("retries.timeoutSeconds", retry.timeoutSeconds, "must be a whole number ≥ 1");
  const jobTimeout = props.timeoutSeconds ?? DEFAULT_JOB_TIMEOUT_SECONDS;
  if (!Number.isInteger(jobTimeout) || jobTimeout < retry.timeoutSeconds)
    fail("timeoutSeconds", jobTimeout, `must be a whole number ≥ the task timeout (${retry.timeoutSeconds})`);

  if (props.failureEmails.length === 0) fail("failureEmails", [], "must name at least one recipient");
  checkRecipientsTagsAndGroups(props, fail);
}

/**
 * Checks shared by jobs and pipelines: failure recipients look like email addresses, tag keys and
 * permission group names are not empty.
 */
export function checkRecipientsTagsAndGroups(
  props: {
    readonly failureEmails: readonly string[];
    readonly tags: Readonly<Record<string, string>>;
    /** Group names by permission level. */
    readonly permissions?: object;
  },
  fail: (field: string, value: unknown, rule: string) => never,
): void {
  for (const email of props.failureEmails) {
    if (!Token.isUnresolved(email) && !/^[^\s@]+@[^\s@]+$/.test(email))
      fail("failureEmails", email, "is not an email address");
  }
  for (const key of Object.keys(props.tags)) {
    if (key.trim() === "") fail("tags", key, "must not have an empty key");
  }
  for (const [level, names] of Object.entries(props.permissions ?? {}) as [
    string,
    readonly string[] | undefined,
  ][]) {
    for (const name of names ?? []) {
      if (name.trim() === "") fail(`permissions.${level}`, name, "must not contain an empty group name");
    }
  }
}

function validate(props: MedallionOrchestrationJobProps): void {
  validateJobSettings("MedallionOrchestrationJob", props);
  const fail = (field: string, value: unknown, rule: string): never => {
    throw new Error(`MedallionOrchestrationJob.${field}: ${JSON.stringify(value)} ${rule}`);
  };
  const checkPath = (field: string, path: string): void => {
    const error = workspacePathError(path);
    if (error) fail(field, path, error);
  };
  if (props.pipelineId.trim() === "") fail("pipelineId", props.pipelineId, "must not be empty");
  const gold = props.goldRefresh;
  if (gold?.kind === "materialized-views") {
    if (gold.views.length === 0) fail("goldRefresh.views", [], "must name at least one materialized view");
    for (const view of gold.views) {
      const parts = view.split(".");
      if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_]+$/.test(part)))
        fail(
          "goldRefresh.views",
          view,
          "must be catalog.schema.view, each part letters, digits or '_' (no quoting, no SQL)",
        );
    }
    checkPath("goldRefresh.workspaceRoot", gold.workspaceRoot);
  }
  const syncs = props.onlineSyncs ?? [];
  const seen = new Set<string>();
  for (const sync of syncs) {
    if (!/^[A-Za-z0-9_]{1,90}$/.test(sync.table))
      fail("onlineSyncs.table", sync.table, "must be a table name of letters, digits or '_' (at most 90)");
    if (seen.has(sync.table)) fail("onlineSyncs.table", sync.table, "is synced twice");
    seen.add(sync.table);
    if (sync.pipelineId.trim() === "") fail("onlineSyncs.pipelineId", sync.pipelineId, "must not be empty");
  }
  const features = props.featureTables;
  if (features?.kind === "sql-file") checkPath("featureTables.path", features.path);
  if (features?.kind === "notebook") checkPath("featureTables.notebookPath", features.notebookPath);
}
