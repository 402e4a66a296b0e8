/**
 * `stacks/cdktf-util.ts` (installed for every test by the jest setup, as `npm run synth` installs it) must give
 * what cdktf 0.21's own `processDynamicAttributes` and `keysToSnakeCase` give: literal cases, and random values
 * mixing tokens, dynamic blocks, class instances, arrays and camel-case keys.
 */
import {
  App,
  DefaultTokenResolver,
  Lazy,
  StringConcat,
  TerraformIterator,
  TerraformStack,
  TerraformVariable,
  Tokenization,
} from "cdktf";
import fc from "fast-check";
/* eslint-disable @typescript-eslint/no-require-imports -- the module object cdktf's callers read */
import util = require("cdktf/lib/util");
import dynamicBlock = require("cdktf/lib/terraform-dynamic-block");
/* eslint-enable @typescript-eslint/no-require-imports */
import {
  cdktfKeysToSnakeCase,
  cdktfProcessDynamicAttributes,
  keysToSnakeCase,
  processDynamicAttributes,
} from "../../stacks/cdktf-util";

const stack = new TerraformStack(new App(), "util");
const variable = new TerraformVariable(stack, "names", { type: "list(string)" });
const iterator = TerraformIterator.fromList(variable.listValue);
/** What a provider's attributes hold for `iterator.dynamic({...})` (cdktf's runtime converts the expression). */
const dynamic = (content: object) =>
  dynamicBlock.TerraformDynamicBlock.fromDynamicExpression({ iterator, content } as never);
/** Tokens and dynamic blocks (a new Lazy per call) compared by what they resolve to. */
const resolved = (value: unknown) =>
  Tokenization.resolve(value, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) });

describe("cdktf util replacements", () => {
  it("are installed where cdktf's resources look them up", () => {
    expect(util.processDynamicAttributes).toBe(processDynamicAttributes);
    expect(util.keysToSnakeCase).toBe(keysToSnakeCase);
    expect(cdktfKeysToSnakeCase).not.toBe(keysToSnakeCase);
  });

  it("snake-case meta-argument keys at every depth, but not the keys under tags or environment", () => {
    expect(
      keysToSnakeCase({
        dependsOn: ["a.b"],
        forEach: undefined,
        lifecycle: { createBeforeDestroy: true, ignoreChanges: ["someAttr"], preventDestroy: true },
        provisioners: [{ type: "local-exec", inlineScript: "x" }],
        tags: { costCenter: "c1" },
        environment: { HOME_DIR: "/h" },
      }),
    ).toEqual({
      depends_on: ["a.b"],
      for_each: undefined,
      lifecycle: { create_before_destroy: true, ignore_changes: ["someAttr"], prevent_destroy: true },
      provisioners: [{ type: "local-exec", inline_script: "x" }],
      tags: { costCenter: "c1" },
      environment: { HOME_DIR: "/h" },
    });
  });

  it("move dynamic blocks under `dynamic` and copy plain objects only", () => {
    class Settings {
      public readonly camelCase = 1;
    }
    const settings = new Settings();
    const nested = { inner: { x: 1 }, deep: dynamic({ y: iterator.value }) };
    const out = processDynamicAttributes({
      name: "n",
      rule: dynamic({ key: iterator.value }),
      nested,
      instance: settings,
    });
    expect(Object.keys(out)).toEqual(["name", "dynamic", "nested", "instance"]);
    expect(Object.keys(out.dynamic as object)).toEqual(["rule"]);
    expect(out.instance).toBe(settings);
    expect(out.nested).not.toBe(nested);
    expect(Object.keys(out.nested as object)).toEqual(["inner", "dynamic"]);
    expect(resolved(out.dynamic)).toEqual({
      rule: { for_each: "${toset(var.names)}", iterator: "each", content: { key: "${each.value}" } },
    });
  });

  it("agree with cdktf's on random values", () => {
    const key = fc.oneof(
      fc.string(),
      fc.constantFrom(
        "tags",
        "environment",
        "dependsOn",
        "ignoreChanges",
        "a_b",
        "HTTPServer",
        "x1Y",
        "__a__",
      ),
    );
    const value = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined)),
        fc.constant(variable.stringValue),
        fc.constant(Lazy.anyValue({ produce: () => ({ aB: 1 }) })),
        fc.constant(dynamic({ someKey: iterator.value })),
        fc.array(tie("value"), { maxLength: 3 }),
        fc.dictionary(key, tie("value"), { maxKeys: 4, noNullPrototype: true }),
      ),
    })).value;
    const record = fc.dictionary(key, value, { maxKeys: 5, noNullPrototype: true });
    const outcome = (run: () => unknown) => {
      try {
        return { value: run() };
      } catch (error) {
        return { error: String(error).replace(/TOKEN\.\d+/g, "TOKEN.n") }; // token ids differ per resolution
      }
    };
    fc.assert(
      fc.property(record, (attributes) => {
        expect(outcome(() => resolved(processDynamicAttributes(attributes)))).toEqual(
          outcome(() => resolved(cdktfProcessDynamicAttributes(attributes))),
        );
        expect(outcome(() => keysToSnakeCase(attributes))).toEqual(
          outcome(() => cdktfKeysToSnakeCase(attributes)),
        );
      }),
      { numRuns: 300 },
    );
  });
});
