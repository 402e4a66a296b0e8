/**
 * The data-loss review of a change, per stack: from the plan when there is one (its actions are the
 * truth), otherwise predicted from two synth outputs with the providers' replacement rules.
 */
import { remoteStateProducer } from "../../terraform-json/cross-stack";
import type { StackModel } from "../../terraform-json/model";
import type { PlanDocument } from "../../terraform-json/plan-changes";
import { CrossStackAnalyses } from "./cross-stack";
import { reviewPlanStack } from "./plan-review";
import { type SynthDocument, readSynthDocument } from "./synth-document";
import {
  configOnlyDowngrades,
  crossStackReplacements,
  reviewSynthAnalysis,
  reviewSynthStack,
} from "./synth-review";
import type { DataLossNote, DataLossReview, DataLossWarning } from "./types";

export type { DataLossKind, DataLossNote, DataLossReview, DataLossWarning } from "./types";
export { DATA_OWNING_TYPES } from "./types";

/** The synth document of a stack (its cdk.tf.json, or rebuilt from its resources). */
function synthDocument(stack: StackModel | undefined): SynthDocument | undefined {
  if (!stack || (stack.source !== "synth" && !stack.synth)) return undefined;
  if (stack.synth) return readSynthDocument(stack.synth);
  const resource: Record<string, Record<string, unknown>> = {};
  for (const r of stack.resources) (resource[r.type] ??= {})[r.name] = r.attributes;
  return readSynthDocument({ resource });
}

/** Every stack of both sides of a change (a synth output's, or plans'). */
export interface SnapshotStacks {
  readonly base: readonly StackModel[];
  readonly head: readonly StackModel[];
}

// One set of analyses per pair of snapshots, so a producing stack is analysed once for all its readers.
const crossStack = new WeakMap<
  readonly StackModel[],
  { base: readonly StackModel[]; analyses: CrossStackAnalyses }
>();

function analysesOf(stacks: SnapshotStacks): CrossStackAnalyses {
  const cached = crossStack.get(stacks.head);
  if (cached && cached.base === stacks.base) return cached.analyses;
  // A planned stack's synth documents (kept next to its plan) still say what its outputs carry.
  const docs = (side: readonly StackModel[]) =>
    new Map(
      side.flatMap((s) => {
        const doc = synthDocument(s);
        return doc ? [[s.name, doc] as const] : [];
      }),
    );
  const analyses = new CrossStackAnalyses({ base: docs(stacks.base), head: docs(stacks.head) });
  crossStack.set(stacks.head, { base: stacks.base, analyses });
  return analyses;
}

/**
 * Reviews one stack's change (either side may be missing: stack added or removed). With `stacks`, the
 * other stacks of the same change, cross-stack references are followed to the values they carry.
 */
export function reviewStackChange(
  name: string,
  base: StackModel | undefined,
  head: StackModel | undefined,
  stacks?: SnapshotStacks,
): DataLossReview {
  const plan = head?.plan ?? base?.plan;
  const linked = stacks && base && head && stacks.base.includes(base) && stacks.head.includes(head);
  const analysis = linked ? analysesOf(stacks).analysis(name) : undefined;
  if (plan) {
    const review = reviewPlanStack(name, plan);
    const b = base?.synth ? readSynthDocument(base.synth) : undefined;
    const h = head?.synth ? readSynthDocument(head.synth) : undefined;
    if (!b || !h) {
      return { ...review, notes: [...review.notes, ...unseenOutputChanges(name, plan, stacks)] };
    }
    // A plan reads the other stacks' outputs from their current state: what a change there does to
    // this stack shows in its plan only after that stack is applied. The synth output predicts it.
    const shown = new Set(review.warnings.map((w) => w.address));
    const cascade = (analysis ? crossStackReplacements(analysis) : [])
      .filter((w) => !shown.has(w.address))
      .map((w) => ({
        ...w,
        message: `${w.message} Predicted from the synth output: this stack's plan reads the other stack's current state, so it shows the replacement only once that stack is applied (plan again then).`,
      }));
    return {
      ...review,
      warnings: dedupe([...review.warnings, ...configOnlyDowngrades(name, b, h), ...cascade]),
    };
  }
  const review = analysis
    ? reviewSynthAnalysis(analysis)
    : reviewSynthStack(name, synthDocument(base), synthDocument(head));
  return { ...review, warnings: dedupe(review.warnings) };
}

/**
 * Without the synth output, a plan that reads other stacks' outputs cannot say what their planned
 * changes do here: a note per stack read whose plan changes the outputs.
 */
function unseenOutputChanges(
  name: string,
  plan: PlanDocument,
  stacks: SnapshotStacks | undefined,
): DataLossNote[] {
  if (!stacks) return [];
  const names = stacks.head.map((s) => ({ name: s.name }));
  return (plan.remoteStates ?? []).flatMap((source) => {
    const producer = remoteStateProducer(source, {}, names);
    const producerPlan = stacks.head.find((s) => s.name === producer)?.plan;
    const changed = [...(producerPlan?.outputChanges ?? [])]
      .filter(([, actions]) => actions.some((a) => a !== "no-op"))
      .map(([output]) => output);
    if (!producer || producer === name || changed.length === 0) return [];
    return [
      {
        stack: name,
        address: `data.terraform_remote_state.${source}`,
        message: `reads outputs that ${producer}'s plan changes (${changed.join(", ")}): this plan shows what they change here only after ${producer} is applied. Plan ${name} again then, or review with the synth output (--base/--head) to predict it now.`,
      },
    ];
  });
}

/** Each warning once, ordered by stack, then address, then kind, for stable reports. */
export function dedupe(warnings: readonly DataLossWarning[]): DataLossWarning[] {
  const seen = new Set<string>();
  const order = (a: DataLossWarning, b: DataLossWarning): number => {
    for (const k of ["stack", "address", "kind"] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
    return 0;
  };
  const sorted = [...warnings].sort(order);
  return sorted.filter((w) => {
    const key = `${w.stack}|${w.address}|${w.kind}|${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
