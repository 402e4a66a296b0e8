/**
 * The app `npm run synth` uses (createLakehouseApp: SingleResolveApp, the token walk of
 * token-resolve.ts) writes, file for file and byte for byte, what cdktf's own App writes with cdktf's
 * own resolve — for both shipped examples, whose stacks read each other (metastore → environment →
 * workspace) — while resolving each resource once instead of twice.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { App, TerraformLocal, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object cdktf reads
import resolveModule = require("cdktf/lib/tokens/private/resolve");
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import { readConfigFile } from "../../config/source";
import { addLakehouseStacks, createLakehouseApp } from "../../stacks/lakehouse-app";
import { LakehouseStack } from "../../stacks/lakehouse-stack";
import { SingleResolveApp } from "../../stacks/single-resolve-app";
import { cdktfResolve } from "../../stacks/token-resolve";

/** Every file under `dir`, relative path → content. */
function filesUnder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) visit(path);
      else files.set(relative(dir, path), readFileSync(path, "utf8"));
    }
  };
  visit(dir);
  return files;
}

const dirs: string[] = [];
const outdir = () => {
  const dir = mkdtempSync(join(tmpdir(), "single-resolve-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** cdktf's App and cdktf's resolve, as without any of our synth changes. */
function synthAsCdktf(config: ReturnType<typeof loadConfig>): Map<string, string> {
  const dir = outdir();
  const installed = resolveModule.resolve;
  (resolveModule as { resolve: unknown }).resolve = cdktfResolve;
  try {
    const app = new App({ outdir: dir, stackTraces: false });
    addLakehouseStacks(app, config);
    app.synth();
  } finally {
    (resolveModule as { resolve: unknown }).resolve = installed;
  }
  return filesUnder(dir);
}

function synthAsLakehouse(config: ReturnType<typeof loadConfig>): Map<string, string> {
  const dir = outdir();
  const app = createLakehouseApp({ outdir: dir });
  expect(app).toBeInstanceOf(SingleResolveApp);
  addLakehouseStacks(app, config);
  app.synth();
  return filesUnder(dir);
}

describe("SingleResolveApp", () => {
  test.each([
    ["the built-in example", () => loadConfig(EXAMPLE_CONFIG)],
    [
      "examples/retail-demand.yaml (metastore stacks)",
      () => loadConfig(readConfigFile(join(__dirname, "..", "..", "examples", "retail-demand.yaml"), "test")),
    ],
  ])("writes what cdktf writes for %s, manifest included", (_, config) => {
    const expected = synthAsCdktf(config());
    const actual = synthAsLakehouse(config());
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [file, content] of expected)
      expect({ file, content: actual.get(file) }).toEqual({ file, content });
    // The cross-stack wiring is there (not both sides missing it): a workspace layer reads its environment.
    const manifest = JSON.parse(expected.get("manifest.json")!) as {
      stacks: Record<string, { dependencies: string[] }>;
    };
    expect(Object.values(manifest.stacks).some((s) => s.dependencies.length > 0)).toBe(true);
  });

  /** Two stacks: `reader` reads an output of `source`; `order` says which is created first. */
  function twoStacks(app: App, order: "source first" | "reader first") {
    class Plain extends LakehouseStack {
      public constructor(scope: App, id: string) {
        super(scope, id);
      }
    }
    const make = (id: string) => new Plain(app, id);
    const [source, reader] =
      order === "source first"
        ? [make("source"), make("reader")]
        : [make("reader"), make("source")].reverse();
    const variable = new TerraformVariable(source!, "name", { type: "string" });
    new TerraformOutput(reader!, "copy", { value: variable.stringValue });
    return { source: source!, reader: reader! };
  }

  /** `build` on a cdktf App and on a SingleResolveApp, each synthesized into its own directory. */
  function synthBoth(build: (app: App) => void) {
    const cdktfDir = outdir();
    const cdktfApp = new App({ outdir: cdktfDir });
    build(cdktfApp);
    cdktfApp.synth();
    const dir = outdir();
    const app = new SingleResolveApp({ outdir: dir });
    build(app);
    app.synth();
    return { app, dir, cdktfDir };
  }

  test("resolves each element once, and cdktf's App twice", () => {
    const count = (app: App) => {
      const { reader } = twoStacks(app, "source first");
      const output = reader.node.findChild("copy") as TerraformOutput;
      const spy = jest.spyOn(output, "toTerraform");
      app.synth();
      return spy.mock.calls.length;
    };
    expect(count(new SingleResolveApp({ outdir: outdir() }))).toBe(1);
    expect(count(new App({ outdir: outdir() }))).toBe(2);
  });

  test("the manifest names the stacks each stack reads, learnt while it resolved", () => {
    const dir = outdir();
    const app = new SingleResolveApp({ outdir: dir });
    twoStacks(app, "source first");
    app.synth();
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { dependencies: string[] }>;
    };
    expect(manifest.stacks.reader!.dependencies).toEqual(["source"]);
    expect(manifest.stacks.source!.dependencies).toEqual([]);
  });

  test("a stack that reads a stack created after it is an error naming both, not a broken reference", () => {
    const app = new SingleResolveApp({ outdir: outdir() });
    twoStacks(app, "reader first");
    expect(() => app.synth()).toThrow(
      /Stack 'reader' reads 'var.name' from stack 'source', which is created after it/,
    );
  });

  test("values cdktf's own merge and last resolve change are written as cdktf writes them", () => {
    const build = (app: App) => {
      const { source, reader } = twoStacks(app, "source first");
      // cdktf's deepMerge copies a Date into {} (the resolve keeps it); its last resolve drops undefined items.
      new TerraformLocal(source, "when", new Date(0));
      new TerraformLocal(source, "nested", { at: [new Date(0)], plain: { a: 1 } });
      reader.addOverride("locals.list", [1, undefined, 2]);
    };
    const { app, dir, cdktfDir } = synthBoth(build);
    expect(filesUnder(dir)).toEqual(filesUnder(cdktfDir));
    expect(app).toBeInstanceOf(SingleResolveApp);
    const source = JSON.parse(filesUnder(dir).get("stacks/source/cdk.tf.json")!) as { locals: unknown };
    // (deepMerge takes arrays as they are: a Date in an array is written as its ISO string)
    expect(source.locals).toEqual({
      when: {},
      nested: { at: ["1970-01-01T00:00:00.000Z"], plain: { a: 1 } },
    });
    const reader = JSON.parse(filesUnder(dir).get("stacks/reader/cdk.tf.json")!) as { locals: unknown };
    expect(reader.locals).toMatchObject({ list: [1, 2] });
  });

  test("a foreign reference in a stack-level override, and a second synth, are written as cdktf writes them", () => {
    const build = (app: App) => {
      const { source, reader } = twoStacks(app, "source first");
      const variable = source.node.findChild("name") as TerraformVariable;
      reader.addOverride("locals.from_source", variable.stringValue);
    };
    const { app, dir, cdktfDir } = synthBoth(build);
    expect(filesUnder(dir)).toEqual(filesUnder(cdktfDir));
    // Synthesizing again is not a reference to a stack already written.
    app.synth();
    expect(filesUnder(dir)).toEqual(filesUnder(cdktfDir));
  });

  test("under cdktf's HCL output it synthesizes as cdktf does", () => {
    const previous = process.env.SYNTH_HCL_OUTPUT;
    process.env.SYNTH_HCL_OUTPUT = "true";
    try {
      const dir = outdir();
      const app = new SingleResolveApp({ outdir: dir });
      twoStacks(app, "reader first");
      app.synth();
      const hcl = filesUnder(dir).get(join("stacks", "reader", "cdk.tf"))!;
      expect(hcl).toContain("data.terraform_remote_state.cross-stack-reference-input-source.outputs");
    } finally {
      if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
      else process.env.SYNTH_HCL_OUTPUT = previous;
    }
  });

  test("outside a SingleResolveApp a LakehouseStack prepares and writes as cdktf's TerraformStack", () => {
    const app = new App({ outdir: outdir() });
    const { reader } = twoStacks(app, "source first");
    app.synth();
    expect(JSON.stringify(reader.toTerraform())).toContain("data.terraform_remote_state");
    expect(app).not.toBeInstanceOf(SingleResolveApp);
    expect(TerraformStack.isStack(reader)).toBe(true);
  });
});
