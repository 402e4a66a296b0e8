/**
 * What scripts/build.mjs does to the synth bundle beyond esbuild's defaults, on a small bundle built with the
 * same options: cdktf's child_process (and archiver, semver) requires stay lazy, esbuild's __toESM helper
 * gives one namespace per CommonJS module (without the patch: one per importer), and the cdktf lines the
 * build replaces (the stack's cdk.tf.json write, the logical ids' MD5) give what cdktf's own give.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..", "..");

/** Builds the small app with the build's options, with and without the helper patch; returns what each printed. */
function buildAndRun(dir: string): { patched: unknown; unpatched: unknown } {
  const script = `
    import { build } from "esbuild";
    import { writeFileSync } from "node:fs";
    import { spawnSync } from "node:child_process";
    import { esbuildOptions, withNamespaceOncePerModule } from ${JSON.stringify(join(root, "scripts", "build.mjs"))};
    const result = await build({ ...esbuildOptions, metafile: false, write: false, absWorkingDir: ${JSON.stringify(root)},
      nodePaths: [${JSON.stringify(join(root, "node_modules"))}], entryPoints: [${JSON.stringify(join(dir, "entry.ts"))}],
      outfile: ${JSON.stringify(join(dir, "out.js"))} });
    const text = result.outputFiles[0].text;
    const run = (code, name) => { writeFileSync(${JSON.stringify(dir)} + "/" + name, code);
      const r = spawnSync(process.execPath, [${JSON.stringify(dir)} + "/" + name], { encoding: "utf8" });
      return r.status === 0 ? JSON.parse(r.stdout) : { error: r.stderr }; };
    console.log(JSON.stringify({ patched: run(withNamespaceOncePerModule(text, "test"), "patched.js"), unpatched: run(text, "unpatched.js") }));
  `;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    cwd: root,
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as { patched: unknown; unpatched: unknown };
}

describe("the synth bundle's build", () => {
  const dir = mkdtempSync(join(tmpdir(), "build-bundle-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps cdktf's child_process require lazy and makes one namespace per CommonJS module", () => {
    writeFileSync(join(dir, "a.ts"), `import * as cdktf from "cdktf";\nexport const a = cdktf;\n`);
    writeFileSync(join(dir, "b.ts"), `import * as cdktf from "cdktf";\nexport const b = cdktf;\n`);
    writeFileSync(
      join(dir, "entry.ts"),
      [
        `import { a } from "./a";`,
        `import { b } from "./b";`,
        `import { App, Token } from "cdktf";`,
        `const loaded = (name: string) => (process as unknown as { moduleLoadList: string[] }).moduleLoadList.includes("NativeModule " + name);`,
        `console.log(JSON.stringify({ same: a === b, app: typeof App, token: Token.isUnresolved(Token.asString("x")), childProcess: loaded("child_process") }));`,
      ].join("\n"),
    );
    const { patched, unpatched } = buildAndRun(dir);
    expect(patched).toEqual({ same: true, app: "function", token: false, childProcess: false });
    expect(unpatched).toEqual({ same: false, app: "function", token: false, childProcess: false });
  });
});

describe("the cdktf lines the bundle replaces", () => {
  const dir = mkdtempSync(join(tmpdir(), "build-lines-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("write the same cdk.tf.json, logical ids included, as cdktf unbundled", () => {
    const entry = [
      `const { App, TerraformOutput, TerraformStack } = require("cdktf");`,
      `const { Construct } = require("constructs");`,
      `const { readFileSync } = require("node:fs");`,
      `const outdir = process.argv[2];`,
      `const app = new App({ outdir, skipValidation: true });`,
      `const stack = new TerraformStack(app, "stack");`,
      `const scope = new Construct(stack, "Scope");`,
      `new TerraformOutput(scope, "long", { value: "QUJD".repeat(6000) });`,
      `new TerraformOutput(new Construct(scope, "Inner"), "text", { value: 'é "quoted"\\n\\u{1F600}' });`,
      `app.synth();`,
      `console.log(readFileSync(outdir + "/stacks/stack/cdk.tf.json", "utf8"));`,
    ].join("\n");
    writeFileSync(join(dir, "entry.js"), entry);
    const script = `
      import { build } from "esbuild";
      import { esbuildOptions } from ${JSON.stringify(join(root, "scripts", "build.mjs"))};
      await build({ ...esbuildOptions, metafile: false, absWorkingDir: ${JSON.stringify(root)},
        nodePaths: [${JSON.stringify(join(root, "node_modules"))}], entryPoints: [${JSON.stringify(join(dir, "entry.js"))}],
        outfile: ${JSON.stringify(join(dir, "bundle.js"))} });
    `;
    const built = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
      cwd: root,
    });
    if (built.status !== 0) throw new Error(built.stderr);
    const run = (file: string, out: string) => {
      const result = spawnSync(process.execPath, [join(dir, file), join(dir, out)], {
        encoding: "utf8",
        env: { ...process.env, NODE_PATH: join(root, "node_modules") },
      });
      if (result.status !== 0) throw new Error(result.stderr);
      return result.stdout;
    };
    const bundle = readFileSync(join(dir, "bundle.js"), "utf8");
    expect(bundle).toContain(".writeStableJsonFile(");
    expect(bundle).toContain('crypto.hash("md5"');
    const bundled = run("bundle.js", "out-bundled");
    expect(bundled).toBe(run("entry.js", "out-cdktf"));
    expect(bundled).toContain('"Scope_long_');
    expect(bundled).toContain(`"value": "${"QUJD".repeat(6000)}"`);
    expect(bundled).toContain('"value": "é \\"quoted\\"\\n\u{1F600}"');
  });
});
