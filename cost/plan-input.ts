/**
 * Plans next to synth output (plan-first): each planned stack's before and after sides come from its
 * plan (`planSides`: ONE plan priced before → after, deletions included); the other stacks come from
 * the synth snapshots, if any. A planned stack keeps its synth documents so the data-loss review still
 * sees what only the configuration shows (prevent_destroy).
 */
import type { Snapshot, StackModel } from "../terraform-json/model";
import { planSides } from "../terraform-json/plan";

export function planDiffInputs(
  plans: readonly StackModel[],
  base?: Snapshot,
  head?: Snapshot,
): { base: Snapshot; head: Snapshot } {
  const planned = new Map(plans.map((p) => [p.name, planSides(p)]));
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
