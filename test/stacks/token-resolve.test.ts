/**
 * `stacks/token-resolve.ts` must give what cdktf's own resolve gives — the same value or the same
 * error — for every value a construct can hold: random values mixing every token kind here; whole
 * example apps against cdktf's App and resolve in single-resolve-app.test.ts.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  App,
  DefaultTokenResolver,
  Fn,
  Lazy,
  StringConcat,
  TerraformLocal,
  TerraformStack,
  TerraformVariable,
  Token,
} from "cdktf";
import fc from "fast-check";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object cdktf reads
import resolveModule = require("cdktf/lib/tokens/private/resolve");
import { cdktfResolve, holdsNoToken, mayHoldNumberToken, resolve } from "../../stacks/token-resolve";

type Outcome = { value: unknown } | { error: string };

function outcome(run: () => unknown): Outcome {
  try {
    return { value: run() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Runs `body` with cdktf's resolve installed (so tokens' own nested resolves use it too). */
function withCdktfResolve<T>(body: () => T): T {
  const installed = resolveModule.resolve;
  (resolveModule as { resolve: unknown }).resolve = cdktfResolve;
  try {
    return body();
  } finally {
    (resolveModule as { resolve: unknown }).resolve = installed;
  }
}

describe("token resolve", () => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), "token-resolve-")) });
  const stack = new TerraformStack(app, "tokens");
  const variable = new TerraformVariable(stack, "region", { type: "string" });
  const local = new TerraformLocal(stack, "names", ["a", "b"]);
  const resolver = new DefaultTokenResolver(new StringConcat());

  const both = (value: unknown, preparing: boolean) => {
    const options = { scope: stack, preparing, resolver };
    return {
      cdktf: outcome(() => withCdktfResolve(() => cdktfResolve(value, options))),
      fast: outcome(() => resolve(value, options)),
    };
  };

  it("is installed where cdktf looks it up", () => {
    expect(resolveModule.resolve).toBe(resolve);
    expect(resolve).not.toBe(cdktfResolve);
  });

  it("gives cdktf's value for plain values, keeping undefined out and holes dropped", () => {
    const date = new Date(0);
    const holey: unknown[] = [1, "hole", undefined, "y"];
    delete holey[1]; // cdktf drops holes
    const value = {
      a: "x",
      b: 1.5,
      c: true,
      d: null,
      e: undefined,
      f: holey,
      g: {},
      h: [],
      date,
    };
    const { cdktf, fast } = both(value, false);
    expect(fast).toEqual(cdktf);
    expect(fast).toEqual({ value: { a: "x", b: 1.5, c: true, d: null, f: [1, "y"], g: {}, h: [], date } });
  });

  it("resolves references, functions, lazies and number tokens as cdktf does", () => {
    const value = {
      name: `lakehouse-${variable.stringValue}`,
      inEscape: `\${upper(${variable.stringValue})}`,
      numberInString: `n=${Lazy.numberValue({ produce: () => 7 })}`,
      upper: Fn.upper(variable.stringValue),
      joined: Fn.join(",", local.asList),
      count: Lazy.numberValue({ produce: () => 3 }),
      sum: Token.asNumber(Lazy.anyValue({ produce: () => 2 })),
      nested: Lazy.anyValue({ produce: () => ({ inner: variable.stringValue, list: [Fn.lower("A")] }) }),
      list: Token.asList(Lazy.anyValue({ produce: () => ["p", "q"] })),
      numbers: Token.asNumberList(Lazy.anyValue({ produce: () => [1, 2] })),
      map: Token.asStringMap(Lazy.anyValue({ produce: () => ({ k: "v" }) })),
      escaped: "${var.kept} and $${literal} }",
      numberish: "node-e2 1e5 -1.8881545897087626e+289",
    };
    for (const preparing of [false, true]) {
      const { cdktf, fast } = both(value, preparing);
      expect(fast).toEqual(cdktf);
    }
    expect(both(value, false).fast).toMatchObject({
      value: {
        name: "lakehouse-${var.region}",
        inEscape: "${upper(var.region)}",
        numberInString: "n=7",
        upper: "${upper(var.region)}",
        count: 3,
        list: ["p", "q"],
        map: { k: "v" },
        escaped: "${var.kept} and $${literal} }",
      },
    });
  });

  it("throws cdktf's errors: functions, constructs, tokens in the wrong context, cycles", () => {
    const deep: Record<string, unknown> = {};
    let level = deep;
    for (let i = 0; i < 205; i++) level = level.next = {} as Record<string, unknown>;
    const listToken = Token.asList(Lazy.anyValue({ produce: () => ["a"] }));
    const cases: unknown[] = [
      { f: () => 1 },
      { construct: stack },
      { s: `x${listToken[0]}` },
      { s: Token.STRING_MAP_TOKEN_VALUE },
      { n: Token.NUMBER_MAP_TOKEN_VALUE },
      { l: ["a", ...listToken] },
      deep,
    ];
    for (const value of cases) {
      const { cdktf, fast } = both(value, false);
      expect(cdktf).toHaveProperty("error");
      expect(fast).toEqual(cdktf);
    }
  });

  it("agrees with cdktf on random values mixing every token kind", () => {
    const leaf = fc.oneof(
      fc.string(),
      fc.constantFrom("${var.x}", "$${x}", "}", "a-e1", "1e+5", "TfToken[x]", "${TfToken[TOKEN.999999]}"),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.constant(variable.stringValue),
      fc.constant(variable.numberValue),
      fc.constant(local.asList),
      fc.string().map((s) => `${s}${variable.stringValue}${s}`),
      // A token inside a literal ${...} escape renders without its braces.
      fc.constant(`\${upper(${variable.stringValue})}`),
      fc.string().map((s) => Fn.upper(Fn.rawString(s))),
      fc.integer().map((n) => Lazy.numberValue({ produce: () => n })),
      fc.integer().map((n) => `n=${Lazy.numberValue({ produce: () => n })}`),
    );
    const value = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("1e5", "${var.k}")), tie("value"), {
          maxKeys: 4,
        }),
        tie("value").map((inner) => Lazy.anyValue({ produce: () => inner })),
        tie("value").map((inner) => Token.asString(Lazy.anyValue({ produce: () => inner }))),
        tie("value").map((inner) => Token.asList(Lazy.anyValue({ produce: () => inner }))),
        tie("value").map((inner) => Token.asAnyMap(Lazy.anyValue({ produce: () => inner }))),
      ),
    })).value;
    fc.assert(
      fc.property(value, fc.boolean(), (v, preparing) => {
        const { cdktf, fast } = both(v, preparing);
        expect(fast).toEqual(cdktf);
      }),
      { numRuns: 400 },
    );
  });

  it("holdsNoToken: plain JSON-like values only", () => {
    expect(holdsNoToken({ a: [1, "x", null, { b: true, c: undefined }], d: "${literal}" })).toBe(true);
    expect(holdsNoToken("a-e1")).toBe(false); // cdktf reads it for number tokens: not skipped
    expect(holdsNoToken([1, undefined, 2])).toBe(false); // resolve drops the item
    for (const value of [
      variable.stringValue,
      { nested: [variable.numberValue] },
      local.asList,
      { map: Token.asAnyMap(Lazy.anyValue({ produce: () => ({}) })) },
      Lazy.anyValue({ produce: () => 1 }),
      new Date(0),
      () => 1,
      stack,
      { [variable.stringValue]: "key" },
    ])
      expect(holdsNoToken(value)).toBe(false);
    let deep: unknown = "leaf";
    for (let i = 0; i < 250; i++) deep = [deep];
    expect(holdsNoToken(deep)).toBe(false);
  });

  it("a value holdsNoToken accepts resolves to a copy of itself, and a resolved value to itself", () => {
    // Undefined object members only: an undefined array item (resolve drops it, a writer writes null) must
    // make holdsNoToken false, or this comparison fails.
    const dropUndefined = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(dropUndefined)
        : v !== null && typeof v === "object"
          ? Object.fromEntries(
              Object.entries(v)
                .filter(([, x]) => x !== undefined)
                .map(([k, x]) => [k, dropUndefined(x)]),
            )
          : v;
    const json = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined)),
        fc.constantFrom(
          "1e+5",
          "a-e1",
          "${var.x}",
          "$${x}",
          variable.stringValue,
          `n=${variable.numberValue}`,
        ),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie("value"), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, fc.boolean(), (v, preparing) => {
        const options = { scope: stack, preparing, resolver };
        const once = resolve(v, options);
        if (holdsNoToken(v)) expect(once).toStrictEqual(dropUndefined(v));
        expect(resolve(once, options)).toStrictEqual(once);
      }),
      { numRuns: 300 },
    );
  });

  it("warns about escapes as cdktf does (the string step's escape flags come from the previous context)", () => {
    // An escape next to a token in a built-in function's argument (cdktf warns that it is not supported).
    const values = [
      Fn.upper(`a \${b} ${variable.stringValue}`),
      { x: Fn.join(",", [`\${q} ${variable.stringValue}`, "z"]) },
      Fn.format(`%s \${x} ${variable.stringValue}`, [variable.stringValue]),
      { nested: [Fn.lookup({ k: `\${y}${variable.stringValue}` }, "k", "d")] },
    ];
    for (const preparing of [false, true]) {
      const warnings = (run: () => unknown) => {
        const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
        try {
          return {
            result: outcome(run),
            warnings: warn.mock.calls.map((call) => String(call[0]).replace(/TOKEN\.\d+/g, "TOKEN.n")),
          };
        } finally {
          warn.mockRestore();
        }
      };
      const options = { scope: stack, preparing, resolver };
      const cdktf = warnings(() => withCdktfResolve(() => cdktfResolve(values, options)));
      const fast = warnings(() => resolve(values, options));
      expect(fast).toEqual(cdktf);
      expect(cdktf.warnings.length).toBeGreaterThan(0);
    }
  });
});

describe("mayHoldNumberToken", () => {
  // cdktf 0.21's NUMBER_TOKEN_REGEX (lib/tokens/private/encoding.js), written out here as the oracle.
  const cdktfNumberTokenRegex = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;

  it("says what cdktf's regex says on strings of the characters that matter", () => {
    const chars = fc.constantFrom(..."-|0123456789.+eEa ${}x".split(""));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 24 }), (parts) => {
        const s = parts.join("");
        expect(mayHoldNumberToken(s)).toBe(cdktfNumberTokenRegex.test(s));
      }),
      { numRuns: 3000 },
    );
  });

  it("says what cdktf's regex says on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        expect(mayHoldNumberToken(s)).toBe(cdktfNumberTokenRegex.test(s));
      }),
    );
  });

  it.each([
    ["1e5", true],
    ["-1.8881545897087626e+289", true],
    ["e5", false],
    ["1e", false],
    ["1E5", false],
    ["xe5", false],
    ["|e|", true],
    ["te1e1", true],
    ["", false],
  ])("%s -> %s", (s, expected) => {
    expect(mayHoldNumberToken(s)).toBe(expected);
  });
});
