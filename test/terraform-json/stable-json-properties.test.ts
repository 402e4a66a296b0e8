/**
 * Property tests: stableStringify and writeStableJsonFile against cdktf's json-stable-stringify for
 * random values, with strings long enough for the long-string fast path (≥ 1,024 characters) and for
 * writeStableJsonFile's 16 K pieces, holding the characters JSON.stringify escapes or treats specially.
 */
import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { stableStringify, writeStableJsonFile } from "../../terraform-json/stable-json";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const original = require(
  require.resolve("json-stable-stringify", {
    paths: [dirname(require.resolve("cdktf"))],
  }),
) as (value: unknown, options?: { space?: number | string }) => string | undefined;

const SPECIAL = [
  '"',
  "\\",
  "\n",
  "\u0000",
  "\u001f",
  "\u007f",
  "\u2028",
  "\u2029",
  "\ud800",
  "\udbff",
  "\udc00",
  "\udfff",
  "\ud83d\ude00",
  "é",
  "/",
  "<",
];

/** A string of `length` filler characters with a few special ones put in at random places. */
const text = fc
  .record({
    length: fc.oneof(
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: 1000, max: 1100 }),
      fc.integer({ min: 16_000, max: 17_000 }),
    ),
    filler: fc.constantFrom("A", "é", "z9+/"),
    inserts: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...SPECIAL)), { maxLength: 3 }),
  })
  .map(({ length, filler, inserts }) => {
    let s = filler.repeat(Math.ceil(length / filler.length)).slice(0, length);
    for (const [at, c] of inserts) {
      const i = s.length === 0 ? 0 : at % (s.length + 1);
      s = s.slice(0, i) + c + s.slice(i);
    }
    return s;
  });

const key = fc.oneof(fc.constantFrom("a", "b", "", "10", "2", "é", "\u2028", "\ud800", '"k"'), fc.string());

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    text,
    fc.constantFrom(null, true, false, 0, -0, 1.5, 1e21, NaN, Infinity, undefined),
    fc.constant(() => 1),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(key, tie("value"), { maxKeys: 5 }),
    tie("value").map((inner) => ({ toJSON: () => inner })),
    fc.constant(new Date(0)),
  ),
}));

const space = fc.constantFrom<number | string | undefined>(2, 0, "\t", undefined);

describe("stable JSON writers against json-stable-stringify, random values", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "stable-json-props-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("stableStringify gives the original's text", () => {
    fc.assert(
      fc.property(value, space, (v, s) => {
        const options = s === undefined ? undefined : { space: s };
        expect(stableStringify(v, options)).toBe(original(v, options));
      }),
      { numRuns: 300 },
    );
  });

  test("writeStableJsonFile writes the original's text as UTF-8", () => {
    const file = join(dir, "out.json");
    fc.assert(
      fc.property(value, space, (v, s) => {
        const options = s === undefined ? undefined : { space: s };
        const expected = original(v, options);
        if (expected === undefined) {
          expect(() => writeStableJsonFile(file, v, options)).toThrow(TypeError);
          return;
        }
        writeStableJsonFile(file, v, options);
        expect(readFileSync(file).equals(Buffer.from(expected, "utf8"))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test("arrays of long strings around the 16 K piece size, one per element", () => {
    const file = join(dir, "pieces.json");
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 30 }), (list) => {
        const v = { list, nested: [[list]] };
        writeStableJsonFile(file, v, { space: 2 });
        expect(readFileSync(file).equals(Buffer.from(original(v, { space: 2 })!, "utf8"))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
