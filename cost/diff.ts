/**
 * Cost and change diff between two snapshots (two synth outputs, or the before and after sides of
 * plans): per stack and resource added / removed / changed / replaced with the monthly delta, plus the
 * data-loss review (cost/data-loss/): destroyed or replaced data owners and protection downgrades.
 */
import type { Snapshot, StackModel, TerraformElement } from "../terraform-json/model";
import { STATEFUL_RESOURCE_TYPES } from "../terraform-json/stateful-types";
import type { Attributes } from "../terraform-json/values";
import { type DataLossNote, type DataLossWarning, dedupe, reviewStackChange } from "./data-loss";
import { readSynthDocument } from "./data-loss/synth-document";
import {
  type CostEstimate,
  type ResourceCost,
  type StackCost,
  estimate,
  type EstimateOptions,
} from "./estimator";

export { STATEFUL_RESOURCE_TYPES };
export type { DataLossKind, DataLossNote, DataLossWarning } from "./data-loss";

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
  /** What the review saw and does not warn about: moves, imports, forgets. */
  readonly notes: readonly DataLossNote[];
  readonly baseCost: number;
  readonly headCost: number;
  readonly delta: number;
}

export function diffSnapshots(base: Snapshot, head: Snapshot, options: EstimateOptions): CostDiff {
  const baseEstimate = estimate(base, options);
  const headEstimate = estimate(head, options);
  const names = [...new Set([...base.stacks.map((s) => s.name), ...head.stacks.map((s) => s.name)])].sort();
  const stacks: StackDiff[] = [];
  const warnings: DataLossWarning[] = [];
  const notes: DataLossNote[] = [];
  for (const name of names) {
    const b = base.stacks.find((s) => s.name === name);
    const h = head.stacks.find((s) => s.name === name);
    const bc = baseEstimate.stacks.find((s) => s.name === name);
    const hc = headEstimate.stacks.find((s) => s.name === name);
    const resources = diffResources(b, h, bc, hc);
    const review = reviewStackChange(name, b, h, { base: base.stacks, head: head.stacks });
    warnings.push(...review.warnings);
    notes.push(...review.notes);
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
    notes,
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
  // A `moved` block makes the old address the same object as the new one.
  const moved = new Map((head?.synth ? readSynthDocument(head.synth).moved : []).map((m) => [m.from, m.to]));
  const at = (address: string) => moved.get(address) ?? address;
  const baseRes = new Map((base?.resources ?? []).map((r) => [at(r.address), r]));
  const headRes = new Map((head?.resources ?? []).map((r) => [r.address, r]));
  const baseCosts = new Map((baseCost?.resources ?? []).map((r) => [at(r.address), r]));
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
