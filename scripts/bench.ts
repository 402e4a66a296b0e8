/**
 * `npm run bench`: synthesizes every stack from the example config in a fresh `node` process, several
 * times, and reports wall time and peak memory against the budgets (2 s, 300 MiB for all stacks).
 * Exits non-zero when a budget is exceeded, so it can gate CI.
 *
 * Usage: node dist/scripts/bench.js [--runs N] [--with-tests]
 *   --with-tests  also time `jest` once (budget 60 s)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SYNTH_BUDGET_MS = 2000;
const SYNTH_BUDGET_MIB = 300;
const TEST_BUDGET_MS = 60_000;

interface Sample {
  wallMs: number;
  maxRssMiB: number;
}

function synthOnce(root: string): Sample & { stacks: number } {
  const outdir = mkdtempSync(join(tmpdir(), "lakehouse-bench-"));
  try {
    const result = spawnSync(
      process.execPath,
      ["--require", join(root, "dist/scripts/report-usage.js"), join(root, "dist/main.js")],
      { cwd: root, env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: "utf8" },
    );
    if (result.status !== 0) throw new Error(`synth failed (exit ${result.status}):\n${result.stderr}`);
    const line = result.stderr.split("\n").find((l) => l.startsWith("BENCH "));
    if (!line) throw new Error("synth process did not report its usage");
    const sample = JSON.parse(line.slice("BENCH ".length)) as Sample;
    return { ...sample, stacks: readdirSync(join(outdir, "stacks")).length };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function main(): void {
  const root = join(__dirname, "..", "..");
  const args = process.argv.slice(2);
  const runsArg = args.indexOf("--runs");
  const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a positive whole number, got '${args[runsArg + 1]}'`);

  const samples = Array.from({ length: runs }, () => synthOnce(root));
  const walls = samples.map((s) => s.wallMs).sort((a, b) => a - b);
  const median = walls[Math.floor(walls.length / 2)]!;
  const peak = Math.max(...samples.map((s) => s.maxRssMiB));
  const failures: string[] = [];

  console.log(`synth of all ${samples[0]!.stacks} stacks, ${runs} runs (fresh node process each):`);
  console.log(
    `  wall  median ${median} ms, max ${walls[walls.length - 1]} ms   (budget ${SYNTH_BUDGET_MS} ms)`,
  );
  console.log(`  peak  ${peak} MiB resident                (budget ${SYNTH_BUDGET_MIB} MiB)`);
  if (median > SYNTH_BUDGET_MS) failures.push(`synth median ${median} ms > ${SYNTH_BUDGET_MS} ms`);
  if (peak > SYNTH_BUDGET_MIB) failures.push(`synth peak ${peak} MiB > ${SYNTH_BUDGET_MIB} MiB`);

  if (args.includes("--with-tests")) {
    const started = Date.now();
    const jest = spawnSync(process.execPath, [join(root, "node_modules/jest/bin/jest.js"), "--silent"], {
      cwd: root,
      encoding: "utf8",
    });
    const elapsed = Date.now() - started;
    console.log(`tests  ${elapsed} ms, exit ${jest.status}                (budget ${TEST_BUDGET_MS} ms)`);
    if (jest.status !== 0) failures.push(`jest failed:\n${jest.stderr}`);
    if (elapsed > TEST_BUDGET_MS) failures.push(`tests ${elapsed} ms > ${TEST_BUDGET_MS} ms`);
  }

  if (failures.length > 0) {
    console.error(`\nbudget exceeded:\n  ${failures.join("\n  ")}`);
    process.exit(1);
  }
}

main();
