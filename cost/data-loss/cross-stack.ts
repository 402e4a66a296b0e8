/**
 * The review of several stacks of one synth, linked by cdktf cross-stack references: a stack that reads
 * another's outputs (`<env>-workspace` reads `<env>`) is compared on the values those outputs carry,
 * resolved in the producing stack on the same side of the change. So renaming the storage account
 * replaces the catalog rooted in it (flagged on the workspace stack, naming the account), while a
 * logical-id rename with a `moved` block, which renames the cdktf output, changes nothing.
 */
import { remoteStateProducer } from "../../terraform-json/cross-stack";
import type { SynthDocument } from "./synth-document";
import {
  type RemoteStacks,
  type SynthAnalysis,
  analyzeSynthStack,
  outputOrigin,
  outputValue,
} from "./synth-review";

type Side = "base" | "head";

/** Each stack's analysis, computed once, producers before their consumers. */
export class CrossStackAnalyses {
  private readonly analyses = new Map<string, SynthAnalysis | undefined>();
  private readonly visiting = new Set<string>();

  /** `docs`: the synth documents of every stack on each side (stacks read from plans are left out). */
  constructor(private readonly docs: Readonly<Record<Side, ReadonlyMap<string, SynthDocument>>>) {}

  /** The analysis of a stack present on both sides; undefined otherwise (or inside a reference cycle). */
  analysis(name: string): SynthAnalysis | undefined {
    if (this.analyses.has(name)) return this.analyses.get(name);
    const base = this.docs.base.get(name);
    const head = this.docs.head.get(name);
    if (!base || !head || this.visiting.has(name)) return undefined;
    this.visiting.add(name);
    try {
      const a = analyzeSynthStack(name, base, head, this.remoteOf(name));
      this.analyses.set(name, a);
      return a;
    } finally {
      this.visiting.delete(name);
    }
  }

  /** How the stack `name` sees the stacks it reads. */
  remoteOf(name: string): RemoteStacks {
    const producer = (side: Side, dataAddress: string): SynthAnalysis | undefined => {
      const source = this.docs[side].get(name)?.elements.get(dataAddress);
      if (!source) return undefined;
      const stacks = [...this.docs[side]].map(([n, d]) => ({ name: n, backend: d.backend }));
      const p = remoteStateProducer(source.name, source.values, stacks);
      return p !== undefined && p !== name ? this.analysis(p) : undefined;
    };
    return {
      value: (side, dataAddress, output) => {
        const p = producer(side, dataAddress);
        return p ? outputValue(p, side, output) : undefined;
      },
      origin: (dataAddress, output) => {
        const p = producer("head", dataAddress);
        return p ? outputOrigin(p, output) : undefined;
      },
    };
  }
}
