/** Rows a gold refresh reads, incremental (serverless) vs full (classic), with hand-computed figures. */
import { readFileSync } from "fs";
import { join } from "path";
import { loadDatasets, type FeatureSpec } from "../../../pipelines";
import {
  estimateGoldRefresh,
  estimateGoldRefreshes,
  expectedTouchedEntities,
} from "../../../pipelines/spec/refresh-cost";
import { example } from "../../support/datasets";

/** The example's customer_features: windows of 30 and 7 days. */
const FEATURE: FeatureSpec = loadDatasets(example(), "azure").features[0]!;

describe("entities touched per update", () => {
  test("hand-computed cases", () => {
    expect(expectedTouchedEntities(0, 10)).toBe(0);
    expect(expectedTouchedEntities(5, 1)).toBe(1); // one entity: touched by any event
    expect(expectedTouchedEntities(1, 1000)).toBeCloseTo(1, 9); // one event touches one entity
    // Two events over two entities: both on the same one with probability 1/2 → 1 × 1/2 + 2 × 1/2.
    expect(expectedTouchedEntities(2, 2)).toBeCloseTo(1.5, 12);
    // Three events over two entities: all on one with probability 1/4 → 1 × 1/4 + 2 × 3/4.
    expect(expectedTouchedEntities(3, 2)).toBeCloseTo(1.75, 12);
  });
});

describe("one feature table", () => {
  // 1/30 events per second is 2 events a minute and 2,880 a day; updates every minute, 2 entities.
  const volumes = { eventsPerSecond: 1 / 30, entities: 2, updateIntervalMinutes: 1, retentionDays: 30 };

  test("silver holding as much as the longest window: incremental reads the touched entities' rows", () => {
    const e = estimateGoldRefresh(FEATURE, volumes);
    expect(e.longestWindowDays).toBe(30);
    expect(e.eventsPerUpdate).toBeCloseTo(2, 9);
    expect(e.touchedEntities).toBeCloseTo(1.5, 9);
    expect(e.fullRowsPerUpdate).toBeCloseTo(86_400, 6); // 2,880 a day × 30 days
    expect(e.incrementalRowsPerUpdate).toBeCloseTo(64_800, 6); // 1.5 entities × 43,200 rows each
    expect(e.windowRowsPerUpdate).toBeCloseTo(64_800, 6);
    expect(e.incrementalShare).toBeCloseTo(0.75, 9);
    expect(e.updatesPerDay).toBe(1440);
  });

  test("a longer history: full and incremental grow with it, the window's rows do not", () => {
    const e = estimateGoldRefresh(FEATURE, { ...volumes, retentionDays: 365 });
    expect(e.fullRowsPerUpdate).toBeCloseTo(1_051_200, 6); // 2,880 × 365
    expect(e.incrementalRowsPerUpdate).toBeCloseTo(788_400, 6); // 1.5 × 525,600
    expect(e.windowRowsPerUpdate).toBeCloseTo(64_800, 6); // 1.5 × 2,880 × 30 / 2
  });

  test("volumes must be positive numbers; every feature table needs its volumes", () => {
    expect(() => estimateGoldRefresh(FEATURE, { ...volumes, entities: 0 })).toThrow(
      "gold refresh estimate of 'customer_features': entities 0 must be a positive number",
    );
    expect(() => estimateGoldRefresh(FEATURE, { ...volumes, retentionDays: Number.NaN })).toThrow(
      "retentionDays NaN must be a positive number",
    );
    expect(() => estimateGoldRefreshes([FEATURE], { other: volumes })).toThrow(
      "gold refresh estimate: no volumes for feature table 'customer_features' (given: other)",
    );
    expect(estimateGoldRefreshes([FEATURE], { customer_features: volumes }).map((e) => e.feature)).toEqual([
      "customer_features",
    ]);
  });
});

/**
 * The example's figures, as the README states them. Events per second and retained silver days are the
 * cost review's usage profiles (`cost/usage.ts`: prod 500/s and 365 days, staging 50/s and 180, dev 5/s
 * and 90); update intervals are the example's schedules (prod every 15 minutes, staging hourly, dev
 * daily); the customer counts are assumptions (about 2.2 transactions per customer per day).
 */
describe("the example's volumes", () => {
  const prod = estimateGoldRefresh(FEATURE, {
    eventsPerSecond: 500,
    entities: 20_000_000,
    updateIntervalMinutes: 15,
    retentionDays: 365,
  });
  const staging = estimateGoldRefresh(FEATURE, {
    eventsPerSecond: 50,
    entities: 2_000_000,
    updateIntervalMinutes: 60,
    retentionDays: 180,
  });
  const dev = estimateGoldRefresh(FEATURE, {
    eventsPerSecond: 5,
    entities: 200_000,
    updateIntervalMinutes: 1440,
    retentionDays: 90,
  });

  test("prod: 450,000 events per update; full 15.8 billion rows, incremental about 351 million (2.2 %)", () => {
    expect(prod.eventsPerUpdate).toBe(450_000); // 500 × 900 s
    expect(prod.fullRowsPerUpdate).toBe(15_768_000_000); // 43.2 million a day × 365
    // 20 million × (1 − e^(−0.0225)) ≈ 444,975: nearly every event a different customer.
    expect(Math.round(prod.touchedEntities)).toBe(444_975);
    // Each customer holds 15.768 billion / 20 million = 788.4 rows.
    expect(Math.round(prod.incrementalRowsPerUpdate / 1e6)).toBe(351);
    expect(Math.round(prod.windowRowsPerUpdate / 1e6)).toBe(29); // 444,975 × 64.8 rows in 30 days
    expect(prod.incrementalShare).toBeCloseTo(0.0222, 4);
    // Per day, at 96 updates: 1.51 trillion rows in full, 33.7 billion incrementally.
    expect(Math.round((prod.fullRowsPerUpdate * prod.updatesPerDay) / 1e10) / 100).toBe(1.51);
    expect(Math.round((prod.incrementalRowsPerUpdate * prod.updatesPerDay) / 1e8) / 10).toBe(33.7);
  });

  test("staging: full 778 million rows per update, incremental about 67 million (8.6 %)", () => {
    expect(staging.fullRowsPerUpdate).toBe(777_600_000); // 4.32 million a day × 180
    expect(Math.round(staging.incrementalRowsPerUpdate / 1e6)).toBe(67);
    expect(staging.incrementalShare).toBeCloseTo(0.086, 3);
  });

  test("dev: one update a day touches most customers: incremental saves little (34 of 39 million rows)", () => {
    expect(dev.fullRowsPerUpdate).toBe(38_880_000);
    expect(Math.round(dev.incrementalRowsPerUpdate / 1e6)).toBe(34);
    expect(dev.incrementalShare).toBeCloseTo(0.885, 3);
  });

  test("the README states these figures", () => {
    const readme = readFileSync(join(__dirname, "..", "..", "..", "README.md"), "utf8").replace(/\s+/g, " ");
    for (const figure of [
      "15.8 billion rows",
      "about 351 million",
      "2.2 %",
      "1.51 trillion rows a day",
      "33.7 billion",
      "778 million",
      "67 million",
      "34 of 39 million",
    ]) {
      expect(readme).toContain(figure);
    }
  });
});
