/**
 * stableStringify must write what cdktf's json-stable-stringify writes, byte for byte: the bundled synth
 * app uses it for every `cdk.tf.json` and `manifest.json`.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { buildLayers, exampleEnvironment } from "../support/layers";
import { stableStringify, writeStableJsonFile } from "../../terraform-json/stable-json";

// cdktf's own copy (nested under cdktf/node_modules), as cdktf's synthesizer requires it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const original = require(
  require.resolve("json-stable-stringify", {
    paths: [dirname(require.resolve("cdktf"))],
  }),
) as (value: unknown, options?: { space?: number | string }) => string | undefined;

const samples: Record<string, unknown> = {
  "nested objects and arrays": { b: [1, { z: true, a: null }, []], a: { y: "x", x: {} }, c: 'q"\n\u2028' },
  "keys sorted by code unit, numeric-like keys as strings": { "10": 1, "2": 2, B: 3, a: 4, é: 5, "": 6 },
  "undefined, functions and symbols left out, null in arrays": {
    u: undefined,
    f: () => 1,
    s: Symbol("s"),
    list: [undefined, () => 1, Symbol("t"), 0],
  },
  "toJSON used": {
    when: new Date(0),
    custom: { toJSON: () => ({ b: 1, a: [2] }) },
    gone: { toJSON: () => undefined },
  },
  numbers: [0, -0, 1.5, 1e21, NaN, Infinity, -3],
  "empty object": {},
  "empty array": [],
  "a string": "text",
  null: null,
  "shared (not cyclic) object": ((shared) => ({ a: shared, b: [shared] }))({ k: 1 }),
};

describe("stableStringify writes what json-stable-stringify writes", () => {
  for (const [name, value] of Object.entries(samples)) {
    test.each([2, 4, 0, "\t", undefined])(`${name}, space %p`, (space) => {
      const options = space === undefined ? undefined : { space };
      expect(stableStringify(value, options)).toBe(original(value, options));
    });
  }

  test("a toJSON given to the primitives' prototypes is used as the original uses it (truthy values only)", () => {
    const proto = String.prototype as { toJSON?: () => unknown };
    proto.toJSON = function (this: string) {
      return `<${this}>`;
    };
    try {
      const value = { s: "text", empty: "", list: ["a", 0, false] };
      expect(stableStringify(value, { space: 2 })).toBe(original(value, { space: 2 }));
      expect(stableStringify(value)).toBe('{"empty":"","list":["<a>",0,false],"s":"<text>"}');
    } finally {
      delete proto.toJSON;
    }
  });

  test("undefined at the top is undefined", () => {
    expect(stableStringify(undefined, { space: 2 })).toBeUndefined();
    expect(original(undefined, { space: 2 })).toBeUndefined();
  });

  test("an empty object or array spans two lines, indented to its level", () => {
    expect(stableStringify({ a: {}, b: [] }, { space: 2 })).toBe('{\n  "a": {\n  },\n  "b": [\n  ]\n}');
  });

  test("a cycle throws as JSON.stringify's does", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stableStringify(cyclic, { space: 2 })).toThrow("Converting circular structure to JSON");
  });

  test("options other than space are refused", () => {
    expect(() => stableStringify({}, { cycles: true } as never)).toThrow("'space' option only");
  });

  test.each(["azure-prod", "aws-prod"])("the %s layers' synthesized JSON", (id) => {
    const { environment, workspace } = buildLayers(exampleEnvironment(id));
    for (const json of [environment, workspace]) {
      const text = stableStringify(json, { space: 2 });
      expect(text).toBe(original(json, { space: 2 }));
      expect(text!.length).toBeGreaterThan(10_000);
    }
  });
});

describe("writeStableJsonFile writes the bytes of writeFileSync(path, stableStringify(value))", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "stable-json-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The file's bytes as UTF-8 text, after checking they are what Buffer.from(text) gives. */
  function written(value: unknown, options?: { space?: number | string }): string {
    const file = join(dir, "out.json");
    writeStableJsonFile(file, value, options);
    const bytes = readFileSync(file);
    expect(bytes.equals(Buffer.from(stableStringify(value, options)!, "utf8"))).toBe(true);
    return bytes.toString("utf8");
  }

  test.each(Object.keys(samples))("%s", (name) => {
    written(samples[name], { space: 2 });
    written(samples[name]);
  });

  test("text in pieces: long strings as they are or escaped, non-ASCII, surrogate pairs and lone surrogates", () => {
    const long = "QUJD".repeat(5000); // 20,000 characters, base64-like: nothing to escape
    const value = {
      files: Array.from({ length: 40 }, (_, i) => ({
        content_base64: i % 3 === 0 ? long : `${long.slice(0, 2000 + i)}`,
        escaped: `${"x".repeat(3000)}"quoted"\n${i}`,
        emoji: `${"é".repeat(1500)}\u{1F600}${"😀".repeat(700)}`,
        lone: `${"y".repeat(1200)}\ud800 and \udfff`,
        list: [long.slice(0, 1024), long.slice(0, 1023), "short"],
      })),
    };
    const text = written(value, { space: 2 });
    expect(text.length).toBeGreaterThan(400_000);
    expect(text).toContain(`"content_base64": "${long}"`);
    expect(text).toContain('\\"quoted\\"\\n7"');
    expect(text).toContain("\\ud800 and \\udfff");
  });

  test("a long string at the top, and files that shrink (the buffer is reused)", () => {
    expect(written("Z".repeat(70_000))).toBe(`"${"Z".repeat(70_000)}"`);
    expect(written({ b: 1, a: "é" }, { space: 2 })).toBe('{\n  "a": "é",\n  "b": 1\n}');
  });

  test("nothing to write throws, as writeFileSync(path, undefined) does, and writes nothing", () => {
    const file = join(dir, "none.json");
    expect(() => writeStableJsonFile(file, undefined)).toThrow(TypeError);
    expect(() => readFileSync(file)).toThrow("ENOENT");
  });

  test("a value whose toJSON writes another file while the first is being written", () => {
    const inner = join(dir, "inner.json");
    const value = {
      a: "Y".repeat(2000),
      b: { toJSON: () => (writeStableJsonFile(inner, { inner: "é" }), 1) },
      c: "Z".repeat(20_000),
    };
    expect(written(value)).toBe(`{"a":"${"Y".repeat(2000)}","b":1,"c":"${"Z".repeat(20_000)}"}`);
    expect(readFileSync(inner, "utf8")).toBe('{"inner":"é"}');
    // And the buffer still serves the next file.
    expect(written({ after: [1, "x"] })).toBe('{"after":[1,"x"]}');
  });

  test("the azure-dev layers' synthesized JSON", () => {
    const { environment, workspace } = buildLayers(exampleEnvironment("azure-dev"));
    for (const json of [environment, workspace])
      expect(written(json, { space: 2 }).length).toBeGreaterThan(10_000);
  });
});
