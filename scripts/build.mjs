// @ts-check
/* global console, process */
/**
 * `npm run build`: transpiles the production TypeScript (the `include` list of tsconfig.build.json) into
 * dist/ with SWC: same layout, CommonJS, ES2022, plain `require` (tsc's esModuleInterop: false) and
 * define-semantics class fields (tsc's default for ES2022), so dist/ behaves as `tsc -p
 * tsconfig.build.json` built it. No type-check here: `npm run typecheck` (tsc, in CI) does that, and
 * tsconfig.json's isolatedModules rejects code that a file-by-file transpiler would get wrong.
 *
 * Incremental: dist/.build-state.json records each source's size and mtime; a source whose record
 * still matches (and whose output exists) is not transpiled again. Any change to this script, its SWC
 * options or the SWC version rebuilds everything; `--clean` does too. Removes dist/*.js whose source
 * is gone, so a deleted module cannot linger. Prints nothing on success (`cdktf.json`'s app runs it
 * before every synth).
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "dist");
const stateFile = join(outDir, ".build-state.json");

/** @type {import("@swc/core").Options} */
const swcOptions = {
  swcrc: false,
  configFile: false,
  sourceMaps: false,
  jsc: {
    parser: { syntax: "typescript" },
    target: "es2022",
    transform: { useDefineForClassFields: true },
  },
  module: { type: "commonjs", importInterop: "none", strictMode: true },
};

/** The sources tsconfig.build.json names: `file.ts` or `dir/**\/*.ts` entries. */
async function productionSources() {
  const tsconfig = JSON.parse(await readFile(join(root, "tsconfig.build.json"), "utf8"));
  const files = [];
  for (const entry of tsconfig.include) {
    const dir = /^([\w./-]+)\/\*\*\/\*\.ts$/.exec(entry)?.[1];
    if (dir) files.push(...(await tsFilesUnder(dir)));
    else if (/^[\w./-]+\.ts$/.test(entry)) files.push(entry);
    else
      throw new Error(
        `tsconfig.build.json include '${entry}': build.mjs knows 'x.ts' and 'dir/**/*.ts' only`,
      );
  }
  return files;
}

/** @param {string} dir relative to the root */
async function tsFilesUnder(dir) {
  const entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts"))
    .map((e) => relative(root, join(e.parentPath ?? e.path, e.name)));
}

/** What invalidates every output: this script (options included) and the SWC version. */
async function buildKey() {
  const swcPackage = JSON.parse(await readFile(join(root, "node_modules/@swc/core/package.json"), "utf8"));
  const script = await readFile(fileURLToPath(import.meta.url));
  return createHash("sha256").update(script).update(`\0${swcPackage.version}`).digest("hex");
}

/** @returns {Promise<{ key: string, files: Record<string, string> }>} */
async function readState() {
  try {
    return JSON.parse(await readFile(stateFile, "utf8"));
  } catch {
    return { key: "", files: {} };
  }
}

/** @param {string} source relative path of a .ts file */
const outputOf = (source) => join(outDir, source.replace(/\.ts$/, ".js"));

/** @param {string} source @param {import("@swc/core").Options} options */
async function transpile(source, options) {
  const { transformFile } = await import("@swc/core");
  const { code } = await transformFile(join(root, source), options);
  await mkdir(dirname(outputOf(source)), { recursive: true });
  await writeFile(outputOf(source), code);
}

/** Deletes dist/**\/*.js that no source produced (renamed or deleted modules), and tsc's build info. */
async function removeStale(/** @type {Set<string>} */ outputs) {
  const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
  const stale = entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .filter((f) => (f.endsWith(".js") && !outputs.has(f)) || f.endsWith(".tsbuildinfo"));
  await Promise.all(stale.map((f) => rm(f)));
}

async function main() {
  const [sources, key, previous] = await Promise.all([productionSources(), buildKey(), readState()]);
  const known = !process.argv.includes("--clean") && previous.key === key ? previous.files : {};
  /** @type {Record<string, string>} */
  const files = {};
  await Promise.all(
    sources.map(async (source) => {
      const { size, mtimeMs } = await stat(join(root, source));
      files[source] = `${size}:${mtimeMs}`;
      if (known[source] !== files[source] || !existsSync(outputOf(source)))
        await transpile(source, swcOptions);
    }),
  );
  await removeStale(new Set(sources.map(outputOf)));
  await writeFile(stateFile, `${JSON.stringify({ key, files }, null, 1)}\n`);
}

main().catch((error) => {
  console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
