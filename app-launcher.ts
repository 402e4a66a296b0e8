/**
 * `dist/main.js`, the command `npm run synth` and `cdktf.json` run: loads the bundled app
 * (`dist/app.js`, esbuild's bundle of `main.ts`) with a V8 code cache, then runs it exactly as
 * `node dist/app.js` would (same module wrapper, `require`, `__filename`, `__dirname`).
 *
 * Why: V8 parses the whole bundle (~4.7 MB) and compiles each function on its first call; without a
 * cache that is a large part of a synth's start. The first run after a build compiles as usual and,
 * at exit, saves the bytecode of every function it compiled to `dist/.cache/`; later runs hand it to
 * V8 instead. V8 checks the cache against its own version, flags and the source's length, and rejects
 * what does not match; the file name carries the bundle's size, modification and change times and
 * inode (a rebuilt or replaced bundle gets a new name: the change time cannot be set back) and Node's
 * version. Any failure to read or write the cache only costs the compile time.
 *
 * The bundle is ASCII (scripts/build.mjs checks), so it is read as latin1: the same string, decoded
 * without UTF-8's work.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

/** Set to `0` to run without the code cache (e.g. to time a cold compile). */
export const CODE_CACHE_ENV = "LAKEHOUSE_CODE_CACHE";

const appFile = join(__dirname, "app.js");
const cacheDir = join(__dirname, ".cache");

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes the cache next to its final name and renames it: a concurrent run never reads half a file. */
function writeCache(file: string, data: Buffer): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, data);
    renameSync(partial, file);
  } catch {
    // A read-only dist/ runs without a cache.
  }
}

const source = readFileSync(appFile, "latin1");
const useCache = process.env[CODE_CACHE_ENV] !== "0";
const { size, mtimeMs, ctimeMs, ino } = statSync(appFile);
const key = [size, mtimeMs, ctimeMs, ino, process.version, process.arch].join("-");
const cacheFile = join(cacheDir, `app-${key}.v8cache`);
const cachedData = useCache ? readCache(cacheFile) : undefined;
// The same wrapper Node's CommonJS loader puts around a module.
const wrapper = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
const script = new Script(wrapper, { filename: appFile, cachedData });
if (useCache && (cachedData === undefined || script.cachedDataRejected)) {
  // At exit every function the run used is compiled: that is the bytecode worth keeping.
  process.once("exit", () => writeCache(cacheFile, script.createCachedData()));
}

const appRequire = createRequire(appFile);
const appModule = { exports: {}, filename: appFile, id: appFile, loaded: false, require: appRequire };
(script.runInThisContext() as (...args: unknown[]) => void).call(
  appModule.exports,
  appModule.exports,
  appRequire,
  appModule,
  appFile,
  dirname(appFile),
);
