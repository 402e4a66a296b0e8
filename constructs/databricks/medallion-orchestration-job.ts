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
}

/** Task keys of {@link MedallionOrchestrationJob}, in run order. */
export const ORCHESTRATION_TASK_KEYS = {
  pipeline: "medallion_pipeline",
} as const;

/**
 * The scheduled orchestration of the medallion lakehouse: a `databricks_job` that runs an update of
 * the medallion pipeline (incremental, never a full refresh). Gold materialized views and feature
 * tables are defined in the same pipeline, so that one update refreshes every layer.
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
    const { job, permissions } = addScheduledJob(this, props, {
      description: "Medallion pipeline update, gold refresh and feature tables (managed by cdktf-lakehouse)",
      tasks: [
        {
          taskKey: ORCHESTRATION_TASK_KEYS.pipeline,
          description: "Update of the medallion pipeline (bronze, silver, gold)",
          // Incremental update: a full refresh would truncate streaming tables and re-read every source.
          pipelineTask: { pipelineId: props.pipelineId, fullRefresh: false },
          ...taskRetrySettings(props.retries),
        },
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
}
