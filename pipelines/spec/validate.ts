/**
 * Rules of the dataset spec that span fields: unique names, references between sources, tables and
 * features, columns named by layouts, expectations, CDC and features, source kinds on the deployment's
 * cloud, time travel and VACUUM retention, the maintenance schedule.
 */
import { ConfigValidationError, formatPath, formatZodIssue } from "../../vocabulary/config-issues";
import { sourceKind } from "../sources/registry";
import { bindStreamSource } from "../sources/stream";
import { quartzCronError } from "../syntax/quartz-cron";
import { isNumericType, isTimestampType } from "../syntax/spark-types";
import { isTimeZone, TIME_ZONE_RULE } from "../syntax/time-zone";
import { DATASET_IDENTIFIER } from "../syntax/identifiers";
import { DATABASE_ENGINES } from "../sources/database";
import {
  bronzeMetadataColumns,
  entityColumns,
  expectationName,
  isManagedIngestion,
  silverColumns,
} from "./derived";
import { windowTypeIssue } from "./feature-types";
import {
  DATASET_SPEC_SCHEMA,
  MAX_CLUSTERING_COLUMNS,
  type DatasetCloud,
  type DatasetColumn,
  type DatasetSource,
  type DatasetSpec,
  type DatasetTable,
  type FeatureSpec,
  type ParsedDatasetSpec,
  type TableLayout,
  type TrainingSetSpec,
  type TimeTravel,
} from "./schema";

const COLLECTIONS = ["sources", "tables", "features", "trainingSets"] as const;

/** `datasets.tables[1].layout` → `datasets.tables.transactions.layout` when the entry has a usable name. */
function entryName(list: string, index: number, input: unknown): string | undefined {
  if (!COLLECTIONS.includes(list as (typeof COLLECTIONS)[number])) return undefined;
  const entries = (input as Record<string, unknown> | undefined)?.[list];
  const entry = Array.isArray(entries) ? (entries[index] as { name?: unknown } | undefined) : undefined;
  const name = entry?.name;
  const unique =
    typeof name === "string" &&
    DATASET_IDENTIFIER.test(name) &&
    (entries as { name?: unknown }[]).filter((e) => e?.name === name).length === 1;
  return unique ? name : undefined;
}

/** A path into the spec as issues print it, e.g. `datasets.tables.transactions.layout`. */
export function formatDatasetPath(path: readonly (string | number)[], input: unknown): string {
  return formatPath(path, input, { root: "datasets", entryName });
}

const ENTRY_KIND: Record<(typeof COLLECTIONS)[number], string> = {
  sources: "source",
  tables: "table",
  features: "feature",
  trainingSets: "training set",
};

/** The silver columns of a table, given its source. */
type ColumnsOf = (table: DatasetTable) => DatasetColumn[];

type Report = (path: (string | number)[], message: string) => void;

function duplicates(names: readonly string[]): Map<string, number[]> {
  const seen = new Map<string, number[]>();
  names.forEach((name, i) => seen.set(name, [...(seen.get(name) ?? []), i]));
  return new Map([...seen].filter(([, at]) => at.length > 1));
}

/**
 * Rules that span fields. `spec` is parsed (defaults applied); `cloud` is the cloud of the environment the
 * spec is deployed to. Each issue reads `datasets.<path>: '<value>' <rule>`.
 */
export function validateDatasets(spec: DatasetSpec, cloud: DatasetCloud): string[] {
  const issues: string[] = [];
  const report: Report = (path, message) => issues.push(`${formatDatasetPath(path, spec)}: ${message}`);

  for (const collection of COLLECTIONS) {
    const names = spec[collection].map((entry) => entry.name);
    for (const [name, at] of duplicates(names)) {
      const where = at.map((i) => `datasets.${collection}[${i}]`).join(" and ");
      report(
        [collection, at[at.length - 1]!, "name"],
        `'${name}' is used by ${where}; ${ENTRY_KIND[collection]} names must be unique`,
      );
    }
  }

  const sources = new Map(spec.sources.map((s) => [s.name, s]));
  checkConnections(spec, report);
  spec.sources.forEach((source, i) => {
    const kind = sourceKind(source);
    if (!kind.clouds.includes(cloud)) {
      report(
        ["sources", i, "type"],
        kind.wrongCloud?.(cloud) ?? `'${source.type}' sources cannot be read by the ${cloud} deployment`,
      );
    }
    kind.validate?.(source, (path, message) => report(["sources", i, ...path], message));
  });

  const tables = new Map(spec.tables.map((t) => [t.name, t]));
  spec.tables.forEach((table, t) => checkTable(table, t, sources, report));
  const columnsOf: ColumnsOf = (table) => silverColumns(table, sources.get(table.source));
  spec.features.forEach((feature, f) => checkFeature(feature, f, tables, columnsOf, report));
  // Feature tables and training sets are both views in gold: their names share one namespace.
  const features = new Map(spec.features.map((f) => [f.name, f]));
  spec.trainingSets.forEach((trainingSet, i) => {
    if (features.has(trainingSet.name)) {
      report(
        ["trainingSets", i, "name"],
        `'${trainingSet.name}' is also a feature table name; both are created in gold and need different names`,
      );
    }
    checkTrainingSet(trainingSet, i, tables, features, columnsOf, report);
  });
  checkMaintenance(spec, report);
  return issues;
}

/** Database sources naming one connection must describe one server. */
function checkConnections(spec: DatasetSpec, report: Report): void {
  const first = new Map<string, { index: number; server: string }>();
  spec.sources.forEach((source, i) => {
    if (source.type !== "database") return;
    const port = source.port ?? DATABASE_ENGINES[source.engine].defaultPort;
    const server = `${source.engine}://${source.host}:${port}`;
    const seen = first.get(source.connection);
    if (!seen) first.set(source.connection, { index: i, server });
    else if (seen.server !== server) {
      report(
        ["sources", i, "connection"],
        `'${source.connection}' is ${seen.server} in datasets.sources[${seen.index}] but ${server} here; one connection is one database server: name another connection`,
      );
    }
  });
}

function checkColumns(
  names: readonly string[],
  known: ReadonlySet<string>,
  path: (string | number)[],
  what: string,
  report: Report,
): void {
  names.forEach((name, i) => {
    if (!known.has(name)) {
      report([...path, i], `'${name}' is not a column of ${what} (${[...known].join(", ")})`);
    }
  });
}

function checkLayout(
  layout: TableLayout | undefined,
  path: (string | number)[],
  known: ReadonlySet<string>,
  what: string,
  report: Report,
): void {
  if (!layout) return;
  if (layout.zorderBy && layout.clusterBy) {
    report(
      path,
      `'zorderBy' and 'clusterBy' are both set; ZORDER and liquid clustering are mutually exclusive on one table: choose one`,
    );
  }
  if (layout.zorderBy) checkColumns(layout.zorderBy, known, [...path, "zorderBy"], what, report);
  if (layout.clusterBy) {
    checkColumns(layout.clusterBy, known, [...path, "clusterBy"], what, report);
    if (layout.clusterBy.length > MAX_CLUSTERING_COLUMNS) {
      report(
        [...path, "clusterBy"],
        `[${layout.clusterBy.length} items] is more than the ${MAX_CLUSTERING_COLUMNS} clustering keys liquid clustering allows`,
      );
    }
  }
}

function checkTimeTravel(tt: TimeTravel | undefined, path: (string | number)[], report: Report): void {
  if (tt && tt.deletedFileRetentionDays > tt.logRetentionDays) {
    report(
      [...path, "deletedFileRetentionDays"],
      `${tt.deletedFileRetentionDays} is more than logRetentionDays (${tt.logRetentionDays}); data files cannot outlive the log that references them`,
    );
  }
}

function checkTable(
  table: DatasetTable,
  t: number,
  sources: ReadonlyMap<string, DatasetSource>,
  report: Report,
): void {
  const at: (string | number)[] = ["tables", t];
  const source = sources.get(table.source);
  if (!source) {
    report(
      [...at, "source"],
      `'${table.source}' is not a source name (${[...sources.keys()].join(", ")}); tables must read a declared source`,
    );
  }

  for (const [name, indices] of duplicates(table.columns.map((c) => c.name))) {
    report([...at, "columns", indices[indices.length - 1]!, "name"], `'${name}' is declared more than once`);
  }
  if (source) {
    const metadata = new Set(bronzeMetadataColumns(source));
    table.columns.forEach((column, c) => {
      if (metadata.has(column.name)) {
        report(
          [...at, "columns", c, "name"],
          `'${column.name}' is an ingestion metadata column bronze adds for '${source.type}' sources; rename the payload column`,
        );
      }
    });
  }

  const declared = new Set(table.columns.map((c) => c.name));
  const silver = table.silver;
  const output = new Set(silverColumns(table, source).map((c) => c.name));
  checkTimeTravel(table.timeTravel.bronze, [...at, "timeTravel", "bronze"], report);
  checkTimeTravel(table.timeTravel.silver, [...at, "timeTravel", "silver"], report);
  const managed = source !== undefined && isManagedIngestion(source);
  if (managed && !silver?.cdc) {
    report(
      [...at, silver ? "silver" : "source"],
      `'${table.source}' is a '${source.type}' source, replicated by Lakeflow Connect by primary key: table '${table.name}' needs silver.cdc (keys, sequenceBy, scdType)`,
    );
  }
  if (!silver) {
    checkLayout(table.layout, [...at, "layout"], declared, `table '${table.name}'`, report);
    if (table.timeTravel.silver) {
      report([...at, "timeTravel", "silver"], `is set but table '${table.name}' has no silver layer`);
    }
    return;
  }
  const what = `silver table '${table.name}'`;
  checkLayout(table.layout, [...at, "layout"], output, what, report);
  if (silver.select) {
    checkColumns(silver.select, declared, [...at, "silver", "select"], `table '${table.name}'`, report);
  }

  const names = new Map<string, number>();
  silver.expectations.forEach((expectation, e) => {
    const path = [...at, "silver", "expectations", e];
    const name = expectationName(expectation);
    if (names.has(name)) {
      report(
        [...path, "name"],
        `'${name}' is also the name of expectations[${names.get(name)}]; expectation names must be unique per table`,
      );
    }
    names.set(name, e);
    if (expectation.kind !== "expression" && !output.has(expectation.column)) {
      report(
        [...path, "column"],
        `'${expectation.column}' is not a column of ${what} (${[...output].join(", ")})`,
      );
    }
    if (expectation.kind === "unique" && expectation.lookbackDays !== undefined && silver.cdc) {
      report(
        [...path, "lookbackDays"],
        `${expectation.lookbackDays} applies to tables without CDC; '${table.name}' is an AUTO CDC table, whose current rows are checked in full (one row per key)`,
      );
    }
    if (expectation.kind === "unique" && expectation.action === "drop") {
      report(
        [...path, "action"],
        `'drop' cannot apply to a uniqueness expectation: expectations see one row at a time, so duplicates can only be reported ('warn') or fail the update ('fail'); to keep one row per key, use silver.cdc with keys [${expectation.column}]`,
      );
    }
  });

  const cdc = silver.cdc;
  if (!cdc) return;
  const cdcAt = [...at, "silver", "cdc"];
  if (managed && cdc.deleteWhen !== undefined) {
    report(
      [...cdcAt, "deleteWhen"],
      `'${cdc.deleteWhen}' cannot apply to a '${source.type}' source: Lakeflow Connect takes deletes from the database's change log`,
    );
  }
  if (cdc.keys.length === 0) {
    report([...cdcAt, "keys"], `[0 items] must name at least one key column: AUTO CDC upserts rows by key`);
  }
  checkColumns(cdc.keys, output, [...cdcAt, "keys"], what, report);
  if (cdc.sequenceBy === undefined) {
    report(
      [...cdcAt, "sequenceBy"],
      `is required: AUTO CDC orders change events by a sequence column (e.g. an update timestamp)`,
    );
  } else if (!declared.has(cdc.sequenceBy)) {
    report(
      [...cdcAt, "sequenceBy"],
      `'${cdc.sequenceBy}' is not a column of table '${table.name}' (${[...declared].join(", ")})`,
    );
  }
  checkColumns(cdc.exceptColumns, declared, [...cdcAt, "exceptColumns"], `table '${table.name}'`, report);
  cdc.exceptColumns.forEach((name, i) => {
    if (cdc.keys.includes(name)) {
      report([...cdcAt, "exceptColumns", i], `'${name}' is a CDC key and must stay in the target table`);
    }
  });
}

function checkFeature(
  feature: FeatureSpec,
  f: number,
  tables: ReadonlyMap<string, DatasetTable>,
  columnsOf: ColumnsOf,
  report: Report,
): void {
  const at: (string | number)[] = ["features", f];
  const table = tables.get(feature.from);
  checkTimeTravel(feature.timeTravel, [...at, "timeTravel"], report);
  const outputs = [...feature.keys, feature.featureTimestampColumn, ...feature.windows.map((w) => w.name)];
  for (const [name, indices] of duplicates(outputs)) {
    const index = indices[indices.length - 1]! - feature.keys.length - 1;
    report(
      index >= 0 ? [...at, "windows", index, "name"] : [...at, "featureTimestampColumn"],
      `'${name}' is used for more than one output column of feature table '${feature.name}' (keys, featureTimestampColumn and window names must differ)`,
    );
  }
  checkLayout(feature.layout, [...at, "layout"], new Set(outputs), `feature table '${feature.name}'`, report);
  if (!table) {
    report(
      [...at, "from"],
      `'${feature.from}' is not a table name (${[...tables.keys()].join(", ")}); features read a silver table`,
    );
    return;
  }
  if (!table.silver) {
    report([...at, "from"], `'${feature.from}' has no silver layer; features read silver tables`);
    return;
  }
  const columns = new Map(columnsOf(table).map((c) => [c.name, c]));
  const known = new Set(columns.keys());
  const what = `silver table '${table.name}'`;
  checkColumns(feature.keys, known, [...at, "keys"], what, report);
  const ts = columns.get(feature.timestampColumn);
  if (!ts) {
    report(
      [...at, "timestampColumn"],
      `'${feature.timestampColumn}' is not a column of ${what} (${[...known].join(", ")})`,
    );
  } else if (!isTimestampType(ts.type)) {
    report(
      [...at, "timestampColumn"],
      `'${feature.timestampColumn}' has type ${ts.type}; feature rows are keyed by event time and windows count back from it, which needs a TIMESTAMP or TIMESTAMP_NTZ column`,
    );
  }
  if (feature.onlineServing && feature.currentEvent === "exclude") {
    report(
      [...at, "currentEvent"],
      `'exclude' cannot be served online (onlineServing: true): the online store keeps each key's latest row, which would leave out that row's own events, so served features would lag the offline ones by one event; use 'include' (training sets then join strictly before each label)`,
    );
  }
  feature.windows.forEach((window, w) => {
    const column = columns.get(window.column);
    if (!column) {
      report(
        [...at, "windows", w, "column"],
        `'${window.column}' is not a column of ${what} (${[...known].join(", ")})`,
      );
    } else if ((window.function === "avg" || window.function === "sum") && !isNumericType(column.type)) {
      report(
        [...at, "windows", w, "column"],
        `'${window.column}' has type ${column.type}; ${window.function} needs a numeric column`,
      );
    } else if (
      window.type !== undefined &&
      // A column declared twice is reported on the table; its type here would be a guess.
      table.columns.filter((c) => c.name === window.column).length <= 1
    ) {
      const issue = windowTypeIssue(window.function, window.column, column.type, window.type);
      if (issue) report([...at, "windows", w, "type"], issue);
    }
  });
}

/** The silver columns of a table: name → type. */
function goldReadableColumns(table: DatasetTable, columnsOf: ColumnsOf): Map<string, string> {
  return new Map(columnsOf(table).map((c) => [c.name, c.type]));
}

function checkTrainingSet(
  trainingSet: TrainingSetSpec,
  i: number,
  tables: ReadonlyMap<string, DatasetTable>,
  features: ReadonlyMap<string, FeatureSpec>,
  columnsOf: ColumnsOf,
  report: Report,
): void {
  const at: (string | number)[] = ["trainingSets", i];
  const labels = trainingSet.labels;
  const labelTable = tables.get(labels.table);
  if (!labelTable) {
    report(
      [...at, "labels", "table"],
      `'${labels.table}' is not a table name (${[...tables.keys()].join(", ")}); labels are read from a silver table`,
    );
    return;
  }
  if (!labelTable.silver) {
    report(
      [...at, "labels", "table"],
      `'${labels.table}' has no silver layer; labels are read from silver tables`,
    );
    return;
  }
  const columns = goldReadableColumns(labelTable, columnsOf);
  const what = `label table '${labels.table}'`;
  const known = `(${[...columns.keys()].join(", ")})`;
  labels.keys.forEach((key, k) => {
    if (!columns.has(key))
      report([...at, "labels", "keys", k], `'${key}' is not a column of ${what} ${known}`);
  });
  const labelTs = columns.get(labels.timestampColumn);
  if (labelTs === undefined) {
    report(
      [...at, "labels", "timestampColumn"],
      `'${labels.timestampColumn}' is not a column of ${what} ${known}`,
    );
  } else if (!isTimestampType(labelTs)) {
    report(
      [...at, "labels", "timestampColumn"],
      `'${labels.timestampColumn}' has type ${labelTs}; features are joined as of the label's time, which needs a TIMESTAMP or TIMESTAMP_NTZ column`,
    );
  }
  if (!columns.has(labels.labelColumn)) {
    report([...at, "labels", "labelColumn"], `'${labels.labelColumn}' is not a column of ${what} ${known}`);
  }

  trainingSet.features.forEach((name, f) => {
    const path = [...at, "features", f];
    const feature = features.get(name);
    if (!feature) {
      report(path, `'${name}' is not a feature name (${[...features.keys()].join(", ")})`);
      return;
    }
    const missing = feature.keys.filter((key) => !columns.has(key));
    if (missing.length > 0) {
      report(
        path,
        `'${name}' is looked up by ${feature.keys.join(", ")}, but ${what} has no column ${missing.join(", ")}; the label table must carry the feature table's keys`,
      );
    }
    const source = tables.get(feature.from);
    const featureTs = source && columnsOf(source).find((c) => c.name === feature.timestampColumn)?.type;
    if (
      labelTs &&
      featureTs &&
      isTimestampType(labelTs) &&
      labelTs.toUpperCase() !== featureTs.toUpperCase()
    ) {
      report(
        path,
        `'${name}' is keyed by a ${featureTs} but the labels' ${labels.timestampColumn} is a ${labelTs}; comparing an instant with a wall-clock time depends on the session time zone: use the same type`,
      );
    }
  });

  trainingSet.dimensions.forEach((dimension, d) => {
    const path = [...at, "dimensions", d];
    const table = tables.get(dimension.table);
    if (!table) {
      report(
        [...path, "table"],
        `'${dimension.table}' is not a table name (${[...tables.keys()].join(", ")})`,
      );
      return;
    }
    const cdc = table.silver?.cdc;
    if (!cdc || cdc.scdType !== 2) {
      report(
        [...path, "table"],
        `'${dimension.table}' is ${cdc ? "SCD type 1" : "not an AUTO CDC table"}; an as-of join needs the row valid at the label's time, which only SCD type 2 keeps (silver.cdc.scdType: 2)`,
      );
      return;
    }
    const dimColumns = goldReadableColumns(table, columnsOf);
    dimension.columns.forEach((column, c) => {
      if (!dimColumns.has(column)) {
        report(
          [...path, "columns", c],
          `'${column}' is not a column of silver table '${dimension.table}' (${[...dimColumns.keys()].join(", ")})`,
        );
      }
    });
    const missing = cdc.keys.filter((key) => !columns.has(key));
    if (missing.length > 0) {
      report(
        [...path, "table"],
        `'${dimension.table}' is joined by its CDC keys ${cdc.keys.join(", ")}, but ${what} has no column ${missing.join(", ")}`,
      );
    }
    // __START_AT / __END_AT have the type of the sequence column.
    const sequence = cdc.sequenceBy && table.columns.find((col) => col.name === cdc.sequenceBy)?.type;
    if (sequence && !isTimestampType(sequence)) {
      report(
        [...path, "table"],
        `'${dimension.table}' is sequenced by '${cdc.sequenceBy}' (${sequence}); __START_AT/__END_AT take its type, and comparing them with the label's time needs a TIMESTAMP or TIMESTAMP_NTZ sequence column`,
      );
    } else if (
      sequence &&
      labelTs &&
      isTimestampType(labelTs) &&
      sequence.toUpperCase() !== labelTs.toUpperCase()
    ) {
      report(
        [...path, "table"],
        `'${dimension.table}' is sequenced by a ${sequence} but the labels' ${labels.timestampColumn} is a ${labelTs}; use the same type`,
      );
    }
  });

  // A feature table's own collisions are reported on the feature; here only those between the parts.
  const names = { tables, features };
  const outputs = [
    ...labels.keys,
    ...entityColumns(trainingSet, names),
    labels.timestampColumn,
    labels.labelColumn,
    ...trainingSet.features.flatMap((name) => {
      const feature = features.get(name);
      return feature
        ? [
            ...new Set([
              `${feature.name}_${feature.featureTimestampColumn}`,
              ...feature.windows.map((w) => w.name),
            ]),
          ]
        : [];
    }),
    ...trainingSet.dimensions.flatMap((d) => d.columns),
  ];
  for (const [name] of duplicates(outputs)) {
    report(
      [...at, "name"],
      `'${trainingSet.name}' would have the column '${name}' twice (label columns, feature windows and dimension columns share one row); rename one of them`,
    );
  }
}

function checkMaintenance(spec: DatasetSpec, report: Report): void {
  const m = spec.maintenance;
  const cronError = quartzCronError(m.schedule);
  if (cronError) report(["maintenance", "schedule"], `'${m.schedule}' ${cronError}`);
  if (!isTimeZone(m.timezone)) {
    report(["maintenance", "timezone"], `'${m.timezone}' ${TIME_ZONE_RULE}`);
  }
}

/** The spec for `cloud`: each logical `stream` source bound to that cloud's stream kind. */
export function bindDatasets(spec: ParsedDatasetSpec, cloud: DatasetCloud): DatasetSpec {
  return {
    ...spec,
    sources: spec.sources.map((source) =>
      source.type === "stream" ? bindStreamSource(source, cloud) : source,
    ),
  };
}

/** Parses a dataset spec (zod shape and per-field rules); throws {@link ConfigValidationError}. */
export function parseDatasets(input: unknown): ParsedDatasetSpec {
  const parsed = DATASET_SPEC_SCHEMA.safeParse(input);
  if (!parsed.success) {
    throw new ConfigValidationError(
      parsed.error.issues.map((issue) => formatZodIssue(issue, input, formatDatasetPath)),
    );
  }
  return parsed.data;
}

/**
 * Binds a parsed spec to `cloud` ({@link bindDatasets}) and validates it; throws
 * {@link ConfigValidationError} listing every problem.
 */
export function loadParsedDatasets(parsed: ParsedDatasetSpec, cloud: DatasetCloud): DatasetSpec {
  const spec = bindDatasets(parsed, cloud);
  const issues = validateDatasets(spec, cloud);
  if (issues.length > 0) throw new ConfigValidationError(issues);
  return spec;
}

/**
 * Parses a dataset spec, binds it to `cloud` ({@link bindDatasets}) and validates it; throws
 * {@link ConfigValidationError} listing every problem.
 */
export function loadDatasets(input: unknown, cloud: DatasetCloud): DatasetSpec {
  return loadParsedDatasets(parseDatasets(input), cloud);
}
