/**
 * Cost and change diff between two snapshots (two synth outputs, or two plans): per stack and resource
 * added / removed / changed / replaced with the monthly delta, plus data-loss warnings for stateful
 * resources that would be destroyed or replaced.
 */
import type { Snapshot, StackModel, TerraformElement } from "../terraform-json/model";
import { STATEFUL_RESOURCE_TYPES } from "../terraform-json/stateful-types";
import { type Attributes, block, isTrue } from "../terraform-json/values";
import {
  type CostEstimate,
  type ResourceCost,
  type StackCost,
  estimate,
  type EstimateOptions,
} from "./estimator";

export { STATEFUL_RESOURCE_TYPES };

export type ResourceChange = "added" | "removed" | "changed" | "replaced";

export interface ResourceDiff {
  readonly address: string;
  readonly type: string;
  readonly change: ResourceChange;
  readonly baseCost: number;
  readonly headCost: number;
  readonly delta: number;
  /** Top-level attributes whose values differ (changed/replaced). */
  readonly attributes: readonly string[];
  /** Unpriced on either side: the delta may be incomplete. */
  readonly unpriced: boolean;
}

export type DataLossKind = "destroy" | "replace" | "likely-replace";

export interface DataLossWarning {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly kind: DataLossKind;
  readonly message: string;
  /** `lifecycle.prevent_destroy` is set: Terraform refuses the apply instead of losing data. */
  readonly preventDestroy: boolean;
}

export interface StackDiff {
  readonly name: string;
  readonly change: "added" | "removed" | "changed" | "unchanged";
  readonly baseCost: number;
  readonly headCost: number;
  readonly delta: number;
  readonly resources: readonly ResourceDiff[];
  readonly head?: StackCost;
  readonly base?: StackCost;
}

export interface CostDiff {
  readonly kind: "synth" | "plan";
  readonly base: CostEstimate;
  readonly head: CostEstimate;
  readonly stacks: readonly StackDiff[];
  readonly warnings: readonly DataLossWarning[];
  readonly baseCost: number;
  readonly headCost: number;
  readonly delta: number;
}

/**
 * Attributes whose change makes Terraform replace (destroy + create) a stateful resource. Conservative:
 * names, locations and parents, which the providers mark ForceNew.
 */
export const REPLACING_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_s3_bucket: ["bucket", "bucket_prefix", "object_lock_enabled"],
  aws_kms_key: ["customer_master_key_spec", "key_usage", "multi_region"],
  aws_kinesis_stream: ["name"],
  azurerm_resource_group: ["name", "location"],
  azurerm_storage_account: ["name", "location", "resource_group_name", "account_tier", "is_hns_enabled"],
  azurerm_storage_container: ["name", "storage_account_id", "storage_account_name"],
  azurerm_key_vault: ["name", "location", "resource_group_name"],
  azurerm_key_vault_key: ["name", "key_vault_id", "key_type", "key_size"],
  azurerm_eventhub_namespace: ["name", "location", "resource_group_name"],
  azurerm_eventhub: ["name", "namespace_id"],
  azurerm_databricks_workspace: ["name", "location", "resource_group_name", "managed_resource_group_name"],
  databricks_mws_workspaces: ["aws_region", "deployment_name"],
  databricks_metastore: ["storage_root"],
  databricks_catalog: ["name", "storage_root"],
  databricks_schema: ["name", "catalog_name", "storage_root"],
  databricks_registered_model: ["name", "catalog_name", "schema_name"],
};

export function diffSnapshots(base: Snapshot, head: Snapshot, options: EstimateOptions): CostDiff {
  const baseEstimate = estimate(base, options);
  const headEstimate = estimate(head, options);
  const names = [...new Set([...base.stacks.map((s) => s.name), ...head.stacks.map((s) => s.name)])].sort();
  const stacks: StackDiff[] = [];
  const warnings: DataLossWarning[] = [];
  for (const name of names) {
    const b = base.stacks.find((s) => s.name === name);
    const h = head.stacks.find((s) => s.name === name);
    const bc = baseEstimate.stacks.find((s) => s.name === name);
    const hc = headEstimate.stacks.find((s) => s.name === name);
    const resources = diffResources(b, h, bc, hc);
    warnings.push(...dataLossWarnings(name, b, h, resources, head.kind === "plan" && base.kind === "plan"));
    const baseCost = bc?.monthlyCost ?? 0;
    const headCost = hc?.monthlyCost ?? 0;
    stacks.push({
      name,
      change: !b ? "added" : !h ? "removed" : resources.length > 0 ? "changed" : "unchanged",
      baseCost,
      headCost,
      delta: headCost - baseCost,
      resources,
      head: hc,
      base: bc,
    });
  }
  return {
    kind: head.kind,
    base: baseEstimate,
    head: headEstimate,
    stacks,
    warnings: dedupe(warnings),
    baseCost: baseEstimate.monthlyCost,
    headCost: headEstimate.monthlyCost,
    delta: headEstimate.monthlyCost - baseEstimate.monthlyCost,
  };
}

function diffResources(
  base: StackModel | undefined,
  head: StackModel | undefined,
  baseCost: StackCost | undefined,
  headCost: StackCost | undefined,
): ResourceDiff[] {
  const baseRes = new Map((base?.resources ?? []).map((r) => [r.address, r]));
  const headRes = new Map((head?.resources ?? []).map((r) => [r.address, r]));
  const baseCosts = new Map((baseCost?.resources ?? []).map((r) => [r.address, r]));
  const headCosts = new Map((headCost?.resources ?? []).map((r) => [r.address, r]));
  const addresses = [...new Set([...baseRes.keys(), ...headRes.keys()])].sort();
  const out: ResourceDiff[] = [];
  for (const address of addresses) {
    const b = baseRes.get(address);
    const h = headRes.get(address);
    const bc = baseCosts.get(address);
    const hc = headCosts.get(address);
    let change: ResourceChange | undefined;
    let attributes: string[] = [];
    if (!b) change = "added";
    else if (!h) change = "removed";
    else {
      attributes = changedAttributes(b.attributes, h.attributes);
      if (isReplace(h)) change = "replaced";
      else if (attributes.length > 0) change = "changed";
    }
    if (!change) continue;
    const baseMonthly = bc?.monthlyCost ?? 0;
    const headMonthly = hc?.monthlyCost ?? 0;
    out.push({
      address,
      type: (h ?? b)!.type,
      change,
      baseCost: baseMonthly,
      headCost: headMonthly,
      delta: headMonthly - baseMonthly,
      attributes,
      unpriced: isUnpriced(bc) || isUnpriced(hc),
    });
  }
  return out;
}

function isUnpriced(c: ResourceCost | undefined): boolean {
  return c !== undefined && (c.status === "unpriced" || c.status === "partial");
}

function isReplace(r: TerraformElement): boolean {
  return r.actions !== undefined && r.actions.includes("delete") && r.actions.includes("create");
}

function changedAttributes(a: Attributes, b: Attributes): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => canonical(a[k]) !== canonical(b[k]));
}

function canonical(v: unknown): string {
  return (
    JSON.stringify(v, (_k, value: unknown) =>
      value && typeof value === "object" && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value as Attributes).sort(([x], [y]) => x.localeCompare(y)))
        : value,
    ) ?? "undefined"
  );
}

function preventDestroy(r: TerraformElement | undefined): boolean {
  return isTrue(block(r?.attributes.lifecycle)?.prevent_destroy);
}

function protection(r: TerraformElement | undefined, planMode: boolean): string {
  if (planMode) return "";
  return preventDestroy(r)
    ? " prevent_destroy is set, so the apply will fail; move the state (a `moved` block or `terraform state mv`) if the resource is only renamed."
    : " It is NOT protected by prevent_destroy: its data will be lost.";
}

function dataLossWarnings(
  stack: string,
  base: StackModel | undefined,
  head: StackModel | undefined,
  diffs: readonly ResourceDiff[],
  planMode: boolean,
): DataLossWarning[] {
  const out: DataLossWarning[] = [];
  const baseRes = new Map((base?.resources ?? []).map((r) => [r.address, r]));
  const headRes = new Map((head?.resources ?? []).map((r) => [r.address, r]));
  const stateful = (type: string) => STATEFUL_RESOURCE_TYPES.has(type);
  const added = diffs.filter((d) => d.change === "added" && stateful(d.type));
  const pairedAdds = new Set<string>();
  for (const d of diffs) {
    if (!stateful(d.type)) continue;
    const b = baseRes.get(d.address);
    const h = headRes.get(d.address);
    if (d.change === "removed") {
      const twin = !planMode ? added.find((a) => a.type === d.type && !pairedAdds.has(a.address)) : undefined;
      if (twin) {
        pairedAdds.add(twin.address);
        out.push({
          stack,
          address: d.address,
          type: d.type,
          kind: "likely-replace",
          preventDestroy: preventDestroy(b),
          message: `${d.address} disappears while ${twin.address} of the same type appears: a logical-id change, so Terraform will destroy the old ${d.type} and create a new one.${protection(b, planMode)}`,
        });
      } else {
        out.push({
          stack,
          address: d.address,
          type: d.type,
          kind: "destroy",
          preventDestroy: preventDestroy(b),
          message: `${d.address} (${d.type}) is removed: Terraform will destroy it.${protection(b, planMode)}`,
        });
      }
    } else if (d.change === "replaced") {
      out.push({
        stack,
        address: d.address,
        type: d.type,
        kind: "replace",
        preventDestroy: preventDestroy(b),
        message: `the plan replaces ${d.address} (${d.type}: ${h?.actions?.join(", ")}): the existing one is destroyed.`,
      });
    } else if (d.change === "changed") {
      const forcing = d.attributes.filter((a) => REPLACING_ATTRIBUTES[d.type]?.includes(a));
      if (forcing.length > 0 && !planMode) {
        out.push({
          stack,
          address: d.address,
          type: d.type,
          kind: "likely-replace",
          preventDestroy: preventDestroy(b),
          message: `${d.address} changes ${forcing.join(", ")}, which forces Terraform to replace the ${d.type}.${protection(b, planMode)}`,
        });
      }
    }
  }
  // A plan's own delete actions on stateful resources (whatever the base snapshot says).
  for (const r of head?.deleted ?? []) {
    if (stateful(r.type)) {
      out.push({
        stack,
        address: r.address,
        type: r.type,
        kind: "destroy",
        preventDestroy: false,
        message: `the plan deletes ${r.address} (${r.type}).`,
      });
    }
  }
  for (const r of head?.resources ?? []) {
    if (
      stateful(r.type) &&
      isReplace(r) &&
      !diffs.some((d) => d.address === r.address && d.change === "replaced")
    ) {
      out.push({
        stack,
        address: r.address,
        type: r.type,
        kind: "replace",
        preventDestroy: false,
        message: `the plan replaces ${r.address} (${r.type}: ${r.actions!.join(", ")}): the existing one is destroyed.`,
      });
    }
  }
  return out;
}

function dedupe(warnings: DataLossWarning[]): DataLossWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.stack}|${w.address}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
