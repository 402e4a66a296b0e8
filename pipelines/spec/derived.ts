/** Facts derived from a parsed spec, shared by validation and the SQL generator. */
import { sourceKind } from "../sources/registry";
import { INGESTED_AT_COLUMN } from "../sources/source-kind";
import {
  DEFAULT_TIME_TRAVEL,
  type DatasetColumn,
  type DatasetSource,
  type DatasetTable,
  type Expectation,
  type FeatureSpec,
  type TimeTravel,
  type TrainingSetSpec,
} from "./schema";

/** The expectation's constraint name: its `name`, or `<column>_not_null` / `<column>_unique`. */
export function expectationName(expectation: Expectation): string {
  if (expectation.kind === "expression") return expectation.name;
  return (
    expectation.name ?? `${expectation.column}_${expectation.kind === "not-null" ? "not_null" : "unique"}`
  );
}

export function bronzeTimeTravel(table: DatasetTable): TimeTravel {
  return table.timeTravel.bronze ?? DEFAULT_TIME_TRAVEL.bronze;
}

export function silverTimeTravel(table: DatasetTable): TimeTravel {
  return table.timeTravel.silver ?? DEFAULT_TIME_TRAVEL.silver;
}

export function goldTimeTravel(feature: FeatureSpec): TimeTravel {
  return feature.timeTravel ?? DEFAULT_TIME_TRAVEL.gold;
}

/**
 * Columns of the silver table, in order: the selected payload columns (minus CDC exclusions), then
 * `_ingested_at` — unless `source` is given and its bronze has none (Lakeflow Connect tables).
 */
export function silverColumns(table: DatasetTable, source?: DatasetSource): DatasetColumn[] {
  const silver = table.silver;
  const selected = silver?.select ?? table.columns.map((c) => c.name);
  const excluded = new Set(silver?.cdc?.exceptColumns ?? []);
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  return [
    ...selected
      .filter((name) => !excluded.has(name))
      .map((name) => byName.get(name) ?? { name, type: "STRING" }),
    ...(source && !bronzeMetadataColumns(source).includes(INGESTED_AT_COLUMN)
      ? []
      : [{ name: INGESTED_AT_COLUMN, type: "TIMESTAMP" }]),
  ];
}

/** True when a managed ingestion pipeline (Lakeflow Connect), not the medallion pipeline, writes the table's bronze. */
export function isManagedIngestion(source: DatasetSource): boolean {
  return sourceKind(source).ingestion === "lakeflow-connect";
}

/** How far back a uniqueness check of a table without CDC looks, in days of ingestion time. */
export const DEFAULT_UNIQUENESS_LOOKBACK_DAYS = 7;

/** Metadata columns bronze adds for `source`. */
export function bronzeMetadataColumns(source: DatasetSource): string[] {
  return sourceKind(source).metadataColumns(source);
}

/** The tables and feature tables a training set's names resolve against. */
export interface TrainingSetNames {
  readonly tables: ReadonlyMap<string, DatasetTable>;
  readonly features: ReadonlyMap<string, FeatureSpec>;
}

/** Entity columns a training set carries: each feature's keys and each dimension's CDC keys, once, in order. */
export function entityColumns(trainingSet: TrainingSetSpec, names: TrainingSetNames): string[] {
  const columns = [
    ...trainingSet.features.flatMap((f) => names.features.get(f)?.keys ?? []),
    ...trainingSet.dimensions.flatMap((d) => names.tables.get(d.table)?.silver?.cdc?.keys ?? []),
  ];
  return [...new Set(columns)].filter((n) => !trainingSet.labels.keys.includes(n));
}

/**
 * Output columns of a training set, in order: label keys, entity keys, label time, label, then per
 * feature table `<feature>_<feature timestamp>` (the row's time, for audits) and its windows, then the
 * dimension columns.
 */
export function trainingSetColumns(trainingSet: TrainingSetSpec, names: TrainingSetNames): string[] {
  const labels = trainingSet.labels;
  return [
    ...labels.keys,
    ...entityColumns(trainingSet, names),
    labels.timestampColumn,
    labels.labelColumn,
    ...trainingSet.features.flatMap((name) => {
      const feature = names.features.get(name);
      return feature
        ? [`${feature.name}_${feature.featureTimestampColumn}`, ...feature.windows.map((w) => w.name)]
        : [];
    }),
    ...trainingSet.dimensions.flatMap((d) => d.columns),
  ];
}
