/**
 * Pricing rules for Databricks compute: DBUs × $/DBU of the SKU at the workspace's tier, plus, for
 * classic compute, the cloud VMs it runs in the customer's account (on-demand list price, spot workers
 * at the observed spot average). Serverless DBU rates include the compute.
 *
 *   cluster DBU/h = (driver node DBU/h + workers × worker node DBU/h) × Photon multiplier
 *   VM $/h        = driver on-demand + on-demand workers × on-demand price + spot workers × spot price
 *   monthly cost  = (DBU/h × $/DBU + VM $/h) × billed hours per month
 *
 * Billed hours follow the usage model (cost/usage.ts, every figure printed in the report):
 * - autoscale: average workers = min + compute.autoscaleAverageShare × (max − min);
 * - spot: `aws_attributes`/`azure_attributes` availability SPOT* keeps the first `first_on_demand` nodes
 *   (driver first) on-demand; the other workers are spot, `compute.spotFallbackShare` of them on-demand
 *   when availability falls back;
 * - auto-stop: a warehouse bills its active hours plus `auto_stop_mins` per session (24 h with auto-stop
 *   off); an all-purpose cluster its used hours plus `autotermination_minutes` per session (24 h off);
 * - pipelines: continuous = 24 h a day; triggered = updates per day from the schedule of the job that
 *   starts it × minutes per update (× compute.photonSpeedup without Photon, + start-up on classic).
 */
import type { DbuSku } from "../catalog";
import type { TerraformElement } from "../../terraform-json/model";
import type { StackIndex } from "../../terraform-json/stack-index";
import { type Attributes, block, blocks, bool, literalString, num } from "../../terraform-json/values";
import {
  type CostComponent,
  type PricingContext,
  type PricingRule,
  fmtNum,
  unpricedComponent,
} from "./context";
import { quartzRunsPerDay } from "./schedule";
import {
  type ClusterShape,
  availabilityOf,
  classicComponents,
  clusterShape,
  dbuComponent,
  policyChoice,
  policyDefinition,
  policyMaxWorkers,
  policyPhoton,
  policyValue,
} from "./databricks-cluster";
export {
  type ClusterShape,
  type PolicyDefinition,
  type SpotSplit,
  policyChoice,
  policyDefinition,
  policyMaxWorkers,
  spotSplit,
} from "./databricks-cluster";

function dltSku(edition: string): DbuSku {
  const e = edition.toUpperCase();
  return e === "CORE" ? "DLT_CORE" : e === "PRO" ? "DLT_PRO" : "DLT_ADVANCED";
}

/**
 * Updates per day of a triggered pipeline: the schedules of the stack's jobs that start it (undefined
 * when no scheduled job starts it). Also used by `--savings` to tell when a schedule cannot fit a day.
 */
export function pipelineUpdatesPerDay(p: TerraformElement, index: StackIndex): number | undefined {
  let total: number | undefined;
  for (const j of index.resources("databricks_job")) {
    const starts = blocks(j.attributes.task).some((t) => {
      const target = index.lookup(block(t.pipeline_task)?.pipeline_id);
      return target?.address === p.address;
    });
    if (!starts) continue;
    const schedule = block(j.attributes.schedule);
    if (literalString(schedule?.pause_status) === "PAUSED") continue;
    const runs = quartzRunsPerDay(literalString(schedule?.quartz_cron_expression) ?? "");
    if (runs !== undefined) total = (total ?? 0) + runs;
  }
  return total;
}

/** Billed hours per month of a pipeline, and how they were derived. */
function pipelineHours(
  p: TerraformElement,
  ctx: PricingContext,
  classic: boolean,
  photon: boolean,
): { hours: number; detail: string } {
  const use = ctx.usage.profile.pipelines;
  const days = ctx.daysPerMonth;
  if (bool(p.attributes.continuous) === true)
    return { hours: ctx.hoursPerMonth, detail: `continuous: ${ctx.hoursPerMonth} h` };
  const updates = pipelineUpdatesPerDay(p, ctx.index);
  if (updates === undefined) {
    return {
      hours: use.hoursPerDay * days,
      detail: `triggered, no job schedule: ${fmtNum(use.hoursPerDay)} h/day (pipelines.hoursPerDay) × ${fmtNum(days)} days`,
    };
  }
  const speedup = photon ? 1 : ctx.usage.profile.compute.photonSpeedup;
  const start = classic ? use.classicStartMinutes : 0;
  const minutes = use.minutesPerUpdate * speedup + start;
  const hoursPerDay = Math.min(24, (updates * minutes) / 60);
  const parts =
    `${fmtNum(use.minutesPerUpdate)} min (pipelines.minutesPerUpdate)` +
    (speedup !== 1 ? ` × ${fmtNum(speedup)} without Photon (compute.photonSpeedup)` : "") +
    (start ? ` + ${fmtNum(start)} min start (pipelines.classicStartMinutes)` : "");
  return {
    hours: hoursPerDay * days,
    detail:
      `triggered: ${fmtNum(updates)} updates/day (job schedule) × (${parts})` +
      (hoursPerDay === 24 ? ", capped at 24 h/day" : "") +
      ` × ${fmtNum(days)} days`,
  };
}

const pipeline: PricingRule = (p, ctx) => {
  const use = ctx.usage.profile.pipelines;
  const notes = bool(p.attributes.development) ? ["development mode"] : [];
  if (bool(p.attributes.serverless)) {
    const { hours, detail } = pipelineHours(p, ctx, false, true);
    return {
      kind: "components",
      components: [
        dbuComponent(
          ctx,
          "Serverless pipeline",
          "SERVERLESS_JOBS",
          use.serverlessDbuPerHour * hours,
          `${fmtNum(use.serverlessDbuPerHour)} DBU/h (pipelines.serverlessDbuPerHour) × ${detail}`,
        ),
      ],
      notes,
    };
  }
  const edition = literalString(p.attributes.edition) ?? "ADVANCED";
  const sku = dltSku(edition);
  const clusters = blocks(p.attributes.cluster);
  const main =
    clusters.find((c) => !c.label || c.label === "default" || c.label === "updates") ?? clusters[0];
  if (!main)
    return {
      kind: "unpriced",
      reason: "classic pipeline without a cluster block: node type and size unknown",
    };
  if (clusters.some((c) => c.label === "maintenance")) notes.push("maintenance cluster not priced");
  const photon = bool(p.attributes.photon) === true;
  const shape = clusterShape(ctx, { ...main, photon }, `pipeline cluster, edition ${edition.toUpperCase()}`);
  const { hours, detail } = pipelineHours(p, ctx, true, photon);
  const parts = classicComponents(ctx, "Pipeline DBUs", sku, shape, "DLT", hours, detail);
  if ("error" in parts) return { kind: "unpriced", reason: parts.error };
  return { kind: "components", components: parts, notes };
};

/** A maintenance job (OPTIMIZE/VACUUM): its run length and unscheduled runs come from `maintenance.*`. */
function isMaintenanceJob(j: TerraformElement): boolean {
  return /maintenance$/i.test(literalString(j.attributes.name) ?? "");
}

const job: PricingRule = (j, ctx) => {
  const use = ctx.usage.profile.jobs;
  const maintenance = isMaintenanceJob(j);
  const m = ctx.usage.profile.maintenance;
  const schedule = block(j.attributes.schedule);
  const scheduled =
    literalString(schedule?.pause_status) === "PAUSED"
      ? 0
      : quartzRunsPerDay(literalString(schedule?.quartz_cron_expression) ?? "");
  const runsPerDay = scheduled ?? (maintenance ? m.optimizeRunsPerDay : use.runsPerDay);
  const runMinutes = maintenance ? m.optimizeMinutesPerRun : use.runMinutes;
  const runs = runsPerDay * ctx.daysPerMonth;
  const hours = (runs * runMinutes) / 60;
  const hoursDetail =
    `${fmtNum(runsPerDay)} runs/day (${scheduled !== undefined ? "schedule" : maintenance ? "maintenance.optimizeRunsPerDay" : "jobs.runsPerDay"}) × ` +
    `${fmtNum(ctx.daysPerMonth)} days × ${fmtNum(runMinutes)} min (${maintenance ? "maintenance.optimizeMinutesPerRun" : "jobs.runMinutes"})`;
  const components: CostComponent[] = [];
  const notes: string[] = [];
  const addCluster = (spec: Attributes, label: string) => {
    const shape = clusterShape(ctx, spec, label);
    const parts = classicComponents(ctx, `Job cluster ${label}`, "JOBS", shape, "JOBS", hours, hoursDetail);
    if ("error" in parts) components.push(unpricedComponent(`Job cluster ${label}`, "DBU", parts.error));
    else components.push(...parts);
  };
  for (const jc of blocks(j.attributes.job_cluster)) {
    const spec = block(jc.new_cluster);
    if (spec) addCluster(spec, String(jc.job_cluster_key ?? "?"));
  }
  let serverless = false;
  for (const t of blocks(j.attributes.task)) {
    const key = String(t.task_key ?? "?");
    const inline = block(t.new_cluster);
    if (inline) addCluster(inline, `task ${key}`);
    else if (t.pipeline_task) notes.push(`task ${key}: pipeline task, priced on the pipeline`);
    else if (t.sql_task) notes.push(`task ${key}: SQL task, priced on the SQL warehouse`);
    else if (t.existing_cluster_id)
      notes.push(`task ${key}: existing all-purpose cluster, priced on that cluster`);
    else if (t.run_job_task || t.condition_task) notes.push(`task ${key}: control task, no compute`);
    else if (!t.job_cluster_key) serverless = true;
  }
  if (serverless) {
    components.push(
      dbuComponent(
        ctx,
        "Serverless tasks",
        "SERVERLESS_JOBS",
        use.serverlessDbuPerHour * hours,
        `${fmtNum(use.serverlessDbuPerHour)} DBU/h (jobs.serverlessDbuPerHour) × ${hoursDetail}`,
      ),
    );
  }
  if (components.length === 0)
    return {
      kind: "free",
      reason: "no compute of its own (tasks run on pipelines, warehouses or existing clusters)",
      notes,
    };
  notes.push("each job cluster is assumed to run for the whole run (upper bound)");
  return { kind: "components", components, notes };
};

const sqlWarehouse: PricingRule = (w, ctx) => {
  const use = ctx.usage.profile.warehouse;
  const size = literalString(w.attributes.cluster_size);
  if (!size) return { kind: "unpriced", reason: "cluster_size is not a literal" };
  const sizeDbu = ctx.catalog.databricks.sqlWarehouseDbuPerHour[size];
  if (!sizeDbu || sizeDbu.amount === null) {
    return {
      kind: "unpriced",
      reason: sizeDbu?.unpricedReason ?? `warehouse size ${size} has no DBU/h in the catalog`,
    };
  }
  const serverless = bool(w.attributes.enable_serverless_compute) === true;
  const type = (literalString(w.attributes.warehouse_type) ?? "CLASSIC").toUpperCase();
  const sku: DbuSku = serverless ? "SQL_SERVERLESS" : type === "PRO" ? "SQL_PRO" : "SQL_CLASSIC";
  // databricks_sql_endpoint: auto_stop_mins defaults to 120; 0 turns auto-stop off (provider docs).
  const autoStop = num(w.attributes.auto_stop_mins) ?? 120;
  const minClusters = num(w.attributes.min_num_clusters) ?? 1;
  const maxClusters = Math.max(minClusters, num(w.attributes.max_num_clusters) ?? 1);
  const clusters = Math.min(maxClusters, Math.max(minClusters, use.averageClusters));
  const active = Math.min(24, use.hoursPerDay);
  const idle = autoStop > 0 ? Math.min(24 - active, (use.sessionsPerDay * autoStop) / 60) : 24 - active;
  const clusterHours = (active * clusters + idle * minClusters) * ctx.daysPerMonth;
  const idleDetail =
    autoStop > 0
      ? `${fmtNum(use.sessionsPerDay)} sessions × ${fmtNum(autoStop)} min auto-stop`
      : `auto-stop off: ${fmtNum(24 - active)} idle h`;
  const detail =
    `${size} ${fmtNum(sizeDbu.amount)} DBU/h × (${fmtNum(active)} h × ${fmtNum(clusters)} cluster(s) + ` +
    `${idleDetail} × ${fmtNum(minClusters)} cluster(s)) × ${fmtNum(ctx.daysPerMonth)} days`;
  const components = [dbuComponent(ctx, "SQL warehouse", sku, sizeDbu.amount * clusterHours, detail)];
  if (!serverless)
    components.push(
      unpricedComponent(
        `Cloud VMs (${size} warehouse)`,
        "cluster-hours",
        "the instances behind a classic SQL warehouse size are not in the catalog",
        clusterHours,
      ),
    );
  return { kind: "components", components };
};

/** Billed hours per day of an all-purpose cluster: used hours + an idle tail per session, or 24 h. */
function interactiveHoursPerDay(ctx: PricingContext, autoterminationMinutes: number): [number, string] {
  const use = ctx.usage.profile.interactiveClusters;
  if (autoterminationMinutes <= 0) return [24, "auto-termination off: 24 h/day"];
  const h = Math.min(24, use.hoursPerDay + (use.sessionsPerDay * autoterminationMinutes) / 60);
  return [
    h,
    `(${fmtNum(use.hoursPerDay)} h (interactiveClusters.hoursPerDay) + ${fmtNum(use.sessionsPerDay)} sessions × ${fmtNum(autoterminationMinutes)} min auto-termination)/day`,
  ];
}

/** An all-purpose cluster's DBUs and VMs for its billed hours. */
function interactive(
  ctx: PricingContext,
  shape: ClusterShape,
  autoterminationMinutes: number,
): ReturnType<PricingRule> {
  const [perDay, how] = interactiveHoursPerDay(ctx, autoterminationMinutes);
  const hours = perDay * ctx.daysPerMonth;
  const parts = classicComponents(
    ctx,
    "All-purpose compute",
    "ALL_PURPOSE",
    shape,
    "ALL_PURPOSE",
    hours,
    `${how} × ${fmtNum(ctx.daysPerMonth)} days`,
  );
  if ("error" in parts) return { kind: "unpriced", reason: parts.error };
  return { kind: "components", components: parts };
}

const clusterPolicy: PricingRule = (policy, ctx) => {
  const def = policyDefinition(policy);
  if (!def) return { kind: "unpriced", reason: "policy definition is not a literal JSON object" };
  const clusterType = policyChoice(def, "cluster_type") ?? "all-purpose";
  const maxWorkers = policyMaxWorkers(def);
  const rates = ctx.catalog.databricks.nodeTypeDbuPerHour;
  const allowed = (def.node_type_id?.values ?? [def.node_type_id?.value]).filter(
    (v): v is string => typeof v === "string",
  );
  const maxRate = Math.max(0, ...allowed.map((n) => rates[n]?.amount ?? 0));
  const ceiling =
    maxWorkers !== undefined && maxRate > 0
      ? `ceiling ${fmtNum((1 + maxWorkers) * maxRate)} DBU/h per cluster (1 + ${maxWorkers} × ${fmtNum(maxRate)})`
      : "no ceiling derivable";
  if (clusterType !== "all-purpose") {
    return {
      kind: "free",
      reason: `${clusterType} policy: no charge for the policy; compute is priced on the ${clusterType === "dlt" ? "databricks_pipeline" : "databricks_job"} resources that use it`,
      notes: [ceiling],
    };
  }
  const use = ctx.usage.profile.interactiveClusters;
  const workers = Math.min(use.workers, maxWorkers ?? use.workers);
  const workerType = policyChoice(def, "node_type_id");
  const shape: ClusterShape = {
    workerType,
    driverType: policyChoice(def, "driver_node_type_id") ?? workerType,
    workers,
    photon: policyPhoton(def),
    ...availabilityOf({}, def),
    source: `policy default node type, ${fmtNum(workers)} workers (interactiveClusters.workers, max ${String(maxWorkers ?? "∞")})`,
  };
  // No auto-termination rule: clusters created in the UI keep its default of 120 minutes.
  const autotermination = num(policyValue(def, "autotermination_minutes")) ?? 120;
  const result = interactive(ctx, shape, autotermination);
  return result.kind === "components"
    ? { ...result, notes: [ceiling, "clusters users create under this policy"] }
    : result;
};

const cluster: PricingRule = (c, ctx) => {
  const base = clusterShape(ctx, c.attributes, "cluster");
  // databricks_cluster: autotermination_minutes defaults to 60; 0 turns it off (provider docs).
  return interactive(ctx, base, num(c.attributes.autotermination_minutes) ?? 60);
};

/** Predictive optimization bills its maintenance runs on the serverless jobs SKU. */
const catalogRule: PricingRule = (c, ctx) => {
  if (literalString(c.attributes.enable_predictive_optimization) !== "ENABLE")
    return { kind: "free", reason: "no charge (its tables' storage is priced on the buckets/containers)" };
  const perDay = ctx.usage.profile.maintenance.predictiveOptimizationDbuPerDay;
  return {
    kind: "components",
    components: [
      dbuComponent(
        ctx,
        "Predictive optimization",
        "SERVERLESS_JOBS",
        perDay * ctx.daysPerMonth,
        `${fmtNum(perDay)} DBU/day (maintenance.predictiveOptimizationDbuPerDay) × ${fmtNum(ctx.daysPerMonth)} days`,
      ),
    ],
    notes: ["tables' storage is priced on the buckets/containers"],
  };
};

export const DATABRICKS_PRICING: Readonly<Record<string, PricingRule>> = {
  databricks_pipeline: pipeline,
  databricks_job: job,
  databricks_sql_endpoint: sqlWarehouse,
  databricks_cluster_policy: clusterPolicy,
  databricks_cluster: cluster,
  databricks_catalog: catalogRule,
};

export const DATABRICKS_FREE: Readonly<Record<string, string>> = {
  databricks_mws_workspaces:
    "no workspace fee: compute is billed in DBUs on the warehouses, clusters, jobs and pipelines",
  databricks_mws_credentials: "no charge",
  databricks_mws_networks: "no charge",
  databricks_mws_storage_configurations: "no charge (the root bucket is priced as an S3 bucket)",
  databricks_metastore: "no charge",
  databricks_metastore_assignment: "no charge",
  databricks_mws_permission_assignment:
    "no charge (a workspace assignment of an account group or service principal)",
  databricks_metastore_data_access: "no charge",
  databricks_schema: "no charge",
  databricks_grants: "no charge",
  databricks_grant: "no charge",
  databricks_permissions: "no charge",
  databricks_external_location: "no charge",
  databricks_storage_credential: "no charge",
  databricks_registered_model: "no charge (serving endpoints would be billed)",
  databricks_workspace_binding: "no charge",
  databricks_notebook: "no charge",
  databricks_workspace_file: "no charge",
  databricks_secret_scope: "no charge",
  databricks_secret: "no charge",
  databricks_secret_acl: "no charge",
  databricks_credential: "no charge (the services it reaches are priced on their own resources)",
  databricks_group: "no charge",
  databricks_volume: "no charge (storage priced on the buckets/containers)",
  databricks_mws_network_connectivity_config:
    "no charge for the configuration (its private endpoint rules are billed)",
  databricks_mws_ncc_binding: "no charge",
  databricks_mws_private_access_settings: "no charge",
  databricks_mws_customer_managed_keys: "configuration; the KMS keys are priced as aws_kms_key",
  databricks_mws_vpc_endpoint:
    "no charge for the registration (the AWS VPC endpoint it registers is priced as aws_vpc_endpoint)",
  databricks_directory: "no charge (a workspace folder)",
  databricks_connection:
    "no charge (a Unity Catalog connection; the ingestion gateway and pipeline using it are priced as pipelines)",
  databricks_database_database_catalog:
    "no charge (a Unity Catalog view of a Lakebase database; the instance is billed)",
};

/** Databricks types known to cost money that the catalog cannot price. */
export const DATABRICKS_UNPRICED: Readonly<Record<string, string>> = {
  databricks_mws_ncc_private_endpoint_rule:
    "serverless private endpoint prices are not in the catalog's sources",
  databricks_model_serving: "model serving DBU rates are not in the catalog",
  databricks_model_serving_provisioned_throughput:
    "provisioned-throughput model serving DBU rates are not in the catalog",
  databricks_vector_search_endpoint: "vector search DBU rates are not in the catalog",
  databricks_vector_search_index:
    "vector search index storage and the endpoint units it needs are not in the catalog",
  // Online feature serving: Lakebase compute is billed per capacity unit-hour, synced tables run a
  // serverless sync pipeline; neither rate is in the catalog.
  databricks_online_store: "online store (Lakebase) capacity-unit rates are not in the catalog",
  databricks_database_instance: "Lakebase database instance capacity-unit rates are not in the catalog",
  databricks_database_synced_database_table:
    "synced table: the serverless sync pipeline's DBUs and the Lakebase storage are not in the catalog",
  databricks_online_table:
    "legacy online table (retired by Databricks): its serverless DBU rates are not in the catalog",
};

/** The workspace's pricing tier (databricks_mws_workspaces.pricing_tier / azurerm sku), PREMIUM if none. */
export function databricksTierOf(resources: readonly TerraformElement[]): string {
  for (const r of resources) {
    if (r.type === "databricks_mws_workspaces")
      return (literalString(r.attributes.pricing_tier) ?? "PREMIUM").toUpperCase();
    if (r.type === "azurerm_databricks_workspace")
      return (literalString(r.attributes.sku) ?? "premium").toUpperCase();
  }
  return "PREMIUM";
}
