/**
 * Data-loss review of one stack from two synth outputs (no plan): which objects Terraform would
 * destroy or replace, following `moved`, `import` and `removed` blocks, the providers' replacement
 * rules on values with references resolved, and the replacements those cascade into; plus protection
 * downgrades.
 */
import { parseReferences } from "../../terraform-json/references";
import { cite, replacementReasons, type ReplacementReason } from "./replacement-rules";
import { ReferenceResolver, hasDangling, hasUnknown, readable } from "./references";
import { PREVENT_DESTROY_REMEDY, type StackView, protectionFindings } from "./protection";
import { type SynthDocument, managedElements } from "./synth-document";
import {
  DATA_OWNING_TYPES,
  type DataLossNote,
  type DataLossReview,
  type DataLossWarning,
  lossNote,
} from "./types";
import { type Values, canonical, pathValue, sameValue, show } from "./values";

/** Meta-arguments: never part of a resource's values for replacement. */
const META = new Set([
  "depends_on",
  "lifecycle",
  "provider",
  "count",
  "for_each",
  "provisioner",
  "connection",
]);

function withoutMeta(values: Values): Values {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !META.has(k)));
}

function preventDestroy(values: Values | undefined): boolean {
  const v = pathValue(values, "lifecycle.prevent_destroy");
  return v === true || v === "true";
}

/** `from` → final `to`, following chains of moved blocks. */
function moveMap(doc: SynthDocument): Map<string, string> {
  const direct = new Map(doc.moved.map((m) => [m.from, m.to]));
  const out = new Map<string, string>();
  for (const from of direct.keys()) {
    let to = from;
    const seen = new Set<string>();
    while (direct.has(to) && !seen.has(to)) {
      seen.add(to);
      to = direct.get(to)!;
    }
    out.set(from, to);
  }
  return out;
}

function coveredBy(address: string, blockAddress: string): boolean {
  return (
    address === blockAddress ||
    address.startsWith(`${blockAddress}[`) ||
    address.startsWith(`${blockAddress}.`)
  );
}

/** Addresses of the managed resources a raw value refers to (in any nested string). */
function referencedManaged(value: unknown, doc: SynthDocument): string[] {
  const strings: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string") strings.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(value);
  const found = strings.flatMap((s) =>
    parseReferences(s)
      .filter((r) => r.kind === "resource" && doc.elements.get(r.address)?.mode === "managed")
      .map((r) => r.address),
  );
  return [...new Set(found)];
}

class SynthView implements StackView {
  constructor(
    private readonly doc: SynthDocument,
    private readonly resolver: ReferenceResolver,
  ) {}
  values(address: string): Values | undefined {
    return this.doc.elements.has(address) ? this.resolver.valuesOf(address) : undefined;
  }
  target(address: string, attribute: string): string | undefined {
    return referencedManaged(pathValue(this.doc.elements.get(address)?.values, attribute), this.doc)[0];
  }
  ofType(type: string): { address: string; values: Values }[] {
    return managedElements(this.doc)
      .filter((e) => e.type === type)
      .map((e) => ({ address: e.address, values: this.resolver.valuesOf(e.address) }));
  }
}

export interface Replacement {
  readonly from: string;
  readonly reasons: readonly ReplacementReason[];
}

/**
 * Where a stack's cross-stack references lead: the values other stacks of the same synth give their
 * outputs on each side of the change, and which of their resources an output is read from.
 */
export interface RemoteStacks {
  /** The value `output` carries on one side, resolved in its producing stack; undefined if unknown. */
  value(side: "base" | "head", dataAddress: string, output: string): unknown;
  /** The producing stack and resources of an output (head side), for messages. */
  origin(dataAddress: string, output: string): CrossStackOrigin | undefined;
}

export interface CrossStackOrigin {
  readonly stack: string;
  readonly output: string;
  /** Resources of the producing stack the output's value is read from. */
  readonly addresses: readonly string[];
  /** Those of `addresses` that the producing stack replaces or creates anew. */
  readonly changed: readonly string[];
}

/** Two versions of one stack matched object by object, with what each change does to them. */
export interface SynthAnalysis {
  readonly stack: string;
  readonly base: SynthDocument;
  readonly head: SynthDocument;
  /** Base address → head address of the same object (same address, or a `moved` block). */
  readonly matched: ReadonlyMap<string, string>;
  /** Head addresses with no base object (new or imported). */
  readonly created: ReadonlySet<string>;
  readonly imported: ReadonlySet<string>;
  /** Base addresses that are gone (not moved, not forgotten). */
  readonly deleted: readonly string[];
  /** Head address → the replacement the providers' rules predict for it. */
  readonly replaced: ReadonlyMap<string, Replacement>;
  readonly notes: readonly DataLossNote[];
  readonly baseResolver: ReferenceResolver;
  readonly headResolver: ReferenceResolver;
  readonly remote?: RemoteStacks;
}

/** Matches the objects of two versions of a stack and predicts the replacements and their cascade. */
export function analyzeSynthStack(
  stack: string,
  base: SynthDocument,
  head: SynthDocument,
  remote?: RemoteStacks,
): SynthAnalysis {
  const notes: DataLossNote[] = [];
  const moves = moveMap(head);
  const imported = new Set(head.imports.map((i) => i.to));
  const matched = new Map<string, string>(); // base address → head address
  const deleted: string[] = [];
  for (const e of managedElements(base)) {
    const target = moves.get(e.address) ?? e.address;
    const h = head.elements.get(target);
    if (h && h.mode === "managed" && h.type === e.type) {
      matched.set(e.address, target);
      if (target !== e.address) {
        notes.push({
          stack,
          address: target,
          message: `moved from ${e.address} (moved block): same object, no change.`,
        });
      }
      continue;
    }
    const removed = head.removed.find((r) => coveredBy(e.address, r.from));
    if (removed && !removed.destroy) {
      notes.push({
        stack,
        address: e.address,
        message: `forgotten (removed block with destroy = false): Terraform stops managing it; the object and its data stay.`,
      });
      continue;
    }
    deleted.push(e.address);
  }
  const matchedHeads = new Set(matched.values());
  const created = new Set(
    managedElements(head)
      .map((e) => e.address)
      .filter((a) => !matchedHeads.has(a)),
  );
  for (const a of imported) {
    if (created.has(a))
      notes.push({
        stack,
        address: a,
        message: "imported (import block): an existing object, not a new one.",
      });
  }

  // Replacements and the ones they cascade into, until nothing new is replaced.
  const replaced = new Map<string, Replacement>();
  const baseIdentity = (a: string) => matched.get(a) ?? `${a}#gone`;
  const headIdentity = (a: string) =>
    (created.has(a) && !imported.has(a)) || replaced.has(a) ? `${a}#new` : a;
  const baseRemote = remote && ((d: string, o: string) => remote.value("base", d, o));
  const headRemote = remote && ((d: string, o: string) => remote.value("head", d, o));
  const baseResolver = new ReferenceResolver(base, baseIdentity, baseRemote);
  let headResolver = new ReferenceResolver(head, headIdentity, headRemote);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [b, h] of matched) {
      if (replaced.has(h)) continue;
      const type = head.elements.get(h)!.type;
      const reasons = replacementReasons(
        type,
        withoutMeta(baseResolver.valuesOf(b)),
        withoutMeta(headResolver.valuesOf(h)),
      ).filter((r) => !hasDangling(r.after));
      if (reasons.length > 0) {
        replaced.set(h, { from: b, reasons });
        changed = true;
      }
    }
    if (changed) headResolver = new ReferenceResolver(head, headIdentity, headRemote);
  }
  return {
    stack,
    base,
    head,
    matched,
    created,
    imported,
    deleted,
    replaced,
    notes,
    baseResolver,
    headResolver,
    ...(remote ? { remote } : {}),
  };
}

/** The value an output of the analysed stack carries on one side (for the stacks that read it). */
export function outputValue(a: SynthAnalysis, side: "base" | "head", output: string): unknown {
  const doc = side === "base" ? a.base : a.head;
  if (!(output in doc.outputs)) return undefined;
  return (side === "base" ? a.baseResolver : a.headResolver).resolve(doc.outputs[output], `output.${output}`);
}

/** Which resources of the analysed stack an output (head side) is read from, and which of them change. */
export function outputOrigin(a: SynthAnalysis, output: string): CrossStackOrigin | undefined {
  if (!(output in a.head.outputs)) return undefined;
  const addresses = referencedManaged(a.head.outputs[output], a.head);
  const changed = addresses.filter((x) => a.replaced.has(x) || (a.created.has(x) && !a.imported.has(x)));
  return { stack: a.stack, output, addresses, changed };
}

/** Whether a resolved value holds a value of an object that is replaced or new (known after apply). */
function carriesNewIdentity(v: unknown): boolean {
  return hasUnknown(v) && /#new\b/.test(canonical(v));
}

/** `(data.terraform_remote_state.X address, output name)` of every cross-stack read in a raw value. */
function remoteReads(value: unknown): [string, string][] {
  const out: [string, string][] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      for (const r of parseReferences(v)) {
        if (r.kind === "data" && r.type === "terraform_remote_state" && r.attribute[0] === "outputs") {
          const output = r.attribute[1];
          if (output && !out.some(([d, o]) => d === r.address && o === output)) out.push([r.address, output]);
        }
      }
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(value);
  return out;
}

export function reviewSynthStack(
  stack: string,
  base: SynthDocument | undefined,
  head: SynthDocument | undefined,
  remote?: RemoteStacks,
): DataLossReview {
  if (!base) return { warnings: [], notes: [] };
  if (!head) {
    const warnings: DataLossWarning[] = [];
    for (const e of managedElements(base)) {
      if (!DATA_OWNING_TYPES.has(e.type)) continue;
      warnings.push({
        stack,
        address: e.address,
        type: e.type,
        kind: "destroy",
        preventDestroy: preventDestroy(e.values),
        message: `stack ${stack} disappears from the synth output: destroying it deletes ${e.address} (${lossNote(e.type)}).`,
        cause: `stack ${stack} removed from the synth output`,
        remedy: `keep the stack; if it must go, forget its data owners first (removed blocks with lifecycle { destroy = false }) or back their data up`,
        sources: [],
      });
    }
    return { warnings, notes: [] };
  }
  return reviewSynthAnalysis(analyzeSynthStack(stack, base, head, remote));
}

/**
 * The predicted replacements of data owners; with `crossStackOnly`, just those that follow a value read
 * from another stack (what a plan of this stack cannot show before that stack is applied).
 */
function replacementWarnings(analysis: SynthAnalysis, crossStackOnly: boolean): DataLossWarning[] {
  const { stack, base, head, created, replaced, remote } = analysis;
  const warnings: DataLossWarning[] = [];
  for (const [h, r] of replaced) {
    const type = head.elements.get(h)!.type;
    if (!DATA_OWNING_TYPES.has(type)) continue;
    const raws = r.reasons.map((reason) => pathValue(head.elements.get(h)!.values, reason.attribute));
    if (crossStackOnly && !raws.some((raw) => remoteReads(raw).length > 0)) continue;
    const baseValues = base.elements.get(r.from)!.values;
    const remedies: string[] = [];
    const why = r.reasons.map((reason, i) => {
      const raw = raws[i];
      const via = referencedManaged(raw, head).filter((a) => a !== h);
      const origins = remoteReads(raw).flatMap(([d, o]) => remote?.origin(d, o) ?? []);
      const follows = [
        ...via.filter((a) => replaced.has(a) || created.has(a)),
        ...origins.flatMap((o) => o.changed.map((a) => `${o.stack}: ${a}`)),
      ];
      if (follows.length > 0 && carriesNewIdentity(reason.after)) {
        remedies.push(`keep ${follows.join(", ")} (replacing it replaces ${h})`);
        return `${reason.attribute} changes with ${follows.join(", ")}, which is replaced or new (its value is known only after apply)`;
      }
      const from = [
        ...via,
        ...origins.map(
          (o) =>
            `${o.stack}: ${o.addresses.join(", ") || o.output} through a cross-stack output${o.changed.length > 0 ? `, which ${o.stack} replaces` : ""}`,
        ),
      ];
      const set = from.length > 0 ? ` (set from ${from.join("; ")})` : "";
      const when = reason.rule.when ? `, which forces a new resource ${reason.rule.when.description}` : "";
      remedies.push(
        origins.length > 0
          ? `keep what ${reason.attribute} is built from in ${[...new Set(origins.map((o) => o.stack))].join(", ")} (${origins.flatMap((o) => o.addresses).join(", ")}) as it was`
          : `keep ${reason.attribute} at ${readable(show(reason.before))}`,
      );
      return `${reason.attribute} ${readable(show(reason.before))} → ${readable(show(reason.after))}${set}${when}`;
    });
    warnings.push({
      stack,
      address: h,
      type,
      kind: "likely-replace",
      preventDestroy: preventDestroy(baseValues),
      sources: r.reasons.map((reason) => cite(reason.rule.source)),
      cause: why.join("; "),
      remedy: `${remedies.join("; ")}; if the change is intended, back up or migrate the data first: Terraform destroys the existing ${type}`,
      message: `${h} will be replaced: ${why.join("; ")}. Replacing it destroys the existing one: ${lossNote(type)}.${protectionText(baseValues)}`,
    });
  }
  return warnings;
}

/** The predicted replacements that follow values read from other stacks (see replacementWarnings). */
export function crossStackReplacements(analysis: SynthAnalysis): DataLossWarning[] {
  return replacementWarnings(analysis, true);
}

/** The warnings of an analysed stack change. */
export function reviewSynthAnalysis(analysis: SynthAnalysis): DataLossReview {
  const { stack, base, head, matched, created, deleted, baseResolver, headResolver } = analysis;
  const warnings: DataLossWarning[] = replacementWarnings(analysis, false);
  const notes = [...analysis.notes];
  const views = { before: new SynthView(base, baseResolver), after: new SynthView(head, headResolver) };

  // Deletions; a deleted data owner with a new twin of its type is most likely a rename without `moved`.
  const pairedTwins = new Set<string>();
  for (const b of deleted) {
    const e = base.elements.get(b)!;
    if (!DATA_OWNING_TYPES.has(e.type)) continue;
    const twin = findTwin(e.type, baseResolver.valuesOf(b), head, created, pairedTwins, headResolver);
    if (twin) {
      pairedTwins.add(twin);
      warnings.push({
        stack,
        address: b,
        type: e.type,
        kind: "likely-replace",
        preventDestroy: preventDestroy(e.values),
        message: `${b} disappears while ${twin} of the same type appears: a logical-id change without a moved block, so Terraform destroys the old ${e.type} and creates a new one (${lossNote(e.type)}). If it is the same object, add a moved block (cdktf: moveFromId("${b}") on the new resource).${protectionText(e.values)}`,
        cause: `logical id ${b} → ${twin} without a moved block`,
        remedy: `add a moved block from ${b} to ${twin} (cdktf: moveFromId("${b}") on the new resource)`,
        sources: [],
      });
    } else {
      const removedBlock = head.removed.some((r) => coveredBy(b, r.from) && r.destroy);
      warnings.push({
        stack,
        address: b,
        type: e.type,
        kind: "destroy",
        preventDestroy: preventDestroy(e.values),
        message: `${b} (${e.type}) is removed from the configuration: Terraform destroys it (${lossNote(e.type)}).${protectionText(e.values)}`,
        cause: removedBlock
          ? `removed block for ${b} with lifecycle { destroy = true }`
          : `${b} removed from the configuration`,
        remedy: `keep ${b} in the configuration, or stop managing it without deleting it (removed { from = ${b}, lifecycle { destroy = false } }); if it must go, back up its data first`,
        sources: [],
      });
    }
  }

  // Protection downgrades on what stays, removed protection resources, new lifecycle rules.
  const sides: [string | undefined, string | undefined][] = [
    ...matched,
    ...deleted.map((b): [string, undefined] => [b, undefined]),
    ...[...created].map((h): [undefined, string] => [undefined, h]),
  ];
  for (const [b, h] of sides) {
    const address = (h ?? b)!;
    const type = (h ? head : base).elements.get(address)!.type;
    const before = b === undefined ? undefined : baseResolver.valuesOf(b);
    const after = h === undefined ? undefined : headResolver.valuesOf(h);
    for (const f of protectionFindings(type, address, before, after, views, (a) => matched.has(a))) {
      warnings.push({
        stack,
        address,
        type,
        kind: f.kind,
        preventDestroy: false,
        message: f.message,
        cause: f.cause,
        remedy: f.remedy,
        sources: [],
      });
    }
  }
  return { warnings, notes };
}

function protectionText(values: Values): string {
  return preventDestroy(values)
    ? " prevent_destroy is set, so the apply will fail rather than lose data."
    : " It is NOT protected by prevent_destroy.";
}

/** The new resource of the same type that most resembles a deleted one. */
function findTwin(
  type: string,
  before: Values,
  head: SynthDocument,
  created: ReadonlySet<string>,
  taken: ReadonlySet<string>,
  resolver: ReferenceResolver,
): string | undefined {
  let best: string | undefined;
  let bestScore = -1;
  for (const a of created) {
    if (taken.has(a) || head.elements.get(a)?.type !== type) continue;
    const after = resolver.valuesOf(a);
    const keys = new Set([...Object.keys(before), ...Object.keys(after)].filter((k) => !META.has(k)));
    const score = [...keys].filter((k) => sameValue(before[k], after[k])).length;
    if (score > bestScore) {
      best = a;
      bestScore = score;
    }
  }
  return best;
}

/**
 * What only the configuration shows (a plan's values carry no `lifecycle`): prevent_destroy removed
 * from resources that stay. Used next to a plan's review.
 */
export function configOnlyDowngrades(
  stack: string,
  base: SynthDocument,
  head: SynthDocument,
): DataLossWarning[] {
  const moves = moveMap(head);
  const out: DataLossWarning[] = [];
  for (const e of managedElements(base)) {
    const h = head.elements.get(moves.get(e.address) ?? e.address);
    if (!h || h.type !== e.type || !preventDestroy(e.values) || preventDestroy(h.values)) continue;
    out.push({
      stack,
      address: h.address,
      type: h.type,
      kind: "protection-downgrade",
      preventDestroy: false,
      message: `${h.address} loses lifecycle.prevent_destroy: a later destroy or replacement would no longer be refused (a stage change to dev drops it).`,
      cause: "lifecycle.prevent_destroy removed",
      remedy: PREVENT_DESTROY_REMEDY,
      sources: [],
    });
  }
  return out;
}
