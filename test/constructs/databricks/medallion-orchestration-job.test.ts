import { Pipeline } from "@cdktf/provider-databricks/lib/pipeline";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import {
  MedallionOrchestrationJob,
  ORCHESTRATION_TASK_KEYS,
  type MedallionOrchestrationJobProps,
} from "../../../constructs/databricks/medallion-orchestration-job";
import {
  onlyResource,
  resourcesOf,
  synthJson,
  unresolvedReferences,
  type TerraformJson,
} from "../../support/terraform-json";

type Task = Record<string, unknown> & { task_key: string; depends_on?: { task_key: string }[] };

const PROPS: Omit<MedallionOrchestrationJobProps, "pipelineId"> = {
  name: "frdlh-prod-medallion",
  schedule: { quartzCronExpression: "0 0 * * * ?", timezoneId: "Europe/Amsterdam" },
  failureEmails: ["data-oncall@example.com"],
  tags: { project: "frdlh", environment: "prod", "cost-center": "cc-1234" },
};

/** Builds the job against a real pipeline resource, so the pipeline id is a reference. */
function build(props: Partial<MedallionOrchestrationJobProps> = {}): TerraformJson {
  const stack = new TerraformStack(Testing.app(), "test");
  new DatabricksProvider(stack, "databricks", { host: "https://example.cloud.databricks.com" });
  const medallion = new Pipeline(stack, "Medallion", { name: "medallion" });
  const job = new MedallionOrchestrationJob(stack, "Orchestration", {
    ...PROPS,
    pipelineId: medallion.id,
    ...props,
  });
  new TerraformOutput(stack, "job_id", { value: job.jobId });
  return synthJson(stack);
}

function jobOf(json: TerraformJson): Record<string, unknown> {
  return onlyResource(json, "databricks_job");
}

function tasksOf(json: TerraformJson): Task[] {
  return jobOf(json).task as Task[];
}

describe("MedallionOrchestrationJob", () => {
  test("runs an incremental update of the medallion pipeline", () => {
    const json = build();
    const tasks = tasksOf(json);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      task_key: ORCHESTRATION_TASK_KEYS.pipeline,
      pipeline_task: { full_refresh: false },
    });
    expect((tasks[0]!.pipeline_task as { pipeline_id: string }).pipeline_id).toMatch(
      /^\$\{databricks_pipeline\.[^.]+\.id\}$/,
    );
    expect(tasks[0]!.depends_on).toBeUndefined();
  });

  test("online store syncs run after every update: one incremental pipeline task per synced table", () => {
    const json = build({
      onlineSyncs: [
        { table: "customer_features", pipelineId: "sync-customer" },
        { table: "merchant_features", pipelineId: "sync-merchant" },
      ],
    });
    expect(tasksOf(json).map((t) => t.task_key)).toEqual([
      "medallion_pipeline",
      "sync_customer_features",
      "sync_merchant_features",
    ]);
    expect(tasksOf(json)[1]).toMatchObject({
      description: "Sync of customer_features to the online store",
      depends_on: [{ task_key: "medallion_pipeline" }],
      pipeline_task: { pipeline_id: "sync-customer", full_refresh: false },
      max_retries: 2,
    });
    expect(tasksOf(json)[2]!.depends_on).toEqual([{ task_key: "medallion_pipeline" }]);
  });

  test("ingestion pipelines run first; the medallion update waits for all of them", () => {
    const json = build({
      ingestions: [
        { name: "core_banking_core", pipelineId: "ingest-core" },
        { name: "crm", pipelineId: "ingest-crm" },
      ],
    });
    expect(tasksOf(json).map((t) => t.task_key)).toEqual([
      "ingest_core_banking_core",
      "ingest_crm",
      "medallion_pipeline",
    ]);
    expect(tasksOf(json)[0]).toMatchObject({
      pipeline_task: { pipeline_id: "ingest-core", full_refresh: false },
      max_retries: 2,
    });
    expect(tasksOf(json)[0]!.depends_on).toBeUndefined();
    expect(tasksOf(json)[2]!.depends_on).toEqual([
      { task_key: "ingest_core_banking_core" },
      { task_key: "ingest_crm" },
    ]);
  });

  test("online syncs name a table once, with a pipeline", () => {
    expect(() =>
      build({
        onlineSyncs: [
          { table: "customer_features", pipelineId: "a" },
          { table: "customer_features", pipelineId: "b" },
        ],
      }),
    ).toThrow('MedallionOrchestrationJob.onlineSyncs.table: "customer_features" is synced twice');
    expect(() => build({ onlineSyncs: [{ table: "customer features", pipelineId: "a" }] })).toThrow(
      "must be a table name of letters, digits or '_'",
    );
    expect(() => build({ onlineSyncs: [{ table: "customer_features", pipelineId: " " }] })).toThrow(
      'MedallionOrchestrationJob.onlineSyncs.pipelineId: " " must not be empty',
    );
  });

  test("schedule, one run at a time, overlapping runs skipped", () => {
    const job = jobOf(build());
    expect(job.schedule).toEqual({
      quartz_cron_expression: "0 0 * * * ?",
      timezone_id: "Europe/Amsterdam",
      pause_status: "UNPAUSED",
    });
    expect(job.max_concurrent_runs).toBe(1);
    expect(job.queue).toEqual({ enabled: false });
    const paused = jobOf(build({ schedule: { quartzCronExpression: "0 0 2 * * ?", paused: true } }));
    expect(paused.schedule).toMatchObject({ timezone_id: "UTC", pause_status: "PAUSED" });
  });

  test("retries and timeouts on every task, and a run timeout", () => {
    const defaults = build();
    for (const t of tasksOf(defaults)) {
      expect(t).toMatchObject({
        max_retries: 2,
        min_retry_interval_millis: 300000,
        retry_on_timeout: false,
        timeout_seconds: 7200,
      });
    }
    expect(jobOf(defaults).timeout_seconds).toBe(14400);

    const custom = build({
      retries: { maxRetries: 1, minRetryIntervalMillis: 60000, retryOnTimeout: true, timeoutSeconds: 1800 },
      timeoutSeconds: 3600,
    });
    expect(tasksOf(custom)[0]).toMatchObject({
      max_retries: 1,
      min_retry_interval_millis: 60000,
      retry_on_timeout: true,
      timeout_seconds: 1800,
    });
    expect(jobOf(custom).timeout_seconds).toBe(3600);
  });

  test("failure notifications, cost tags (sorted), run as a service principal", () => {
    const job = jobOf(build({ runAs: { servicePrincipalName: "sp-app-id" } }));
    expect(job.email_notifications).toEqual({
      on_failure: ["data-oncall@example.com"],
      no_alert_for_skipped_runs: true,
    });
    expect(JSON.stringify(job.tags)).toBe('{"cost-center":"cc-1234","environment":"prod","project":"frdlh"}');
    expect(job.run_as).toEqual({ service_principal_name: "sp-app-id" });
    expect(jobOf(build()).run_as).toBeUndefined();
  });

  test("CAN_MANAGE_RUN for engineers, none without groups", () => {
    const json = build({ permissions: { runners: ["data-engineers"], viewers: ["analysts"] } });
    const permissions = onlyResource(json, "databricks_permissions");
    expect(permissions.job_id).toMatch(/^\$\{databricks_job\.[^.]+\.id\}$/);
    expect(permissions.access_control).toEqual([
      { group_name: "data-engineers", permission_level: "CAN_MANAGE_RUN" },
      { group_name: "analysts", permission_level: "CAN_VIEW" },
    ]);
    expect(resourcesOf(build(), "databricks_permissions")).toEqual({});
  });

  test("rejects bad input with the field named", () => {
    expect(() => build({ schedule: { quartzCronExpression: "0 2 * * *" } })).toThrow(
      /schedule\.quartzCronExpression: "0 2 \* \* \*" is not a Quartz cron/,
    );
    expect(() => build({ schedule: { quartzCronExpression: "0 0 2 * * *" } })).toThrow(/'\?' in exactly one/);
    expect(() => build({ failureEmails: [] })).toThrow(/failureEmails/);
    expect(() => build({ retries: { timeoutSeconds: 20000 } })).toThrow(
      /timeoutSeconds: 14400 .* task timeout/,
    );
  });

  test("checks schedules with the one Quartz validator the config uses", () => {
    expect(() => build({ schedule: { quartzCronExpression: "0 99 * * * ?" } })).toThrow(
      "MedallionOrchestrationJob.schedule.quartzCronExpression: \"0 99 * * * ?\" is not a Quartz cron expression: minutes: '99' is outside 0-59",
    );
  });

  test("every reference resolves", () => {
    const json = build({ permissions: { managers: ["admins"] } });
    expect(unresolvedReferences(json)).toEqual([]);
  });
});
