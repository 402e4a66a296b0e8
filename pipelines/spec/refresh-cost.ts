/**
 * How many silver rows one refresh of a gold feature table reads, on the two ways a pipeline can refresh
 * it (see `../sql/gold.ts` and the README's "Refresh cost"):
 *
 * - **incremental** (serverless pipelines): the feature query is incrementalizable (window functions
 *   with PARTITION BY under a top-level GROUP BY, deterministic, row tracking on the source), so an
 *   update recomputes only the partitions — entities — with events since the last update. A partition
 *   is all of that entity's rows (the window functions read the entity's events in time order), so it
 *   reads the touched entities' retained history. Databricks chooses per update and may still
 *   recompute in full when that looks cheaper; this is the incremental plan's cost.
 * - **full** (classic pipelines, which never refresh materialized views incrementally): every update
 *   reads every retained silver row.
 *
 * Entities touched per update assume events spread evenly over the entities, each event independently:
 * with E events over N entities, N × (1 − (1 − 1/N)^E) distinct entities (for a given E, skewed
 * activity touches fewer). Pure arithmetic: no pricing; the cost review prices pipeline hours.
 */
import type { FeatureSpec } from "./schema";

/** Volumes of one feature table's source, given as inputs (e.g. from a usage profile). */
export interface GoldRefreshVolumes {
  /** Events per second arriving in the feature's silver table. */
  readonly eventsPerSecond: number;
  /** Distinct entities (values of the feature's keys) the events belong to. */
  readonly entities: number;
  /** Minutes between pipeline updates (the schedule's interval). */
  readonly updateIntervalMinutes: number;
  /** Days of events the silver table holds: what a full recompute reads. */
  readonly retentionDays: number;
}

/** Rows one refresh of a feature table reads, per refresh mode. */
export interface GoldRefreshEstimate {
  readonly feature: string;
  /** Longest window of the feature table, in days. */
  readonly longestWindowDays: number;
  /** Events arriving between two updates. */
  readonly eventsPerUpdate: number;
  /** Distinct entities with events since the last update (expected). */
  readonly touchedEntities: number;
  /** Full recompute (classic): every retained silver row, each update. */
  readonly fullRowsPerUpdate: number;
  /** Incremental (serverless): the touched entities' retained rows, each update. */
  readonly incrementalRowsPerUpdate: number;
  /**
   * The touched entities' rows within the longest window: the least any refresh that recomputes them
   * must read (what incremental reads when silver keeps no more than the longest window).
   */
  readonly windowRowsPerUpdate: number;
  /** Updates per day at this interval. */
  readonly updatesPerDay: number;
  /** `incrementalRowsPerUpdate / fullRowsPerUpdate`: the share of silver an incremental update reads. */
  readonly incrementalShare: number;
}

const SECONDS_PER_DAY = 86_400;

function positive(value: number, field: string, feature: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`gold refresh estimate of '${feature}': ${field} ${value} must be a positive number`);
  }
  return value;
}

/** Expected distinct entities among `events` events spread evenly over `entities` entities. */
export function expectedTouchedEntities(events: number, entities: number): number {
  if (events <= 0) return 0;
  // 1 − (1 − 1/N)^E, through log1p so a large N keeps its precision.
  return entities * -Math.expm1(events * Math.log1p(-1 / entities));
}

/** Rows one refresh of `feature` reads, incremental and full, at `volumes`. */
export function estimateGoldRefresh(feature: FeatureSpec, volumes: GoldRefreshVolumes): GoldRefreshEstimate {
  const name = feature.name;
  const eventsPerSecond = positive(volumes.eventsPerSecond, "eventsPerSecond", name);
  const entities = positive(volumes.entities, "entities", name);
  const interval = positive(volumes.updateIntervalMinutes, "updateIntervalMinutes", name);
  const retentionDays = positive(volumes.retentionDays, "retentionDays", name);
  const longestWindowDays = Math.max(...feature.windows.map((w) => w.days));
  const rowsPerDay = eventsPerSecond * SECONDS_PER_DAY;
  const eventsPerUpdate = eventsPerSecond * interval * 60;
  const touchedEntities = expectedTouchedEntities(eventsPerUpdate, entities);
  const fullRowsPerUpdate = rowsPerDay * retentionDays;
  const perEntity = (days: number) => (rowsPerDay * days) / entities;
  const incrementalRowsPerUpdate = touchedEntities * perEntity(retentionDays);
  return {
    feature: name,
    longestWindowDays,
    eventsPerUpdate,
    touchedEntities,
    fullRowsPerUpdate,
    incrementalRowsPerUpdate,
    windowRowsPerUpdate: touchedEntities * perEntity(Math.min(longestWindowDays, retentionDays)),
    updatesPerDay: (24 * 60) / interval,
    incrementalShare: incrementalRowsPerUpdate / fullRowsPerUpdate,
  };
}

/**
 * One estimate per feature table of `features`, with the volumes of each (by feature name); a feature
 * without volumes is an error naming it.
 */
export function estimateGoldRefreshes(
  features: readonly FeatureSpec[],
  volumes: Readonly<Record<string, GoldRefreshVolumes>>,
): GoldRefreshEstimate[] {
  return features.map((feature) => {
    const v = Object.prototype.hasOwnProperty.call(volumes, feature.name) ? volumes[feature.name] : undefined;
    if (!v) {
      throw new Error(
        `gold refresh estimate: no volumes for feature table '${feature.name}' (given: ${Object.keys(volumes).join(", ") || "none"})`,
      );
    }
    return estimateGoldRefresh(feature, v);
  });
}
