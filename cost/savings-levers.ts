/**
 * The FinOps levers `--savings` prices, each as a pure transform of a synthesized (or planned) stack into
 * its naive counterpart for that lever: the same stack with the lever undone. Nothing here imports
 * cdktf or config: the transforms edit the terraform-json model the estimator prices.
 */
import type { StackModel, TerraformElement } from "../terraform-json/model";
import { StackIndex } from "../terraform-json/stack-index";
import { block, blocks, bool, jobClusterSpecs, literalString, num } from "../terraform-json/values";
import type { PriceCatalog } from "./catalog";
import { fmtNum } from "./pricing/context";
import {
  type PolicyDefinition,
  policyChoice,
  policyDefinition,
  pipelineUpdatesPerDay,
  policyMaxWorkers,
} from "./pricing/databricks";
import type { UsageProfile } from "./usage";

export const LEVER_IDS = [
  "storage-tiering",
  "streams",
  "auto-stop",
  "predictive-optimization",
  "serverless",
  "autoscale",
  "spot",
  "photon",
] as const;
export type LeverId = (typeof LEVER_IDS)[number];

/** What a lever's transform did to one stack. */
export interface Reverted {
  readonly stack: StackModel;
  /** Addresses of the resources the naive counterpart changes or adds. */
  readonly changed: readonly string[];
  /** Why the lever could not be undone on a resource that uses it (then it is not priced for it). */
  readonly skipped: readonly string[];
  /** What the reader must know about how the naive counterpart was built (e.g. a schedule that cannot fit). */
  readonly notes?: readonly string[];
}

/** What a lever may read besides the stack and usage: the price catalog of the stack's region, if any. */
export interface LeverContext {
  readonly catalog?: PriceCatalog;
}

export interface Lever {
  readonly id: LeverId;
  readonly title: string;
  /** The naive counterpart, in words, with the usage figures it uses. */
  assumption(usage: UsageProfile): string;
  /** The stack with this lever undone (the naive counterpart for this lever only). */
  revert(stack: StackModel, usage: UsageProfile, context?: LeverContext): Reverted;
}

// ------------------------------------------------------------------------------------------ helpers

type Mutable = Record<string, unknown>;

/** A deep copy of attribute values (JSON data only). */
function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Applies `edit` to a copy of each resource; keeps the ones it reports as changed. Nothing is skipped:
 * a lever that skips resources replaces `skipped` with its own list.
 */
function editResources(
  stack: StackModel,
  edit: (r: TerraformElement, attrs: Mutable) => boolean,
  added: TerraformElement[] = [],
): Reverted {
  const changed: string[] = [];
  const resources = stack.resources.map((r) => {
    const attrs = clone(r.attributes) as Mutable;
    if (!edit(r, attrs)) return r;
    changed.push(r.address);
    return { ...r, attributes: attrs };
  });
  changed.push(...added.map((a) => a.address));
  return { stack: { ...stack, resources: [...resources, ...added] }, changed, skipped: [] };
}

/**
 * Applies `edit` to every item (none is skipped once one has changed); true when any call reports a
 * change. The levers' edits report whether they changed anything, as {@link editResources} expects.
 */
function editEach<T>(items: Iterable<T>, edit: (item: T) => boolean): boolean {
  let changed = false;
  for (const item of items) if (edit(item)) changed = true;
  return changed;
}

/** Deletes the keys of `block` that `pick` selects; true when it deleted any. */
function deleteKeys(block: Mutable, pick: (key: string) => boolean): boolean {
  return editEach(Object.keys(block).filter(pick), (key) => delete block[key]);
}

/** {@link blocks}, typed for editing: the naive counterpart edits the (cloned) blocks in place. */
function blockList(value: unknown): Mutable[] {
  return blocks(value) as Mutable[];
}

function editPolicy(attrs: Mutable, edit: (def: PolicyDefinition) => boolean): boolean {
  const def = policyDefinition({ attributes: attrs } as unknown as TerraformElement);
  if (!def) return false;
  if (!edit(def)) return false;
  attrs.definition = typeof attrs.definition === "string" ? JSON.stringify(def) : def;
  return true;
}

/** Every classic cluster spec of a resource: pipeline clusters, job and task clusters, a cluster. */
function clusterSpecs(r: TerraformElement, attrs: Mutable): Mutable[] {
  if (r.type === "databricks_pipeline") return blockList(attrs.cluster);
  if (r.type === "databricks_cluster") return [attrs];
  if (r.type === "databricks_job") return jobClusterSpecs(attrs) as Mutable[];
  return [];
}

const CLOUD_ATTRIBUTES = ["aws_attributes", "azure_attributes"] as const;
type CloudAttributes = (typeof CLOUD_ATTRIBUTES)[number];

/** The cloud a workspace layer's compute runs on: its policies' attribute keys, else node type names. */
function computeCloud(stack: StackModel): CloudAttributes | undefined {
  for (const r of stack.resources) {
    if (r.type !== "databricks_cluster_policy") continue;
    const def = policyDefinition(r) ?? {};
    if (Object.keys(def).some((k) => k.startsWith("azure_attributes."))) return "azure_attributes";
    if (Object.keys(def).some((k) => k.startsWith("aws_attributes."))) return "aws_attributes";
    const node = policyChoice(def, "node_type_id");
    if (node) return node.startsWith("Standard_") ? "azure_attributes" : "aws_attributes";
  }
  return undefined;
}

const ON_DEMAND: Record<CloudAttributes, string> = {
  aws_attributes: "ON_DEMAND",
  azure_attributes: "ON_DEMAND_AZURE",
};

/** The stack's policy of a cluster type (`dlt`, `job`, `all-purpose`). */
function policyOfType(stack: StackModel, clusterType: string): TerraformElement | undefined {
  return stack.resources.find(
    (r) =>
      r.type === "databricks_cluster_policy" &&
      (policyChoice(policyDefinition(r), "cluster_type") ?? "all-purpose") === clusterType,
  );
}

const MIB = 1024 ** 2;

/** Shards or throughput units a stream needs at its peak: 1 MiB/s and 1,000 events/s each. */
export function peakUnits(s: UsageProfile["streaming"], streams = 1): number {
  const peak = s.eventsPerSecond * s.peakToAverage * streams;
  return Math.max(1, Math.ceil(Math.max((peak * s.bytesPerEvent) / MIB, peak / 1000)));
}

// ------------------------------------------------------------------------------------------- levers

const storageTiering: Lever = {
  id: "storage-tiering",
  title: "Storage tiering (lifecycle vs all hot)",
  assumption: () =>
    "naive: every layer kept in the hot tier (S3 Standard / ADLS Hot) for its whole life; expirations kept",
  revert(stack) {
    return editResources(stack, (r, attrs) => {
      if (r.type === "aws_s3_bucket_lifecycle_configuration") {
        const transitions = ["transition", "noncurrent_version_transition"];
        return editEach(blockList(attrs.rule), (rule) =>
          deleteKeys(rule, (key) => transitions.includes(key) && blockList(rule[key]).length > 0),
        );
      }
      if (r.type === "azurerm_storage_management_policy") {
        // The actions on current blobs, snapshots and versions; their deletes (expirations) stay.
        const targets = blockList(attrs.rule)
          .flatMap((rule) => blockList(rule.actions))
          .flatMap((actions) => ["base_blob", "snapshot", "version"].flatMap((t) => blockList(actions[t])));
        return editEach(targets, (b) => deleteKeys(b, (key) => key.startsWith("tier_to_")));
      }
      return false;
    });
  },
};

const streams: Lever = {
  id: "streams",
  title: "On-demand vs provisioned streams",
  assumption: (u) =>
    `naive: streams provisioned for their peak (${fmtNum(u.streaming.eventsPerSecond)} events/s × ` +
    `${fmtNum(u.streaming.peakToAverage)} streaming.peakToAverage, 1 shard or TU per MiB/s or 1,000 events/s)`,
  revert(stack, usage) {
    const hubs = stack.resources.filter((r) => r.type === "azurerm_eventhub").length || 1;
    return editResources(stack, (r, attrs) => {
      if (r.type === "aws_kinesis_stream") {
        const mode = literalString(block(attrs.stream_mode_details)?.stream_mode);
        if (mode !== "ON_DEMAND") return false;
        attrs.stream_mode_details = { stream_mode: "PROVISIONED" };
        attrs.shard_count = peakUnits(usage.streaming);
        return true;
      }
      if (r.type === "azurerm_eventhub_namespace") {
        if (bool(attrs.auto_inflate_enabled) !== true) return false;
        attrs.auto_inflate_enabled = false;
        attrs.capacity = Math.max(num(attrs.capacity) ?? 1, peakUnits(usage.streaming, hubs));
        delete attrs.maximum_throughput_units;
        return true;
      }
      return false;
    });
  },
};

/**
 * What a naive configuration that leaves auto-stop out gets (databricks provider v1.99.0):
 * - databricks_sql_endpoint `auto_stop_mins`: 120 (sql/resource_sql_endpoint.go `SetDefault(m["auto_stop_mins"],
 *   120)`; docs/resources/sql_endpoint.md "The default is 120, set to 0 to disable");
 * - databricks_cluster `autotermination_minutes`: 60 (clusters/resource_cluster.go `Default: 60`;
 *   docs/resources/cluster.md "Defaults to `60`");
 * - clusters users create in the UI under a policy without an `autotermination_minutes` rule: 120, the
 *   cluster create form's default (Databricks docs, "Terminate a cluster": "configured to automatically
 *   terminate after 120 minutes"), as cost/pricing/databricks.ts prices such a policy.
 */
export const NAIVE_WAREHOUSE_AUTO_STOP_MINS = 120;
export const NAIVE_CLUSTER_AUTOTERMINATION_MINUTES = 60;

const autoStop: Lever = {
  id: "auto-stop",
  title: "Auto-stop and auto-termination",
  assumption: (u) =>
    `naive: auto-stop left out, so the defaults apply: the SQL warehouse stops after ` +
    `${NAIVE_WAREHOUSE_AUTO_STOP_MINS} min idle (provider default; ${fmtNum(u.warehouse.sessionsPerDay)} sessions/day ` +
    `around ${fmtNum(u.warehouse.hoursPerDay)} h of queries), a databricks_cluster after ` +
    `${NAIVE_CLUSTER_AUTOTERMINATION_MINUTES} min (provider default), clusters created under an all-purpose policy ` +
    `without the rule after 120 min (UI default; ${fmtNum(u.interactiveClusters.sessionsPerDay)} sessions/day around ` +
    `${fmtNum(u.interactiveClusters.hoursPerDay)} h of use)`,
  revert(stack) {
    return editResources(stack, (r, attrs) => {
      if (r.type === "databricks_sql_endpoint") {
        if ((num(attrs.auto_stop_mins) ?? NAIVE_WAREHOUSE_AUTO_STOP_MINS) === NAIVE_WAREHOUSE_AUTO_STOP_MINS)
          return false;
        attrs.auto_stop_mins = NAIVE_WAREHOUSE_AUTO_STOP_MINS;
        return true;
      }
      if (r.type === "databricks_cluster") {
        const minutes = num(attrs.autotermination_minutes) ?? NAIVE_CLUSTER_AUTOTERMINATION_MINUTES;
        if (minutes === NAIVE_CLUSTER_AUTOTERMINATION_MINUTES) return false;
        attrs.autotermination_minutes = NAIVE_CLUSTER_AUTOTERMINATION_MINUTES;
        return true;
      }
      if (r.type === "databricks_cluster_policy") {
        return editPolicy(attrs, (def) => {
          if ((policyChoice(def, "cluster_type") ?? "all-purpose") !== "all-purpose") return false;
          if (!def.autotermination_minutes) return false;
          delete def.autotermination_minutes;
          return true;
        });
      }
      return false;
    });
  },
};

const predictiveOptimization: Lever = {
  id: "predictive-optimization",
  title: "Predictive optimization vs scheduled OPTIMIZE",
  assumption: (u) =>
    `naive: a ${fmtNum(u.maintenance.optimizeRunsPerDay)}×/day OPTIMIZE/VACUUM job of every table, ` +
    `${fmtNum(u.maintenance.optimizeMinutesPerRun)} min on a fixed on-demand ${fmtNum(u.maintenance.optimizeWorkers)}-worker jobs cluster, ` +
    `instead of predictive optimization's ${fmtNum(u.maintenance.predictiveOptimizationDbuPerDay)} serverless DBU/day`,
  revert(stack, usage) {
    const cloud = computeCloud(stack);
    const policy = policyOfType(stack, "job") ?? policyOfType(stack, "dlt");
    const nodeType = policyChoice(policyDefinition(policy), "node_type_id");
    const added: TerraformElement[] = [];
    const skipped: string[] = [];
    const { stack: out, changed } = editResources(
      stack,
      (r, attrs) => {
        if (r.type !== "databricks_catalog") return false;
        if (literalString(attrs.enable_predictive_optimization) !== "ENABLE") return false;
        if (!nodeType || !cloud) {
          skipped.push(`${r.address}: no jobs cluster policy to size a scheduled OPTIMIZE job`);
          return false;
        }
        attrs.enable_predictive_optimization = "DISABLE";
        const spec: Mutable = {
          node_type_id: nodeType,
          driver_node_type_id: nodeType,
          num_workers: usage.maintenance.optimizeWorkers,
          [cloud]: { availability: ON_DEMAND[cloud], first_on_demand: 1 },
        };
        added.push({
          mode: "managed",
          type: "databricks_job",
          name: `${r.name}_NaiveOptimize`,
          address: `databricks_job.${r.name}_NaiveOptimize`,
          attributes: {
            name: `${literalString(attrs.name) ?? r.name}-scheduled-maintenance`,
            job_cluster: [{ job_cluster_key: "optimize", new_cluster: spec }],
            task: [{ task_key: "optimize_vacuum", job_cluster_key: "optimize", notebook_task: {} }],
          },
        });
        return true;
      },
      added,
    );
    return { stack: out, changed, skipped };
  },
};

/**
 * Workers of a classic cluster doing a serverless pipeline's work: the fewest of the policy's default
 * node type whose DBU/h × the catalog's DLT Photon multiplier reaches `pipelines.serverlessDbuPerHour`
 * (serverless DBUs are taken as Photon DBUs, so this is the same compute), within the policy's maximum.
 */
export function classicWorkersFor(
  serverlessDbuPerHour: number,
  nodeDbu: number,
  driverDbu: number,
  photonMultiplier: number,
  maxWorkers: number,
): { workers: number; needed: number } {
  const needed = Math.max(
    0,
    Math.ceil((serverlessDbuPerHour / photonMultiplier - driverDbu) / nodeDbu - 1e-9),
  );
  return { workers: Math.min(needed, maxWorkers), needed };
}

const serverless: Lever = {
  id: "serverless",
  title: "Serverless vs classic pipelines",
  assumption: (u) =>
    `naive: each serverless pipeline on a fixed classic cluster of the same compute: the fewest workers of its ` +
    `policy's default node type whose DBU/h × the catalog's DLT Photon multiplier reaches ` +
    `${fmtNum(u.pipelines.serverlessDbuPerHour)} DBU/h (pipelines.serverlessDbuPerHour; serverless DBUs taken as ` +
    `Photon DBUs), at most the policy's max workers; on demand, no Photon: ${fmtNum(u.compute.photonSpeedup)}× the ` +
    `update time + ${fmtNum(u.pipelines.classicStartMinutes)} min start per update. SQL warehouses stay serverless ` +
    `(the catalog has no prices for the instances behind a classic warehouse)`,
  revert(stack, usage, context) {
    const cloud = computeCloud(stack);
    const policy = policyOfType(stack, "dlt") ?? policyOfType(stack, "job");
    const def = policyDefinition(policy);
    const nodeType = policyChoice(def, "node_type_id");
    const driverType = policyChoice(def, "driver_node_type_id") ?? nodeType;
    const maxWorkers = policyMaxWorkers(def);
    const rates = context?.catalog?.databricks;
    const nodeDbu = nodeType ? rates?.nodeTypeDbuPerHour[nodeType]?.amount : undefined;
    const driverDbu = driverType ? rates?.nodeTypeDbuPerHour[driverType]?.amount : undefined;
    const multiplier = rates?.photonMultipliers.DLT?.amount;
    const index = new StackIndex(stack);
    const skipped: string[] = [];
    const notes: string[] = [];
    const { stack: out, changed } = editResources(stack, (r, attrs) => {
      if (r.type !== "databricks_pipeline" || bool(attrs.serverless) !== true) return false;
      if (!nodeType || maxWorkers === undefined || !cloud) {
        skipped.push(`${r.address}: no pipelines cluster policy to size a classic counterpart`);
        return false;
      }
      const serverlessDbu = usage.pipelines.serverlessDbuPerHour;
      let workers = maxWorkers;
      if (typeof nodeDbu === "number" && typeof driverDbu === "number" && typeof multiplier === "number") {
        const size = classicWorkersFor(serverlessDbu, nodeDbu, driverDbu, multiplier, maxWorkers);
        workers = size.workers;
        if (size.needed > maxWorkers)
          notes.push(
            `${r.address}: ${fmtNum(serverlessDbu)} serverless DBU/h needs ${size.needed} workers of ${nodeType}; ` +
              `the policy allows ${maxWorkers}, so the classic counterpart has less compute`,
          );
      } else {
        notes.push(
          `${r.address}: no DBU/h or DLT Photon multiplier for ${nodeType} in the catalog; sized at the policy's ` +
            `max ${maxWorkers} workers`,
        );
      }
      const updates = bool(attrs.continuous) === true ? undefined : pipelineUpdatesPerDay(r, index);
      const minutes =
        usage.pipelines.minutesPerUpdate * usage.compute.photonSpeedup + usage.pipelines.classicStartMinutes;
      if (updates !== undefined && updates * minutes > 24 * 60)
        notes.push(
          `${r.address}: the schedule does not fit a day on classic: ${fmtNum(updates)} updates/day × ` +
            `${fmtNum(minutes)} min = ${fmtNum((updates * minutes) / 60)} h/day; updates would overlap (one update ` +
            `runs at a time), so the classic counterpart falls behind and is priced at 24 h/day`,
        );
      attrs.serverless = false;
      attrs.photon = false;
      attrs.cluster = [
        {
          label: "default",
          node_type_id: nodeType,
          driver_node_type_id: driverType,
          num_workers: workers,
          [cloud]: { availability: ON_DEMAND[cloud], first_on_demand: 1 },
        },
      ];
      return true;
    });
    return { stack: out, changed, skipped, notes };
  },
};

const autoscale: Lever = {
  id: "autoscale",
  title: "Autoscale vs fixed peak-sized clusters",
  assumption: (u) =>
    `naive: every autoscaling cluster fixed at its max workers (shipped: min + ` +
    `${fmtNum(u.compute.autoscaleAverageShare)} compute.autoscaleAverageShare × (max − min) on average)`,
  revert(stack) {
    return editResources(stack, (r, attrs) =>
      editEach(clusterSpecs(r, attrs), (spec) => {
        const max = num(block(spec.autoscale)?.max_workers);
        if (max === undefined) return false;
        delete spec.autoscale;
        spec.num_workers = max;
        return true;
      }),
    );
  },
};

const spot: Lever = {
  id: "spot",
  title: "Spot workers",
  assumption: (u) =>
    `naive: every node on demand (shipped: workers beyond first_on_demand on spot at the catalog's observed spot ` +
    `price, ${fmtNum(u.compute.spotFallbackShare * 100)} % of them falling back to on-demand)`,
  revert(stack) {
    const isSpot = (availability: string | undefined) => !!availability?.toUpperCase().startsWith("SPOT");
    return editResources(stack, (r, attrs) => {
      if (r.type === "databricks_cluster_policy")
        return editPolicy(attrs, (def) =>
          editEach(CLOUD_ATTRIBUTES, (cloud) => {
            const rule = def[`${cloud}.availability`];
            if (!rule || !isSpot(policyChoice(def, `${cloud}.availability`))) return false;
            def[`${cloud}.availability`] = { ...rule, type: "fixed", value: ON_DEMAND[cloud] };
            return true;
          }),
        );
      return editEach(clusterSpecs(r, attrs), (spec) =>
        editEach(CLOUD_ATTRIBUTES, (cloud) => {
          const a = blockList(spec[cloud])[0];
          if (!a || !isSpot(literalString(a.availability))) return false;
          a.availability = ON_DEMAND[cloud];
          return true;
        }),
      );
    });
  },
};

const photon: Lever = {
  id: "photon",
  title: "Photon",
  assumption: (u) =>
    `naive: classic clusters without Photon (lower DBU rate, ${fmtNum(u.compute.photonSpeedup)}× the time for a ` +
    `triggered pipeline update, compute.photonSpeedup); serverless and SQL warehouses always run Photon`,
  revert(stack) {
    return editResources(stack, (r, attrs) => {
      if (r.type === "databricks_cluster_policy")
        return editPolicy(attrs, (def) => {
          if (policyChoice(def, "runtime_engine") !== "PHOTON") return false;
          def.runtime_engine = { type: "fixed", value: "STANDARD" };
          return true;
        });
      const classicPhoton =
        r.type === "databricks_pipeline" && bool(attrs.photon) === true && bool(attrs.serverless) !== true;
      if (classicPhoton) attrs.photon = false;
      const clusters = editEach(clusterSpecs(r, attrs), (spec) => {
        if (literalString(spec.runtime_engine) !== "PHOTON") return false;
        spec.runtime_engine = "STANDARD";
        return true;
      });
      return classicPhoton || clusters;
    });
  },
};

/** The levers in waterfall order (from the naive counterpart towards the shipped configuration). */
export const LEVERS: readonly Lever[] = [
  storageTiering,
  streams,
  autoStop,
  predictiveOptimization,
  serverless,
  autoscale,
  spot,
  photon,
];

/** The stack with the given levers undone, in order; with the addresses each one changed. */
export function revertLevers(
  stack: StackModel,
  levers: readonly Lever[],
  usage: UsageProfile,
  context: LeverContext = {},
): { stack: StackModel; changed: Map<LeverId, Reverted> } {
  const changed = new Map<LeverId, Reverted>();
  let current = stack;
  for (const lever of levers) {
    const result = lever.revert(current, usage, context);
    changed.set(lever.id, result);
    current = result.stack;
  }
  return { stack: current, changed };
}
