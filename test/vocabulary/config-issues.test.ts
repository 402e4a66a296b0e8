/**
 * `matching` (a zod string check) and `matchingKey` (a refinement, for record keys) word their issues
 * alike: `<path>: '<value>' <rule>`, the key itself for a record key.
 */
import { z } from "zod";
import { LAKEHOUSE_CONFIG_SCHEMA } from "../../config/schema";
import { formatPath, formatZodIssue, matching, matchingKey } from "../../vocabulary/config-issues";

function issuesOf(schema: z.ZodTypeAny, input: unknown): string[] {
  const parsed = schema.safeParse(input);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => formatZodIssue(issue, input, (path) => formatPath(path, input)));
}

describe("matching and matchingKey", () => {
  const name = matching(/^[a-z]+$/, "must be lowercase letters");
  const schema = z
    .object({
      name,
      names: z.array(name),
      labels: z.record(matchingKey(/^[a-z]+$/, "must be a lowercase key"), name),
    })
    .strict();

  test("a value that matches passes", () => {
    expect(issuesOf(schema, { name: "abc", names: ["x"], labels: { k: "v" } })).toEqual([]);
  });

  test("each failing value and key is named with the rule", () => {
    expect(issuesOf(schema, { name: "Abc", names: ["ok", "a b"], labels: { Key: "v", k: "V1" } })).toEqual([
      "name: 'Abc' must be lowercase letters",
      "names[1]: 'a b' must be lowercase letters",
      "labels.Key: 'Key' must be a lowercase key",
      "labels.k: 'V1' must be lowercase letters",
    ]);
  });

  test("a value that is no string says so", () => {
    expect(issuesOf(name, 3)).toEqual(["(root): 3 must be a string, got number"]);
  });

  test("a long value is cut and unprintable characters are shown", () => {
    expect(issuesOf(name, `${"x".repeat(70)}\u0007`)).toEqual([
      `(root): '${"x".repeat(60)}…' must be lowercase letters`,
    ]);
    expect(issuesOf(name, "a\u0007")).toEqual(["(root): 'a\\u{7}' must be lowercase letters"]);
  });

  test("a rule starting in upper case is refused (the issue's text would read otherwise)", () => {
    expect(() => matching(/^a$/, "Must be a")).toThrow("the rule must start in lower case");
  });
});

describe("record keys of the lakehouse config take matchingKey", () => {
  /** Every record key schema in `schema`, with the path of its record. */
  function recordKeys(
    schema: z.ZodTypeAny,
    path: string,
    seen = new Set<z.ZodTypeAny>(),
  ): [string, z.ZodTypeAny][] {
    if (seen.has(schema)) return [];
    seen.add(schema);
    const def = schema._def as Record<string, unknown>;
    const inner = (value: unknown, at: string) => recordKeys(value as z.ZodTypeAny, at, seen);
    if (schema instanceof z.ZodRecord)
      return [[path, schema.keySchema], ...inner(schema.valueSchema, `${path}.*`)];
    if (schema instanceof z.ZodObject)
      return Object.entries(schema.shape as Record<string, z.ZodTypeAny>).flatMap(([key, value]) =>
        inner(value, `${path}.${key}`),
      );
    if (schema instanceof z.ZodArray) return inner(schema.element, `${path}[]`);
    if (schema instanceof z.ZodUnion || schema instanceof z.ZodDiscriminatedUnion)
      return (schema.options as z.ZodTypeAny[]).flatMap((option) => inner(option, path));
    for (const key of ["innerType", "schema", "type", "in", "out"])
      if (def[key] instanceof z.ZodType) return inner(def[key], path);
    return [];
  }

  test("no record key is a matching() check, whose message would quote the entry's value, not the key", () => {
    const keys = recordKeys(LAKEHOUSE_CONFIG_SCHEMA, "(root)");
    expect(keys.length).toBeGreaterThanOrEqual(3);
    const checks = keys.filter(([, key]) => key instanceof z.ZodString && key._def.checks.length > 0);
    expect(checks.map(([path]) => path)).toEqual([]);
  });
});
