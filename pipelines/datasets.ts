/**
 * The dataset spec: what flows through the medallion layers, described once and turned into pipeline
 * SQL (`constructs/databricks/dlt-sql.ts`), pipelines, jobs and table maintenance on either cloud.
 *
 * - `sources`: where raw records come from (files via Auto Loader, Event Hubs on Azure, Kinesis on AWS,
 *   any Kafka cluster).
 * - `tables`: one per source feed; bronze keeps the raw records plus ingestion metadata, the optional
 *   silver layer applies expectations, column selection and AUTO CDC upserts (SCD type 1 or 2).
 * - `features`: gold materialized views of time-windowed aggregates keyed like a feature table.
 * - `maintenance`: OPTIMIZE / VACUUM / ANALYZE schedule.
 *
 * Zod checks shape and per-field rules; `validateDatasets` checks the rules that span fields. Every issue
 * reads `datasets.<path>: '<value>' <rule>`, like the environment config.
 */
import { z } from "zod";
import {
  ConfigValidationError,
  customIssue as custom,
  formatZodIssue,
  matching,
  wholeNumber,
} from "../config/issues";

export type DatasetCloud = "azure" | "aws";

/** Unity Catalog table and column names the generator accepts (lowercase, no quoting surprises). */
export const DATASET_IDENTIFIER = /^[a-z_][a-z0-9_]{0,254}$/;
const IDENTIFIER_RULE =
  "must be a lowercase identifier: letters a-z, digits and underscores, starting with a letter or underscore, at most 255 characters (^[a-z_][a-z0-9_]{0,254}$)";

/** Per-layer time-travel defaults: bronze keeps history longest so any model input can be rebuilt. */
export const DEFAULT_TIME_TRAVEL = {
  bronze: { logRetentionDays: 365, deletedFileRetentionDays: 30 },
  silver: { logRetentionDays: 30, deletedFileRetentionDays: 7 },
  gold: { logRetentionDays: 30, deletedFileRetentionDays: 7 },
} as const;

/** The shortest VACUUM retention Delta allows without disabling its safety check. */
export const MIN_VACUUM_RETENTION_HOURS = 168;

/** Most clustering keys Delta liquid clustering accepts. */
export const MAX_CLUSTERING_COLUMNS = 4;

/** Column names bronze adds per source type (plus the rescued-data column of file sources). */
export const BRONZE_METADATA_COLUMNS = {
  files: ["_source_file", "_ingested_at"],
  "event-hubs": ["_raw_payload", "_topic", "_partition", "_offset", "_event_timestamp", "_ingested_at"],
  kafka: ["_raw_payload", "_topic", "_partition", "_offset", "_event_timestamp", "_ingested_at"],
  kinesis: [
    "_raw_payload",
    "_stream",
    "_shard_id",
    "_sequence_number",
    "_partition_key",
    "_arrival_timestamp",
    "_ingested_at",
  ],
} as const;

/** Bronze metadata column silver keeps (lineage / latency); the rest stay in bronze. */
export const INGESTED_AT_COLUMN = "_ingested_at";

/** Terraform interpolates `${…}` and `%{…}` in the workspace file content the SQL is deployed as. */
const TERRAFORM_TEMPLATE = /[$%]\{/;
function freeText(max: number) {
  return z.string().superRefine((value, ctx) => {
    if (value.length > max) custom(ctx, `'${value.slice(0, 40)}…' must be at most ${max} characters`);
    if (TERRAFORM_TEMPLATE.test(value)) {
      custom(ctx, `'${value}' must not contain '\${' or '%{' (Terraform would interpolate it)`);
    }
  });
}

const identifier = matching(DATASET_IDENTIFIER, IDENTIFIER_RULE);

// ---------------------------------------------------------------------------------------------------
// Spark SQL types: a small recursive parser so a type string can be written into DDL verbatim.

const PRIMITIVE_TYPES = new Set([
  "STRING",
  "BOOLEAN",
  "TINYINT",
  "BYTE",
  "SMALLINT",
  "SHORT",
  "INT",
  "INTEGER",
  "BIGINT",
  "LONG",
  "FLOAT",
  "REAL",
  "DOUBLE",
  "DATE",
  "TIMESTAMP",
  "TIMESTAMP_NTZ",
  "BINARY",
  "VARIANT",
]);

/** Parses one type at `pos`; returns the position after it, or -1. */
function parseType(text: string, pos: number): number {
  const word = /^[A-Za-z_]+/.exec(text.slice(pos));
  if (!word) return -1;
  const name = word[0].toUpperCase();
  let at = pos + word[0].length;
  if (PRIMITIVE_TYPES.has(name)) return at;
  if (name === "DECIMAL" || name === "DEC" || name === "NUMERIC") {
    const args = /^\(\s*(\d{1,2})\s*(?:,\s*(\d{1,2})\s*)?\)/.exec(text.slice(at));
    if (!args) return at; // DECIMAL alone is DECIMAL(10,0)
    const precision = Number(args[1]);
    const scale = args[2] === undefined ? 0 : Number(args[2]);
    if (precision < 1 || precision > 38 || scale > precision) return -1;
    return at + args[0].length;
  }
  if (name === "VARCHAR" || name === "CHAR") {
    const args = /^\(\s*\d{1,5}\s*\)/.exec(text.slice(at));
    return args ? at + args[0].length : -1;
  }
  const skip = (): void => {
    while (text[at] === " ") at++;
  };
  const expect = (char: string): boolean => {
    skip();
    if (text[at] !== char) return false;
    at++;
    skip();
    return true;
  };
  if (name === "ARRAY") {
    if (!expect("<")) return -1;
    at = parseType(text, at);
    if (at < 0 || !expect(">")) return -1;
    return at;
  }
  if (name === "MAP") {
    if (!expect("<")) return -1;
    at = parseType(text, at);
    if (at < 0 || !expect(",")) return -1;
    at = parseType(text, at);
    if (at < 0 || !expect(">")) return -1;
    return at;
  }
  if (name === "STRUCT") {
    if (!expect("<")) return -1;
    for (;;) {
      const field = /^[a-z_][a-z0-9_]*/.exec(text.slice(at));
      if (!field) return -1;
      at += field[0].length;
      if (!expect(":")) return -1;
      at = parseType(text, at);
      if (at < 0) return -1;
      if (expect(">")) return at;
      if (!expect(",")) return -1;
    }
  }
  return -1;
}

export function isSparkSqlType(text: string): boolean {
  return text.trim() === text && parseType(text, 0) === text.length;
}

const sqlType = z.string().superRefine((value, ctx) => {
  if (!isSparkSqlType(value)) {
    custom(
      ctx,
      `'${value}' is not a Spark SQL type (e.g. STRING, BIGINT, DOUBLE, DECIMAL(18,2), TIMESTAMP, DATE, ARRAY<STRING>, MAP<STRING,BIGINT>, STRUCT<a: INT>)`,
    );
  }
});

// ---------------------------------------------------------------------------------------------------
// SQL expressions written by users (expectations, CDC delete conditions).

/**
 * Why `expression` cannot be embedded in generated SQL as one parenthesised boolean expression, or
 * undefined when it can: no statement separators or comments, strings and quoted identifiers closed,
 * parentheses balanced (so it cannot close the surrounding `EXPECT (…)` early).
 */
export function unsafeExpressionReason(expression: string): string | undefined {
  if (expression.trim() === "") return "must not be empty";
  if (TERRAFORM_TEMPLATE.test(expression))
    return "must not contain '${' or '%{' (Terraform would interpolate it)";
  let depth = 0;
  for (let i = 0; i < expression.length; i++) {
    const char = expression[i]!;
    if (char === "'" || char === '"' || char === "`") {
      let j = i + 1;
      while (j < expression.length && expression[j] !== char) {
        if (expression[j] === "\\" && char !== "`") j++;
        j++;
      }
      if (j >= expression.length) return `has an unterminated ${char} quote`;
      i = j;
      continue;
    }
    if (char === ";") return "must not contain ';' (one expression, not statements)";
    if (char === "-" && expression[i + 1] === "-") return "must not contain '--' comments";
    if (char === "/" && expression[i + 1] === "*") return "must not contain '/*' comments";
    if (/[\r\n]/.test(char)) return "must be on one line";
    if (char === "(") depth++;
    if (char === ")" && --depth < 0) return "has a ')' without a matching '('";
  }
  return depth === 0 ? undefined : "has a '(' without a matching ')'";
}

const sqlExpression = z.string().superRefine((value, ctx) => {
  const reason = unsafeExpressionReason(value);
  if (reason) custom(ctx, `'${value}' ${reason}`);
});

// ---------------------------------------------------------------------------------------------------
// Sources

/** Stream names as the environment config spells them (event hub / Kinesis source names). */
const streamSourceName = matching(
  /^[a-z][a-z0-9-]{0,48}[a-z0-9]$/,
  "must be a stream source name of the environment config: 2–50 lowercase letters, digits or hyphens",
);
const secretName = matching(
  /^[A-Za-z0-9._-]{1,128}$/,
  "must be a secret scope or key name: 1–128 letters, digits, '.', '_' or '-'",
);
const startingOffsets = z.enum(["earliest", "latest"]).default("earliest");

/** Landing-relative folder: no scheme, no leading '/', no '..' segments. */
const relativePath = z.string().superRefine((value, ctx) => {
  if (value === "" || value.startsWith("/") || value.includes("://")) {
    custom(ctx, `'${value}' must be a non-empty path relative to the landing location, e.g. 'customers/'`);
  } else if (value.split("/").some((segment) => segment === "..")) {
    custom(ctx, `'${value}' must not contain '..' segments (it must stay inside the landing location)`);
  } else if (
    TERRAFORM_TEMPLATE.test(value) ||
    value.includes("\\") ||
    [...value].some((c) => c.charCodeAt(0) < 0x20)
  ) {
    custom(ctx, `'${value}' must not contain control characters, backslashes, '\${' or '%{'`);
  }
});

/** read_files options the spec sets from its own fields. */
export const RESERVED_FILE_OPTIONS = ["format", "schema", "schemaHints", "rescuedDataColumn"] as const;

const FILES_SOURCE = z
  .object({
    type: z.literal("files"),
    name: identifier,
    format: z.enum(["json", "csv", "parquet", "avro"]),
    /** Folder under the landing location, e.g. `customers/`. */
    path: relativePath,
    /** Extra `read_files` / Auto Loader options, e.g. `{ header: "true" }` for CSV. @default {} */
    options: z
      .record(
        matching(/^[A-Za-z][A-Za-z0-9_.]{0,99}$/, "must be an option name of letters, digits, '_' or '.'"),
        freeText(1000),
      )
      .default({}),
    /** Column that keeps fields not matching the declared columns. @default "_rescued_data" */
    rescuedDataColumn: identifier.default("_rescued_data"),
  })
  .strict();

const EVENT_HUBS_SOURCE = z
  .object({
    type: z.literal("event-hubs"),
    name: identifier,
    /** Event hub (Kafka topic) name: a `streaming.sources` name of the Azure environments. */
    eventHub: streamSourceName,
    /** @default "earliest" */
    startingOffsets,
    format: z.literal("json").default("json"),
  })
  .strict();

const KINESIS_SOURCE = z
  .object({
    type: z.literal("kinesis"),
    name: identifier,
    /** A `streaming.sources` name of the AWS environments (the physical stream name is per environment). */
    stream: streamSourceName,
    /** @default "trim_horizon" */
    initialPosition: z.enum(["trim_horizon", "latest"]).default("trim_horizon"),
    format: z.literal("json").default("json"),
  })
  .strict();

const KAFKA_SOURCE = z
  .object({
    type: z.literal("kafka"),
    name: identifier,
    bootstrapServers: matching(
      /^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$/,
      "must be comma-separated host:port pairs",
    ),
    topic: matching(/^[A-Za-z0-9._-]{1,249}$/, "must be a Kafka topic name (letters, digits, '.', '_', '-')"),
    /** @default "earliest" */
    startingOffsets,
    /** SASL over TLS with credentials from a Databricks secret scope; omit for an unauthenticated cluster. */
    auth: z
      .object({
        mechanism: z.enum(["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]),
        secretScope: secretName,
        usernameKey: secretName,
        passwordKey: secretName,
      })
      .strict()
      .optional(),
    format: z.literal("json").default("json"),
  })
  .strict();

const SOURCE = z.discriminatedUnion("type", [FILES_SOURCE, EVENT_HUBS_SOURCE, KINESIS_SOURCE, KAFKA_SOURCE]);

// ---------------------------------------------------------------------------------------------------
// Tables

const timeTravel = z
  .object({
    /** `delta.logRetentionDuration`: how far back time travel can go. */
    logRetentionDays: wholeNumber(1, 36500, "days"),
    /** `delta.deletedFileRetentionDuration`: how long VACUUM keeps removed files. */
    deletedFileRetentionDays: wholeNumber(1, 36500, "days"),
  })
  .strict();

const layout = z
  .object({
    /** Columns for `OPTIMIZE … ZORDER BY` (run by the maintenance job). */
    zorderBy: z.array(identifier).min(1).optional(),
    /** Liquid clustering keys (`CLUSTER BY`), at most 4. */
    clusterBy: z.array(identifier).min(1).optional(),
  })
  .strict();

const action = z.enum(["warn", "drop", "fail"]);

const EXPECTATION = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("not-null"),
      /** @default "<column>_not_null" */
      name: identifier.optional(),
      column: identifier,
      action,
    })
    .strict(),
  z
    .object({
      kind: z.literal("unique"),
      /** @default "<column>_unique" */
      name: identifier.optional(),
      column: identifier,
      /** `warn` records duplicates in the pipeline's data-quality metrics, `fail` stops the update. */
      action,
    })
    .strict(),
  z
    .object({
      kind: z.literal("expression"),
      name: identifier,
      /** A boolean SQL expression over the silver columns, e.g. `amount > 0`. */
      expression: sqlExpression,
      action,
    })
    .strict(),
]);

const cdc = z
  .object({
    keys: z.array(identifier, { required_error: "is required: AUTO CDC needs the key columns of a row" }),
    sequenceBy: identifier.optional(),
    scdType: z.union([z.literal(1), z.literal(2)]),
    /** Boolean SQL expression marking delete events, e.g. `op = 'DELETE'`. */
    deleteWhen: sqlExpression.optional(),
    /** Source columns left out of the target (e.g. the operation column). @default [] */
    exceptColumns: z.array(identifier).default([]),
  })
  .strict();

const TABLE = z
  .object({
    name: identifier,
    /** Name of an entry in `sources`. */
    source: identifier,
    /** The payload's columns: the bronze schema, silver's select list, what expectations and layout name. */
    columns: z.array(z.object({ name: identifier, type: sqlType }).strict()).min(1),
    bronze: z
      .object({ comment: freeText(1024).optional() })
      .strict()
      .default({}),
    silver: z
      .object({
        comment: freeText(1024).optional(),
        /** @default [] */
        expectations: z.array(EXPECTATION).default([]),
        cdc: cdc.optional(),
        /** Columns silver keeps (default: all declared columns). */
        select: z.array(identifier).min(1).optional(),
      })
      .strict()
      .optional(),
    /** Layout of the silver table (or bronze when there is no silver layer). */
    layout: layout.optional(),
    /** @default bronze 365/30 days, silver 30/7 days */
    timeTravel: z
      .object({ bronze: timeTravel.optional(), silver: timeTravel.optional() })
      .strict()
      .default({}),
  })
  .strict();

const FEATURE_FUNCTIONS = ["avg", "sum", "count", "min", "max", "count_distinct"] as const;

const FEATURE = z
  .object({
    name: identifier,
    /** A table with a silver layer. */
    from: identifier,
    comment: freeText(1024).optional(),
    /** Grouping keys, declared as the feature table's primary key. */
    keys: z.array(identifier).min(1),
    /** Event-time column of the silver table the windows are measured on. */
    timestampColumn: identifier,
    /** Output column holding the time the features were computed (the TIMESERIES key). @default "feature_timestamp" */
    featureTimestampColumn: identifier.default("feature_timestamp"),
    windows: z
      .array(
        z
          .object({
            name: identifier,
            function: z.enum(FEATURE_FUNCTIONS),
            column: identifier,
            days: wholeNumber(1, 3650, "days"),
          })
          .strict(),
      )
      .min(1),
    layout: layout.optional(),
    /** @default 30/7 days */
    timeTravel: timeTravel.optional(),
    /** Enable change data feed so an online table / online store can sync from the feature table. @default false */
    onlineServing: z.boolean().default(false),
  })
  .strict();

const MAINTENANCE = z
  .object({
    /** Quartz cron: seconds minutes hours day-of-month month day-of-week [year]. */
    schedule: z.string(),
    /** IANA time zone of the schedule, e.g. `UTC` or `Europe/Berlin`. */
    timezone: z.string(),
    /** `VACUUM … RETAIN <hours> HOURS`; at least 168 and at least every table's deleted-file retention. */
    vacuumRetentionHours: wholeNumber(0, 876000, "hours"),
    /** Allows `vacuumRetentionHours` under 168 (loses time travel and can break concurrent readers). @default false */
    allowShortRetention: z.boolean().default(false),
    /** Run `ANALYZE TABLE … COMPUTE STATISTICS FOR ALL COLUMNS`. @default true */
    analyze: z.boolean().default(true),
  })
  .strict();

export const DATASET_SPEC_SCHEMA = z
  .object({
    sources: z.array(SOURCE).min(1),
    tables: z.array(TABLE).min(1),
    /** @default [] */
    features: z.array(FEATURE).default([]),
    maintenance: MAINTENANCE,
  })
  .strict();

export type DatasetSpecInput = z.input<typeof DATASET_SPEC_SCHEMA>;
export type DatasetSpec = z.output<typeof DATASET_SPEC_SCHEMA>;
export type DatasetSource = DatasetSpec["sources"][number];
export type DatasetTable = DatasetSpec["tables"][number];
export type DatasetColumn = DatasetTable["columns"][number];
export type Expectation = NonNullable<DatasetTable["silver"]>["expectations"][number];
export type FeatureSpec = DatasetSpec["features"][number];
export type FeatureWindow = FeatureSpec["windows"][number];
export type TableLayout = z.output<typeof layout>;
export type TimeTravel = z.output<typeof timeTravel>;

// ---------------------------------------------------------------------------------------------------
// Derived facts shared with the generator.

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
  return source.type === "files"
    ? [...BRONZE_METADATA_COLUMNS.files, source.rescuedDataColumn]
    : [...BRONZE_METADATA_COLUMNS[source.type]];
}

const NUMERIC_TYPE =
  /^(TINYINT|BYTE|SMALLINT|SHORT|INT|INTEGER|BIGINT|LONG|FLOAT|REAL|DOUBLE|DECIMAL|DEC|NUMERIC)\b/i;
export function isNumericType(type: string): boolean {
  return NUMERIC_TYPE.test(type);
}

// ---------------------------------------------------------------------------------------------------
// Quartz cron

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const CRON_FIELDS: readonly CronField[] = [
  { name: "seconds", min: 0, max: 59 },
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 1, max: 7, names: DAYS },
  { name: "year", min: 1970, max: 2099 },
];

function cronValue(token: string, field: CronField): number | undefined {
  if (/^\d+$/.test(token)) {
    const value = Number(token);
    return value >= field.min && value <= field.max ? value : undefined;
  }
  const index = field.names?.indexOf(token.toUpperCase()) ?? -1;
  return index >= 0 ? index + field.min : undefined;
}

/** Why one comma-separated item of a cron field is invalid, or undefined. */
function cronItemError(item: string, field: CronField): string | undefined {
  const range = `${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ""}`;
  if (field.name === "day-of-month") {
    if (item === "L" || item === "LW" || /^L-([1-9]|[12]\d|30)$/.test(item)) return undefined;
    const weekday = /^(\d+)W$/.exec(item);
    if (weekday)
      return cronValue(weekday[1]!, field) === undefined ? `'${item}' needs a day 1-31 before W` : undefined;
  }
  if (field.name === "day-of-week") {
    const last = /^(\w+)L$/.exec(item);
    if (item === "L") return undefined;
    if (last)
      return cronValue(last[1]!, field) === undefined ? `'${item}' needs a weekday before L` : undefined;
    const nth = /^(\w+)#(\d)$/.exec(item);
    if (nth) {
      return cronValue(nth[1]!, field) === undefined || Number(nth[2]) < 1 || Number(nth[2]) > 5
        ? `'${item}' must be <weekday>#<1-5>`
        : undefined;
    }
  }
  const [base, step, extra] = item.split("/");
  if (extra !== undefined || base === undefined || base === "")
    return `'${item}' is not a valid ${field.name} item`;
  if (step !== undefined && (!/^\d+$/.test(step) || Number(step) < 1 || Number(step) > field.max)) {
    return `'${item}' has an invalid step '${step}'`;
  }
  if (base === "*") return undefined;
  const bounds = base.split("-");
  if (bounds.length > 2) return `'${item}' is not a valid ${field.name} range`;
  const values = bounds.map((b) => cronValue(b, field));
  if (values.some((v) => v === undefined)) return `'${item}' is outside ${range}`;
  return undefined;
}

/**
 * Why `expression` is not a valid Quartz cron expression (as Databricks job schedules use), or undefined:
 * 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), each a list of values,
 * ranges and steps, `?` in exactly one of day-of-month and day-of-week, and L / W / # where Quartz allows.
 */
export function quartzCronError(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 6 || fields.length > 7) {
    return `has ${fields.length} field${fields.length === 1 ? "" : "s"}; a Quartz cron expression has 6 or 7: seconds minutes hours day-of-month month day-of-week [year]`;
  }
  for (let i = 0; i < fields.length; i++) {
    const field = CRON_FIELDS[i]!;
    const text = fields[i]!;
    if (text === "?") {
      if (i !== 3 && i !== 5) return `uses '?' in ${field.name}; only day-of-month and day-of-week accept it`;
      continue;
    }
    for (const item of text.split(",")) {
      const error = cronItemError(item, field);
      if (error) return `${field.name}: ${error}`;
    }
  }
  const domAny = fields[3] === "?";
  const dowAny = fields[5] === "?";
  if (domAny === dowAny) {
    return "must have '?' in exactly one of day-of-month and day-of-week (Quartz cannot combine them)";
  }
  return undefined;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------
// Cross-field validation

const COLLECTIONS = ["sources", "tables", "features"] as const;

/** `datasets.tables[1].layout` → `datasets.tables.transactions.layout` when the entry has a usable name. */
function formatPath(path: readonly (string | number)[], input: unknown): string {
  let out = "datasets";
  path.forEach((part, i) => {
    if (
      i === 1 &&
      typeof part === "number" &&
      COLLECTIONS.includes(path[0] as (typeof COLLECTIONS)[number])
    ) {
      const list = (input as Record<string, unknown> | undefined)?.[path[0] as string];
      const entry = Array.isArray(list) ? (list[part] as { name?: unknown } | undefined) : undefined;
      const name = entry?.name;
      const unique =
        typeof name === "string" &&
        DATASET_IDENTIFIER.test(name) &&
        (list as { name?: unknown }[]).filter((e) => e?.name === name).length === 1;
      out += unique ? `.${name}` : `[${part}]`;
      return;
    }
    out += typeof part === "number" ? `[${part}]` : `.${part}`;
  });
  return out;
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
  const report: Report = (path, message) => issues.push(`${formatPath(path, spec)}: ${message}`);

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
    if (source.type === "kinesis" && cloud === "azure") {
      report(
        ["sources", i, "type"],
        `'kinesis' is an AWS stream and cannot be read by the Azure deployment; use an 'event-hubs' (or 'kafka') source on Azure`,
      );
    }
    if (source.type === "event-hubs" && cloud === "aws") {
      report(
        ["sources", i, "type"],
        `'event-hubs' is an Azure stream and cannot be read by the AWS deployment; use a 'kinesis' (or 'kafka') source on AWS`,
      );
    }
    if (source.type === "files") {
      Object.keys(source.options)
        .filter((key) => (RESERVED_FILE_OPTIONS as readonly string[]).includes(key))
        .forEach((key) =>
          report(
            ["sources", i, "options", key],
            `'${key}' is set from the spec (format, the declared columns, rescuedDataColumn) and cannot be an option`,
          ),
        );
    }
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
    const name = formatPath(["tables", t], spec);
    windows.push([`${name}.timeTravel.bronze`, bronzeTimeTravel(table).deletedFileRetentionDays]);
    if (table.silver)
      windows.push([`${name}.timeTravel.silver`, silverTimeTravel(table).deletedFileRetentionDays]);
  });
  spec.features.forEach((feature, f) => {
    windows.push([
      `${formatPath(["features", f], spec)}.timeTravel`,
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

/** Parses and validates a dataset spec for `cloud`; throws {@link ConfigValidationError} listing every problem. */
export function loadDatasets(input: unknown, cloud: DatasetCloud): DatasetSpec {
  const parsed = DATASET_SPEC_SCHEMA.safeParse(input);
  if (!parsed.success) {
    throw new ConfigValidationError(
      parsed.error.issues.map((issue) => formatZodIssue(issue, input, formatPath)),
    );
  }
  const issues = validateDatasets(parsed.data, cloud);
  if (issues.length > 0) throw new ConfigValidationError(issues);
  return parsed.data;
}
