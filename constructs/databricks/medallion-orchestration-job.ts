import { type Job } from "@cdktf/provider-databricks/lib/job";
import { type Permissions } from "@cdktf/provider-databricks/lib/permissions";
import { Construct } from "constructs";

import { invalidPropOf } from "../core/prop-helpers";
import {
  addScheduledJob,
  type JobSettingsProps,
  taskRetrySettings,
  validateJobSettings,
} from "./job-settings";

/** Props of {@link MedallionOrchestrationJob}. */
export interface MedallionOrchestrationJobProps extends JobSettingsProps {
  /** Job name, e.g. `frdlh-prod-medallion` (letters, digits, `.`, `_` or `-`). */
  readonly name: string;
  /** Id (token) of the medallion pipeline; must be a triggered (not continuous) pipeline. */
  readonly pipelineId: string;
  /**
   * Online store syncs run after every update of the pipeline that refreshes their feature tables, so
   * served features never lag the offline ones by more than one run: one `pipeline_task` per synced
   * table on the sync pipeline the synced table created (`data_synchronization_status.pipeline_id`).
   * A job task can only run a triggered pipeline: SNAPSHOT or TRIGGERED synced tables, not CONTINUOUS.
   * @default none
   */
  readonly onlineSyncs?: readonly OnlineSyncTask[];
  /**
   * Lakeflow Connect ingestion pipelines that write bronze tables the medallion pipeline reads: each
   * runs (incrementally) before the medallion pipeline's update, which waits for all of them.
   * @default none
   */
  readonly ingestions?: readonly IngestionTask[];
}

/** One ingestion pipeline run before the medallion pipeline. */
export interface IngestionTask {
  /** Names the task `ingest_<name>` (letters, digits, `_`). */
  readonly name: string;
  /** Id (token) of the ingestion pipeline. */
  readonly pipelineId: string;
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
  /** Prefix of the ingestion tasks, `ingest_<name>`. */
  ingestion: "ingest_",
  /** Prefix of the online sync tasks, `sync_<table>`. */
  onlineSync: "sync_",
} as const;

/**
 * The scheduled orchestration of the medallion lakehouse: a `databricks_job` that runs an update of
 * the medallion pipeline (incremental, never a full refresh), then the online store syncs, if any.
 * Gold materialized views and feature tables are defined in the same pipeline, so that one update
 * refreshes every layer.
 *
 * One run at a time, and overlapping runs are skipped rather than queued (a late run is superseded by
 * the next one, and a queue of runs would only process the same data again). The task retries and
 * times out; the run has its own timeout; failures are mailed (skipped runs are not); tags attribute
 * the runs' cost. The job itself needs no clusters: the pipeline brings its own compute.
 *
 * @example
 * // `pipeline` is the environment's MedallionPipeline (triggered, not continuous).
 * new MedallionOrchestrationJob(this, "OrchestrationJob", {
 *   name: "frdlh-prod-medallion-orchestration",
 *   pipelineId: pipeline.pipelineId,
 *   schedule: { quartzCronExpression: "0 0 * * * ?", timezoneId: "Europe/Amsterdam" },
 *   failureEmails: ["data-oncall@example.com"],
 *   tags: { project: "fraud-lakehouse", environment: "prod" },
 *   permissions: { runners: ["data-engineers"] },
 *   runAs: { servicePrincipalName: "00000000-0000-0000-0000-000000000000" },
 * });
 */
export class MedallionOrchestrationJob extends Construct {
  readonly job: Job;
  /** Job id (token). */
  readonly jobId: string;
  /** Job permissions; absent when no groups are given. */
  readonly permissions?: Permissions;

  constructor(scope: Construct, id: string, props: MedallionOrchestrationJobProps) {
    super(scope, id);
    validate(props);
    const retry = taskRetrySettings(props.retries);
    const syncs = props.onlineSyncs ?? [];
    const ingestions = props.ingestions ?? [];
    const { job, permissions } = addScheduledJob(this, props, {
      description:
        syncs.length > 0
          ? "Medallion pipeline update, then online store syncs (managed by cdktf-lakehouse)"
          : "Medallion pipeline update, gold refresh and feature tables (managed by cdktf-lakehouse)",
      tasks: [
        ...ingestions.map((ingestion) => ({
          taskKey: `${ORCHESTRATION_TASK_KEYS.ingestion}${ingestion.name}`,
          description: `Lakeflow Connect ingestion ${ingestion.name} into bronze`,
          pipelineTask: { pipelineId: ingestion.pipelineId, fullRefresh: false },
          ...retry,
        })),
        {
          taskKey: ORCHESTRATION_TASK_KEYS.pipeline,
          description: "Update of the medallion pipeline (bronze, silver, gold)",
          ...(ingestions.length > 0
            ? {
                dependsOn: ingestions.map((i) => ({
                  taskKey: `${ORCHESTRATION_TASK_KEYS.ingestion}${i.name}`,
                })),
              }
            : {}),
          // Incremental update: a full refresh would truncate streaming tables and re-read every source.
          pipelineTask: { pipelineId: props.pipelineId, fullRefresh: false },
          ...retry,
        },
        ...syncs.map((sync) => ({
          taskKey: `${ORCHESTRATION_TASK_KEYS.onlineSync}${sync.table}`,
          description: `Sync of ${sync.table} to the online store`,
          dependsOn: [{ taskKey: ORCHESTRATION_TASK_KEYS.pipeline }],
          // Incremental: a full refresh of a synced table empties the served table while it reloads.
          pipelineTask: { pipelineId: sync.pipelineId, fullRefresh: false },
          ...retry,
        })),
      ],
    });
    this.job = job;
    this.jobId = job.id;
    this.permissions = permissions;
  }
}

function validate(props: MedallionOrchestrationJobProps): void {
  validateJobSettings("MedallionOrchestrationJob", props);
  const invalidProp = invalidPropOf("MedallionOrchestrationJob");
  if (props.pipelineId.trim() === "") invalidProp("pipelineId", props.pipelineId, "must not be empty");
  const ingested = new Set<string>();
  for (const ingestion of props.ingestions ?? []) {
    if (!/^[A-Za-z0-9_]{1,90}$/.test(ingestion.name) || ingested.has(ingestion.name))
      invalidProp(
        "ingestions.name",
        ingestion.name,
        "must be a unique name of letters, digits or '_' (at most 90)",
      );
    ingested.add(ingestion.name);
  }
  const seen = new Set<string>();
  for (const sync of props.onlineSyncs ?? []) {
    if (!/^[A-Za-z0-9_]{1,90}$/.test(sync.table))
      invalidProp(
        "onlineSyncs.table",
        sync.table,
        "must be a table name of letters, digits or '_' (at most 90)",
      );
    if (seen.has(sync.table)) invalidProp("onlineSyncs.table", sync.table, "is synced twice");
    seen.add(sync.table);
    if (sync.pipelineId.trim() === "")
      invalidProp("onlineSyncs.pipelineId", sync.pipelineId, "must not be empty");
  }
}
