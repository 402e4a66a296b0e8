/**
 * Rules of the dataset spec that span fields: unique names, references between sources, tables and
 * features, columns named by layouts, expectations, CDC and features, source kinds on the deployment's
 * cloud, time travel and VACUUM retention, the maintenance schedule.
 */
import { ConfigValidationError, formatPath, formatZodIssue } from "../../vocabulary/config-issues";
import { sourceKind } from "../sources/registry";
import { bindStreamSource } from "../sources/stream";
import { quartzCronError } from "../syntax/quartz-cron";
import { isNumericType } from "../syntax/spark-types";
import { isTimeZone } from "../syntax/time-zone";
import { DATASET_IDENTIFIER } from "../syntax/identifiers";
import {
  bronzeMetadataColumns,
  bronzeTimeTravel,
  expectationName,
  goldTimeTravel,
  silverColumns,
  silverTimeTravel,
} from "./derived";
import {
  DATASET_SPEC_SCHEMA,
  MAX_CLUSTERING_COLUMNS,
  MIN_VACUUM_RETENTION_HOURS,
  type DatasetCloud,
  type DatasetSource,
  type DatasetSpec,
  type DatasetTable,
  type FeatureSpec,
  type ParsedDatasetSpec,
  type TableLayout,
  type TimeTravel,
} from "./schema";

const COLLECTIONS = ["sources", "tables", "features"] as const;

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
        `'${name}' is used by ${where}; ${collection.slice(0, -1)} names must be unique`,
      );
    }
  }

  const sources = new Map(spec.sources.map((s) => [s.name, s]));
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
  spec.features.forEach((feature, f) => checkFeature(feature, f, tables, report));
  checkMaintenance(spec, report);
  return issues;
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
  const output = new Set(silverColumns(table).map((c) => c.name));
  checkTimeTravel(table.timeTravel.bronze, [...at, "timeTravel", "bronze"], report);
  checkTimeTravel(table.timeTravel.silver, [...at, "timeTravel", "silver"], report);
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
  const columns = new Map(silverColumns(table).map((c) => [c.name, c]));
  const known = new Set(columns.keys());
  const what = `silver table '${table.name}'`;
  checkColumns(feature.keys, known, [...at, "keys"], what, report);
  const ts = columns.get(feature.timestampColumn);
  if (!ts) {
    report(
      [...at, "timestampColumn"],
      `'${feature.timestampColumn}' is not a column of ${what} (${[...known].join(", ")})`,
    );
  } else if (!/^(TIMESTAMP|TIMESTAMP_NTZ|DATE)$/i.test(ts.type)) {
    report(
      [...at, "timestampColumn"],
      `'${feature.timestampColumn}' has type ${ts.type}; time windows need a TIMESTAMP or DATE column`,
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
    }
  });
}

function checkMaintenance(spec: DatasetSpec, report: Report): void {
  const m = spec.maintenance;
  const cronError = quartzCronError(m.schedule);
  if (cronError) report(["maintenance", "schedule"], `'${m.schedule}' ${cronError}`);
  if (!isTimeZone(m.timezone)) {
    report(["maintenance", "timezone"], `'${m.timezone}' is not an IANA time zone (e.g. UTC, Europe/Berlin)`);
  }
  if (m.vacuumRetentionHours < MIN_VACUUM_RETENTION_HOURS && !m.allowShortRetention) {
    report(
      ["maintenance", "vacuumRetentionHours"],
      `${m.vacuumRetentionHours} is under ${MIN_VACUUM_RETENTION_HOURS} hours (7 days), Delta's safe minimum: shorter retention breaks time travel and concurrent readers; set allowShortRetention: true to accept that`,
    );
  }
  // VACUUM must never delete files the time-travel window still needs.
  const windows: [string, number][] = [];
  spec.tables.forEach((table, t) => {
    const name = formatDatasetPath(["tables", t], spec);
    windows.push([`${name}.timeTravel.bronze`, bronzeTimeTravel(table).deletedFileRetentionDays]);
    if (table.silver)
      windows.push([`${name}.timeTravel.silver`, silverTimeTravel(table).deletedFileRetentionDays]);
  });
  spec.features.forEach((feature, f) => {
    windows.push([
      `${formatDatasetPath(["features", f], spec)}.timeTravel`,
      goldTimeTravel(feature).deletedFileRetentionDays,
    ]);
  });
  const widest = windows.reduce<[string, number] | undefined>(
    (best, entry) => (best === undefined || entry[1] > best[1] ? entry : best),
    undefined,
  );
  if (widest && m.vacuumRetentionHours < widest[1] * 24) {
    report(
      ["maintenance", "vacuumRetentionHours"],
      `${m.vacuumRetentionHours} is below the time-travel window of ${widest[0]} (deletedFileRetentionDays ${widest[1]} = ${widest[1] * 24} hours); VACUUM retention must be at least every table's deleted-file retention`,
    );
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

/**
 * Parses a dataset spec, binds it to `cloud` ({@link bindDatasets}) and validates it; throws
 * {@link ConfigValidationError} listing every problem.
 */
export function loadDatasets(input: unknown, cloud: DatasetCloud): DatasetSpec {
  const parsed = DATASET_SPEC_SCHEMA.safeParse(input);
  if (!parsed.success) {
    throw new ConfigValidationError(
      parsed.error.issues.map((issue) => formatZodIssue(issue, input, formatDatasetPath)),
    );
  }
  const spec = bindDatasets(parsed.data, cloud);
  const issues = validateDatasets(spec, cloud);
  if (issues.length > 0) throw new ConfigValidationError(issues);
  return spec;
}
