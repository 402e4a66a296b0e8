/**
 * A synthesized stack, `cdk.tf.json` (or `stack.toTerraform()`): its JSON shape, the reader to the stack
 * model, and the document-level questions tests ask (elements of a type, references that resolve).
 */
import { basename, dirname } from "node:path";
import { TerraformJsonError } from "./errors";
import type { ElementMode, ProviderConfig, StackModel, TerraformElement } from "./model";
import { parseReferences, type Reference } from "./references";
import { blocks, isRecord } from "./values";

/** The JSON cdktf writes for one stack. Element bodies keep cdktf's `//` metadata. */
export interface SynthesizedStackJson {
  "//"?: Record<string, unknown>;
  terraform?: Record<string, unknown>;
  provider?: Record<string, unknown[]>;
  variable?: Record<string, Record<string, unknown>>;
  locals?: Record<string, unknown>;
  output?: Record<string, Record<string, unknown>>;
  module?: Record<string, Record<string, unknown>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
}

/** Whether a parsed JSON document looks like a synthesized stack (and not a plan). */
export function isSynthesizedStack(json: unknown): json is SynthesizedStackJson {
  return isRecord(json) && !("format_version" in json) && ("resource" in json || "terraform" in json);
}

/** Options of {@link readSynthesizedStack}. */
export interface ReadSynthesizedStackOptions {
  /** The file it came from: error messages name it. @default "<memory>" */
  readonly path?: string;
  /** Stack name when cdktf's metadata has none. @default the parent directory of `path` */
  readonly name?: string;
}

function elements(json: Record<string, unknown>, mode: ElementMode, path: string): TerraformElement[] {
  const section = mode === "data" ? "data" : "resource";
  const byType = json[section] ?? {};
  if (!isRecord(byType)) throw new TerraformJsonError(`${path}: "${section}" must be an object`);
  const out: TerraformElement[] = [];
  // Sorted like the file cdktf writes (json-stable-stringify), whatever order the object was built in.
  for (const type of Object.keys(byType).sort()) {
    const byName = byType[type];
    if (!isRecord(byName)) throw new TerraformJsonError(`${path}: ${section}.${type} must be an object`);
    for (const name of Object.keys(byName).sort()) {
      const body = byName[name];
      if (!isRecord(body))
        throw new TerraformJsonError(`${path}: ${section}.${type}.${name} must be an object`);
      const { "//": meta, ...attributes } = body;
      const constructPath = isRecord(meta) && isRecord(meta.metadata) ? meta.metadata.path : undefined;
      out.push({
        mode,
        type,
        name,
        address: mode === "data" ? `data.${type}.${name}` : `${type}.${name}`,
        attributes,
        ...(typeof constructPath === "string" ? { constructPath } : {}),
      });
    }
  }
  return out;
}

function providers(json: Record<string, unknown>): ProviderConfig[] {
  const section = isRecord(json.provider) ? json.provider : {};
  return Object.entries(section).flatMap(([name, configs]) =>
    blocks(configs).map((attributes) => ({
      name,
      ...(typeof attributes.alias === "string" ? { alias: attributes.alias } : {}),
      attributes,
    })),
  );
}

/** The stack model of a synthesized stack. */
export function readSynthesizedStack(
  json: SynthesizedStackJson | Readonly<Record<string, unknown>>,
  options: ReadSynthesizedStackOptions = {},
): StackModel {
  const doc = json as Record<string, unknown>;
  const path = options.path ?? "<memory>";
  const meta = isRecord(doc["//"]) && isRecord(doc["//"].metadata) ? doc["//"].metadata : undefined;
  const name =
    typeof meta?.stackName === "string" ? meta.stackName : (options.name ?? basename(dirname(path)));
  return {
    name,
    source: "synth",
    path,
    resources: elements(doc, "managed", path),
    dataSources: elements(doc, "data", path),
    deleted: [],
    providers: providers(doc),
    synth: doc,
  };
}

function withoutMetadata(
  entries: Record<string, Record<string, unknown>>,
): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(entries).map(([id, body]) => {
      const { ["//"]: _metadata, ...rest } = body;
      return [id, rest];
    }),
  );
}

/** All resources of one type, by logical id, without cdktf's `//` metadata. */
export function resourcesOf(
  json: SynthesizedStackJson,
  type: string,
): Record<string, Record<string, unknown>> {
  return withoutMetadata(json.resource?.[type] ?? {});
}

/** All data sources of one type, by logical id, without cdktf's `//` metadata. */
export function dataOf(json: SynthesizedStackJson, type: string): Record<string, Record<string, unknown>> {
  return withoutMetadata(json.data?.[type] ?? {});
}

/** The single resource of a type; throws when there are none or several. */
export function onlyResource(json: SynthesizedStackJson, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOf(json, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0]!;
}

function collectReferences(value: unknown, into: Map<string, Reference>): void {
  if (typeof value === "string") {
    for (const ref of parseReferences(value)) if (!into.has(ref.address)) into.set(ref.address, ref);
  } else if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, into);
  } else if (isRecord(value)) {
    for (const item of Object.values(value)) collectReferences(item, into);
  }
}

function documentReferences(json: SynthesizedStackJson): Reference[] {
  const found = new Map<string, Reference>();
  for (const [key, value] of Object.entries(json)) if (key !== "terraform") collectReferences(value, found);
  return [...found.values()];
}

/**
 * The address of everything the document refers to (`aws_s3_bucket.B`, `data.x.y`, `var.v`, `local.l`,
 * `module.m`, `each.value`), outside the `terraform` block (backend settings hold no references).
 */
export function references(json: SynthesizedStackJson): string[] {
  return documentReferences(json).map((ref) => ref.address);
}

/**
 * References that name nothing declared in the same document (a resource, data source, variable, local
 * or module), i.e. what `terraform validate` would reject. `each`, `count`, `self` and `path` values
 * are not declarations and are not reported.
 */
export function unresolvedReferences(json: SynthesizedStackJson): string[] {
  const declared = new Set<string>();
  for (const [type, byId] of Object.entries(json.resource ?? {}))
    for (const id of Object.keys(byId)) declared.add(`${type}.${id}`);
  for (const [type, byId] of Object.entries(json.data ?? {}))
    for (const id of Object.keys(byId)) declared.add(`data.${type}.${id}`);
  for (const name of Object.keys(json.variable ?? {})) declared.add(`var.${name}`);
  for (const name of Object.keys(json.locals ?? {})) declared.add(`local.${name}`);
  for (const name of Object.keys(json.module ?? {})) declared.add(`module.${name}`);
  return documentReferences(json)
    .filter((ref) => ref.kind !== "meta" && !declared.has(ref.address))
    .map((ref) => ref.address);
}
