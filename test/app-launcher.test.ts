/**
 * app-launcher.ts (dist/main.js) runs dist/app.js as `node dist/app.js` would, with a V8 code cache
 * that is written once, reused while the bundle is unchanged, replaced when it changes, and never
 * needed (a run without a writable cache directory behaves the same).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { buildSync } from "esbuild";

const launcherSource = readFileSync(join(__dirname, "..", "app-launcher.ts"), "utf8");
// Bundled as the build does (the launcher imports stacks/young-generation.ts).
const launcher = buildSync({
  entryPoints: [join(__dirname, "..", "app-launcher.ts")],
  bundle: true,
  write: false,
  format: "cjs",
  platform: "node",
  target: "node20",
}).outputFiles[0]!.text;

/** Node's CommonJS module wrapper around `app`, as scripts/build.mjs writes dist/app.js. */
const wrapped = (app: string) => `(function (exports, require, module, __filename, __dirname) { ${app}\n});`;

/** A dist/ directory with the launcher as main.js and `app`, wrapped as the build does, as app.js. */
function distWith(app: string): string {
  const dir = mkdtempSync(join(tmpdir(), "app-launcher-"));
  writeFileSync(join(dir, "main.js"), launcher);
  writeFileSync(join(dir, "app.js"), wrapped(app));
  return dir;
}

function run(dir: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [join(dir, "main.js"), "an-argument"], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const cacheFiles = (dir: string) => {
  try {
    return readdirSync(join(dir, ".cache"));
  } catch {
    return [];
  }
};

const APP = `
const { basename } = require("node:path");
module.exports.answer = 42;
console.log(JSON.stringify({
  file: basename(__filename), dir: __dirname === require("node:path").dirname(__filename),
  exportsIsModuleExports: exports === module.exports, thisIsExports: this === module.exports,
  argv: process.argv.slice(2), ascii: "caf\\u00e9",
}));
`;

describe("app launcher", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const dist = (app: string) => {
    const dir = distWith(app);
    dirs.push(dir);
    return dir;
  };

  it("imports Node's modules and stacks/young-generation.ts only (nothing of the app before the cache is in place)", () => {
    const specifiersOf = (text: string) =>
      [...text.matchAll(/from "([^"]+)"|require\("([^"]+)"\)/g)].map((m) => m[1] ?? m[2]);
    const specifiers = specifiersOf(launcherSource);
    expect(specifiers.filter((s) => !s!.startsWith("node:"))).toEqual(["./stacks/young-generation"]);
    const youngGeneration = readFileSync(join(__dirname, "..", "stacks", "young-generation.ts"), "utf8");
    for (const specifier of specifiersOf(youngGeneration)) expect(specifier).toMatch(/^node:/);
  });

  it("runs the bundle the build wraps in Node's module wrapper, and refuses one it did not wrap", () => {
    const build = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { MODULE_WRAPPER } from ${JSON.stringify(join(__dirname, "..", "scripts", "build.mjs"))};
         console.log(JSON.stringify(MODULE_WRAPPER));`,
      ],
      { encoding: "utf8" },
    );
    expect(JSON.parse(build.stdout)).toEqual([
      "(function (exports, require, module, __filename, __dirname) { ",
      "\n});",
    ]);
    // An unwrapped bundle (a CommonJS file) would fail at its first `require`: one clear error instead.
    const dir = dist("");
    writeFileSync(join(dir, "app.js"), 'const { join } = require("node:path"); console.log(join("a", "b"));');
    const unwrapped = run(dir);
    expect(unwrapped.status).toBe(1);
    expect(unwrapped.stderr).toContain(
      "app.js is not the module function scripts/build.mjs writes: run `npm run build`",
    );
    expect(unwrapped.stderr).not.toContain("ReferenceError");
    expect(unwrapped.stdout).toBe("");
  });

  it("runs the bundle with Node's module wrapper, arguments and require", () => {
    const result = run(dist(APP));
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      file: "app.js",
      dir: true,
      exportsIsModuleExports: true,
      thisIsExports: true,
      argv: ["an-argument"],
      ascii: "café",
    });
  });

  it("writes the cache on the first run and reuses it unchanged while the bundle is the same", () => {
    const dir = dist(APP);
    expect(run(dir).status).toBe(0);
    const [cache] = cacheFiles(dir);
    expect(cache).toMatch(/^app-.+\.v8cache$/);
    const written = statSync(join(dir, ".cache", cache!));
    expect(written.size).toBeGreaterThan(8);
    // The bytecode's CRC-32, then 4 zero bytes (so the bytecode starts 8-byte aligned), then the bytecode.
    const bytes = readFileSync(join(dir, ".cache", cache!));
    expect(bytes.readUInt32LE(0)).toBe(crc32(bytes.subarray(8)));
    expect([...bytes.subarray(4, 8)]).toEqual([0, 0, 0, 0]);
    expect(run(dir).stdout).toBe(run(distWith(APP)).stdout);
    // Accepted, so not written again (a rewrite renames a new file into place: a new inode).
    expect(statSync(join(dir, ".cache", cache!)).ino).toBe(written.ino);
    expect(cacheFiles(dir)).toEqual([cache]);
  });

  it("reads a cache larger than the bundle into a buffer of its own", () => {
    // The cache is read into the bundle's buffer when it fits; a tiny bundle's cache does not fit.
    const small = dist("console.log(1);");
    expect(run(small).stdout).toBe("1\n");
    const [cache] = cacheFiles(small);
    const file = join(small, ".cache", cache!);
    expect(readFileSync(file).length).toBeGreaterThan(readFileSync(join(small, "app.js")).length);
    const inode = statSync(file).ino;
    expect(run(small).stdout).toBe("1\n");
    // Accepted (a rejected cache is written again: a new file renamed into place).
    expect(cacheFiles(small)).toEqual([cache]);
    expect(statSync(file).ino).toBe(inode);
  });

  it("uses a new cache for a changed bundle", () => {
    const dir = dist(APP);
    run(dir);
    const [first] = cacheFiles(dir);
    writeFileSync(join(dir, "app.js"), wrapped(`${APP}\nconsole.log("changed");`));
    const result = run(dir);
    expect(result.stdout).toContain("changed");
    expect(cacheFiles(dir)).toHaveLength(2);
    expect(cacheFiles(dir)).toContain(first);
  });

  it("runs the same without a writable cache directory, and with the cache turned off", () => {
    const dir = dist(APP);
    writeFileSync(join(dir, ".cache"), "a file where the directory would be");
    const blocked = run(dir);
    expect(blocked.status).toBe(0);
    expect(blocked.stderr).toBe("");
    const off = dist(APP);
    expect(run(off, { LAKEHOUSE_CODE_CACHE: "0" }).stdout).toBe(blocked.stdout);
    expect(cacheFiles(off)).toEqual([]);
  });

  it("deletes and replaces a damaged cache instead of handing it to V8 (which can crash on one)", () => {
    const dir = dist(APP);
    run(dir);
    const [cache] = cacheFiles(dir);
    const file = join(dir, ".cache", cache!);
    const bytes = readFileSync(file);
    for (const at of [0.5, 0.65, 0.8, 0.95])
      bytes.fill(0xa5, Math.floor(bytes.length * at), Math.floor(bytes.length * at) + 16);
    writeFileSync(file, bytes);
    const result = run(dir);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ file: "app.js", argv: ["an-argument"] });
    expect(readFileSync(file).equals(bytes)).toBe(false);
    expect(run(dir).status).toBe(0);
  });

  it("runs the new code when the bundle changes but keeps its length and times (V8 checks only the length)", () => {
    const dir = dist('console.log("AAAA");');
    const app = join(dir, "app.js");
    const { atime, mtime } = statSync(app);
    expect(run(dir).stdout).toBe("AAAA\n");
    writeFileSync(app, wrapped('console.log("BBBB");'));
    utimesSync(app, atime, mtime);
    expect(run(dir).stdout).toBe("BBBB\n");
  });

  it("keeps one cache per set of V8 flags (the cdktf CLI's NODE_OPTIONS) instead of rewriting one", () => {
    const dir = dist(APP);
    run(dir);
    const [plain] = cacheFiles(dir);
    const inode = statSync(join(dir, ".cache", plain!)).ino;
    run(dir, { NODE_OPTIONS: "--max-old-space-size=4096" });
    expect(cacheFiles(dir)).toHaveLength(2);
    run(dir);
    run(dir, { NODE_OPTIONS: "--max-old-space-size=4096" });
    expect(cacheFiles(dir)).toHaveLength(2);
    expect(statSync(join(dir, ".cache", plain!)).ino).toBe(inode);
  });

  it("saves no cache after a failed run (it compiled only part of the app)", () => {
    const dir = dist("process.exitCode = 1;");
    expect(run(dir).status).toBe(1);
    expect(cacheFiles(dir)).toEqual([]);
  });

  it("keeps the app's exit code and error output", () => {
    expect(run(dist("process.exitCode = 3;")).status).toBe(3);
    const thrown = run(dist('throw new Error("boom");'));
    expect(thrown.status).toBe(1);
    expect(thrown.stderr).toContain("Error: boom");
    expect(thrown.stderr).toContain("app.js");
  });

  it("runs the app with V8's interrupt budget at 1,000,000 unless its command line sets one, young generation pinned", () => {
    // V8's cache tag hashes the flags that differ from their defaults: equal tags, equal flags.
    const TAG_APP = `console.log(require("node:v8").cachedDataVersionTag());`;
    const PINNED_TAG_APP = `require("node:v8").setFlagsFromString("--semi-space-growth-factor=1"); ${TAG_APP}`;
    const node = (...args: string[]) => spawnSync(process.execPath, args, { encoding: "utf8" });
    const dir = dist(TAG_APP);
    const launched = node(join(dir, "main.js"));
    expect(launched.status).toBe(0);
    expect(launched.stdout).toBe(node("--interrupt-budget=1000000", "-e", PINNED_TAG_APP).stdout);
    expect(launched.stdout).not.toBe(node("--interrupt-budget=1000000", "-e", TAG_APP).stdout);
    const given = node("--interrupt-budget=50000", join(dir, "main.js"));
    expect(given.stdout).toBe(node("--interrupt-budget=50000", "-e", PINNED_TAG_APP).stdout);
  });

  it("keeps the cache of an app that gives V8 its young generation back (pinned again before saving)", () => {
    const dir = dist(`require("node:v8").setFlagsFromString("--semi-space-growth-factor=2");`);
    expect(run(dir).status).toBe(0);
    const [cache] = cacheFiles(dir);
    const inode = statSync(join(dir, ".cache", cache!)).ino;
    expect(run(dir).status).toBe(0);
    expect(cacheFiles(dir)).toEqual([cache]);
    expect(statSync(join(dir, ".cache", cache!)).ino).toBe(inode);
  });

  it("ends once the app has nothing left to do, with its exit code, timers and 'beforeExit' listeners kept", () => {
    const app = `
      process.exitCode = 3;
      setTimeout(() => console.log("timer"), 20);
      Promise.resolve().then(() => console.log("promise"));
      let ticks = 0;
      process.on("beforeExit", () => { if (ticks++ < 2) setTimeout(() => console.log("again " + ticks), 5); });
      process.once("beforeExit", () => setTimeout(() => console.log("once"), 10));
      process.on("exit", (code) => console.log("exit " + code));
    `;
    const result = run(dist(app));
    expect(result.stdout).toBe("promise\ntimer\nagain 1\nonce\nagain 2\nexit 3\n");
    expect(result.status).toBe(3);
    // A `once` listener alone (Node removes it before calling it) still gets its work run.
    const once = run(dist(`process.once("beforeExit", () => setTimeout(() => console.log("ran"), 10));`));
    expect(once.stdout).toBe("ran\n");
  });
});
