/**
 * Gold: time-series feature tables and point-in-time training sets.
 *
 * **Feature tables.** One row per entity and event time: `PRIMARY KEY (keys, <ts> TIMESERIES)`. Each
 * window is an aggregate over the entity's events in a RANGE frame on event time,
 * `RANGE BETWEEN INTERVAL n DAYS PRECEDING AND CURRENT ROW` — every event at most n × 24 h before the
 * row's timestamp T, an event exactly n days before included — or, with `currentEvent: exclude`,
 * `… AND INTERVAL 1 MICROSECOND PRECEDING`: strictly before T. One microsecond is the resolution of
 * Spark's timestamps, so that frame is every event at most n days before T and before T; all events
 * tied at T, the row's own included, are left out. (`INTERVAL 0 … PRECEDING` would not do: in a RANGE
 * frame it is the current row's peers, ties included, like `CURRENT ROW`.) Windows see only the
 * events of the row's own keys (`PARTITION BY keys`). Each window is cast to its result
 * type: the declared `type`, checked against the aggregate, or a default (`../spec/feature-types.ts`).
 *
 * Ties: events of the same keys at the same timestamp share one row. RANGE frames give tied events the
 * same frame, so their window values are equal and the outer `GROUP BY keys, <ts>` with `max()` picks
 * that one value.
 *
 * Determinism and refresh cost: no `current_timestamp()` or other refresh-time input, so a refresh
 * recomputes the same rows from the same silver data, backfills from silver at any time, and is
 * incrementalizable: window functions with PARTITION BY below a top-level GROUP BY, deterministic
 * functions, a source with row tracking (`MATERIALIZED_VIEW_NOT_INCREMENTALIZABLE` lists
 * `EXPRESSION_NOT_DETERMINISTIC`, `WINDOW_WITHOUT_PARTITION_BY`, `AGGREGATE_NOT_TOP_NODE`,
 * `ROW_TRACKING_NOT_ENABLED` as the blockers). On a serverless pipeline an update then recomputes only
 * the partitions (entities) with new or changed events: its cost follows the entities touched since
 * the last update and their history, not the whole table. Classic pipelines never refresh
 * materialized views incrementally: there every update recomputes the table from all of silver.
 * `../spec/refresh-cost.ts` estimates the rows each mode reads; the README ("Point-in-time features")
 * gives the example's figures and the trade-off.
 *
 * **Training sets.** A view (no storage, no refresh: computed when a training run reads it) joining each
 * label to the latest row of each feature table strictly before the label's time (at or before for
 * `currentEvent: exclude` tables, whose rows already leave out events at their own time), and to the
 * SCD type 2 dimension rows valid at the label's time (`__START_AT <= t < __END_AT`, open end current).
 */
import { entityColumns, goldTimeTravel, silverColumns, type TrainingSetNames } from "../spec/derived";
import { windowResultType } from "../spec/feature-types";
import type {
  DatasetColumn,
  DatasetTable,
  FeatureSpec,
  FeatureWindow,
  RefreshPolicy,
  TrainingSetSpec,
} from "../spec/schema";
import { clusterBy, INDENT, list, tableProperties, zOrderProperty } from "./fragments";
import { commentLine, qualifiedName, quoteIdentifier, sqlString } from "./quoting";

function windowType(window: FeatureWindow, columns: ReadonlyMap<string, DatasetColumn>): string {
  return windowResultType(window, columns.get(window.column)?.type ?? "STRING");
}

/** Name of the window spec of `days`, e.g. `w_30d`. */
function windowName(days: number): string {
  return `w_${days}d`;
}

/** The RANGE frame of a window of `days` (see the module comment for the bounds). */
export function windowFrame(days: number, currentEvent: FeatureSpec["currentEvent"]): string {
  const end = currentEvent === "exclude" ? "INTERVAL 1 MICROSECOND PRECEDING" : "CURRENT ROW";
  return `RANGE BETWEEN INTERVAL ${days} DAYS PRECEDING AND ${end}`;
}

function windowAggregate(window: FeatureWindow): string {
  const column = quoteIdentifier(window.column);
  const over = `OVER ${windowName(window.days)}`;
  // Spark has no DISTINCT window aggregates: the distinct values of the frame are collected instead.
  return window.function === "count_distinct"
    ? `size(collect_set(${column}) ${over})`
    : `${window.function}(${column}) ${over}`;
}

function timestampType(feature: FeatureSpec, columns: ReadonlyMap<string, DatasetColumn>): string {
  return columns.get(feature.timestampColumn)?.type ?? "TIMESTAMP";
}

/** Output columns of a feature table in order: keys, feature timestamp, windows. */
export function featureColumns(feature: FeatureSpec, table: DatasetTable): DatasetColumn[] {
  const columns = new Map(silverColumns(table).map((c) => [c.name, c]));
  return [
    ...feature.keys.map((key) => ({ name: key, type: columns.get(key)?.type ?? "STRING" })),
    { name: feature.featureTimestampColumn, type: timestampType(feature, columns) },
    ...feature.windows.map((w) => ({ name: w.name, type: windowType(w, columns) })),
  ];
}

/**
 * The query of `feature`'s table over `table`'s silver layer: window aggregates per event, then one row
 * per keys and event time. The text the materialized view is defined with, byte for byte.
 */
export function featureQuery(feature: FeatureSpec, table: DatasetTable, catalog: string): string {
  const columns = new Map(silverColumns(table).map((c) => [c.name, c]));
  const keys = feature.keys.map(quoteIdentifier);
  const ts = quoteIdentifier(feature.featureTimestampColumn);
  const event = quoteIdentifier(feature.timestampColumn);
  const inner = [
    ...keys,
    `${event} AS ${ts}`,
    ...feature.windows.map(
      (w) => `CAST(${windowAggregate(w)} AS ${windowType(w, columns)}) AS ${quoteIdentifier(w.name)}`,
    ),
  ];
  const filters = [
    ...[...feature.keys, feature.timestampColumn].map((c) => `${quoteIdentifier(c)} IS NOT NULL`),
    // An SCD type 2 source keeps every version of a row: its current version is the event.
    ...(table.silver?.cdc?.scdType === 2 ? ["`__END_AT` IS NULL"] : []),
  ];
  const days = [...new Set(feature.windows.map((w) => w.days))].sort((a, b) => a - b);
  const windows = days.map(
    (d) =>
      `${windowName(d)} AS (PARTITION BY ${keys.join(", ")} ORDER BY ${event} ${windowFrame(d, feature.currentEvent)})`,
  );
  const inset = INDENT.repeat(2);
  return [
    "SELECT",
    list([
      ...keys,
      ts,
      ...feature.windows.map((w) => `max(${quoteIdentifier(w.name)}) AS ${quoteIdentifier(w.name)}`),
    ]),
    "FROM (",
    `${INDENT}SELECT`,
    list(inner, inset),
    `${INDENT}FROM ${qualifiedName(catalog, "silver", table.name)}`,
    `${INDENT}WHERE ${filters.join(" AND ")}`,
    `${INDENT}WINDOW`,
    list(windows, inset),
    ")",
    `GROUP BY ${[...keys, ts].join(", ")}`,
  ].join("\n");
}

/** The gold materialized view (a time series feature table) of `feature`, read from `table`'s silver layer. */
export function goldFeatureTable(feature: FeatureSpec, table: DatasetTable, catalog: string): string {
  const columns = featureColumns(feature, table);
  const keyCount = feature.keys.length;
  const schema = [
    ...columns.map((c, i) => `${quoteIdentifier(c.name)} ${c.type}${i <= keyCount ? " NOT NULL" : ""}`),
    // Primary key with a TIMESERIES column: a Unity Catalog time series feature table (point-in-time lookups).
    `CONSTRAINT ${quoteIdentifier(`${feature.name}_pk`)} PRIMARY KEY (${[
      ...feature.keys.map(quoteIdentifier),
      `${quoteIdentifier(feature.featureTimestampColumn)} TIMESERIES`,
    ].join(", ")})`,
  ];
  const sees =
    feature.currentEvent === "exclude"
      ? "strictly before its timestamp (events at that timestamp excluded)"
      : "at or before its timestamp (events at that timestamp included)";
  return [
    commentLine(
      `Time series features of ${feature.keys.join(", ")} per event of ${table.name}: each row's windows see the events ${sees}.`,
    ),
    `CREATE OR REFRESH MATERIALIZED VIEW ${qualifiedName(catalog, "gold", feature.name)} (`,
    list(schema),
    ")",
    `COMMENT ${sqlString(feature.comment ?? `Features of ${feature.keys.join(", ")} from ${table.name}`)}`,
    ...clusterBy(feature.layout?.clusterBy),
    tableProperties(goldTimeTravel(feature), [
      ...zOrderProperty(feature.layout?.zorderBy),
      // Online stores sync from the change data feed.
      ...(feature.onlineServing ? [["delta.enableChangeDataFeed", "true"] as [string, string]] : []),
    ]),
    ...refreshPolicyClause(feature.refreshPolicy),
    `AS ${featureQuery(feature, table, catalog)};`,
  ].join("\n");
}

/** `REFRESH POLICY …` (a view clause of CREATE MATERIALIZED VIEW in pipelines), or nothing when unset. */
function refreshPolicyClause(policy: RefreshPolicy | undefined): string[] {
  if (policy === undefined) return [];
  const keyword: Record<RefreshPolicy, string> = {
    auto: "AUTO",
    incremental: "INCREMENTAL",
    incrementalStrict: "INCREMENTAL STRICT",
    full: "FULL",
  };
  return [`REFRESH POLICY ${keyword[policy]}`];
}

/** What the training-set generator needs to resolve names. */
export interface TrainingSetContext extends TrainingSetNames {
  readonly catalog: string;
}

/**
 * The query of a training set: labels, then per feature table the latest row before the label's time
 * (a CTE each), then the dimension rows valid at the label's time. The text the view is defined with.
 */
export function trainingSetQuery(trainingSet: TrainingSetSpec, ctx: TrainingSetContext): string {
  const labels = trainingSet.labels;
  const labelTable = ctx.tables.get(labels.table);
  if (!labelTable)
    throw new Error(`training set '${trainingSet.name}' reads unknown table '${labels.table}'`);
  const q = quoteIdentifier;
  const at = (alias: string, column: string) => `${alias}.${q(column)}`;
  const labelTs = at("l", labels.timestampColumn);
  const labelColumns = [
    ...labels.keys,
    ...entityColumns(trainingSet, ctx),
    labels.timestampColumn,
    labels.labelColumn,
  ];
  const labelFilters = [
    ...[...labels.keys, labels.timestampColumn].map((c) => `${q(c)} IS NOT NULL`),
    ...(labelTable.silver?.cdc?.scdType === 2 ? ["`__END_AT` IS NULL"] : []),
  ];
  const ctes = [
    [
      `${q("labels")} AS (`,
      `${INDENT}SELECT ${labelColumns.map(q).join(", ")}`,
      `${INDENT}FROM ${qualifiedName(ctx.catalog, "silver", labels.table)}`,
      `${INDENT}WHERE ${labelFilters.join(" AND ")}`,
      ")",
    ].join("\n"),
  ];
  const select = labelColumns.map((c) => at("l", c));
  const joins: string[] = [];
  const sameLabel = (alias: string) =>
    labels.keys.map((k) => `${at(alias, k)} = ${at("l", k)}`).join(" AND ");
  trainingSet.features.forEach((name, i) => {
    const feature = ctx.features.get(name);
    if (!feature) throw new Error(`training set '${trainingSet.name}' reads unknown feature '${name}'`);
    const cte = q(`${feature.name}_as_of`);
    const ts = `${feature.name}_${feature.featureTimestampColumn}`;
    // An `exclude` row leaves out events at its own time, so a row at the label's time is still before it.
    const before = feature.currentEvent === "exclude" ? "<=" : "<";
    ctes.push(
      [
        `${cte} AS (`,
        `${INDENT}SELECT`,
        list(
          [
            ...labels.keys.map((k) => at("l", k)),
            `f.${q(feature.featureTimestampColumn)} AS ${q(ts)}`,
            ...feature.windows.map((w) => at("f", w.name)),
          ],
          INDENT.repeat(2),
        ),
        `${INDENT}FROM ${q("labels")} l`,
        `${INDENT}JOIN ${qualifiedName(ctx.catalog, "gold", feature.name)} f`,
        `${INDENT.repeat(2)}ON ${[
          ...feature.keys.map((k) => `${at("f", k)} = ${at("l", k)}`),
          `${at("f", feature.featureTimestampColumn)} ${before} ${labelTs}`,
        ].join(" AND ")}`,
        `${INDENT}QUALIFY row_number() OVER (PARTITION BY ${labels.keys.map((k) => at("l", k)).join(", ")} ORDER BY ${at("f", feature.featureTimestampColumn)} DESC) = 1`,
        ")",
      ].join("\n"),
    );
    const alias = `f${i + 1}`;
    select.push(at(alias, ts), ...feature.windows.map((w) => at(alias, w.name)));
    joins.push(`LEFT JOIN ${cte} ${alias} ON ${sameLabel(alias)}`);
  });
  trainingSet.dimensions.forEach((dimension, i) => {
    const table = ctx.tables.get(dimension.table);
    const keys = table?.silver?.cdc?.keys ?? [];
    const alias = `d${i + 1}`;
    select.push(...dimension.columns.map((c) => at(alias, c)));
    joins.push(
      [
        `LEFT JOIN ${qualifiedName(ctx.catalog, "silver", dimension.table)} ${alias}`,
        `${INDENT}ON ${[
          ...keys.map((k) => `${at(alias, k)} = ${at("l", k)}`),
          `${at(alias, "__START_AT")} <= ${labelTs}`,
          `(${at(alias, "__END_AT")} IS NULL OR ${labelTs} < ${at(alias, "__END_AT")})`,
        ].join(" AND ")}`,
      ].join("\n"),
    );
  });
  return [`WITH ${ctes.join(",\n")}`, "SELECT", list(select), `FROM ${q("labels")} l`, ...joins].join("\n");
}

/** The training set's view in gold. */
export function trainingSetView(trainingSet: TrainingSetSpec, ctx: TrainingSetContext): string {
  return [
    commentLine(
      `Point-in-time training set: each ${trainingSet.labels.table} label with the features known before its ${trainingSet.labels.timestampColumn}.`,
    ),
    `CREATE VIEW ${qualifiedName(ctx.catalog, "gold", trainingSet.name)}`,
    `COMMENT ${sqlString(
      trainingSet.comment ??
        `Labels of ${trainingSet.labels.table} with point-in-time features (${trainingSet.features.join(", ")})`,
    )}`,
    `AS ${trainingSetQuery(trainingSet, ctx)};`,
  ].join("\n");
}
