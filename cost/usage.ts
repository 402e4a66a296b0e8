/**
 * Usage assumptions a price needs (hours, runs, stored GB, events), per environment stage. Defaults fit
 * the built-in example; a JSON file overrides any field per stage or per stack. Every value is validated
 * (finite, non-negative) and every assumption used is printed in the report.
 */
import { existsSync } from "node:fs";
import { isRecord } from "../terraform-json/values";
import { CostReviewError, readJsonFile } from "./errors";

export const STAGES = ["dev", "staging", "prod"] as const;
export type Stage = (typeof STAGES)[number];

/** Storage layers a bucket or container maps to (by `layer` tag, container name or bucket name). */
export const STORAGE_LAYERS = [
  "landing",
  "bronze",
  "silver",
  "gold",
  "checkpoints",
  "accessLogs",
  "workspaceRoot",
] as const;
export type StorageLayer = (typeof STORAGE_LAYERS)[number];

export interface LayerUsage {
  /** GB stored in the layer (all ages; current versions). */
  readonly storedGb: number;
  /** Age of the oldest data kept when no lifecycle expiration applies (days); the tiering model's horizon. */
  readonly retainedDays: number;
  /** PUT/COPY/POST/LIST requests per month. */
  readonly writeRequestsPerMonth: number;
  /** GET and other requests per month. */
  readonly readRequestsPerMonth: number;
}

export interface UsageProfile {
  readonly storage: Readonly<Record<StorageLayer, LayerUsage>>;
  readonly streaming: {
    /** Average events per second, per stream / event hub. */
    readonly eventsPerSecond: number;
    /**
     * Peak events per second ÷ average: what a provisioned stream sized for its peak must carry (the
     * naive counterpart of on-demand Kinesis or auto-inflating Event Hubs in `--savings`).
     */
    readonly peakToAverage: number;
    /** Average event size in bytes. */
    readonly bytesPerEvent: number;
    /** Consumers reading every event (Kinesis on-demand retrieval). */
    readonly consumers: number;
  };
  readonly pipelines: {
    /**
     * Hours per day a triggered pipeline runs when no job schedules it (its updates are then started by
     * hand or by another system); continuous pipelines run 24 h.
     */
    readonly hoursPerDay: number;
    /**
     * Minutes one triggered update runs on Photon-class compute (serverless, or classic with Photon); a
     * classic cluster without Photon takes `compute.photonSpeedup` times as long. Updates per day come
     * from the schedule of the job that starts the pipeline.
     */
    readonly minutesPerUpdate: number;
    /** Minutes a classic pipeline cluster bills per update before work starts (VM and runtime start). */
    readonly classicStartMinutes: number;
    /** DBU/h a serverless pipeline consumes (serverless has no node count to derive it from). */
    readonly serverlessDbuPerHour: number;
  };
  readonly jobs: {
    /** Runs per day of a job without a literal schedule (a scheduled job's runs come from its cron). */
    readonly runsPerDay: number;
    /** Minutes per run (cluster time, start-up included). */
    readonly runMinutes: number;
    /** DBU/h of serverless job tasks. */
    readonly serverlessDbuPerHour: number;
  };
  readonly warehouse: {
    /** Hours per day the SQL warehouse serves queries. */
    readonly hoursPerDay: number;
    /** Query sessions per day; each one ends with `auto_stop_mins` of idle billing. */
    readonly sessionsPerDay: number;
    /**
     * Average running clusters while serving queries (clamped to min/max_num_clusters); idle billing
     * (the auto-stop tail, or all day when auto-stop is off) runs `min_num_clusters`.
     */
    readonly averageClusters: number;
  };
  readonly interactiveClusters: {
    /** Hours per day all-purpose clusters (under the interactive policy or databricks_cluster) are used. */
    readonly hoursPerDay: number;
    /**
     * Work sessions per day; each ends with `autotermination_minutes` of idle billing (a cluster with
     * auto-termination off runs 24 h a day).
     */
    readonly sessionsPerDay: number;
    /** Average workers while running (clamped to the policy's max). */
    readonly workers: number;
  };
  readonly compute: {
    /**
     * Where an autoscaling classic cluster sits between min and max workers on average (0 = always at
     * min, 1 = always at max): average workers = min + share × (max − min).
     */
    readonly autoscaleAverageShare: number;
    /**
     * Share of spot worker-hours that fall back to on-demand (SPOT_WITH_FALLBACK when spot capacity is
     * short or reclaimed); the rest is billed at the catalog's observed spot price.
     */
    readonly spotFallbackShare: number;
    /**
     * How many times faster Photon runs a triggered pipeline update: a classic pipeline cluster without
     * Photon runs `photonSpeedup` times longer for the same work (job runs keep `jobs.runMinutes`).
     */
    readonly photonSpeedup: number;
  };
  readonly maintenance: {
    /** Serverless DBUs per day predictive optimization spends on a catalog that enables it. */
    readonly predictiveOptimizationDbuPerDay: number;
    /**
     * Runs per day of a maintenance job (name ending in `maintenance`) without a literal schedule, such
     * as the daily OPTIMIZE/VACUUM job `--savings` puts in place of predictive optimization.
     */
    readonly optimizeRunsPerDay: number;
    /** Minutes per run of a maintenance job (OPTIMIZE/VACUUM of every table, needed or not). */
    readonly optimizeMinutesPerRun: number;
    /** Workers of the scheduled OPTIMIZE job's fixed cluster (jobs policy's default node type). */
    readonly optimizeWorkers: number;
  };
  readonly network: {
    /** GB per month through each NAT gateway. */
    readonly natGbPerMonth: number;
    /** GB per month through each private endpoint. */
    readonly privateEndpointGbPerMonth: number;
    /** GB per month through each interface VPC endpoint. */
    readonly vpcEndpointGbPerMonth: number;
  };
  readonly keys: {
    /** Requests per month per KMS key. */
    readonly kmsRequestsPerMonth: number;
    /** Operations per month per Key Vault. */
    readonly keyVaultOperationsPerMonth: number;
  };
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends number ? number : DeepPartial<T[K]> };
export type UsageOverrides = DeepPartial<UsageProfile>;

/** The JSON usage file: overrides per stage, and per stack (optionally naming the stack's stage). */
export interface UsageFile {
  readonly stages?: Partial<Record<Stage, UsageOverrides>>;
  readonly stacks?: Record<string, { readonly stage?: Stage; readonly usage?: UsageOverrides }>;
}

const layer = (
  storedGb: number,
  retainedDays: number,
  writeRequestsPerMonth: number,
  readRequestsPerMonth: number,
): LayerUsage => ({ storedGb, retainedDays, writeRequestsPerMonth, readRequestsPerMonth });

/**
 * Compute assumptions shared by every stage. Autoscale: clusters spend most time near their minimum
 * (bursty micro-batches), a 0.25 share. Spot fallback: 10 % of spot worker-hours. Photon: 2× on the
 * SQL/Delta-heavy medallion work (Databricks quotes 2–3× on typical SQL; UDF-heavy code gains less).
 */
const COMPUTE: UsageProfile["compute"] = {
  autoscaleAverageShare: 0.25,
  spotFallbackShare: 0.1,
  photonSpeedup: 2,
};

/** A naive daily OPTIMIZE/VACUUM of every table: 45 minutes on a fixed 2-worker jobs cluster. */
const MAINTENANCE: UsageProfile["maintenance"] = {
  predictiveOptimizationDbuPerDay: 2,
  optimizeRunsPerDay: 1,
  optimizeMinutesPerRun: 45,
  optimizeWorkers: 2,
};

/** Defaults for the built-in example (card-fraud lakehouse): small dev, mid staging, 24/7 streaming prod. */
export const DEFAULT_USAGE: Readonly<Record<Stage, UsageProfile>> = {
  dev: {
    storage: {
      landing: layer(50, 30, 100_000, 200_000),
      bronze: layer(100, 90, 200_000, 500_000),
      silver: layer(50, 90, 100_000, 500_000),
      gold: layer(20, 90, 50_000, 500_000),
      checkpoints: layer(5, 30, 200_000, 200_000),
      accessLogs: layer(5, 30, 50_000, 1_000),
      workspaceRoot: layer(10, 90, 20_000, 50_000),
    },
    streaming: { eventsPerSecond: 5, peakToAverage: 4, bytesPerEvent: 1024, consumers: 1 },
    pipelines: { hoursPerDay: 2, minutesPerUpdate: 10, classicStartMinutes: 5, serverlessDbuPerHour: 4 },
    jobs: { runsPerDay: 1, runMinutes: 15, serverlessDbuPerHour: 2 },
    warehouse: { hoursPerDay: 2, sessionsPerDay: 2, averageClusters: 1 },
    interactiveClusters: { hoursPerDay: 2, sessionsPerDay: 2, workers: 1 },
    compute: COMPUTE,
    maintenance: { ...MAINTENANCE, predictiveOptimizationDbuPerDay: 0.5 },
    network: { natGbPerMonth: 20, privateEndpointGbPerMonth: 5, vpcEndpointGbPerMonth: 5 },
    keys: { kmsRequestsPerMonth: 100_000, keyVaultOperationsPerMonth: 10_000 },
  },
  staging: {
    storage: {
      landing: layer(250, 90, 500_000, 1_000_000),
      bronze: layer(500, 180, 1_000_000, 2_000_000),
      silver: layer(250, 180, 500_000, 2_000_000),
      gold: layer(100, 180, 200_000, 2_000_000),
      checkpoints: layer(20, 30, 1_000_000, 1_000_000),
      accessLogs: layer(20, 90, 200_000, 5_000),
      workspaceRoot: layer(30, 180, 50_000, 100_000),
    },
    streaming: { eventsPerSecond: 50, peakToAverage: 4, bytesPerEvent: 1024, consumers: 1 },
    pipelines: { hoursPerDay: 4, minutesPerUpdate: 8, classicStartMinutes: 5, serverlessDbuPerHour: 8 },
    jobs: { runsPerDay: 4, runMinutes: 15, serverlessDbuPerHour: 4 },
    warehouse: { hoursPerDay: 4, sessionsPerDay: 4, averageClusters: 1 },
    interactiveClusters: { hoursPerDay: 3, sessionsPerDay: 2, workers: 2 },
    compute: COMPUTE,
    maintenance: { ...MAINTENANCE, predictiveOptimizationDbuPerDay: 1 },
    network: { natGbPerMonth: 50, privateEndpointGbPerMonth: 20, vpcEndpointGbPerMonth: 20 },
    keys: { kmsRequestsPerMonth: 300_000, keyVaultOperationsPerMonth: 30_000 },
  },
  prod: {
    storage: {
      landing: layer(2_000, 365, 5_000_000, 5_000_000),
      bronze: layer(5_000, 365, 10_000_000, 20_000_000),
      silver: layer(3_000, 365, 5_000_000, 30_000_000),
      gold: layer(1_000, 365, 2_000_000, 50_000_000),
      checkpoints: layer(50, 30, 10_000_000, 10_000_000),
      accessLogs: layer(200, 365, 2_000_000, 10_000),
      workspaceRoot: layer(100, 365, 200_000, 500_000),
    },
    streaming: { eventsPerSecond: 500, peakToAverage: 4, bytesPerEvent: 1024, consumers: 2 },
    pipelines: { hoursPerDay: 24, minutesPerUpdate: 6, classicStartMinutes: 5, serverlessDbuPerHour: 16 },
    jobs: { runsPerDay: 24, runMinutes: 20, serverlessDbuPerHour: 8 },
    warehouse: { hoursPerDay: 10, sessionsPerDay: 6, averageClusters: 1.5 },
    interactiveClusters: { hoursPerDay: 6, sessionsPerDay: 3, workers: 4 },
    compute: COMPUTE,
    maintenance: { ...MAINTENANCE, predictiveOptimizationDbuPerDay: 2 },
    network: { natGbPerMonth: 200, privateEndpointGbPerMonth: 100, vpcEndpointGbPerMonth: 100 },
    keys: { kmsRequestsPerMonth: 2_000_000, keyVaultOperationsPerMonth: 100_000 },
  },
};

/** Fields that must be strictly positive (they divide); all others must be ≥ 0. */
const POSITIVE_FIELDS = new Set(["retainedDays", "bytesPerEvent"]);
/** Shares of a whole (0–1). */
const SHARE_FIELDS = new Set(["autoscaleAverageShare", "spotFallbackShare"]);
/** Ratios that cannot be below 1 (a peak below the average, Photon slower than without it). */
const AT_LEAST_ONE_FIELDS = new Set(["peakToAverage", "photonSpeedup"]);
/** Fields measured in hours per day (≤ 24). */
const HOURS_PER_DAY_FIELDS = new Set(["hoursPerDay"]);

/** Reads and validates a usage file; any error names the field path and the bad value. */
export function loadUsageFile(path: string): UsageFile {
  if (!existsSync(path)) throw new CostReviewError(`usage file not found: ${path}`);
  return validateUsageFile(readJsonFile(path, "usage file"), path);
}

export function validateUsageFile(value: unknown, origin = "usage"): UsageFile {
  const fail = (msg: string): never => {
    throw new CostReviewError(`${origin}: ${msg}`);
  };
  if (!isRecord(value)) fail("must be a JSON object with 'stages' and/or 'stacks'");
  const file = value as Record<string, unknown>;
  for (const key of Object.keys(file)) {
    if (key !== "stages" && key !== "stacks" && key !== "$comment") {
      fail(`unknown key '${key}' (expected 'stages' or 'stacks')`);
    }
  }
  if (file.stages !== undefined) {
    if (!isRecord(file.stages)) fail("stages must be an object keyed by stage");
    for (const [stage, overrides] of Object.entries(file.stages as Record<string, unknown>)) {
      if (!STAGES.includes(stage as Stage))
        fail(`stages.${stage}: unknown stage (expected ${STAGES.join(", ")})`);
      checkOverrides(overrides, DEFAULT_USAGE.prod, `stages.${stage}`, fail);
    }
  }
  if (file.stacks !== undefined) {
    if (!isRecord(file.stacks)) fail("stacks must be an object keyed by stack name");
    for (const [stack, entry] of Object.entries(file.stacks as Record<string, unknown>)) {
      if (!isRecord(entry)) fail(`stacks.${stack} must be an object with 'stage' and/or 'usage'`);
      const e = entry as Record<string, unknown>;
      for (const key of Object.keys(e)) {
        if (key !== "stage" && key !== "usage")
          fail(`stacks.${stack}: unknown key '${key}' (expected stage, usage)`);
      }
      if (e.stage !== undefined && !STAGES.includes(e.stage as Stage)) {
        fail(`stacks.${stack}.stage: ${JSON.stringify(e.stage)} is not one of ${STAGES.join(", ")}`);
      }
      if (e.usage !== undefined) checkOverrides(e.usage, DEFAULT_USAGE.prod, `stacks.${stack}.usage`, fail);
    }
  }
  return file as UsageFile;
}

function checkOverrides(value: unknown, shape: unknown, path: string, fail: (msg: string) => never): void {
  if (!isRecord(value)) fail(`${path} must be an object`);
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const expected = (shape as Record<string, unknown>)[key];
    const at = `${path}.${key}`;
    if (expected === undefined) {
      fail(`${at}: unknown field (expected one of ${Object.keys(shape as object).join(", ")})`);
    }
    if (typeof expected === "number") {
      checkNumber(v, key, at, fail);
    } else {
      checkOverrides(v, expected, at, fail);
    }
  }
}

function checkNumber(v: unknown, key: string, at: string, fail: (msg: string) => never): void {
  if (typeof v !== "number" || !Number.isFinite(v)) fail(`${at}: ${JSON.stringify(v)} is not a number`);
  const n = v as number;
  if (n < 0) fail(`${at}: ${n} is negative; usage values must be ≥ 0`);
  if (POSITIVE_FIELDS.has(key) && n === 0) fail(`${at}: must be greater than 0`);
  if (HOURS_PER_DAY_FIELDS.has(key) && n > 24) fail(`${at}: ${n} hours per day is more than 24`);
  if (SHARE_FIELDS.has(key) && n > 1) fail(`${at}: ${n} is a share and must be between 0 and 1`);
  if (AT_LEAST_ONE_FIELDS.has(key) && n < 1) fail(`${at}: ${n} is a ratio and must be at least 1`);
}

function merge<T>(base: T, overrides: unknown): T {
  if (!isRecord(overrides)) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, v] of Object.entries(overrides)) {
    out[key] = isRecord(v) ? merge(out[key], v) : v;
  }
  return out as T;
}

/** How a stack's stage was chosen, printed with the assumptions. */
export type StageSource =
  | "usage file"
  | "stack name"
  | "environment tag"
  | "default (unknown stage: prod profile)";

export interface ResolvedUsage {
  readonly stage: Stage;
  readonly stageSource: StageSource;
  readonly profile: UsageProfile;
  /** Dotted paths overridden by the usage file (for the report). */
  readonly overridden: readonly string[];
}

/** Default profiles merged with a usage file. */
export class UsageProfiles {
  constructor(private readonly file: UsageFile = {}) {}

  /**
   * The profile of a stack. Stage: the usage file's `stacks.<name>.stage`, else a stage word at the end
   * of the stack name (`aws-prod`, or `aws-prod-workspace` for a workspace layer) or in the resources'
   * `environment` tag, else the prod profile.
   */
  forStack(stackName: string, environmentTag?: string): ResolvedUsage {
    const entry = this.file.stacks?.[stackName];
    let stage: Stage;
    let stageSource: StageSource;
    const suffix =
      stackName
        .replace(/-workspace$/, "")
        .split("-")
        .pop() ?? "";
    if (entry?.stage) {
      stage = entry.stage;
      stageSource = "usage file";
    } else if (STAGES.includes(suffix as Stage)) {
      stage = suffix as Stage;
      stageSource = "stack name";
    } else if (environmentTag && STAGES.includes(environmentTag as Stage)) {
      stage = environmentTag as Stage;
      stageSource = "environment tag";
    } else {
      stage = "prod";
      stageSource = "default (unknown stage: prod profile)";
    }
    const stageOverrides = this.file.stages?.[stage];
    const profile = merge(merge(DEFAULT_USAGE[stage], stageOverrides), entry?.usage);
    const overridden = [...leafPaths(stageOverrides), ...leafPaths(entry?.usage)];
    return { stage, stageSource, profile, overridden: [...new Set(overridden)].sort() };
  }
}

function leafPaths(value: unknown, prefix = ""): string[] {
  if (!isRecord(value)) return prefix ? [prefix] : [];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

/** The profile as sorted `path = value` pairs, for printing the assumptions. */
export function flattenUsage(profile: UsageProfile): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  const walk = (v: unknown, prefix: string) => {
    if (typeof v === "number") out.push([prefix, v]);
    else if (isRecord(v)) for (const [k, c] of Object.entries(v)) walk(c, prefix ? `${prefix}.${k}` : k);
  };
  walk(profile, "");
  return out;
}
