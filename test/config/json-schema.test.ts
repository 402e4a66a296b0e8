/**
 * The committed JSON Schema is the one generated from the zod schema, accepts the shipped examples and
 * rejects a typo'd field, so an editor using it through `$schema` checks what the loader checks.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import { JSON_SCHEMA_FILE, lakehouseJsonSchema, renderJsonSchema } from "../../config/json-schema";
import { readConfigFile } from "../../config/source";
import { validateJsonSchema } from "../support/json-schema-validator";

const committed = readFileSync(join(__dirname, "..", "..", JSON_SCHEMA_FILE), "utf8");
const schema = JSON.parse(committed) as Record<string, unknown>;
/** The example as a config file would hold it. */
const example = () => JSON.parse(JSON.stringify(EXAMPLE_CONFIG)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

type Node = {
  $ref?: string;
  properties?: Record<string, Node>;
  additionalProperties?: unknown;
  anyOf?: Node[];
  items?: Node;
};
/** A node, or the node its `$ref` points at (shared subschemas appear once and are referenced). */
const deref = (node: Node): Node =>
  node.$ref
    ? deref(
        node.$ref
          .slice(2)
          .split("/")
          .reduce<unknown>((n, part) => (n as Record<string, unknown>)[part], schema) as Node,
      )
    : node;
const config = (schema.definitions as Record<string, Node>).LakehouseConfig!;
const environment = (cloud: number) => config.properties!.environments!.items!.anyOf![cloud]!;

describe("the config's JSON Schema", () => {
  test("the committed file is the generated one (run `npm run schema` after changing config/schema.ts)", () => {
    expect(committed).toBe(renderJsonSchema());
  });

  test("accepts the built-in example, with a $schema key", () => {
    expect(validateJsonSchema(schema, { $schema: "./schema/lakehouse.schema.json", ...example() })).toEqual(
      [],
    );
    // The loader accepts the key too.
    expect(() => loadConfig({ $schema: "./schema/lakehouse.schema.json", ...EXAMPLE_CONFIG })).not.toThrow();
  });

  test("accepts the second example, as written in YAML (with its merge keys resolved)", () => {
    const file = join(__dirname, "..", "..", "examples", "retail-demand.yaml");
    expect(validateJsonSchema(schema, readConfigFile(file, "test"))).toEqual([]);
  });

  test("rejects a typo'd field, as the loader does", () => {
    const typo = example();
    typo.environments[0].storage.replicaton = typo.environments[0].storage.replication;
    expect(validateJsonSchema(schema, typo)).toEqual(
      expect.arrayContaining([expect.stringMatching(/unknown property 'replicaton'/)]),
    );
    expect(() => loadConfig(typo)).toThrow("unknown field 'replicaton'");
  });

  test("objects are closed where the loader's are: unknown keys are errors, not completions", () => {
    expect(config.additionalProperties).toBe(false);
    expect(config.properties!.project!.additionalProperties).toBe(false);
    for (const cloud of [0, 1]) {
      const env = environment(cloud);
      expect(env.additionalProperties).toBe(false);
      for (const section of ["storage", "streaming", "databricks", "network"]) {
        expect({ section, closed: deref(env.properties![section]!).additionalProperties }).toEqual({
          section,
          closed: false,
        });
      }
      expect(Object.keys(env.properties!.storage!.properties!)).not.toContain("replicaton");
    }
    const datasets = config.properties!.datasets!;
    expect(datasets.additionalProperties).toBe(false);
    expect(Object.keys(datasets.properties!)).toEqual([
      "sources",
      "tables",
      "features",
      "trainingSets",
      "maintenance",
    ]);
  });

  test("carries patterns and ranges for editors, and defaults are not required", () => {
    const project = config.properties!.project! as Node & { required?: string[] };
    expect(project.properties!.prefix).toEqual({ type: "string", pattern: "^[a-z][a-z0-9]{1,7}$" });
    expect(
      validateJsonSchema(schema, { ...example(), project: { ...example().project, prefix: "Fraud" } }),
    ).toEqual(["$.project.prefix: does not match ^[a-z][a-z0-9]{1,7}$"]);
    const required = (environment(1) as Node & { required: string[] }).required;
    expect(required).not.toContain("guardrails");
    expect(required).toContain("databricks");
  });

  test("the stream source of the one dataset spec is described", () => {
    expect(JSON.stringify(lakehouseJsonSchema())).toContain('"const":"stream"');
  });
});
