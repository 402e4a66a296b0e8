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

/** Columns of the silver table, in order: the selected payload columns (minus CDC exclusions), then `_ingested_at`. */
export function silverColumns(table: DatasetTable): DatasetColumn[] {
  const silver = table.silver;
  const selected = silver?.select ?? table.columns.map((c) => c.name);
  const excluded = new Set(silver?.cdc?.exceptColumns ?? []);
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  return [
    ...selected
      .filter((name) => !excluded.has(name))
      .map((name) => byName.get(name) ?? { name, type: "STRING" }),
    { name: INGESTED_AT_COLUMN, type: "TIMESTAMP" },
  ];
}

/** Metadata columns bronze adds for `source`. */
export function bronzeMetadataColumns(source: DatasetSource): string[] {
  return sourceKind(source).metadataColumns(source);
}
