/**
 * fast-check arbitraries for lakehouse configs, derived from the schema's own shape (zod) and from the
 * example: valid configs (the example with a subset of its environments and values the schema offers)
 * and near-valid ones (the same with fields deleted, types swapped, boundary numbers, hostile unicode
 * strings and keys named like Object.prototype members).
 */
import fc from "fast-check";
import type { z } from "zod";
import { EXAMPLE_CONFIG, type LakehouseConfigInput } from "../../config";
import { LAKEHOUSE_CONFIG_SCHEMA } from "../../config/schema";
import { DATASET_SPEC_SCHEMA } from "../../pipelines";

export type Path = readonly (string | number)[];
type Json = unknown;

/** Numbers at the edges: zero, signs, fractions, powers of two, limits of the clouds, non-finite. */
const BOUNDARY_NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  0.01,
  0.009,
  2,
  7,
  10,
  16,
  24,
  25,
  26,
  29,
  30,
  31,
  32,
  33,
  40,
  41,
  45,
  50,
  51,
  100,
  128,
  129,
  255,
  256,
  257,
  365,
  1000,
  1001,
  1440,
  10000,
  36500,
  2 ** 31,
  2 ** 53,
  1e21,
  1e-7,
  Infinity,
  -Infinity,
  NaN,
];

/** Keys an object lookup could confuse with Object.prototype (or use to reach it). */
export const PROTOTYPE_KEYS = [
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "__proto__",
  "isPrototypeOf",
];

/** Strings that are valid somewhere in the config, invalid elsewhere, or hostile everywhere. */
const STRING_POOL = [
  "",
  " ",
  ...PROTOTYPE_KEYS,
  "engineers",
  "analysts",
  "dataScientists",
  "mlServing",
  "dev",
  "prod",
  "staging",
  "azure",
  "aws",
  "us-east-1",
  "westeurope",
  "mars-1",
  "10.0.0.0/16",
  "10.0.0.0/32",
  "0.0.0.0/0",
  "8.8.0.0/20",
  "32.0.0.0/3",
  "203.0.113.0/24",
  "UTC",
  "Europe/Berlin",
  "Mars/Olympus",
  "europe/berlin",
  "USD",
  "DOGE",
  "2026-12-01",
  "2026-13-01",
  "ALL_PRIVILEGES",
  "SELECT",
  "schema:gold",
  "catalog",
  "m5d.large",
  "Standard_D4ds_v5",
  "a@b.co",
  "frdlh",
  "card-transactions",
  "card_transactions",
  "0 0 6 * * ?",
  "not a cron",
  "Vendor",
  "Name",
  "aws:reserved",
  "x".repeat(64),
  "x".repeat(300),
  "${var.secret}",
  "%{ if true }",
  "'; DROP TABLE t; --",
  "a > 0 OR (SELECT 1) = 1",
  "a\u202Eb",
  "a\u2066b",
  "x\u0000y",
  "line\u2028sep",
  "next\u0085line",
  "tab\there",
  "new\nline",
  "\uD800",
  "😀",
  "Zürich",
  "account users",
];

const stringValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...STRING_POOL) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/) },
);

const numberValue: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...BOUNDARY_NUMBERS) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 100_000 }) },
  { weight: 1, arbitrary: fc.double() },
);

/** Any JSON-ish value, for type swaps where the schema's type is unknown. */
const anyValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  numberValue,
  stringValue,
  fc.constant([]),
  fc.constant({}),
  fc.array(stringValue, { maxLength: 3 }),
  fc.dictionary(fc.oneof(stringValue, fc.constantFrom(...PROTOTYPE_KEYS)), stringValue, { maxKeys: 3 }),
);

// ---------------------------------------------------------------------------------------------------
// The schema's shape

type Def = { typeName: string } & Record<string, unknown>;
const def = (schema: z.ZodTypeAny): Def => schema._def as Def;

/** The schema without optional/default/refinement wrappers. */
function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  for (;;) {
    const d = def(schema);
    if (d.typeName === "ZodOptional" || d.typeName === "ZodNullable" || d.typeName === "ZodDefault")
      schema = d.innerType as z.ZodTypeAny;
    else if (d.typeName === "ZodEffects") schema = d.schema as z.ZodTypeAny;
    else if (d.typeName === "ZodLazy") schema = (d.getter as () => z.ZodTypeAny)();
    else return schema;
  }
}

/** The object schemas of a (discriminated) union, or the schema itself. */
function options(schema: z.ZodTypeAny): z.ZodTypeAny[] {
  const d = def(schema);
  if (d.typeName === "ZodDiscriminatedUnion" || d.typeName === "ZodUnion") {
    return [...(d.options as Iterable<z.ZodTypeAny>)].map(unwrap);
  }
  return [schema];
}

/**
 * The schema of the value at `path` in `root` (the config), or undefined where the schema does not
 * describe it (an unknown field). `datasets.<cloud>` is the dataset spec's schema.
 */
export function schemaAt(path: Path, root: Json): z.ZodTypeAny | undefined {
  let schema: z.ZodTypeAny | undefined = LAKEHOUSE_CONFIG_SCHEMA;
  let value: Json = root;
  for (let i = 0; i < path.length && schema; i++) {
    const key = path[i]!;
    if (i === 1 && path[0] === "datasets") {
      schema = DATASET_SPEC_SCHEMA;
    } else {
      schema = childSchema(unwrap(schema), key, value);
    }
    value = value !== null && typeof value === "object" ? (value as Record<string, Json>)[key] : undefined;
  }
  return schema;
}

function childSchema(schema: z.ZodTypeAny, key: string | number, value: Json): z.ZodTypeAny | undefined {
  const d = def(schema);
  switch (d.typeName) {
    case "ZodObject": {
      const shape = (schema as z.ZodObject<z.ZodRawShape>).shape;
      return typeof key === "string" && Object.hasOwn(shape, key) ? shape[key] : undefined;
    }
    case "ZodArray":
      return d.type as z.ZodTypeAny;
    case "ZodTuple":
      return (d.items as z.ZodTypeAny[])[key as number];
    case "ZodRecord":
      return d.valueType as z.ZodTypeAny;
    case "ZodDiscriminatedUnion":
    case "ZodUnion": {
      // The option the current value chooses (by its discriminator), else the first that has the key.
      const discriminator = d.discriminator as string | undefined;
      const chosen =
        discriminator !== undefined && value !== null && typeof value === "object"
          ? options(schema).find((o) => {
              const literal = def(unwrap((o as z.ZodObject<z.ZodRawShape>).shape[discriminator]!));
              return literal.value === (value as Record<string, Json>)[discriminator];
            })
          : undefined;
      for (const option of chosen ? [chosen] : options(schema)) {
        const child = childSchema(option, key, value);
        if (child) return child;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Optional keys of the object schema at `path` that `value` does not set yet. */
export function missingKeys(path: Path, root: Json, value: Record<string, Json>): string[] {
  const schema = schemaAt(path, root);
  if (!schema) return [];
  const keys = options(unwrap(schema)).flatMap((o) =>
    def(o).typeName === "ZodObject" ? Object.keys((o as z.ZodObject<z.ZodRawShape>).shape) : [],
  );
  return [...new Set(keys)].filter((k) => !Object.hasOwn(value, k));
}

/**
 * Values shaped by `schema`: enums and literals from its options, objects with their fields, arrays
 * and records of small size, strings and numbers from the pools above (so some pass the field's
 * rules and some do not).
 */
export function arbitraryFor(schema: z.ZodTypeAny | undefined, depth = 0): fc.Arbitrary<Json> {
  if (!schema || depth > 4) return anyValue;
  const byDepth = ARBITRARIES.get(schema) ?? new Map<number, fc.Arbitrary<Json>>();
  ARBITRARIES.set(schema, byDepth);
  let arbitrary = byDepth.get(depth);
  if (!arbitrary) {
    arbitrary = buildArbitrary(schema, depth);
    byDepth.set(depth, arbitrary);
  }
  return arbitrary;
}

/** Built once per schema and depth: arbitraries are immutable and reusable. */
const ARBITRARIES = new WeakMap<z.ZodTypeAny, Map<number, fc.Arbitrary<Json>>>();

function buildArbitrary(schema: z.ZodTypeAny, depth: number): fc.Arbitrary<Json> {
  const d = def(schema);
  switch (d.typeName) {
    case "ZodOptional":
    case "ZodNullable":
    case "ZodDefault":
      return arbitraryFor(d.innerType as z.ZodTypeAny, depth);
    case "ZodEffects":
      return arbitraryFor(d.schema as z.ZodTypeAny, depth);
    case "ZodLazy":
      return arbitraryFor((d.getter as () => z.ZodTypeAny)(), depth);
    case "ZodString":
      return stringValue;
    case "ZodNumber":
      return numberValue;
    case "ZodBoolean":
      return fc.boolean();
    case "ZodLiteral":
      return fc.constant(d.value);
    case "ZodEnum":
      return fc.constantFrom(...(d.values as string[]));
    case "ZodArray":
      return fc.array(arbitraryFor(d.type as z.ZodTypeAny, depth + 1), { maxLength: 3 });
    case "ZodTuple":
      return fc.tuple(...(d.items as z.ZodTypeAny[]).map((item) => arbitraryFor(item, depth + 1)));
    case "ZodRecord":
      return fc.dictionary(
        fc.oneof(stringValue, fc.constantFrom(...PROTOTYPE_KEYS)),
        arbitraryFor(d.valueType as z.ZodTypeAny, depth + 1),
        { maxKeys: 3 },
      );
    case "ZodObject": {
      const shape = (schema as z.ZodObject<z.ZodRawShape>).shape;
      const required = Object.keys(shape).filter((k) => !shape[k]!.isOptional());
      return fc.record(
        Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, arbitraryFor(s, depth + 1)])),
        { requiredKeys: required },
      );
    }
    case "ZodDiscriminatedUnion":
    case "ZodUnion":
      return fc.oneof(...options(schema).map((o) => arbitraryFor(o, depth + 1)));
    default:
      return anyValue;
  }
}

// ---------------------------------------------------------------------------------------------------
// Paths and edits on plain JSON

/** Every path to an object field or array element of `value`, parents before children. */
export function allPaths(value: Json, path: Path = []): Path[] {
  if (value === null || typeof value !== "object") return [];
  const entries: [string | number, Json][] = Array.isArray(value)
    ? value.map((v, i): [number, Json] => [i, v])
    : Object.entries(value as Record<string, Json>);
  return entries.flatMap(([key, child]) => [[...path, key], ...allPaths(child, [...path, key])]);
}

export function getAt(root: Json, path: Path): Json {
  return path.reduce<Json>(
    (v, k) => (v !== null && typeof v === "object" ? (v as Record<string | number, Json>)[k] : undefined),
    root,
  );
}

/** Sets (or, with `remove`, deletes) the value at `path`; arrays lose the element on delete. */
function editAt(root: Json, path: Path, value: Json, remove = false): void {
  const parent = getAt(root, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (parent === null || typeof parent !== "object") return;
  if (Array.isArray(parent)) {
    if (remove) parent.splice(key as number, 1);
    else parent[key as number] = value;
  } else if (remove) {
    delete (parent as Record<string, Json>)[key];
  } else {
    // defineProperty: an own `__proto__` key, as JSON.parse and the YAML loader produce it.
    Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  }
}

/** One change to a config, described for the failure report. */
export interface Mutation {
  readonly kind: string;
  readonly path: Path;
  readonly value?: Json;
}

/** Applies `mutation` to `config` in place. */
export function applyMutation(config: Json, mutation: Mutation): void {
  switch (mutation.kind) {
    case "delete":
      editAt(config, mutation.path, undefined, true);
      return;
    case "empty-array":
      editAt(config, mutation.path, []);
      return;
    case "duplicate-element": {
      const list = getAt(config, mutation.path);
      if (Array.isArray(list) && list.length > 0) list.push(structuredClone(list[0]));
      return;
    }
    default:
      editAt(config, mutation.path, mutation.value);
  }
}

/** A mutation at one of `paths` of `base`: a schema-shaped value, a swap, a boundary, a deletion, a new key. */
function mutationOf(base: Json, paths: readonly Path[]): fc.Arbitrary<Mutation> {
  const byPath = new Map<Path, fc.Arbitrary<Mutation>>();
  return fc.constantFrom(...paths).chain((path) => {
    let arbitrary = byPath.get(path);
    if (!arbitrary) {
      arbitrary = mutationAt(base, path);
      byPath.set(path, arbitrary);
    }
    return arbitrary;
  });
}

/** The mutations of the value at `path` of `base`. */
function mutationAt(base: Json, path: Path): fc.Arbitrary<Mutation> {
  const current = getAt(base, path);
  const kinds: fc.Arbitrary<Mutation>[] = [
    arbitraryFor(schemaAt(path, base)).map((value) => ({ kind: "schema-value", path, value })),
    anyValue.map((value) => ({ kind: "type-swap", path, value })),
    numberValue.map((value) => ({ kind: "boundary-number", path, value })),
    stringValue.map((value) => ({ kind: "string", path, value })),
    fc.constant({ kind: "delete", path }),
  ];
  if (Array.isArray(current)) {
    kinds.push(fc.constant({ kind: "empty-array", path }), fc.constant({ kind: "duplicate-element", path }));
  }
  if (current !== null && typeof current === "object" && !Array.isArray(current)) {
    const optional = missingKeys(path, base, current as Record<string, Json>);
    const keys = fc.constantFrom(...PROTOTYPE_KEYS, ...optional, "unknownField");
    kinds.push(
      keys.chain((key) =>
        arbitraryFor(schemaAt([...path, key], base)).map((value) => ({
          kind: "add-key",
          path: [...path, key],
          value,
        })),
      ),
    );
  }
  return fc.oneof(...kinds);
}

/** A generated config and how it was made from the example. */
export interface GeneratedConfig {
  readonly environments: readonly number[];
  readonly mutations: readonly Mutation[];
  readonly config: LakehouseConfigInput;
}

/** The example with only the environments at `indices` (each environment is self-contained). */
function exampleWith(indices: readonly number[]): LakehouseConfigInput {
  const config = structuredClone(EXAMPLE_CONFIG);
  config.environments = indices.map((i) => config.environments[i]!);
  return structuredClone(config); // unshare arrays the example reuses between environments
}

const ENVIRONMENT_INDICES = EXAMPLE_CONFIG.environments.map((_, i) => i);

/**
 * Configs from the example: a non-empty subset of its environments, then `minMutations`–`maxMutations`
 * changes at random paths. With `maxMutations: 0` every config is valid.
 */
export function generatedConfig(options: {
  minMutations: number;
  maxMutations: number;
  maxEnvironments?: number;
}): fc.Arbitrary<GeneratedConfig> {
  // Per subset of environments: the base config, its paths and the mutations over them, built once.
  const cache = new Map<string, { base: LakehouseConfigInput; mutations: fc.Arbitrary<Mutation[]> }>();
  const forSubset = (environments: readonly number[]) => {
    const key = environments.join(",");
    let entry = cache.get(key);
    if (!entry) {
      const base = exampleWith(environments);
      entry = {
        base,
        mutations: fc.array(mutationOf(base, allPaths(base)), {
          minLength: options.minMutations,
          maxLength: options.maxMutations,
        }),
      };
      cache.set(key, entry);
    }
    return entry;
  };
  return fc
    .subarray(ENVIRONMENT_INDICES, {
      minLength: 1,
      maxLength: options.maxEnvironments ?? ENVIRONMENT_INDICES.length,
    })
    .chain((environments) => {
      const { base, mutations } = forSubset(environments);
      return mutations.map((list) => {
        const config = structuredClone(base);
        for (const mutation of list) applyMutation(config, mutation);
        return { environments, mutations: list, config };
      });
    });
}

/** A short description of a generated config for failure messages. */
export function describeGenerated(generated: GeneratedConfig): string {
  return JSON.stringify({ environments: generated.environments, mutations: generated.mutations }, (_k, v) =>
    typeof v === "number" && !Number.isFinite(v) ? String(v) : (v as unknown),
  );
}
