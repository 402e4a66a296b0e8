/**
 * `npm run bench`: the synth budgets, each measured in fresh processes, and gated: exits 1 when one is
 * exceeded, so CI fails on a regression.
 *
 * - app: `node dist/main.js` (app-launcher.ts running dist/app.js, the esbuild bundle of main.ts, with
 *   its V8 code cache; one unmeasured run first makes sure the cache exists) on the example config
 *   (twelve stacks): median wall ≤ 600 ms, peak ≤ 200 MiB. Beside it, not gated: one run without the
 *   code cache (what the first synth after a build costs), and the same app with
 *   the three provider packages' roots required first from node_modules (they load their own copy of
 *   cdktf next to the bundled one: the cost is the loading), i.e. what one root import
 *   (`@cdktf/provider-aws` instead of `…/lib/s3-bucket`) would cost every synth.
 * - `npm run synth` (build + app, as a user runs it, warm: nothing to rebuild): median wall ≤ 2.5 s;
 *   its CPU time is the sum over the Node processes of the run (npm, the build, the app).
 * - scaling: the example's dataset tables cloned to ~250 per cloud (~2,300 resources) through
 *   LAKEHOUSE_CONFIG: wall ÷ resources ≤ 0.4 ms (CPU ÷ resources printed beside it), and, not gated,
 *   the cost per added resource (the difference to the example run ÷ the added resources), which
 *   leaves out the start-up both runs pay. Beside it, not gated: the same per-resource figure at the
 *   size the architecture issue measured its baseline at (0.8 ms per resource at ~6,700 resources, when
 *   250 tables per cloud made that many; today ~1,050 tables per cloud do): a
 *   per-resource figure includes the start-up, so it is only comparable at the same size.
 * - `--with-tests`: the whole jest suite once, ≤ 60 s.
 *
 * Each figure has a target (the numbers above, from the architecture issue) and a ceiling that CI
 * enforces today so a regression fails (app 4 s / 300 MiB, `npm run synth` 7 s, scaling 5 ms per
 * resource): a figure over its target but under its ceiling is reported as "target not met", not as a
 * failure. `--targets` gates on the targets instead (switch CI to it once they are met).
 *
 * Every figure is printed as wall and CPU time (user + system): on a shared machine the CPU time is the
 * one to compare between runs. Wall times depend on the machine: the budgets are for the 2-core
 * development/CI machine when idle.
 * When the synth processes had to wait for a CPU (median wall > 1.25 x median CPU time: other
 * processes were running), their wall times measure the machine, not the code: the time budgets are
 * then reported but not enforced, unless `--strict`. The memory budget and the tests always are.
 *
 * The app and `npm run synth` runs use the config every command would use (`--config <file>`, else
 * LAKEHOUSE_CONFIG, else lakehouse.config.{yaml,yml,json} in the working directory, else the built-in
 * example), named on the first line; the budgets are set for the built-in example.
 *
 * Usage: node dist/scripts/bench.js [--runs N] [--with-tests] [--strict] [--targets] [--config <file>]
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { describeConfigLocation, EXAMPLE_CONFIG, locateConfig, type LakehouseConfigInput } from "../config";
import type { DatasetSpecInput } from "../pipelines";

/** A figure's goal and the regression ceiling CI enforces until the goal is met. */
interface Budget {
  readonly target: number;
  readonly ceiling: number;
}
const APP_MS: Budget = { target: 600, ceiling: 4000 };
const APP_MIB: Budget = { target: 200, ceiling: 300 };
const NPM_SYNTH_MS: Budget = { target: 2500, ceiling: 7000 };
const SCALING_MS_PER_RESOURCE: Budget = { target: 0.4, ceiling: 5.0 };
const SCALING_TABLES_PER_CLOUD = 250;
/**
 * The architecture issue's baseline: 0.8 ms per resource at ~6,700 resources. A table adds ~5.5 resources
 * today (its maintenance SQL file in each of the cloud's three environments, mostly), so ~1,050 tables per
 * cloud make that many; the run prints the count it got.
 */
const ISSUE_BASELINE = { resources: 6_700, msPerResource: 0.8, tablesPerCloud: 1_050 };
const TEST_BUDGET_MS = 60_000;
/** Wall ÷ CPU time above which a synth process is taken to have waited for a CPU. */
const CONTENDED_WALL_PER_CPU = 1.25;
const PROVIDER_PACKAGES = ["@cdktf/provider-aws", "@cdktf/provider-azurerm", "@cdktf/provider-databricks"];

interface Sample {
  wallMs: number;
  cpuMs: number;
  maxRssMiB: number;
}

interface SynthSample extends Sample {
  stacks: number;
  resources: number;
}

const root = join(__dirname, "..", "..");

/** Runs spawnSync with CDKTF_OUTDIR set to a fresh directory, hands that directory to `read`, removes it. */
function withOutdir<T>(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  read: (outdir: string, stderr: string) => T,
): T {
  const outdir = mkdtempSync(join(tmpdir(), "lakehouse-bench-"));
  try {
    const options: SpawnSyncOptions = { cwd: root, env: { ...process.env, ...env, CDKTF_OUTDIR: outdir } };
    const result = spawnSync(command, args, { ...options, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (result.error) throw result.error;
    if (result.status !== 0) {
      throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status}):\n${result.stderr}`);
    }
    return read(outdir, result.stderr);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Synthesizes in a fresh `node` process; `preload` modules are required before the app. */
function synthOnce(env: NodeJS.ProcessEnv = {}, preload: readonly string[] = []): SynthSample {
  const requires = [...preload, join(root, "dist/scripts/report-usage.js")].flatMap((m) => ["--require", m]);
  return withOutdir(process.execPath, [...requires, join(root, "dist/main.js")], env, (outdir, stderr) => {
    const line = stderr.split("\n").find((l) => l.startsWith("BENCH "));
    if (!line) throw new Error("synth process did not report its usage");
    return { ...(JSON.parse(line.slice("BENCH ".length)) as Sample), ...countResources(outdir) };
  });
}

/**
 * The code cache files with their inodes: a run that rewrites the cache (it was rejected, e.g. because
 * the run's V8 flags at exit differ from those at its start) gives a new inode.
 */
function codeCacheFiles(): string {
  const dir = join(root, "dist", ".cache");
  if (!existsSync(dir)) return "";
  return readdirSync(dir)
    .sort()
    .map((name) => `${name}@${statSync(join(dir, name)).ino}`)
    .join(" ");
}

/** Stacks and resources (`resource` and `data` blocks) of a synth output directory. */
function countResources(outdir: string): { stacks: number; resources: number } {
  const stacksDir = join(outdir, "stacks");
  let stacks = 0;
  let resources = 0;
  for (const stack of readdirSync(stacksDir)) {
    const file = join(stacksDir, stack, "cdk.tf.json");
    if (!existsSync(file)) continue;
    stacks++;
    const json = JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, object> | undefined>;
    for (const block of [json.resource, json.data]) {
      for (const instances of Object.values(block ?? {})) resources += Object.keys(instances).length;
    }
  }
  return { stacks, resources };
}

/**
 * `npm run synth` as a user runs it (build + app), timed from spawn to exit; its CPU time is the sum
 * reported by every Node process of the run (report-usage.js preloaded through NODE_OPTIONS).
 */
function npmSynthOnce(env: NodeJS.ProcessEnv = {}): Sample {
  const started = performance.now();
  const preload = `--require ${JSON.stringify(join(root, "dist/scripts/report-usage.js"))}`;
  const nodeOptions = [process.env.NODE_OPTIONS, preload].filter(Boolean).join(" ");
  const processes = withOutdir("npm", ["run", "synth"], { ...env, NODE_OPTIONS: nodeOptions }, (_, stderr) =>
    stderr
      .split("\n")
      .filter((l) => l.startsWith("BENCH "))
      .map((l) => JSON.parse(l.slice("BENCH ".length)) as Sample),
  );
  return {
    wallMs: Math.round(performance.now() - started),
    cpuMs: processes.reduce((sum, p) => sum + p.cpuMs, 0),
    maxRssMiB: Math.max(0, ...processes.map((p) => p.maxRssMiB)),
  };
}

/**
 * The example config with every cloud's tables cloned (`transactions_001`, …) up to at least
 * `tablesPerCloud`: the shape of a large lakehouse, for the per-resource cost.
 */
export function scaledConfig(tablesPerCloud: number): LakehouseConfigInput {
  const config = structuredClone(EXAMPLE_CONFIG);
  // One spec serves both clouds, so each cloud's pipelines get `tablesPerCloud` tables.
  const spec = config.datasets as DatasetSpecInput;
  const originals = [...spec.tables];
  const copies = Math.ceil(tablesPerCloud / originals.length) - 1;
  for (let copy = 1; copy <= copies; copy++) {
    for (const table of originals) {
      spec.tables.push({ ...table, name: `${table.name}_${String(copy).padStart(3, "0")}` });
    }
  }
  return config;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const fmt = (n: number): string => n.toLocaleString("en-US");

function main(): void {
  const args = process.argv.slice(2);
  const runsArg = args.indexOf("--runs");
  const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a positive whole number, got '${args[runsArg + 1]}'`);
  const failures: string[] = [];
  const timeFailures: string[] = [];
  const targetsMissed: string[] = [];
  const contention: number[] = [];
  const gateOnTargets = args.includes("--targets");
  /** Records `what` against its budget: over the gate (ceiling, or target with --targets) is a failure. */
  const judge = (value: number, budget: Budget, what: string, into: string[]): void => {
    const gate = gateOnTargets ? budget.target : budget.ceiling;
    if (value > gate) into.push(`${what} > ${gate} (${gateOnTargets ? "target" : "ceiling"})`);
    else if (value > budget.target) targetsMissed.push(`${what} > target ${budget.target}`);
  };
  const budgetText = (budget: Budget, unit: string): string =>
    `target ${fmt(budget.target)} ${unit}, ceiling ${fmt(budget.ceiling)} ${unit}`;

  const location = locateConfig(args);
  console.log(describeConfigLocation(location));
  if (location.path) console.log("  (the budgets are set for the built-in example)");
  // The child processes get the located file explicitly, so they synthesize the same config.
  const configEnv: NodeJS.ProcessEnv = location.path ? { LAKEHOUSE_CONFIG: location.path } : {};
  const configName = location.path ? "the located" : "example";
  console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(2)}`);

  // Warm: the first run after a build compiles the bundle and saves its code cache (app-launcher.ts).
  synthOnce(configEnv);
  const cacheBefore = codeCacheFiles();
  const samples = Array.from({ length: runs }, () => synthOnce(configEnv));
  if (codeCacheFiles() !== cacheBefore)
    failures.push(
      "the code cache was written again by warm runs (rejected: V8 flags at exit differ from the start?)",
    );
  const wall = median(samples.map((s) => s.wallMs));
  const peak = Math.max(...samples.map((s) => s.maxRssMiB));
  const { stacks, resources } = samples[0]!;
  console.log(
    `app synth, ${configName} config (${stacks} stacks, ${fmt(resources)} resources), ${runs} runs:`,
  );
  console.log(
    `  wall  median ${fmt(wall)} ms, max ${fmt(Math.max(...samples.map((s) => s.wallMs)))} ms` +
      ` (${budgetText(APP_MS, "ms")}); cpu median ${fmt(median(samples.map((s) => s.cpuMs)))} ms`,
  );
  console.log(`  peak  ${peak} MiB resident (${budgetText(APP_MIB, "MiB")})`);
  contention.push(wall / median(samples.map((s) => s.cpuMs)));
  judge(wall, APP_MS, `app synth median ${wall} ms`, timeFailures);
  judge(peak, APP_MIB, `app synth peak ${peak} MiB`, failures);

  const cold = synthOnce({ ...configEnv, LAKEHOUSE_CODE_CACHE: "0" });
  console.log(
    `  without the code cache (as the first run after a build; 1 run, not gated): ${fmt(cold.wallMs)} ms, ` +
      `${fmt(cold.maxRssMiB)} MiB`,
  );
  const whole = synthOnce(configEnv, PROVIDER_PACKAGES);
  console.log(
    `  with the provider packages loaded whole (1 run, not gated): ${fmt(whole.wallMs)} ms, ` +
      `${fmt(whole.maxRssMiB)} MiB = ${(whole.wallMs / wall).toFixed(1)}x time, ` +
      `${(whole.maxRssMiB / peak).toFixed(1)}x memory`,
  );

  const npmRuns = Array.from({ length: runs }, () => npmSynthOnce(configEnv));
  const npmWalls = npmRuns.map((r) => r.wallMs);
  const npmWall = median(npmWalls);
  console.log(`npm run synth (build + app), ${runs} runs:`);
  console.log(
    `  wall  median ${fmt(npmWall)} ms, max ${fmt(Math.max(...npmWalls))} ms (${budgetText(NPM_SYNTH_MS, "ms")}); ` +
      `cpu median ${fmt(median(npmRuns.map((r) => r.cpuMs)))} ms (npm, build and app processes)`,
  );
  judge(npmWall, NPM_SYNTH_MS, `npm run synth median ${npmWall} ms`, timeFailures);

  const configDir = mkdtempSync(join(tmpdir(), "lakehouse-bench-config-"));
  try {
    const config = scaledConfig(SCALING_TABLES_PER_CLOUD);
    const configFile = join(configDir, "lakehouse.json");
    writeFileSync(configFile, JSON.stringify(config));
    const scaledRuns = Math.min(runs, 3);
    const scaled = Array.from({ length: scaledRuns }, () => synthOnce({ LAKEHOUSE_CONFIG: configFile }));
    const scaledWall = median(scaled.map((s) => s.wallMs));
    const scaledCpu = median(scaled.map((s) => s.cpuMs));
    const perResource = scaledWall / scaled[0]!.resources;
    const tables = (config.datasets as DatasetSpecInput).tables.length;
    console.log(
      `scaling, ${tables} tables per cloud (${scaled[0]!.stacks} stacks, ${fmt(scaled[0]!.resources)} resources), ` +
        `${scaledRuns} runs:`,
    );
    console.log(
      `  wall  median ${fmt(scaledWall)} ms = ${perResource.toFixed(2)} ms/resource ` +
        `(${budgetText(SCALING_MS_PER_RESOURCE, "ms/resource")}); cpu median ${fmt(scaledCpu)} ms = ` +
        `${(scaledCpu / scaled[0]!.resources).toFixed(2)} ms/resource`,
    );
    // The growth per resource, start-up excluded: the example run and this one differ only in tables.
    const extra = scaled[0]!.resources - resources;
    if (extra > 0) {
      console.log(
        `  per added resource (this run minus the example's, ÷ ${fmt(extra)} more resources; not gated): ` +
          `${((scaledWall - wall) / extra).toFixed(2)} ms wall, ` +
          `${((scaledCpu - median(samples.map((s) => s.cpuMs))) / extra).toFixed(2)} ms CPU`,
      );
    }
    console.log(`  peak  ${Math.max(...scaled.map((s) => s.maxRssMiB))} MiB resident`);
    contention.push(scaledWall / scaledCpu);
    const large = scaledConfig(ISSUE_BASELINE.tablesPerCloud);
    writeFileSync(configFile, JSON.stringify(large));
    const largeRuns = Array.from({ length: Math.min(runs, 2) }, () =>
      synthOnce({ LAKEHOUSE_CONFIG: configFile }),
    );
    const largeWall = median(largeRuns.map((s) => s.wallMs));
    const largeResources = largeRuns[0]!.resources;
    console.log(
      `  at the issue's baseline size (${(large.datasets as DatasetSpecInput).tables.length} tables per cloud, ` +
        `${fmt(largeResources)} resources; ${largeRuns.length} runs, not gated): ${fmt(largeWall)} ms = ` +
        `${(largeWall / largeResources).toFixed(2)} ms/resource (the issue measured ` +
        `${ISSUE_BASELINE.msPerResource} at ~${fmt(ISSUE_BASELINE.resources)}), peak ` +
        `${Math.max(...largeRuns.map((s) => s.maxRssMiB))} MiB`,
    );
    judge(
      perResource,
      SCALING_MS_PER_RESOURCE,
      `scaling ${perResource.toFixed(2)} ms/resource`,
      timeFailures,
    );
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }

  if (args.includes("--with-tests")) {
    const started = Date.now();
    const jest = spawnSync(process.execPath, [join(root, "node_modules/jest/bin/jest.js"), "--silent"], {
      cwd: root,
      encoding: "utf8",
    });
    const elapsed = Date.now() - started;
    console.log(`tests  ${fmt(elapsed)} ms, exit ${jest.status} (budget ${fmt(TEST_BUDGET_MS)} ms)`);
    if (jest.status !== 0) failures.push(`jest failed:\n${jest.stderr}`);
    if (elapsed > TEST_BUDGET_MS) failures.push(`tests ${elapsed} ms > ${TEST_BUDGET_MS} ms`);
  }

  if (targetsMissed.length > 0)
    console.log(`\ntargets not yet met (under their ceilings):\n  ${targetsMissed.join("\n  ")}`);
  const wallPerCpu = Math.max(...contention);
  if (wallPerCpu > CONTENDED_WALL_PER_CPU && !args.includes("--strict") && timeFailures.length > 0) {
    console.log(
      `\nmachine busy (synth wall ${wallPerCpu.toFixed(1)}x its CPU time, load average ${loadavg()[0]!.toFixed(1)} ` +
        `on ${cpus().length} cores): time budgets not enforced; rerun when idle, or with --strict:\n  ${timeFailures.join("\n  ")}`,
    );
  } else {
    failures.push(...timeFailures);
  }
  if (failures.length > 0) {
    console.error(`\nbudget exceeded:\n  ${failures.join("\n  ")}`);
    process.exit(1);
  }
}

if (require.main === module) main();
