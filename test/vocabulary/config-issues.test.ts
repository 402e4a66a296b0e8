/**
 * `matching` (a zod string check) and `matchingKey` (a refinement, for record keys) word their issues
 * alike: `<path>: '<value>' <rule>`, the key itself for a record key.
 */
import { z } from "zod";
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
