/** Gold: feature tables as materialized views of time-windowed aggregates over a silver table. */
import { goldTimeTravel, silverColumns } from "../spec/derived";
import type { DatasetColumn, DatasetTable, FeatureSpec, FeatureWindow } from "../spec/schema";
import { clusterBy, list, tableProperties } from "./fragments";
import { qualifiedName, quoteIdentifier, sqlString } from "./quoting";

function windowAggregate(window: FeatureWindow, timestampColumn: string): string {
  const inWindow = `${quoteIdentifier(timestampColumn)} >= current_timestamp() - INTERVAL ${window.days} DAYS`;
  const value = `CASE WHEN ${inWindow} THEN ${quoteIdentifier(window.column)} END`;
  switch (window.function) {
    case "count_distinct":
      return `count(DISTINCT ${value})`;
    default:
      return `${window.function}(${value})`;
  }
}

function windowType(window: FeatureWindow, columns: ReadonlyMap<string, DatasetColumn>): string {
  const source = columns.get(window.column)?.type ?? "STRING";
  switch (window.function) {
    case "count":
    case "count_distinct":
      return "BIGINT";
    case "avg":
      return "DOUBLE";
    case "sum":
      return /^(TINYINT|BYTE|SMALLINT|SHORT|INT|INTEGER|BIGINT|LONG)$/i.test(source) ? "BIGINT" : "DOUBLE";
    default:
      return source; // min / max keep the column's type
  }
}

/** The gold materialized view (a time series feature table) of `feature`, read from `table`'s silver layer. */
export function goldView(feature: FeatureSpec, table: DatasetTable, catalog: string): string {
  const columns = new Map(silverColumns(table).map((c) => [c.name, c]));
  const keyColumns = feature.keys.map((key) => ({ name: key, type: columns.get(key)?.type ?? "STRING" }));
  const schema = [
    ...keyColumns.map((c) => `${quoteIdentifier(c.name)} ${c.type} NOT NULL`),
    `${quoteIdentifier(feature.featureTimestampColumn)} TIMESTAMP NOT NULL`,
    ...feature.windows.map((w) => `${quoteIdentifier(w.name)} ${windowType(w, columns)}`),
    // Primary key with a TIMESERIES column: the table is usable as a Unity Catalog (time series) feature table.
    `CONSTRAINT ${quoteIdentifier(`${feature.name}_pk`)} PRIMARY KEY (${[
      ...feature.keys.map(quoteIdentifier),
      `${quoteIdentifier(feature.featureTimestampColumn)} TIMESERIES`,
    ].join(", ")})`,
  ];
  const select = [
    ...feature.keys.map(quoteIdentifier),
    `current_timestamp() AS ${quoteIdentifier(feature.featureTimestampColumn)}`,
    ...feature.windows.map(
      (w) =>
        `CAST(${windowAggregate(w, feature.timestampColumn)} AS ${windowType(w, columns)}) AS ${quoteIdentifier(w.name)}`,
    ),
  ];
  const filters = [
    ...feature.keys.map((key) => `${quoteIdentifier(key)} IS NOT NULL`),
    ...(table.silver?.cdc?.scdType === 2 ? ["`__END_AT` IS NULL"] : []),
  ];
  return [
    `CREATE OR REFRESH MATERIALIZED VIEW ${qualifiedName(catalog, "gold", feature.name)} (`,
    list(schema),
    ")",
    `COMMENT ${sqlString(feature.comment ?? `Features of ${feature.keys.join(", ")} from ${table.name}`)}`,
    ...clusterBy(feature.layout?.clusterBy),
    tableProperties(
      goldTimeTravel(feature),
      // Online tables / online stores sync from the change data feed.
      feature.onlineServing ? [["delta.enableChangeDataFeed", "true"]] : [],
    ),
    "AS SELECT",
    list(select),
    `FROM ${qualifiedName(catalog, "silver", table.name)}`,
    `WHERE ${filters.join(" AND ")}`,
    `GROUP BY ${feature.keys.map(quoteIdentifier).join(", ")};`,
  ].join("\n");
}
