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

/** A quantity's value in dev, staging and prod, written side by side. */
type ByStage<T> = readonly [dev: T, staging: T, prod: T];

const byStage = <T>(dev: T, staging: T, prod: T): ByStage<T> => [dev, staging, prod];

/** The profiles as one table: each quantity is one value for every stage, or {@link byStage}. */
type StageTable<T> = {
  readonly [K in keyof T]: T[K] extends number
    ? number | ByStage<number>
    : T[K] extends LayerUsage
      ? ByStage<LayerUsage>
      : StageTable<T[K]>;
};

/** One stage's column of the table (keys in the table's order, which the report prints). */
function column<T>(table: StageTable<T>, stage: Stage): T {
  const i = STAGES.indexOf(stage);
  return Object.fromEntries(
    Object.entries(table).map(([key, v]) => [
      key,
      Array.isArray(v) ? v[i] : typeof v === "number" ? v : column(v as StageTable<unknown>, stage),
    ]),
  ) as T;
}

/**
 * Defaults for the built-in example (card-fraud lakehouse): small dev, mid staging, 24/7 streaming prod.
 */
const USAGE_TABLE: StageTable<UsageProfile> = {
  storage: {
    // layer(storedGb, retainedDays, writeRequestsPerMonth, readRequestsPerMonth)
    landing: byStage(layer(50, 30, 1e5, 2e5), layer(250, 90, 5e5, 1e6), layer(2_000, 365, 5e6, 5e6)),
    bronze: byStage(layer(100, 90, 2e5, 5e5), layer(500, 180, 1e6, 2e6), layer(5_000, 365, 1e7, 2e7)),
    silver: byStage(layer(50, 90, 1e5, 5e5), layer(250, 180, 5e5, 2e6), layer(3_000, 365, 5e6, 3e7)),
    gold: byStage(layer(20, 90, 5e4, 5e5), layer(100, 180, 2e5, 2e6), layer(1_000, 365, 2e6, 5e7)),
    checkpoints: byStage(layer(5, 30, 2e5, 2e5), layer(20, 30, 1e6, 1e6), layer(50, 30, 1e7, 1e7)),
    accessLogs: byStage(layer(5, 30, 5e4, 1e3), layer(20, 90, 2e5, 5e3), layer(200, 365, 2e6, 1e4)),
    workspaceRoot: byStage(layer(10, 90, 2e4, 5e4), layer(30, 180, 5e4, 1e5), layer(100, 365, 2e5, 5e5)),
  },
  streaming: {
    eventsPerSecond: byStage(5, 50, 500),
    peakToAverage: 4,
    bytesPerEvent: 1024,
    consumers: byStage(1, 1, 2),
  },
  pipelines: {
    hoursPerDay: byStage(2, 4, 24),
    minutesPerUpdate: byStage(10, 8, 6),
    classicStartMinutes: 5,
    serverlessDbuPerHour: byStage(4, 8, 16),
  },
  jobs: {
    runsPerDay: byStage(1, 4, 24),
    runMinutes: byStage(15, 15, 20),
    serverlessDbuPerHour: byStage(2, 4, 8),
  },
  warehouse: {
    hoursPerDay: byStage(2, 4, 10),
    sessionsPerDay: byStage(2, 4, 6),
    averageClusters: byStage(1, 1, 1.5),
  },
  interactiveClusters: {
    hoursPerDay: byStage(2, 3, 6),
    sessionsPerDay: byStage(2, 2, 3),
    workers: byStage(1, 2, 4),
  },
  // Clusters spend most time near their minimum (bursty micro-batches); 10 % of spot worker-hours fall
  // back to on-demand; Photon: 2× on the SQL/Delta-heavy medallion work (Databricks quotes 2–3× on
  // typical SQL; UDF-heavy code gains less).
  compute: { autoscaleAverageShare: 0.25, spotFallbackShare: 0.1, photonSpeedup: 2 },
  // The naive daily OPTIMIZE/VACUUM of every table: 45 minutes on a fixed 2-worker jobs cluster.
  maintenance: {
    predictiveOptimizationDbuPerDay: byStage(0.5, 1, 2),
    optimizeRunsPerDay: 1,
    optimizeMinutesPerRun: 45,
    optimizeWorkers: 2,
  },
  network: {
    natGbPerMonth: byStage(20, 50, 200),
    privateEndpointGbPerMonth: byStage(5, 20, 100),
    vpcEndpointGbPerMonth: byStage(5, 20, 100),
  },
  keys: {
    kmsRequestsPerMonth: byStage(1e5, 3e5, 2e6),
    keyVaultOperationsPerMonth: byStage(1e4, 3e4, 1e5),
  },
};

export const DEFAULT_USAGE: Readonly<Record<Stage, UsageProfile>> = {
  dev: column(USAGE_TABLE, "dev"),
  staging: column(USAGE_TABLE, "staging"),
  prod: column(USAGE_TABLE, "prod"),
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
