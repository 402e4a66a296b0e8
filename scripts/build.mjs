// @ts-check
/* global console, process */
/**
 * `npm run build`: transpiles the production TypeScript (the `include` list of tsconfig.build.json) into
 * dist/ with SWC: same layout, CommonJS, ES2022, plain `require` (tsc's esModuleInterop: false) and
 * define-semantics class fields (tsc's default for ES2022), so dist/ behaves as `tsc -p
 * tsconfig.build.json` built it. No type-check here: `npm run typecheck` (tsc, in CI) does that, and
 * tsconfig.json's isolatedModules rejects code that a file-by-file transpiler would get wrong.
 *
 * The synth app is the exception: `main.ts` is bundled by esbuild into one file, dist/app.js, with
 * everything it imports (our modules, cdktf, constructs, the provider modules it deep-imports, zod,
 * yaml). Loading ~700 modules one by one (resolve, stat, read, wrap, compile each) was ~40% of a synth;
 * one file skips the resolution and file system work. Nothing is external: cdktf reads its version
 * from `require("../package.json")` (inlined by the bundler) and has no dynamic `require` or
 * `require.resolve` on the synth path. The other entry points (cost CLI, scripts) stay per-module:
 * they are not on the synth path and the bench compares modules against the bundle.
 *
 * Incremental: dist/.build-state.json records each source's size and mtime; a source whose record
 * still matches (and whose output exists) is not transpiled again, and the bundle is rebuilt only when
 * one of its inputs (esbuild's metafile: every file it read, node_modules included) changed. Any
 * change to this script, its options or the SWC/esbuild versions rebuilds everything; `--clean` does
 * too. Removes dist/*.js whose source is gone, so a deleted module cannot linger. Prints nothing on
 * success (`cdktf.json`'s app runs it before every synth).
 */
import { createHash } from "node:crypto";
import { existsSync, realpathSync } from "node:fs";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "dist");
const stateFile = join(outDir, ".build-state.json");
/**
 * Entry points bundled into one file each (source → output under dist/): not transpiled per module.
 * dist/main.js (app-launcher.ts) runs dist/app.js with a V8 code cache kept in dist/.cache/.
 */
const BUNDLES = { "main.ts": "app.js", "app-launcher.ts": "main.js" };
const codeCacheDir = join(outDir, ".cache");

/**
 * cdktf writes `cdk.tf.json` and `manifest.json` with json-stable-stringify, whose nested string
 * building was ~8% of a scaled synth: the bundle gets terraform-json/stable-json.ts instead, which
 * writes the same bytes in one pass (test/terraform-json/stable-json.test.ts compares both). Each
 * stack's `cdk.tf.json` is written by its `writeStableJsonFile` ({@link LINE_REPLACEMENTS}).
 * @type {import("esbuild").Plugin}
 */
const stableJsonPlugin = {
  name: "stable-json",
  setup(build) {
    build.onResolve({ filter: /^(json-stable-stringify|lakehouse:stable-json)$/ }, (args) => ({
      path: args.path,
      namespace: "lakehouse",
    }));
    build.onLoad({ filter: /.*/, namespace: "lakehouse" }, (args) => ({
      contents:
        args.path === "json-stable-stringify"
          ? `module.exports = require("./terraform-json/stable-json.ts").stableStringify;`
          : `module.exports = require("./terraform-json/stable-json.ts");`,
      resolveDir: root,
      loader: "js",
    }));
  },
};

/**
 * Requires that cdktf runs when it loads but that a synth of ours never uses, made lazy (required on
 * first use): archiver (~40 modules, for TerraformAsset's zip archives), semver (for the
 * terraform/provider binary version validations) and child_process (`execSync` of terraform commands).
 * Each entry is one exact line of cdktf 0.21.0, replaced by a function with the same use; the build
 * fails if the line is not there.
 */
const LAZY_REQUIRES = [
  {
    file: "cdktf/lib/private/fs.js",
    line: 'const archiver = require("archiver");',
    lazy: 'const archiver = (...args) => require("archiver")(...args);',
  },
  {
    file: "cdktf/lib/validations/validate-binary-version.js",
    line: 'const semver = require("semver");',
    lazy: 'const semver = { satisfies: (...args) => require("semver").satisfies(...args) };',
  },
  // child_process (and with it net, dgram and Node's socket modules): only for `terraform` commands
  // (binary version checks, the testing matchers) and TerraformAsset copies, none run by a synth of ours.
  ...["validations/validate-binary-version.js", "private/fs.js", "testing/matchers.js"].map((file) => ({
    file: `cdktf/lib/${file}`,
    line: 'const child_process_1 = require("child_process");',
    lazy: 'const child_process_1 = { execSync: (...args) => require("child_process").execSync(...args) };',
  })),
];

/**
 * Other exact lines of cdktf 0.21.0 the bundle replaces, each with code that has the same effect (the
 * build fails if a line is not there):
 * - the synthesizer's write of a stack's `cdk.tf.json`: terraform-json/stable-json.ts's
 *   `writeStableJsonFile` encodes the text into a reused buffer as it is made, instead of one ~1 MB string
 *   Node then copies into UTF-8 (at 2,286 resources: page faults 22,300 -> 19,100, CPU -3.5%);
 * - the MD5 of each element's path in its logical id (`makeUniqueId`): Node's one-shot `crypto.hash`
 *   instead of a Hash stream object per element (the same hex digest).
 */
const LINE_REPLACEMENTS = [
  {
    file: "cdktf/lib/synthesize/synthesizer.js",
    line: "fs.writeFileSync(path.join(session.outdir, stackManifest.synthesizedStackPath), stringify(jsonTfConfig, { space: 2 }));",
    replacement:
      'require("lakehouse:stable-json").writeStableJsonFile(path.join(session.outdir, stackManifest.synthesizedStackPath), jsonTfConfig, { space: 2 });',
  },
  {
    file: "cdktf/lib/private/unique.js",
    line: `const md5 = crypto
        .createHash("md5")
        .update(path.join(PATH_SEP))
        .digest("hex");`,
    // (crypto.hash: Node 20.12+; package.json accepts any Node 20.)
    replacement:
      'const md5 = crypto.hash ? crypto.hash("md5", path.join(PATH_SEP), "hex") : crypto.createHash("md5").update(path.join(PATH_SEP)).digest("hex");',
  },
];

/** @type {import("esbuild").Plugin} */
const lineReplacementPlugin = {
  name: "line-replacement",
  setup(build) {
    const entries = [
      ...LAZY_REQUIRES.map(({ file, line, lazy }) => ({ file, line, replacement: lazy })),
      ...LINE_REPLACEMENTS,
    ];
    // One handler per file (esbuild uses the first handler that returns contents), all its lines replaced.
    for (const file of new Set(entries.map((entry) => entry.file))) {
      const filter = new RegExp(`node_modules/${file.replace(/[./]/g, (c) => `\\${c}`)}$`);
      build.onLoad({ filter }, async (args) => {
        let source = await readFile(args.path, "utf8");
        for (const { line, replacement } of entries.filter((entry) => entry.file === file)) {
          if (source.split(line).length !== 2)
            throw new Error(`${file}: expected the line '${line}' once (another cdktf version?)`);
          // A function, so a `$` in a replacement is never read as a replacement pattern.
          source = source.replace(line, () => replacement);
        }
        return { contents: source, loader: "js" };
      });
    }
  },
};

/**
 * esbuild's helper for an ESM `import` of a CommonJS module (esbuild 0.28, whitespace-minified) makes a
 * new namespace object per importing module and defines a getter on it for every export: our ~30
 * modules that import from "cdktf" made ~20,000 getters for its ~700 exports at every synth (~1% of it).
 * The replacement makes one namespace per module, as ESM itself has, and makes it again if the module
 * gained exports since (a require cycle can hand over a module that is still loading). The getters stay
 * live, so a changed export's value is seen; what the count misses (an export deleted and another added,
 * a changed enumerability) and a namespace changed by one importer (now seen by all) happen nowhere in
 * this bundle: our modules never write to an import. The build fails if the helper is not found as
 * expected (another esbuild version).
 */
const TO_ESM_NAMESPACE =
  '(target=mod!=null?__create(__getProtoOf(mod)):{},__copyProps(isNodeMode||!mod||!mod.__esModule?__defProp(target,"default",{value:mod,enumerable:true}):target,mod))';
const TO_ESM = `var __toESM=(mod,isNodeMode,target)=>${TO_ESM_NAMESPACE};`;
const TO_ESM_ONCE =
  "var __toESMOnce=new WeakMap(),__toESM=(mod,isNodeMode,target)=>{" +
  `if(mod==null||typeof mod!=="object"&&typeof mod!=="function")return ${TO_ESM_NAMESPACE};` +
  "const count=__getOwnPropNames(mod).length;let ns=__toESMOnce.get(mod);" +
  `if(ns===undefined||ns.count!==count||ns.isNodeMode!==isNodeMode){ns={count,isNodeMode,value:${TO_ESM_NAMESPACE}};__toESMOnce.set(mod,ns)}` +
  "return ns.value};";

/**
 * `text` (an esbuild bundle) with __toESM replaced by TO_ESM_ONCE; fails unless the helper is there once.
 * @param {string} text @param {string} name for the error
 */
export function withNamespaceOncePerModule(text, name) {
  if (text.split(TO_ESM).length !== 2)
    throw new Error(`${name}: esbuild's __toESM helper not found once (another esbuild?)`);
  return text.replace(TO_ESM, TO_ESM_ONCE);
}

/**
 * Node's CommonJS module wrapper, written around the app bundle: app-launcher.ts compiles the file as
 * it is and calls the function with the module's `exports`, `require`, `module`, `__filename` and
 * `__dirname` (V8 would otherwise copy the whole text to join a wrapper added at run time).
 */
export const MODULE_WRAPPER = ["(function (exports, require, module, __filename, __dirname) { ", "\n});"];

/** @type {import("esbuild").BuildOptions} */
export const esbuildOptions = {
  plugins: [stableJsonPlugin, lineReplacementPlugin],
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  tsconfig: "tsconfig.json",
  metafile: true,
  logLevel: "warning",
  // Whitespace and comments removed, names kept (an unexpected error's stack trace names its
  // functions), non-ASCII characters escaped: ~1/3 less to read and parse at every synth, and an ASCII
  // file the launcher (app-launcher.ts) reads as latin1.
  minifyWhitespace: true,
  charset: "ascii",
};

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

/** What invalidates every output: this script (options included) and the SWC and esbuild versions. */
async function buildKey() {
  const version = async (/** @type {string} */ pkg) =>
    JSON.parse(await readFile(join(root, "node_modules", pkg, "package.json"), "utf8")).version;
  const script = await readFile(fileURLToPath(import.meta.url));
  const versions = `\0${await version("@swc/core")}\0${await version("esbuild")}`;
  return createHash("sha256").update(script).update(versions).digest("hex");
}

/**
 * @typedef {{ key: string, files: Record<string, string>, json?: Record<string, string[]>, bundles?: Record<string, Record<string, string>> }} BuildState
 * `files`: source → "size:mtime"; `json`: source → the JSON modules it requires; `bundles`: bundle
 * output → its inputs' "size:mtime".
 * @returns {Promise<BuildState>}
 */
async function readState() {
  try {
    return JSON.parse(await readFile(stateFile, "utf8"));
  } catch {
    return { key: "", files: {} };
  }
}

/** @param {string} file relative to the root */
async function fingerprint(file) {
  const { size, mtimeMs } = await stat(join(root, file));
  return `${size}:${mtimeMs}`;
}

/** True when every input recorded for a bundle still has its size and mtime. */
async function unchanged(/** @type {Record<string, string> | undefined} */ inputs) {
  if (!inputs) return false;
  const now = await Promise.all(Object.keys(inputs).map((f) => fingerprint(f).catch(() => "")));
  return Object.values(inputs).every((print, i) => print === now[i]);
}

/**
 * Bundles `entry` into dist/`output` unless none of its recorded inputs changed.
 * @param {string} entry @param {string} output @param {Record<string, string> | undefined} known
 * @returns {Promise<Record<string, string>>} the inputs of the bundle now on disk
 */
async function bundle(entry, output, known) {
  const outfile = join(outDir, output);
  if (existsSync(outfile) && known && (await unchanged(known))) return known;
  // A rebuilt app makes every saved code cache stale (the launcher would not use it; this frees the disk).
  if (output === "app.js") await rm(codeCacheDir, { recursive: true, force: true });
  const { build } = await import("esbuild");
  const result = await build({ ...esbuildOptions, absWorkingDir: root, entryPoints: [entry], outfile });
  let text = await readFile(outfile, "latin1");
  if (output === "app.js") {
    text = MODULE_WRAPPER[0] + withNamespaceOncePerModule(text, output) + MODULE_WRAPPER[1];
    await writeFile(outfile, text, "latin1");
  }
  // eslint-disable-next-line no-control-regex -- "any byte outside ASCII"
  const nonAscii = /[^\x00-\x7f]/.exec(text);
  if (nonAscii)
    throw new Error(
      `${output}: non-ASCII character at offset ${nonAscii.index} (app-launcher.ts reads latin1)`,
    );
  // Real files only (not the plugin's virtual module).
  const inputs = Object.keys(result.metafile?.inputs ?? {}).filter((f) => !f.startsWith("lakehouse:"));
  const prints = await Promise.all(inputs.map(fingerprint));
  return Object.fromEntries(inputs.map((f, i) => [f, prints[i]]));
}

/** @param {string} source relative path of a .ts file */
const outputOf = (source) => join(outDir, source.replace(/\.ts$/, ".js"));

/**
 * Transpiles `source` into dist/ and returns the JSON modules it requires (relative to the root), e.g.
 * guardrails/rules/catalog.json: esbuild inlines them in the bundle, a module of dist/ needs a copy.
 * @param {string} source @param {import("@swc/core").Options} options
 * @returns {Promise<string[]>}
 */
async function transpile(source, options) {
  const { transformFile } = await import("@swc/core");
  const { code } = await transformFile(join(root, source), options);
  await mkdir(dirname(outputOf(source)), { recursive: true });
  await writeFile(outputOf(source), code);
  return [...code.matchAll(/require\("(\.{1,2}\/[^"]+\.json)"\)/g)].map((m) =>
    relative(root, join(root, dirname(source), m[1] ?? "")),
  );
}

/**
 * Copies a JSON module into dist/ unless the copy there has the same bytes. Compared, not dated: an edit
 * that keeps the size and an older mtime (`cp -p`, `rsync -t`, an archive) must reach dist/ as it reaches
 * the bundle, and the files are small.
 * @param {string} file relative to `from` @param {string} [from] @param {string} [to]
 */
export async function copyJson(file, from = root, to = outDir) {
  const target = join(to, file);
  const [bytes, copy] = await Promise.all([
    readFile(join(from, file)),
    readFile(target).catch(() => undefined),
  ]);
  if (copy?.equals(bytes)) return;
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, bytes);
}

/** Deletes dist/**\/*.js and *.json that no source produced (renamed or deleted modules), and tsc's build info. */
async function removeStale(/** @type {Set<string>} */ outputs) {
  const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
  const stale = entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .filter(
      (f) =>
        ((f.endsWith(".js") || f.endsWith(".json")) && !outputs.has(f) && f !== stateFile) ||
        f.endsWith(".tsbuildinfo"),
    );
  await Promise.all(stale.map((f) => rm(f)));
}

async function main() {
  const [allSources, key, previous] = await Promise.all([productionSources(), buildKey(), readState()]);
  const fresh = process.argv.includes("--clean") || previous.key !== key;
  const known = fresh ? {} : previous.files;
  const sources = allSources.filter((source) => !(source in BUNDLES));
  /** @type {Record<string, string>} */
  const files = {};
  /** @type {Record<string, string[]>} */
  const json = {};
  /** @type {Record<string, Record<string, string>>} */
  const bundles = {};
  await Promise.all([
    ...sources.map(async (source) => {
      files[source] = await fingerprint(source);
      const previousJson = fresh ? undefined : previous.json?.[source];
      if (known[source] !== files[source] || !existsSync(outputOf(source)) || !previousJson)
        json[source] = await transpile(source, swcOptions);
      else json[source] = previousJson;
    }),
    ...Object.entries(BUNDLES).map(async ([entry, output]) => {
      bundles[output] = await bundle(entry, output, fresh ? undefined : previous.bundles?.[output]);
    }),
  ]);
  const jsonModules = [...new Set(Object.values(json).flat())];
  await Promise.all(jsonModules.map((file) => copyJson(file)));
  const outputs = [
    ...sources.map(outputOf),
    ...jsonModules.map((file) => join(outDir, file)),
    ...Object.values(BUNDLES).map((o) => join(outDir, o)),
  ];
  await removeStale(new Set(outputs));
  await writeFile(stateFile, `${JSON.stringify({ key, files, json, bundles }, null, 1)}\n`);
}

// Run as a script (not when a test imports the options and the bundle patch above).
// (Node gives the module its real path and argv[1] as typed: compare real paths, a symlinked checkout too.)
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
