/**
 * Pricing rules for Databricks compute: DBUs × $/DBU of the SKU (Premium list prices). Classic compute
 * also runs cloud VMs in the customer's account: those are listed as an unpriced component (the catalog
 * has no VM prices); serverless DBU rates include the compute.
 *
 *   cluster DBU/h = (driver node DBU/h + workers × worker node DBU/h) × Photon multiplier
 *   monthly cost  = DBU/h × hours per month × $/DBU
 */
import type { CatalogEntry, DbuSku } from "../catalog";
import type { TerraformElement } from "../../terraform-json/model";
import { type Attributes, block, blocks, bool, literalString, num } from "../../terraform-json/values";
import {
  type CostComponent,
  type PricingContext,
  type PricingRule,
  component,
  fmtNum,
  unpricedComponent,
} from "./context";

type PhotonFamily = "JOBS" | "DLT" | "ALL_PURPOSE";

function dbuRate(ctx: PricingContext, sku: DbuSku): CatalogEntry {
  if (ctx.databricksTier !== ctx.catalog.databricks.tier) {
    return {
      amount: null,
      unit: "DBU",
      unpricedReason: `the catalog has ${ctx.catalog.databricks.tier} DBU rates; the workspace is ${ctx.databricksTier}`,
    };
  }
  return (
    ctx.catalog.databricks.dbuRates[sku] ?? {
      amount: null,
      unit: "DBU",
      unpricedReason: `no ${sku} DBU rate in the catalog`,
    }
  );
}

function dbuComponent(
  ctx: PricingContext,
  name: string,
  sku: DbuSku,
  dbus: number,
  detail: string,
): CostComponent {
  return component(`${name} (${sku})`, dbus, dbuRate(ctx, sku), `databricks.dbuRates.${sku}`, detail);
}

function vmComponent(ctx: PricingContext, nodeHours: number, nodeTypes: string): CostComponent {
  return unpricedComponent(
    `Cloud VMs (${nodeTypes})`,
    "node-hours",
    `cloud VM prices (catalog ${ctx.catalog.cloud}/${ctx.catalog.region} databricks.vmPrices) are not yet applied to this estimate`,
    nodeHours,
  );
}

/** A cluster spec (new_cluster, pipeline cluster, policy defaults) reduced to what DBUs depend on. */
interface ClusterShape {
  readonly driverType?: string;
  readonly workerType?: string;
  readonly workers: number;
  readonly photon: boolean;
  readonly source: string;
}

type ClusterDbu = { dbuPerHour: number; detail: string } | { error: string };

function clusterDbuPerHour(ctx: PricingContext, c: ClusterShape, family: PhotonFamily): ClusterDbu {
  const rates = ctx.catalog.databricks.nodeTypeDbuPerHour;
  const worker = c.workerType;
  const driver = c.driverType ?? worker;
  if (!worker || !driver) return { error: `no node type (${c.source})` };
  const w = rates[worker]?.amount;
  const d = rates[driver]?.amount;
  if (w === undefined || w === null) return { error: `node type ${worker} has no DBU/h in the catalog` };
  if (d === undefined || d === null) return { error: `node type ${driver} has no DBU/h in the catalog` };
  const photon = c.photon ? (ctx.catalog.databricks.photonMultipliers[family].amount ?? 1) : 1;
  const dbuPerHour = (d + c.workers * w) * photon;
  const detail =
    `(${driver} ${fmtNum(d)} + ${fmtNum(c.workers)} × ${worker} ${fmtNum(w)}) DBU/h` +
    (c.photon ? ` × Photon ${fmtNum(photon)}` : "") +
    ` [${c.source}]`;
  return { dbuPerHour, detail };
}

/** Parsed `databricks_cluster_policy.definition`. */
type PolicyDefinition = Record<
  string,
  { type?: string; value?: unknown; values?: unknown[]; defaultValue?: unknown; maxValue?: number }
>;

function policyDefinition(policy: TerraformElement | undefined): PolicyDefinition | undefined {
  const def = policy?.attributes.definition;
  if (typeof def !== "string")
    return typeof def === "object" && def !== null ? (def as PolicyDefinition) : undefined;
  try {
    return JSON.parse(def) as PolicyDefinition;
  } catch {
    return undefined;
  }
}

function policyChoice(def: PolicyDefinition | undefined, key: string): string | undefined {
  const rule = def?.[key];
  if (!rule) return undefined;
  const v = rule.type === "fixed" ? rule.value : (rule.defaultValue ?? rule.values?.[0]);
  return typeof v === "string" ? v : undefined;
}

function policyMaxWorkers(def: PolicyDefinition | undefined): number | undefined {
  const values = [def?.["autoscale.max_workers"]?.maxValue, def?.["num_workers"]?.maxValue].filter(
    (v): v is number => typeof v === "number",
  );
  return values.length ? Math.max(...values) : undefined;
}

function policyPhoton(def: PolicyDefinition | undefined): boolean {
  return policyChoice(def, "runtime_engine") === "PHOTON";
}

/**
 * The shape of a cluster spec. Workers: autoscale max (upper bound), else num_workers, else the policy's
 * max. Node types: the spec's, else the policy's default.
 */
function clusterShape(ctx: PricingContext, spec: Attributes, source: string): ClusterShape {
  const policy = ctx.index.lookup(spec.policy_id);
  const def = policyDefinition(policy);
  const autoscale = block(spec.autoscale);
  const workers = num(autoscale?.max_workers) ?? num(spec.num_workers) ?? policyMaxWorkers(def) ?? 0;
  const workerType = literalString(spec.node_type_id) ?? policyChoice(def, "node_type_id");
  const driverType =
    literalString(spec.driver_node_type_id) ?? policyChoice(def, "driver_node_type_id") ?? workerType;
  const photon =
    literalString(spec.runtime_engine) === "PHOTON" || bool(spec.photon) === true || policyPhoton(def);
  const how = autoscale
    ? "autoscale max"
    : num(spec.num_workers) !== undefined
      ? "num_workers"
      : "policy max";
  return {
    workerType,
    driverType,
    workers,
    photon,
    source: `${source}, ${fmtNum(workers)} workers (${how})`,
  };
}

function dltSku(edition: string): DbuSku {
  const e = edition.toUpperCase();
  return e === "CORE" ? "DLT_CORE" : e === "PRO" ? "DLT_PRO" : "DLT_ADVANCED";
}

const pipeline: PricingRule = (p, ctx) => {
  const use = ctx.usage.profile.pipelines;
  const continuous = bool(p.attributes.continuous) === true;
  const hours = continuous ? ctx.hoursPerMonth : use.hoursPerDay * ctx.daysPerMonth;
  const hoursDetail = continuous
    ? `continuous: ${ctx.hoursPerMonth} h`
    : `${fmtNum(use.hoursPerDay)} h/day × ${fmtNum(ctx.daysPerMonth)} days`;
  const notes = bool(p.attributes.development) ? ["development mode"] : [];
  if (bool(p.attributes.serverless)) {
    return {
      kind: "components",
      components: [
        dbuComponent(
          ctx,
          "Serverless pipeline",
          "SERVERLESS_JOBS",
          use.serverlessDbuPerHour * hours,
          `${fmtNum(use.serverlessDbuPerHour)} DBU/h (pipelines.serverlessDbuPerHour) × ${hoursDetail}`,
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
  const dbu = clusterDbuPerHour(ctx, shape, "DLT");
  if ("error" in dbu) return { kind: "unpriced", reason: dbu.error };
  return {
    kind: "components",
    components: [
      dbuComponent(ctx, "Pipeline DBUs", sku, dbu.dbuPerHour * hours, `${dbu.detail} × ${hoursDetail}`),
      vmComponent(ctx, (1 + shape.workers) * hours, shape.workerType ?? "?"),
    ],
    notes,
  };
};

const job: PricingRule = (j, ctx) => {
  const use = ctx.usage.profile.jobs;
  const runs = use.runsPerDay * ctx.daysPerMonth;
  const runHours = use.runMinutes / 60;
  const hours = runs * runHours;
  const hoursDetail = `${fmtNum(use.runsPerDay)} runs/day × ${fmtNum(ctx.daysPerMonth)} days × ${fmtNum(use.runMinutes)} min`;
  const components: CostComponent[] = [];
  const notes: string[] = [];
  const addCluster = (spec: Attributes, label: string) => {
    const shape = clusterShape(ctx, spec, label);
    const dbu = clusterDbuPerHour(ctx, shape, "JOBS");
    if ("error" in dbu) {
      components.push(unpricedComponent(`Job cluster ${label}`, "DBU", dbu.error));
      return;
    }
    components.push(
      dbuComponent(
        ctx,
        `Job cluster ${label}`,
        "JOBS",
        dbu.dbuPerHour * hours,
        `${dbu.detail} × ${hoursDetail}`,
      ),
    );
    components.push(vmComponent(ctx, (1 + shape.workers) * hours, shape.workerType ?? "?"));
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
  const autoStop = num(w.attributes.auto_stop_mins) ?? 120;
  const minClusters = num(w.attributes.min_num_clusters) ?? 1;
  const maxClusters = Math.max(minClusters, num(w.attributes.max_num_clusters) ?? 1);
  const clusters = Math.min(maxClusters, Math.max(minClusters, use.averageClusters));
  const hoursPerDay = Math.min(24, use.hoursPerDay + (use.sessionsPerDay * autoStop) / 60);
  const hours = hoursPerDay * ctx.daysPerMonth;
  const detail =
    `${size} ${fmtNum(sizeDbu.amount)} DBU/h × ${fmtNum(clusters)} cluster(s) × ` +
    `(${fmtNum(use.hoursPerDay)} h + ${fmtNum(use.sessionsPerDay)} sessions × ${fmtNum(autoStop)} min auto-stop) × ${fmtNum(ctx.daysPerMonth)} days`;
  const components = [dbuComponent(ctx, "SQL warehouse", sku, sizeDbu.amount * clusters * hours, detail)];
  if (!serverless) components.push(vmComponent(ctx, clusters * hours, `${size} warehouse`));
  return { kind: "components", components };
};

/** An all-purpose cluster's DBUs for `hoursPerDay` of interactive use. */
function interactive(ctx: PricingContext, shape: ClusterShape): ReturnType<PricingRule> {
  const use = ctx.usage.profile.interactiveClusters;
  const hours = use.hoursPerDay * ctx.daysPerMonth;
  const dbu = clusterDbuPerHour(ctx, shape, "ALL_PURPOSE");
  if ("error" in dbu) return { kind: "unpriced", reason: dbu.error };
  return {
    kind: "components",
    components: [
      dbuComponent(
        ctx,
        "All-purpose compute",
        "ALL_PURPOSE",
        dbu.dbuPerHour * hours,
        `${dbu.detail} × ${fmtNum(use.hoursPerDay)} h/day (interactiveClusters.hoursPerDay) × ${fmtNum(ctx.daysPerMonth)} days`,
      ),
      vmComponent(ctx, (1 + shape.workers) * hours, shape.workerType ?? "?"),
    ],
  };
}

const clusterPolicy: PricingRule = (policy, ctx) => {
  const def = policyDefinition(policy);
  if (!def) return { kind: "unpriced", reason: "policy definition is not literal JSON" };
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
    source: `policy default node type, ${fmtNum(workers)} workers (interactiveClusters.workers, max ${String(maxWorkers ?? "∞")})`,
  };
  const result = interactive(ctx, shape);
  return result.kind === "components"
    ? { ...result, notes: [ceiling, "clusters users create under this policy"] }
    : result;
};

const cluster: PricingRule = (c, ctx) => {
  const spec = c.attributes;
  const autoscale = block(spec.autoscale);
  const use = ctx.usage.profile.interactiveClusters;
  const base = clusterShape(ctx, spec, "cluster");
  const workers = autoscale
    ? Math.min(
        num(autoscale.max_workers) ?? use.workers,
        Math.max(num(autoscale.min_workers) ?? 0, use.workers),
      )
    : base.workers;
  return interactive(ctx, { ...base, workers, source: `cluster, ${fmtNum(workers)} workers` });
};

export const DATABRICKS_PRICING: Readonly<Record<string, PricingRule>> = {
  databricks_pipeline: pipeline,
  databricks_job: job,
  databricks_sql_endpoint: sqlWarehouse,
  databricks_cluster_policy: clusterPolicy,
  databricks_cluster: cluster,
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
  databricks_catalog: "no charge (its tables' storage is priced on the buckets/containers)",
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
