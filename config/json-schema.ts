/**
 * The JSON Schema of the lakehouse config, generated from the zod schema (the dataset spec included),
 * so editors complete and check a config file through its `$schema` key. Committed as
 * `schema/lakehouse.schema.json`; `npm run schema` regenerates it and a test keeps it current.
 */
import { ignoreOverride, zodToJsonSchema } from "zod-to-json-schema";
import { MATCHING_PATTERNS, WHOLE_NUMBER_RANGES } from "../vocabulary/config-issues";
import { DATASET_SPEC_SCHEMA } from "../pipelines";
import { LAKEHOUSE_CONFIG_SCHEMA } from "./schema";

/** Where the generated schema is committed, relative to the repository root. */
export const JSON_SCHEMA_FILE = "schema/lakehouse.schema.json";

/** The config schema as JSON Schema (draft-07), with the dataset spec in place of `datasets: unknown`. */
export function lakehouseJsonSchema(): Record<string, unknown> {
  // The loader validates `datasets` itself (one spec, or the deprecated per-cloud shape); editors get
  // the one-spec shape.
  const documented = LAKEHOUSE_CONFIG_SCHEMA.extend({ datasets: DATASET_SPEC_SCHEMA.optional() });
  const schema = zodToJsonSchema(documented, {
    name: "LakehouseConfig",
    // Defaults are what the user may leave out: editors should not require them.
    effectStrategy: "input",
    pipeStrategy: "input",
    // Patterns and whole-number ranges are zod refinements (so their messages name the value and the
    // rule); give editors the pattern and the range.
    override: (def) => {
      const pattern = MATCHING_PATTERNS.get(def);
      if (pattern) return { type: "string", pattern: pattern.source };
      const range = WHOLE_NUMBER_RANGES.get(def);
      if (range) return { type: "integer", minimum: range.min, maximum: range.max };
      return ignoreOverride;
    },
  }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: "cdktf-lakehouse config",
    description:
      "A medallion lakehouse on Databricks (Azure and AWS): project, dataset spec and environments. Generated from config/schema.ts; see README: Configuration.",
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== "$schema")),
  };
}

/** The committed file's text: stable key order as generated, two-space indent, trailing newline. */
export function renderJsonSchema(): string {
  return `${JSON.stringify(lakehouseJsonSchema(), null, 2)}\n`;
}
