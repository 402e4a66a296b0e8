/**
 * Classic cluster arithmetic for the Databricks pricing rules (./databricks.ts): a cluster spec or policy
 * reduced to its shape (node types, average workers, spot split, Photon), its DBU/h, and its DBU and VM
 * cost components.
 *
 *   cluster DBU/h = (driver node DBU/h + workers × worker node DBU/h) × Photon multiplier
 *   VM $/h        = driver on-demand + on-demand workers × on-demand price + spot workers × spot price
 */
import { type DbuSku, dbuRateOf, vmPriceOf } from "../catalog";
import type { TerraformElement } from "../../terraform-json/model";
import {
  type Attributes,
  block,
  bool,
  clusterPolicyElements,
  literalString,
  num,
} from "../../terraform-json/values";
import { type CostComponent, type PricingContext, component, fmtNum, unpricedComponent } from "./context";

export type PhotonFamily = "JOBS" | "DLT" | "ALL_PURPOSE";

export function dbuComponent(
  ctx: PricingContext,
  name: string,
  sku: DbuSku,
  dbus: number,
  detail: string,
): CostComponent {
  return component(
    `${name} (${sku})`,
    dbus,
    dbuRateOf(ctx.catalog, sku, ctx.databricksTier),
    `databricks.dbuRates.${sku}`,
    detail,
  );
}

/** A cluster spec (new_cluster, pipeline cluster, policy defaults) reduced to what its cost depends on. */
export interface ClusterShape {
  readonly driverType?: string;
  readonly workerType?: string;
  /** Average workers billed (autoscale: the usage model's average). */
  readonly workers: number;
  readonly photon: boolean;
  /** `aws_attributes`/`azure_attributes` availability (SPOT*, ON_DEMAND*), if set. */
  readonly availability?: string;
  /** Nodes (driver first) kept on-demand on a spot cluster. */
  readonly firstOnDemand: number;
  readonly source: string;
}

export type ClusterDbu = { dbuPerHour: number; detail: string } | { error: string };

export function clusterDbuPerHour(ctx: PricingContext, c: ClusterShape, family: PhotonFamily): ClusterDbu {
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

/** How a cluster's nodes split between on-demand and spot capacity. */
export interface SpotSplit {
  readonly driverSpot: boolean;
  readonly onDemandWorkers: number;
  readonly spotWorkers: number;
  readonly detail: string;
}

/**
 * Spot share: availability SPOT/SPOT_WITH_FALLBACK(_AZURE) keeps the first `first_on_demand` nodes on
 * demand, the driver first (databricks_cluster docs, aws_attributes/azure_attributes); of the other
 * workers, `spotFallbackShare` run on demand when the availability falls back.
 */
export function spotSplit(shape: ClusterShape, fallbackShare: number): SpotSplit {
  const availability = (shape.availability ?? "ON_DEMAND").toUpperCase();
  if (!availability.startsWith("SPOT")) {
    return {
      driverSpot: false,
      onDemandWorkers: shape.workers,
      spotWorkers: 0,
      detail: `on-demand (${availability})`,
    };
  }
  const onDemandWorkers = Math.min(shape.workers, Math.max(0, shape.firstOnDemand - 1));
  const spot = shape.workers - onDemandWorkers;
  const fallback = availability.includes("FALLBACK") ? fallbackShare : 0;
  return {
    driverSpot: shape.firstOnDemand < 1,
    onDemandWorkers: onDemandWorkers + spot * fallback,
    spotWorkers: spot * (1 - fallback),
    detail:
      `${availability}, first_on_demand ${fmtNum(shape.firstOnDemand)}` +
      (fallback > 0 ? `, ${fmtNum(fallback * 100)} % of spot worker-hours fall back to on-demand` : ""),
  };
}

/** The VM components of a classic cluster running `hours` a month. */
export function vmComponents(ctx: PricingContext, shape: ClusterShape, hours: number): CostComponent[] {
  const worker = shape.workerType;
  const driver = shape.driverType ?? worker;
  if (!worker || !driver) return [unpricedComponent("Cloud VMs", "node-hours", "no node type")];
  const split = spotSplit(shape, ctx.usage.profile.compute.spotFallbackShare);
  const out: CostComponent[] = [];
  const add = (label: string, nodeType: string, market: "onDemand" | "spot", nodes: number) => {
    if (nodes <= 0) return;
    const entry = vmPriceOf(ctx.catalog, nodeType)[market];
    const c = component(
      `Cloud VMs ${market === "spot" ? "spot" : "on-demand"} (${label} ${nodeType})`,
      nodes * hours,
      { ...entry, unit: "node-hours" },
      `databricks.vmPrices.${nodeType}.${market}`,
      `${fmtNum(nodes)} node(s) × ${fmtNum(hours)} h; ${split.detail}`,
    );
    out.push(c);
  };
  add("driver", driver, split.driverSpot ? "spot" : "onDemand", 1);
  add("workers", worker, "onDemand", split.onDemandWorkers);
  add("workers", worker, "spot", split.spotWorkers);
  return out;
}

/** DBU and VM components of a classic cluster for `hours` a month. */
export function classicComponents(
  ctx: PricingContext,
  name: string,
  sku: DbuSku,
  shape: ClusterShape,
  family: PhotonFamily,
  hours: number,
  hoursDetail: string,
): CostComponent[] | { error: string } {
  const dbu = clusterDbuPerHour(ctx, shape, family);
  if ("error" in dbu) return dbu;
  return [
    dbuComponent(ctx, name, sku, dbu.dbuPerHour * hours, `${dbu.detail} × ${hoursDetail}`),
    ...vmComponents(ctx, shape, hours),
  ];
}

/** Parsed `databricks_cluster_policy.definition`. */
export type PolicyDefinition = Record<
  string,
  { type?: string; value?: unknown; values?: unknown[]; defaultValue?: unknown; maxValue?: number }
>;

/** A cluster policy's definition (terraform-json's clusterPolicyElements), or undefined when it is none. */
export function policyDefinition(policy: TerraformElement | undefined): PolicyDefinition | undefined {
  return clusterPolicyElements(policy?.attributes.definition) as PolicyDefinition | undefined;
}

/** A policy rule's fixed value, else its default, else its first allowed value. */
export function policyValue(def: PolicyDefinition | undefined, key: string): unknown {
  const rule = def?.[key];
  if (!rule) return undefined;
  return rule.type === "fixed" ? rule.value : (rule.defaultValue ?? rule.values?.[0]);
}

export function policyChoice(def: PolicyDefinition | undefined, key: string): string | undefined {
  const v = policyValue(def, key);
  return typeof v === "string" ? v : undefined;
}

export function policyMaxWorkers(def: PolicyDefinition | undefined): number | undefined {
  const values = [def?.["autoscale.max_workers"]?.maxValue, def?.["num_workers"]?.maxValue].filter(
    (v): v is number => typeof v === "number",
  );
  return values.length ? Math.max(...values) : undefined;
}

export function policyPhoton(def: PolicyDefinition | undefined): boolean {
  return policyChoice(def, "runtime_engine") === "PHOTON";
}

/** Spot settings of a spec: its own aws_attributes/azure_attributes, else the policy's. */
export function availabilityOf(
  spec: Attributes,
  def: PolicyDefinition | undefined,
): { availability?: string; firstOnDemand: number } {
  for (const cloud of ["aws_attributes", "azure_attributes"]) {
    const attrs = block(spec[cloud]);
    const availability = literalString(attrs?.availability) ?? policyChoice(def, `${cloud}.availability`);
    if (availability) {
      const first = num(attrs?.first_on_demand) ?? num(policyValue(def, `${cloud}.first_on_demand`));
      return { availability, firstOnDemand: first ?? 1 };
    }
  }
  return { firstOnDemand: 1 };
}

/**
 * The shape of a cluster spec. Workers: the autoscale average (usage model), else num_workers, else the
 * policy's max. Node types: the spec's, else the policy's default. Spot: the spec's, else the policy's.
 */
export function clusterShape(ctx: PricingContext, spec: Attributes, source: string): ClusterShape {
  const policy = ctx.index.lookup(spec.policy_id);
  const def = policyDefinition(policy);
  const autoscale = block(spec.autoscale);
  const share = ctx.usage.profile.compute.autoscaleAverageShare;
  let workers: number;
  let how: string;
  if (autoscale) {
    const max = num(autoscale.max_workers) ?? policyMaxWorkers(def) ?? 0;
    const min = Math.min(max, num(autoscale.min_workers) ?? 0);
    workers = min + share * (max - min);
    how = `autoscale ${fmtNum(min)}–${fmtNum(max)}, average at ${fmtNum(share)} of the range (compute.autoscaleAverageShare)`;
  } else if (num(spec.num_workers) !== undefined) {
    workers = num(spec.num_workers)!;
    how = "num_workers";
  } else {
    workers = policyMaxWorkers(def) ?? 0;
    how = "policy max";
  }
  const workerType = literalString(spec.node_type_id) ?? policyChoice(def, "node_type_id");
  const driverType =
    literalString(spec.driver_node_type_id) ?? policyChoice(def, "driver_node_type_id") ?? workerType;
  const photon =
    literalString(spec.runtime_engine) === "PHOTON" || bool(spec.photon) === true || policyPhoton(def);
  return {
    workerType,
    driverType,
    workers,
    photon,
    ...availabilityOf(spec, def),
    source: `${source}, ${fmtNum(workers)} workers (${how})`,
  };
}
