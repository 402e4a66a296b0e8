/**
 * Helpers to read a synthesized stack as Terraform JSON and assert on it. Tests look at the JSON a
 * user would apply, not at construct internals.
 */
import { Testing, type TerraformStack } from "cdktf";

export interface TerraformJson {
  terraform?: Record<string, unknown>;
  provider?: Record<string, unknown[]>;
  variable?: Record<string, Record<string, unknown>>;
  output?: Record<string, Record<string, unknown>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
}

/** Synthesizes a stack (aspects included) and parses the result. */
export function synthJson(stack: TerraformStack): TerraformJson {
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

/** All resources of one type, by logical id, without cdktf's `//` metadata. */
export function resourcesOf(json: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return stripMetadata(json.resource?.[type] ?? {});
}

/** All data sources of one type, by logical id. */
export function dataOf(json: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return stripMetadata(json.data?.[type] ?? {});
}

/** The single resource of a type; fails when there are none or several. */
export function onlyResource(json: TerraformJson, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOf(json, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0]!;
}

function stripMetadata(
  entries: Record<string, Record<string, unknown>>,
): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(entries).map(([id, body]) => {
      const { ["//"]: _metadata, ...rest } = body;
      return [id, rest];
    }),
  );
}

/** Every `${type.name…}` / `${data.type.name…}` / `${var.name}` reference in the document. */
export function references(json: TerraformJson): string[] {
  const found = new Set<string>();
  const text = JSON.stringify({ ...json, terraform: undefined });
  for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
    // An address, then its attribute path (consumed, so `….outputs.x` is not read as an address).
    for (const ref of match[1]!.matchAll(
      /\b((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)(?:\.[A-Za-z0-9_-]+|\[[^\]]*\])*/g,
    )) {
      found.add(ref[1]!);
    }
  }
  return [...found];
}

/**
 * References that name nothing declared in the same document (a resource, data source, variable or
 * local), i.e. what `terraform validate` would reject. Function names like `concat(` are not references.
 */
export function unresolvedReferences(json: TerraformJson): string[] {
  const declared = new Set<string>();
  for (const [type, byId] of Object.entries(json.resource ?? {}))
    for (const id of Object.keys(byId)) declared.add(`${type}.${id}`);
  for (const [type, byId] of Object.entries(json.data ?? {}))
    for (const id of Object.keys(byId)) declared.add(`data.${type}.${id}`);
  for (const name of Object.keys(json.variable ?? {})) declared.add(`var.${name}`);
  return references(json).filter((ref) => {
    if (ref === "terraform.workspace") return false; // built in
    if (ref.startsWith("var.")) return !declared.has(ref);
    const parts = ref.split(".");
    const address = ref.startsWith("data.") ? parts.slice(0, 3).join(".") : parts.slice(0, 2).join(".");
    return !declared.has(address);
  });
}
