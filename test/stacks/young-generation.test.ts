/**
 * stacks/young-generation.ts, run in child processes (V8's flags are process-wide): pinned, the young
 * generation stays at its initial 2 MiB while objects survive; released for a large app, V8 grows it and
 * its flags (the code cache's tag) are a plain run's again; a semi-space flag given to Node is left alone.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { transformSync } from "esbuild";
import { youngGenerationSized } from "../../stacks/young-generation";

const moduleCode = transformSync(
  readFileSync(join(__dirname, "..", "..", "stacks", "young-generation.ts"), "utf8"),
  { loader: "ts", format: "cjs", platform: "node", target: "node20" },
).code;

/** Runs `body` after loading the module as `youngGeneration`; returns what it printed, parsed. */
function inChild(body: string, nodeArgs: string[] = [], env: NodeJS.ProcessEnv = {}): unknown {
  const script = `
    const m = { exports: {} };
    new Function("exports", "require", "module", ${JSON.stringify(moduleCode)})(m.exports, require, m);
    const youngGeneration = m.exports;
    const v8 = require("node:v8");
    const newSpaceMiB = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size / 1048576;
    const survivors = [];
    const allocate = () => { for (let i = 0; i < 3e5; i++) survivors.push({ i, list: [i] }); };
    ${body}
  `;
  const result = spawnSync(process.execPath, [...nodeArgs, "-e", script], {
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "", ...env },
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

describe("the young generation during a synth", () => {
  it("stays at its initial size while pinned, and grows once released for a large app", () => {
    const sizes = inChild(`
      youngGeneration.pinYoungGeneration();
      allocate();
      const pinned = newSpaceMiB();
      youngGeneration.releaseYoungGenerationForLargeApp(2001);
      allocate();
      console.log(JSON.stringify({ pinned, released: newSpaceMiB() }));
    `) as { pinned: number; released: number };
    expect(sizes.pinned).toBe(2);
    expect(sizes.released).toBeGreaterThan(2);
  });

  it("is released for an app of more than 2,000 constructs only, to V8's default flags", () => {
    const [plain, pinned, factorOne, after2000, after2001, pinnedAgain] = inChild(`
      const tags = [v8.cachedDataVersionTag()];
      youngGeneration.pinYoungGeneration();
      tags.push(v8.cachedDataVersionTag());
      v8.setFlagsFromString("--semi-space-growth-factor=1");
      tags.push(v8.cachedDataVersionTag());
      youngGeneration.releaseYoungGenerationForLargeApp(2000);
      tags.push(v8.cachedDataVersionTag());
      youngGeneration.releaseYoungGenerationForLargeApp(2001);
      tags.push(v8.cachedDataVersionTag());
      youngGeneration.pinYoungGeneration();
      tags.push(v8.cachedDataVersionTag());
      console.log(JSON.stringify(tags));
    `) as number[];
    expect(pinned).toBe(factorOne);
    expect(pinned).not.toBe(plain);
    expect(after2000).toBe(pinned);
    expect(after2001).toBe(plain);
    expect(pinnedAgain).toBe(pinned);
  });

  it("recognises Node's semi-space flags (either spelling) and no others", () => {
    for (const given of [
      "--max-semi-space-size=4",
      "--min_semi_space_size=2",
      "--semi-space-growth-factor=3",
      '"--max-semi-space-size=16"',
    ])
      expect(youngGenerationSized(["--enable-source-maps", given])).toBe(true);
    for (const other of [[], ["--max-old-space-size=4096"], ["--semi-space"], ["--max-semi-space"]])
      expect(youngGenerationSized(other)).toBe(false);
  });

  it("leaves a semi-space size given on the command line or in NODE_OPTIONS as it is", () => {
    const pinAndRelease = `
      const before = v8.cachedDataVersionTag();
      youngGeneration.pinYoungGeneration();
      const pinned = v8.cachedDataVersionTag();
      youngGeneration.releaseYoungGenerationForLargeApp(5000);
      console.log(JSON.stringify([before, pinned, v8.cachedDataVersionTag()]));`;
    const unchanged = (tags: number[]) => tags.every((tag) => tag === tags[0]);
    expect(unchanged(inChild(pinAndRelease, ["--semi-space-growth-factor=3"]) as number[])).toBe(true);
    // (Node allows the sizes in NODE_OPTIONS, not the growth factor.)
    const options = { NODE_OPTIONS: "--max-semi-space-size=4" };
    expect(unchanged(inChild(pinAndRelease, [], options) as number[])).toBe(true);
  });
});
