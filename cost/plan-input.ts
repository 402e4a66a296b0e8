/**
 * A Terraform plan as stacks to price and review: the plan's `after` values (what will exist) and its
 * `before` values (what exists now), from ONE plan, so a change is priced before → after and deletions
 * count. A plan does not name its stack: the caller does (`--plan <stack>=<plan.json>`), or the plan
 * sits in cdktf's own layout (`cdktf.out/stacks/<stack>/…`). The file name is never used.
 */
import { basename, dirname, sep } from "node:path";
import {
  type PlanChange,
  type PlanDocument,
  existsAfter,
  existsBefore,
  readPlanDocument,
} from "./data-loss/plan-document";
import { ReviewError } from "./errors";
import type { ResourceModel, Snapshot, StackModel, Values } from "./input";

const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** `<stack>=<path>` or a bare path. */
export function parsePlanSpec(spec: string): { readonly stack?: string; readonly path: string } {
  const eq = spec.indexOf("=");
  if (eq > 0 && STACK_NAME.test(spec.slice(0, eq)))
    return { stack: spec.slice(0, eq), path: spec.slice(eq + 1) };
  return { path: spec };
}

/** The stack a plan belongs to when it sits in cdktf's layout: `…/stacks/<stack>/<file>`. */
export function stackFromCdktfLayout(path: string): string | undefined {
  const dir = dirname(path);
  return basename(dirname(dir)) === "stacks" && dir.split(sep).length > 1 ? basename(dir) : undefined;
}

/** The stack as it will be after the plan (priced as the head; carries the plan for the review). */
export function planStack(json: Values, path: string, stack?: string): StackModel {
  const plan = readPlanDocument(json, path);
  const name = stack ?? stackFromCdktfLayout(path);
  if (!name) {
    throw new ReviewError(
      `${path}: a plan does not say which stack it is for; pass --plan <stack>=${path} (the file name is not used)`,
    );
  }
  return planSides(plan, name).after;
}

function model(c: PlanChange, values: Values): ResourceModel {
  return {
    address: c.address,
    type: c.type,
    name: c.name,
    values,
    actions: c.actions,
    before: c.before,
  };
}

/**
 * Both sides of one plan as stacks: `before` holds what exists now (every object the plan found, under
 * its current address so moved objects line up), `after` what will exist. Price each and diff them for
 * the plan's cost change; deletions and forgets are in `before` only, creations in `after` only.
 */
export function planSides(plan: PlanDocument, stack: string): { before: StackModel; after: StackModel } {
  const managed = plan.changes.filter((c) => c.mode === "managed");
  const common = { name: stack, source: "plan" as const, path: plan.path, awsRegion: plan.awsRegion, plan };
  return {
    before: {
      ...common,
      resources: managed.filter((c) => existsBefore(c) && c.before).map((c) => model(c, c.before!)),
      deleted: [],
    },
    after: {
      ...common,
      resources: managed.filter((c) => existsAfter(c)).map((c) => model(c, c.after!)),
      deleted: managed
        .filter((c) => !existsAfter(c) && c.actions.includes("delete") && c.before)
        .map((c) => model(c, c.before!)),
    },
  };
}

/**
 * Snapshots to diff when plans are given: each planned stack's before and after sides come from its
 * plan (plan-first); other stacks come from the synth snapshots, if any. A planned stack keeps its synth
 * documents so the review still sees what only the configuration shows (prevent_destroy).
 */
export function planDiffInputs(
  plans: readonly StackModel[],
  base?: Snapshot,
  head?: Snapshot,
): { base: Snapshot; head: Snapshot } {
  const planned = new Map(plans.map((p) => [p.name, planSides(p.plan!, p.name)]));
  const side = (snapshot: Snapshot | undefined, which: "before" | "after"): Snapshot => {
    const stacks: StackModel[] = (snapshot?.stacks ?? []).filter((s) => !planned.has(s.name));
    for (const [name, sides] of planned) {
      const synth = snapshot?.stacks.find((s) => s.name === name)?.synth;
      stacks.push({ ...sides[which], synth });
    }
    stacks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const paths = [snapshot?.path, ...plans.map((p) => p.path)].filter((p): p is string => !!p);
    return { kind: "plan", path: paths.join(", "), stacks };
  };
  return { base: side(base, "before"), head: side(head, "after") };
}
