/**
 * `cost --savings`: each stack priced against its naive counterpart, lever by lever. The naive
 * counterpart is the same synthesized stack with every lever undone (cost/savings-levers.ts); the levers
 * are then applied one at a time in a fixed order (a waterfall), so each lever's saving is the drop in
 * the estimate when it is applied on top of the ones before it, and the savings add up exactly to
 * naive − shipped. Same catalog, same usage profile on both sides.
 */
import type { Snapshot, StackModel } from "../terraform-json/model";
import { type EstimateOptions, type StackCost, environmentLayerOf, estimate } from "./estimator";
import type { ResourceCost } from "./pricing/context";
import { LEVERS, type Lever, type LeverContext, type LeverId, revertLevers } from "./savings-levers";
import { type UsageProfile, UsageProfiles } from "./usage";

export interface LeverSaving {
  readonly lever: LeverId;
  readonly title: string;
  /** Resources the lever changes the price of (edited or added by the naive counterpart, or priced from those). */
  readonly resources: readonly string[];
  /** Monthly cost before this lever minus after it (negative: the lever costs money here). */
  readonly monthlySaving: number;
  /** The naive counterpart in words, with the usage figures it was priced with. */
  readonly assumption: string;
  /** Unpriced components on the resources it touches, or resources it could not undo it on. */
  readonly notes: readonly string[];
}

export interface StackSavings {
  readonly name: string;
  readonly naiveMonthly: number;
  readonly shippedMonthly: number;
  readonly levers: readonly LeverSaving[];
  /** The usage profile both sides were priced with. */
  readonly usage: UsageProfile;
  readonly unpricedReason?: string;
}

/** An environment: its `<env>` and `<env>-workspace` stacks summed. */
export interface EnvironmentSavings {
  readonly environment: string;
  readonly stacks: readonly string[];
  readonly naiveMonthly: number;
  readonly shippedMonthly: number;
  /** (naive − shipped) / naive × 100; 0 when the naive counterpart costs nothing. */
  readonly percentSaved: number;
  readonly levers: readonly LeverSaving[];
  readonly usage: UsageProfile;
}

export interface SavingsReport {
  readonly input: string;
  readonly currency: string;
  readonly asOf: { readonly oldest: string; readonly newest: string };
  readonly order: readonly LeverId[];
  readonly stacks: readonly StackSavings[];
  readonly environments: readonly EnvironmentSavings[];
}

function stackUsage(options: EstimateOptions, stack: StackModel, all: readonly StackModel[]) {
  const usage = options.usage ?? new UsageProfiles();
  const layer = all.find((s) => s.name === environmentLayerOf(stack.name));
  const tag = [...stack.resources, ...(layer?.resources ?? [])]
    .map((r) => (r.attributes.tags as Record<string, unknown> | undefined)?.environment)
    .find((t): t is string => typeof t === "string");
  return usage.forStack(stack.name, tag).profile;
}

function unpricedOn(cost: StackCost | undefined, addresses: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const r of cost?.resources ?? []) {
    if (!addresses.has(r.address)) continue;
    out.push(...unpricedParts(r));
  }
  return out;
}

/**
 * Resources whose price a lever moves: the ones it edits, and the ones priced from them (a bucket from
 * its lifecycle rules, a pipeline from its policy): any whose cost or unpriced parts differ.
 */
function affected(before: StackCost, after: StackCost, edited: readonly string[]): Set<string> {
  const out = new Set(edited);
  const key = (r: ResourceCost) => `${r.monthlyCost.toFixed(6)}|${unpricedParts(r).join(";")}`;
  const afterBy = new Map(after.resources.map((r) => [r.address, r]));
  for (const r of before.resources) {
    const a = afterBy.get(r.address);
    if (!a || key(a) !== key(r)) out.add(r.address);
  }
  return out;
}

function unpricedParts(r: ResourceCost): string[] {
  if (r.components.length === 0)
    return r.status === "unpriced" ? [`${r.address} unpriced: ${r.reason ?? "?"}`] : [];
  return r.components
    .filter((c) => c.monthlyCost === null)
    .map((c) => `${r.address} ${c.name} unpriced: ${c.unpricedReason ?? "?"}`);
}

export function savings(
  snapshot: Snapshot,
  options: EstimateOptions,
  levers: readonly Lever[] = LEVERS,
): SavingsReport {
  const usages = new Map(snapshot.stacks.map((s) => [s.name, stackUsage(options, s, snapshot.stacks)]));
  const shipped = estimate(snapshot, options);
  // The catalog each stack is priced with (levers size naive compute from its DBU rates).
  const contexts = shipped.stacks.map(
    (c): LeverContext => ({
      catalog: c.cloud && c.region ? options.catalogs.find(c.cloud, c.region) : undefined,
    }),
  );
  // state k: levers[0..k) applied, levers[k..n) undone. State 0 is the naive counterpart, n the shipped.
  const states = levers.map((_, k) =>
    snapshot.stacks.map((s, i) => revertLevers(s, levers.slice(k), usages.get(s.name)!, contexts[i])),
  );
  const costs = [
    ...states.map((models) => estimate({ ...snapshot, stacks: models.map((m) => m.stack) }, options)),
    shipped,
  ];
  const stacks: StackSavings[] = snapshot.stacks.map((s, i) => {
    const byState = costs.map((c) => c.stacks[i]!);
    const rows = levers.map((lever, k): LeverSaving => {
      // The resources lever k touches in the state where it is undone last.
      const reverted = states[k]![i]!.changed.get(lever.id)!;
      const touched = affected(byState[k]!, byState[k + 1]!, reverted.changed);
      const notes = [
        ...new Set([...unpricedOn(byState[k], touched), ...unpricedOn(byState[k + 1], touched)]),
        ...(reverted.notes ?? []),
        ...reverted.skipped,
      ];
      return {
        lever: lever.id,
        title: lever.title,
        monthlySaving: byState[k]!.monthlyCost - byState[k + 1]!.monthlyCost,
        assumption: lever.assumption(usages.get(s.name)!),
        resources: [...touched].sort(),
        notes,
      };
    });
    return {
      name: s.name,
      naiveMonthly: byState[0]!.monthlyCost,
      shippedMonthly: byState[byState.length - 1]!.monthlyCost,
      levers: rows,
      usage: usages.get(s.name)!,
      unpricedReason: byState[0]!.unpricedReason,
    };
  });
  return {
    input: snapshot.path,
    currency: shipped.currency,
    asOf: shipped.asOf,
    order: levers.map((l) => l.id),
    stacks,
    environments: groupEnvironments(stacks),
  } satisfies SavingsReport;
}

function groupEnvironments(stacks: readonly StackSavings[]): EnvironmentSavings[] {
  const groups = new Map<string, StackSavings[]>();
  for (const s of stacks) {
    const env = environmentLayerOf(s.name) ?? s.name;
    groups.set(env, [...(groups.get(env) ?? []), s]);
  }
  return [...groups.entries()].map(([environment, members]) => {
    const naiveMonthly = members.reduce((a, s) => a + s.naiveMonthly, 0);
    const shippedMonthly = members.reduce((a, s) => a + s.shippedMonthly, 0);
    const levers = members[0]!.levers.map((first, k) => ({
      ...first,
      monthlySaving: members.reduce((a, s) => a + s.levers[k]!.monthlySaving, 0),
      resources: members.flatMap((s) => s.levers[k]!.resources.map((r) => `${s.name}: ${r}`)),
      notes: members.flatMap((s) => s.levers[k]!.notes.map((n) => `${s.name}: ${n}`)),
    }));
    return {
      environment,
      stacks: members.map((s) => s.name),
      naiveMonthly,
      shippedMonthly,
      percentSaved: naiveMonthly > 0 ? ((naiveMonthly - shippedMonthly) / naiveMonthly) * 100 : 0,
      levers,
      usage: members[0]!.usage,
    };
  });
}
