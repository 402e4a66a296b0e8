/**
 * The JSON fast path must read a config exactly as the YAML reading does, and leave every text it
 * could read differently (duplicate keys, YAML merge keys, invalid JSON) to the YAML reading.
 */
import fc from "fast-check";
import { parseDocument } from "yaml";
import { EXAMPLE_CONFIG } from "../../config";
import { parseStrictJson } from "../../config/strict-json";

/** The reading config/source.ts falls back to. */
const yamlReading = (text: string) =>
  parseDocument(text, { uniqueKeys: true, prettyErrors: false, merge: true }).toJS({
    maxAliasCount: 100,
  }) as unknown;

/** Whether some object in `value` has the key `<<`. */
function hasMergeKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasMergeKey);
  if (typeof value !== "object" || value === null) return false;
  return Object.keys(value).includes("<<") || Object.values(value).some(hasMergeKey);
}

describe("strict JSON fast path", () => {
  it("reads the example config as the YAML reading does", () => {
    for (const space of [0, 2]) {
      const text = JSON.stringify(EXAMPLE_CONFIG, null, space);
      expect(parseStrictJson(text)).toEqual(yamlReading(text));
      expect(parseStrictJson(text)).toEqual(JSON.parse(text));
    }
  });

  it("reads any JSON value as the YAML reading does", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2, "\t"), (value, space) => {
        const text = JSON.stringify(value, null, space);
        const fast = parseStrictJson(text);
        // JSON from a value has no duplicate keys: only a `<<` key (a merge under the YAML reading, which
        // fast-check generates about once in 10,000 values) is left to the YAML reading.
        if (fast === undefined) expect(hasMergeKey(value)).toBe(true);
        else expect(fast).toStrictEqual(yamlReading(text));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves a generated value with a `<<` key to the YAML reading (fast-check found it: [{"<<":""},0])', () => {
    expect(parseStrictJson(JSON.stringify([{ "<<": "" }, 0]))).toBeUndefined();
  });

  it.each([
    ['{"stage": "dev", "stage": "prod"}', "a duplicate key"],
    ['{"a": {"k": 1, "k": 2}}', "a duplicate key in a nested object"],
    ['[{"k": 1}, {"k": 1, "x": {"k": 2, "k": 3}}]', "a duplicate inside an array"],
    ['{"a": 1, "\\u0061": 2}', "a duplicate written with an escape"],
    ['{"<<": {"a": 1}}', "a YAML merge key"],
    ['{"a": 1,}', "invalid JSON (trailing comma)"],
    ["", "an empty file"],
  ])("leaves %s to the YAML reading (%s)", (text) => {
    expect(parseStrictJson(text)).toBeUndefined();
  });

  it("accepts the same key in different objects, keys that look like values, and escaped quotes", () => {
    const text = '{"a": {"k": "k"}, "b": {"k": ["k", {"k": "\\"k\\": 1"}]}, "k": "{\\"k\\": 2}"}';
    expect(parseStrictJson(text)).toEqual({ a: { k: "k" }, b: { k: ["k", { k: '"k": 1' }] }, k: '{"k": 2}' });
  });
});
