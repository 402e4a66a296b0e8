/**
 * The parts of a synthesized stack (`cdk.tf.json`) the data-loss review reads: managed resources and
 * data sources with their attributes, locals, and the `moved`, `import` and `removed` blocks.
 *
 * cdktf 0.21 writes `moved: [{ from, to }]` for `moveTo`/`moveToId`/`moveFromId` and
 * `import: [{ to, id, provider? }]` for `importFrom` (node_modules/cdktf/lib/terraform-resource.js,
 * `toTerraform`); it has no API for `removed`, which a stack can only add as a raw override
 * (`stack.addOverride("removed", [{ from, lifecycle: { destroy: false } }])`).
 */
import { type StackBackend, stackBackend } from "../../terraform-json/cross-stack";
import { type Values, blockList, isRecord } from "./values";

export interface SynthElement {
  /** `type.name` for resources, `data.type.name` for data sources. */
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  /** Attributes as written (references still `${…}`), without cdktf's `//` metadata. */
  readonly values: Values;
}

export interface MovedBlock {
  readonly from: string;
  readonly to: string;
}

export interface ImportBlock {
  readonly to: string;
  readonly id?: string;
}

export interface RemovedBlock {
  readonly from: string;
  /** `lifecycle.destroy`: false forgets the object (it keeps existing, unmanaged). */
  readonly destroy: boolean;
}

export interface SynthDocument {
  readonly elements: ReadonlyMap<string, SynthElement>;
  readonly locals: Values;
  readonly moved: readonly MovedBlock[];
  readonly imports: readonly ImportBlock[];
  readonly removed: readonly RemovedBlock[];
  /** Output name → its `value` as written (cross-stack outputs are read through these). */
  readonly outputs: Values;
  /** `terraform.backend`: what a consumer's `terraform_remote_state` names to read this stack. */
  readonly backend?: StackBackend;
}

/** Reads one synthesized stack; tolerant of absent sections. */
export function readSynthDocument(json: Values): SynthDocument {
  const elements = new Map<string, SynthElement>();
  for (const [mode, section] of [
    ["managed", json.resource],
    ["data", json.data],
  ] as const) {
    if (!isRecord(section)) continue;
    for (const [type, byName] of Object.entries(section)) {
      if (!isRecord(byName)) continue;
      for (const [name, body] of Object.entries(byName)) {
        if (!isRecord(body)) continue;
        const { "//": _meta, ...values } = body;
        const address = mode === "data" ? `data.${type}.${name}` : `${type}.${name}`;
        elements.set(address, { address, mode, type, name, values });
      }
    }
  }
  const locals = blockList(json.locals).reduce<Record<string, unknown>>((acc, l) => ({ ...acc, ...l }), {});
  const outputs = Object.fromEntries(
    Object.entries(isRecord(json.output) ? json.output : {}).flatMap(([name, o]) =>
      isRecord(o) ? [[name, o.value]] : [],
    ),
  );
  const backend = stackBackend(json);
  return {
    elements,
    locals,
    outputs,
    ...(backend ? { backend } : {}),
    moved: blockList(json.moved).flatMap((m) =>
      typeof m.from === "string" && typeof m.to === "string" ? [{ from: m.from, to: m.to }] : [],
    ),
    imports: blockList(json.import).flatMap((i) =>
      typeof i.to === "string" ? [{ to: i.to, id: typeof i.id === "string" ? i.id : undefined }] : [],
    ),
    removed: blockList(json.removed).flatMap((r) => {
      if (typeof r.from !== "string") return [];
      const lifecycle = blockList(r.lifecycle)[0];
      return [{ from: r.from, destroy: !(lifecycle?.destroy === false || lifecycle?.destroy === "false") }];
    }),
  };
}

/** Managed resources only. */
export function managedElements(doc: SynthDocument): SynthElement[] {
  return [...doc.elements.values()].filter((e) => e.mode === "managed");
}
