/**
 * `npm run config:print`: the effective config (what the stacks are built from) as YAML, with every
 * value the user did not write marked `# default`, so no default is invisible.
 */
import { Document, isMap, isScalar, isSeq, type Node, type Pair } from "yaml";
import { DATASET_SPEC_SCHEMA } from "../pipelines";
import type { ResolvedEnvironment, ResolvedLakehouseConfig } from "./resolve";
import { describeConfigLocation, type ConfigSource } from "./source";

/** Fields of a resolved environment that are derived for the stacks, not config fields. */
const NOT_CONFIG_FIELDS = ["id", "tags", "protectStatefulResources", "shortNamePrefix", "fullNamePrefix"];

/** One environment as config fields: the parsed entry with its derived names filled in. */
function effectiveEnvironment(env: ResolvedEnvironment, written: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...env };
  for (const field of NOT_CONFIG_FIELDS) delete out[field];
  const writtenTags = (written as { tags?: unknown } | undefined)?.tags;
  if (writtenTags !== undefined) out.tags = writtenTags;
  return out;
}

/**
 * The effective config: project and environments as resolved (defaults and derived names filled in)
 * and the dataset spec as parsed (its defaults filled in), in config shape.
 */
export function effectiveConfig(
  written: unknown,
  resolved: ResolvedLakehouseConfig,
): Record<string, unknown> {
  const input = (written ?? {}) as { datasets?: unknown; environments?: unknown[] };
  const out: Record<string, unknown> = { project: resolved.project };
  // A created metastore's stack id and tags are derived for its stack, not config fields.
  out.metastores = resolved.metastores.map(({ id: _id, tags: _tags, ...metastore }) => metastore);
  if (input.datasets !== undefined) out.datasets = parsedDatasets(input.datasets);
  out.environments = resolved.environments.map((env, i) =>
    effectiveEnvironment(env, input.environments?.[i]),
  );
  return out;
}

/** The written dataset spec with its defaults, in the shape written (one spec, or one per cloud). */
function parsedDatasets(datasets: unknown): unknown {
  const parsed = DATASET_SPEC_SCHEMA.safeParse(datasets);
  if (parsed.success) return parsed.data;
  const perCloud = datasets as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(perCloud).map(([cloud, spec]) => {
      const one = DATASET_SPEC_SCHEMA.safeParse(spec);
      return [cloud, one.success ? one.data : spec];
    }),
  );
}

const DEFAULT_MARK = " default";

/** Marks the pair's value as a default: after a scalar, or after the key of a collection. */
function markDefault(pair: Pair): void {
  const value = pair.value as Node | null;
  if (isScalar(value)) {
    value.comment = DEFAULT_MARK;
    return;
  }
  if ((isMap(value) || isSeq(value)) && value.items.length === 0) {
    value.flow = true;
    value.comment = DEFAULT_MARK;
    return;
  }
  if (isScalar(pair.key)) pair.key.comment = DEFAULT_MARK;
}

/** Walks the document beside what was written and marks the topmost node of every unwritten value. */
function markDefaults(node: unknown, written: unknown): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const w =
        written !== null && typeof written === "object"
          ? (written as Record<string, unknown>)[key]
          : undefined;
      if (w === undefined) markDefault(pair);
      else markDefaults(pair.value, w);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const w = Array.isArray(written) ? written[i] : undefined;
      if (w !== undefined) markDefaults(item, w);
    });
  }
}

/** The effective config as YAML, headed by which config it is, with defaults marked. */
export function renderEffectiveConfig(source: ConfigSource, resolved: ResolvedLakehouseConfig): string {
  const doc = new Document(effectiveConfig(source.input, resolved));
  markDefaults(doc.contents, source.input);
  doc.commentBefore = [
    ` ${describeConfigLocation(source)}`,
    " Effective config: what the stacks are built from. Values marked '# default' are not in the",
    " config as written; the library filled them in (set them to override).",
  ].join("\n");
  return doc.toString({ lineWidth: 0 });
}
