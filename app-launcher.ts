/**
 * `dist/main.js`, the command `npm run synth` and `cdktf.json` run: loads the bundled app
 * (`dist/app.js`, esbuild's bundle of `main.ts`, written as Node's module function: it does nothing
 * when Node runs it directly) with a V8 code cache, then calls it as Node's CommonJS loader calls a
 * module (its `exports` as `this`, `require`, `module`, `__filename`, `__dirname`).
 *
 * Why: V8 parses the whole bundle (~4.7 MB) and compiles each function on its first call; without a
 * cache that is a large part of a synth's start. The first successful run after a build compiles as
 * usual and, at exit, saves the bytecode of every function it compiled to `dist/.cache/`; later runs
 * hand it to V8 instead. V8 rejects a cache made by another V8 version or with other flags, but of the
 * source it checks only the length, and it does not check the cache's own bytes (a damaged file can
 * crash the process). So the file name carries a CRC-32 of the bundle's bytes and V8's cache tag (which
 * covers version and flags: the cdktf CLI's NODE_OPTIONS get their own file), and the file starts with
 * a CRC-32 of the bytecode, checked before V8 sees it; a file that fails the check is deleted. Any
 * failure to read or write the cache only costs the compile time.
 *
 * The bundle is ASCII (scripts/build.mjs checks), so it is read as latin1: the same string, decoded
 * without UTF-8's work. The build writes it inside Node's module wrapper (`(function (exports, require,
 * module, __filename, __dirname) {` … `});`), so V8 compiles the string as read.
 *
 * New memory is much of a start's cost on this machine: a Firecracker guest pays ~14 µs for each 4 KiB
 * page it touches for the first time (3.6 ms per MiB, measured; touched again, a page costs nothing).
 * So the launcher touches as little new memory as it can: it compiles the string as read (wrapping it
 * here made V8 copy all 4.7 MB into one flat string), and reads the cache into the buffer the bundle was
 * read into (those bytes are not needed once decoded), at an 8-byte aligned offset (V8 copies cached
 * data that is not pointer-aligned: `AlignedCachedData` in src/snapshot/code-serializer.cc). Measured
 * (interleaved runs): ~12 MB and ~3,000 page faults fewer per synth.
 *
 * It also sets V8's tiering budget for the run ({@link TIERING_FLAG}) and keeps V8's young generation
 * at its initial size (stacks/young-generation.ts, the same page-touching cost), before the bundle is
 * compiled and before the cache's name is made (flags are part of V8's cache tag).
 */
import { randomBytes } from "node:crypto";
import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { cachedDataVersionTag, setFlagsFromString } from "node:v8";
import { Script } from "node:vm";
import { crc32 } from "node:zlib";
import { pinYoungGeneration } from "./stacks/young-generation";

/** Set to `0` to run without the code cache (e.g. to time a cold compile). */
export const CODE_CACHE_ENV = "LAKEHOUSE_CODE_CACHE";

/**
 * V8 hands a function to TurboFan, its optimizing compiler, once the function has used up an
 * "interrupt budget" of bytecode executed (132 KB by default in Node 20's V8). A synth is a short run
 * that calls thousands of functions a few hundred times each: at the default, TurboFan compiles many of
 * them on a second thread and often throws the code away again (a new object shape), which costs more
 * than the optimized code wins back. A budget ~7.5x the default leaves optimization to the functions that
 * stay hot. Measured (interleaved runs, 2-core machine): the example's synth 965 -> 879 ms wall and
 * 1.26 -> 0.99 s CPU; the bench's 2,300-resource config 1.51 -> 1.40 s wall, 2.23 -> 1.61 s CPU; a
 * 6,700-resource config 3.0 -> 2.7 s wall (`--no-opt`, TurboFan off, was as fast on the example and
 * slower at that size). A budget given on the command line is left as it is.
 */
export const TIERING_FLAG = "--interrupt-budget=1000000";
// (Node refuses this V8 flag in NODE_OPTIONS: only the command line can give it.)
const budgetGiven = process.execArgv.some((arg) => /^--interrupt[-_]budget\b/.test(arg));
if (!budgetGiven) setFlagsFromString(TIERING_FLAG);
// New objects stay in V8's initial 1 MiB semi-spaces: see stacks/young-generation.ts.
pinYoungGeneration();

const appFile = join(__dirname, "app.js");
const cacheDir = join(__dirname, ".cache");
/** How the bundle starts: Node's module wrapper, whose function this launcher calls. */
const MODULE_FUNCTION = "(function (exports, require, module, __filename, __dirname) {";

/**
 * Bytes before the bytecode: its CRC-32, little-endian, then 4 zero bytes, so that the bytecode starts
 * 8-byte aligned in a buffer that is (V8 would copy it otherwise).
 */
const HEADER = 8;

/**
 * Reads a whole file into `into` when it fits (its first bytes are overwritten), else into a new buffer;
 * returns the bytes read. Undefined when the file cannot be read.
 */
function readWhole(file: string, into?: Buffer): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const buffer = into && into.length >= size ? into : Buffer.allocUnsafeSlow(size);
    let read = 0;
    for (let n = 1; read < size && n > 0; read += n) n = readSync(fd, buffer, read, size - read, read);
    return buffer.subarray(0, read);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * The bytecode of a cache file whose checksum holds, read into `into` when it fits; a file that fails
 * the check is deleted.
 */
function readCache(file: string, into: Buffer): Buffer | undefined {
  const bytes = readWhole(file, into);
  if (bytes === undefined) return undefined;
  const data = bytes.subarray(HEADER);
  if (bytes.length > HEADER && bytes.readUInt32LE(0) === crc32(data)) return data;
  rmSync(file, { force: true });
  return undefined;
}

/**
 * Writes checksum + bytecode to a uniquely named file, flushes it to disk and renames it into place:
 * a concurrent run, or one after a crash, never reads a partial file under the final name.
 */
function writeCache(file: string, data: Buffer): void {
  const partial = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.partial`;
  try {
    const header = Buffer.alloc(HEADER);
    header.writeUInt32LE(crc32(data), 0);
    const fd = openSync(partial, "wx");
    try {
      writeSync(fd, header);
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, file);
  } catch {
    rmSync(partial, { force: true });
  }
}

/** Whether the cache directory can be written (a read-only install skips making the bytecode). */
function cacheWritable(): boolean {
  try {
    mkdirSync(cacheDir, { recursive: true });
    accessSync(cacheDir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The bundle compiled, with the cache when there is a valid one; at exit, a run that did not use a cache
 * saves one. The bytes read are dropped on return (the script keeps only the text).
 */
function compileBundle(): Script {
  const bytes = readWhole(appFile);
  if (bytes === undefined) throw new Error(`${appFile} cannot be read: run \`npm run build\``);
  const key = [
    crc32(bytes).toString(16),
    bytes.length,
    cachedDataVersionTag(),
    process.version,
    process.arch,
  ];
  const cacheFile = join(cacheDir, `app-${key.join("-")}.v8cache`);
  const source = bytes.toString("latin1");
  // An unwrapped bundle would run its top level here, where `require` is not defined.
  if (!source.startsWith(MODULE_FUNCTION))
    throw new Error(`${appFile} is not the module function scripts/build.mjs writes: run \`npm run build\``);
  const useCache = process.env[CODE_CACHE_ENV] !== "0";
  // Decoded: the bundle's bytes are free to take the cache.
  const cachedData = useCache ? readCache(cacheFile, bytes) : undefined;
  const script = new Script(source, { filename: appFile, cachedData });
  if (useCache && (cachedData === undefined || script.cachedDataRejected)) {
    // At exit every function the run used is compiled: that is the bytecode worth keeping (not after a
    // failed run, which compiled only part of it).
    process.once("exit", (code) => {
      if (code !== 0 || !cacheWritable()) return;
      // The flags as at the start (a large app gives V8 its young generation back): V8 writes them
      // into the cache and rejects it in a run whose flags differ.
      pinYoungGeneration();
      try {
        writeCache(cacheFile, script.createCachedData());
      } catch {
        // Only the next run's compile time is lost.
      }
    });
  }
  return script;
}

const moduleFunction = compileBundle().runInThisContext() as (...args: unknown[]) => void;
const appRequire = createRequire(appFile);
const appModule = { exports: {}, filename: appFile, id: appFile, loaded: false, require: appRequire };
moduleFunction.call(appModule.exports, appModule.exports, appRequire, appModule, appFile, dirname(appFile));

// When the app has nothing left to do (Node emits 'beforeExit' only with an empty event loop), exit
// there: Node's normal end frees the whole heap page by page first, ~25 ms of a synth on this machine.
// The 'exit' listeners (the cache above) and process.exitCode work as before; another 'beforeExit'
// listener (the app's) means the app may schedule more work, so Node's normal end is left to run.
// Prepended: it runs before the app's listeners, while a `once` listener of the app (which Node
// removes before calling it) still counts.
process.prependListener("beforeExit", () => {
  if (process.listenerCount("beforeExit") === 1) process.exit();
});
