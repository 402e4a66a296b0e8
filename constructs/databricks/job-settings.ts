/**
 * What every scheduled lakehouse job shares (`MedallionOrchestrationJob`, `TableMaintenanceJob`): the
 * props, their checks, and the `databricks_job` built from them, so the two jobs differ only in their
 * tasks.
 */
import { Job, type JobTask } from "@cdktf/provider-databricks/lib/job";
import { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import { type TerraformProvider, Token } from "cdktf";
import type { Construct } from "constructs";

import { quartzCronError } from "../../pipelines/syntax/quartz-cron";
import { invalidPropOf, sortedByKey } from "../core/prop-helpers";
import {
  checkRecipientsTagsAndGroups,
  type GroupPermissionsProps,
  groupPermissionsAccess,
  type RunAsProps,
} from "./workspace-permissions";

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
  readonly runAs?: RunAsProps;
  /**
   * Job permissions by group (runners get CAN_MANAGE_RUN).
   * @default none (no permissions resource: only admins and the owner)
   */
  readonly permissions?: GroupPermissionsProps;
  /**
   * Databricks provider (workspace-level) the job and its permissions are created with.
   * @default the scope's default databricks provider
   */
  readonly provider?: TerraformProvider;
}

const DEFAULT_JOB_TIMEOUT_SECONDS = 14_400;
const DEFAULT_TASK_TIMEOUT_SECONDS = 7_200;

/** A scheduled job and its permissions. */
export interface ScheduledJob {
  readonly job: Job;
  /** Permissions by group. @default none when no groups are given */
  readonly permissions?: Permissions;
}

/**
 * The `databricks_job` (logical id `Job`) of a scheduled lakehouse job with its `tasks`, and its
 * permissions (`JobPermissions`), in `scope`. One run at a time, and overlapping runs are skipped
 * rather than queued; failures are mailed (skipped runs are not); tags sorted by key.
 */
export function addScheduledJob(
  scope: Construct,
  props: JobSettingsProps & { readonly name: string },
  job: { readonly description: string; readonly tasks: JobTask[] },
): ScheduledJob {
  const provider = props.provider;
  const created = new Job(scope, "Job", {
    name: props.name,
    description: job.description,
    task: job.tasks,
    schedule: scheduleBlock(props.schedule),
    maxConcurrentRuns: 1,
    // Skip, not queue, a run that would overlap the running one: the next run does the same work,
    // and a queue of runs would only process the same data again.
    queue: { enabled: false },
    timeoutSeconds: props.timeoutSeconds ?? DEFAULT_JOB_TIMEOUT_SECONDS,
    emailNotifications: { onFailure: [...props.failureEmails], noAlertForSkippedRuns: true },
    tags: sortedByKey(props.tags),
    ...(props.runAs ? { runAs: { ...props.runAs } } : {}),
    provider,
  });
  const accessControl = groupPermissionsAccess(props.permissions, "CAN_MANAGE_RUN");
  const permissions =
    accessControl.length > 0
      ? new Permissions(scope, "JobPermissions", { jobId: created.id, accessControl, provider })
      : undefined;
  return { job: created, permissions };
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

/**
 * Checks the settings every scheduled job shares (name, schedule, retries, timeouts, notifications,
 * tags, permissions); `construct` names the construct in messages.
 */
export function validateJobSettings(
  construct: string,
  props: JobSettingsProps & { readonly name: string },
): void {
  const invalidProp = invalidPropOf(construct);
  if (!/^[A-Za-z0-9._-]+$/.test(props.name))
    invalidProp("name", props.name, "must be letters, digits, '.', '_' or '-'");

  const cron = props.schedule.quartzCronExpression;
  const cronError = Token.isUnresolved(cron) ? undefined : quartzCronError(cron);
  if (cronError)
    invalidProp("schedule.quartzCronExpression", cron, `is not a Quartz cron expression: ${cronError}`);
  if (props.schedule.timezoneId !== undefined && props.schedule.timezoneId.trim() === "")
    invalidProp("schedule.timezoneId", props.schedule.timezoneId, "must not be empty");

  const retry = taskRetrySettings(props.retries);
  if (!Number.isInteger(retry.maxRetries) || retry.maxRetries < 0)
    invalidProp("retries.maxRetries", retry.maxRetries, "must be a whole number ≥ 0");
  if (!Number.isInteger(retry.minRetryIntervalMillis) || retry.minRetryIntervalMillis < 0)
    invalidProp("retries.minRetryIntervalMillis", retry.minRetryIntervalMillis, "must be a whole number ≥ 0");
  if (!Number.isInteger(retry.timeoutSeconds) || retry.timeoutSeconds < 1)
    invalidProp("retries.timeoutSeconds", retry.timeoutSeconds, "must be a whole number ≥ 1");
  const jobTimeout = props.timeoutSeconds ?? DEFAULT_JOB_TIMEOUT_SECONDS;
  if (!Number.isInteger(jobTimeout) || jobTimeout < retry.timeoutSeconds)
    invalidProp(
      "timeoutSeconds",
      jobTimeout,
      `must be a whole number ≥ the task timeout (${retry.timeoutSeconds})`,
    );

  if (props.failureEmails.length === 0) invalidProp("failureEmails", [], "must name at least one recipient");
  checkRecipientsTagsAndGroups(props, invalidProp);
}
