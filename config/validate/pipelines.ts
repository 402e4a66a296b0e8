/** The environment's pipelines against its cloud's dataset spec: schedule, compute, streams, alerts. */
import { quartzCronError, sourceKind, type DatasetSpec } from "../../pipelines";
import type { ResolvedEnvironment } from "../resolve";
import type { Report } from "./report";

/** A pipeline setting that cannot work at deploy time, or would run without anyone noticing failures. */
/**
 * @param specPath where the spec is in the config, for messages: `datasets` (or, in the deprecated
 *   per-cloud shape, `datasets.<cloud>`)
 */
export function checkPipelines(
  env: ResolvedEnvironment,
  spec: DatasetSpec | undefined,
  specPath: string,
  report: Report,
): void {
  const p = env.pipelines;
  if (!p) return;
  if (!spec) {
    report("pipelines", `are configured but ${specPath} is missing: there is nothing to deploy`);
    return;
  }
  if (p.continuous && p.schedule) {
    report(
      "pipelines.schedule",
      "is set but the pipeline is continuous: it never waits for a trigger; remove the schedule",
    );
  }
  if (!p.continuous && !p.schedule) {
    report("pipelines.schedule", "is required for a triggered pipeline (or set continuous: true)");
  }
  if (p.schedule) {
    const cronError = quartzCronError(p.schedule.cron);
    if (cronError) report("pipelines.schedule.cron", `'${p.schedule.cron}' ${cronError}`);
  }
  if (p.compute.kind === "classic") {
    if (p.compute.minWorkers > p.compute.maxWorkers) {
      report(
        "pipelines.compute.minWorkers",
        `${p.compute.minWorkers} is more than maxWorkers (${p.compute.maxWorkers})`,
      );
    }
    if (p.compute.maxWorkers > env.databricks.clusterPolicy.maxWorkers) {
      report(
        "pipelines.compute.maxWorkers",
        `${p.compute.maxWorkers} exceeds the cluster policy's maxWorkers (${env.databricks.clusterPolicy.maxWorkers})`,
      );
    }
  }
  if (env.databricks.clusterPolicy.users.pipelines.length === 0) {
    report(
      "databricks.clusterPolicy.users.pipelines",
      "is empty but the environment has pipelines: name the group roles that manage them (and may read their SQL)",
    );
  }
  if (p.continuous && spec.sources.some((source) => sourceKind(source).ingestion === "lakeflow-connect")) {
    report(
      "pipelines.continuous",
      `is true but ${specPath} has database sources: their Lakeflow Connect ingestion pipelines are triggered by the orchestration job before each update, and a continuous pipeline has no job; run the pipeline triggered`,
    );
  }
  if (p.compute.kind === "classic") {
    // Classic pipelines never refresh materialized views incrementally: with INCREMENTAL STRICT every
    // refresh fails (MATERIALIZED_VIEW_NOT_INCREMENTALIZABLE); see pipelines/spec/schema.ts REFRESH_POLICIES.
    spec.features
      .filter((feature) => feature.refreshPolicy === "incrementalStrict")
      .forEach((feature) =>
        report(
          "pipelines.compute.kind",
          `'classic' cannot run ${specPath} feature '${feature.name}' (refreshPolicy 'incrementalStrict'): classic pipelines never refresh materialized views incrementally, so every refresh would fail; use compute kind 'serverless' or refreshPolicy 'auto'`,
        ),
      );
  }
  if (p.onlineServing && p.continuous && spec.features.some((feature) => feature.onlineServing)) {
    report(
      "pipelines.onlineServing",
      "is true but the pipeline is continuous: the online store's syncs run as tasks of the orchestration job after each update, and a continuous pipeline has no job; run the pipeline triggered or serve nothing online",
    );
  }
  if (env.databricks.predictiveOptimization) {
    // Predictive optimization turns the pipeline's own Z-ordering off and never Z-orders; the
    // maintenance job cannot OPTIMIZE an AUTO CDC table (APPLY_CHANGES_UNSUPPORTED_OPERATION).
    for (const table of spec.tables) {
      if (table.silver?.cdc && table.layout?.zorderBy) {
        report(
          "databricks.predictiveOptimization",
          `is on, so nothing would Z-order ${specPath} table '${table.name}' (layout.zorderBy): predictive optimization never Z-orders and OPTIMIZE is not allowed on AUTO CDC tables; use layout.clusterBy (liquid clustering) instead`,
        );
      }
    }
  }
  if (p.failureEmails.length === 0) {
    report("pipelines.failureEmails", "is empty: failed pipeline updates and job runs must notify someone");
  }
  const streams = new Set(env.streaming.sources.map((source) => source.name));
  spec.sources.forEach((source) => {
    const stream = sourceKind(source).infrastructure.environmentStream?.(source);
    if (stream !== undefined && !streams.has(stream)) {
      report(
        "pipelines",
        `read '${stream}' (${specPath} source '${source.name}'), which is not in streaming.sources (${[...streams].join(", ")})`,
      );
    }
  });
  if (p.compute.kind === "serverless") {
    const kinds = new Set(spec.sources.map((source) => sourceKind(source)));
    for (const kind of kinds) {
      const reason = kind.infrastructure.serverlessBlockedBecause;
      if (reason !== undefined && kind.clouds.includes(env.cloud)) {
        report("pipelines.compute.kind", `'serverless' ${reason}`);
      }
    }
  }
}
