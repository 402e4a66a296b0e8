/**
 * What scripts/build.mjs does to the synth bundle beyond esbuild's defaults, on a small bundle built with the
 * same options: cdktf's child_process (and archiver, semver) requires stay lazy, and esbuild's __toESM helper
 * gives one namespace per CommonJS module (without the patch: one per importer).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
