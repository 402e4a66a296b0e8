/**
 * The dataset spec's shape: what flows through the medallion layers, described once and turned into
 * pipeline SQL, pipelines, jobs and table maintenance on either cloud.
 *
 * - `sources`: where raw records come from; one schema per source kind (`../sources/`).
 * - `tables`: one per source feed; bronze keeps the raw records plus ingestion metadata, the optional
 *   silver layer applies expectations, column selection and AUTO CDC upserts (SCD type 1 or 2).
 * - `features`: gold time-series feature tables: per entity and event time, window aggregates as of
 *   that time (materialized views).
 * - `trainingSets`: point-in-time training sets joining labels to features and SCD 2 dimensions.
 * - `maintenance`: schedule of the maintenance the pipeline and predictive optimization leave undone.
 *
 * Zod checks shape and per-field rules; `validateDatasets` (`./validate.ts`) checks the rules that span
 * fields. Every issue reads `datasets.<path>: '<value>' <rule>`, like the environment config.
 */
import { z } from "zod";
import { wholeNumber } from "../../vocabulary/config-issues";
import { SOURCE_SCHEMA, type DatasetSource } from "../sources/registry";
import { STREAM_SOURCE_SCHEMA } from "../sources/stream";
import { freeText } from "../syntax/free-text";
import { identifier } from "../syntax/identifiers";
import { sqlType } from "../syntax/spark-types";
import { sqlExpression } from "../syntax/sql-expressions";

export type { DatasetSource } from "../sources/registry";

/** The cloud of the environment a spec is deployed to. */
export type DatasetCloud = "azure" | "aws";

/** Per-layer time-travel defaults: bronze keeps history longest so any model input can be rebuilt. */
export const DEFAULT_TIME_TRAVEL = {
  bronze: { logRetentionDays: 365, deletedFileRetentionDays: 30 },
  silver: { logRetentionDays: 30, deletedFileRetentionDays: 7 },
  gold: { logRetentionDays: 30, deletedFileRetentionDays: 7 },
} as const;

/** Most clustering keys Delta liquid clustering accepts. */
export const MAX_CLUSTERING_COLUMNS = 4;

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
      /**
       * Tables without CDC: duplicates are looked for among the rows ingested in the last this many days
       * (bronze, in ingestion order), so the check reads recent files only; set it to at least the
       * stream's retention, the window in which at-least-once delivery repeats records. CDC tables
       * keep one row per key and are checked over their current rows. @default 7 (tables without CDC)
       */
      lookbackDays: wholeNumber(1, 3650, "days").optional(),
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

/**
 * Which events a feature row's windows see, relative to the row's own timestamp T (ties are events of
 * the same keys at exactly T):
 * - `include` (at or before T): the row is the state after the events at T — what the online store
 *   serves once they are in. Training sets join it strictly before a label's time.
 * - `exclude` (strictly before T): the row is the context the events at T saw; neither an event nor
 *   any event tied with it is in its own row. Training sets join it at or before a label's time.
 */
export const CURRENT_EVENT_MODES = ["include", "exclude"] as const;

/**
 * How Databricks may refresh a feature table (the materialized view's `REFRESH POLICY`, Beta, Databricks
 * Runtime 17.3+; https://docs.databricks.com/aws/en/ldp/developer/ldp-sql-ref-create-materialized-view-refresh-policy).
 * `incrementalStrict` makes a refresh that cannot be incremental fail (`MATERIALIZED_VIEW_NOT_INCREMENTALIZABLE`)
 * instead of silently recomputing all history: the way to keep the refresh cost bounded by construction.
 * Classic pipelines never refresh materialized views incrementally, so it needs serverless compute.
 */
export const REFRESH_POLICIES = ["auto", "incremental", "incrementalStrict", "full"] as const;
export type RefreshPolicy = (typeof REFRESH_POLICIES)[number];

const FEATURE = z
  .object({
    name: identifier,
    /** A table with a silver layer whose rows are events (one row per event). */
    from: identifier,
    comment: freeText(1024).optional(),
    /** Entity keys: with the feature timestamp, the feature table's primary key (and the lookup key). */
    keys: z.array(identifier).min(1),
    /** Event-time column (TIMESTAMP or TIMESTAMP_NTZ) of the silver table: rows and windows are keyed by it. */
    timestampColumn: identifier,
    /** Output column holding each row's event time, the primary key's TIMESERIES column. @default "feature_timestamp" */
    featureTimestampColumn: identifier.default("feature_timestamp"),
    /** Whether a row's windows see the events at its own timestamp (see {@link CURRENT_EVENT_MODES}). @default "include" */
    currentEvent: z.enum(CURRENT_EVENT_MODES).default("include"),
    windows: z
      .array(
        z
          .object({
            name: identifier,
            function: z.enum(FEATURE_FUNCTIONS),
            column: identifier,
            /** Window length: events at most this many days (n × 24 h) before the row's timestamp count. */
            days: wholeNumber(1, 3650, "days"),
            /**
             * Result type (a Spark SQL type) the aggregate is cast to, checked against the aggregate: counts
             * take an integral type, averages DOUBLE or DECIMAL, sums and extremes of a DECIMAL column may
             * stay DECIMAL with enough integer digits, e.g. `DECIMAL(38,2)` for a sum of `DECIMAL(18,2)`
             * (`./feature-types.ts`). @default BIGINT for counts and integral sums, DOUBLE for averages
             * and other sums, the column's type for min and max
             */
            type: sqlType.optional(),
          })
          .strict(),
      )
      .min(1),
    layout: layout.optional(),
    /** @default 30/7 days */
    timeTravel: timeTravel.optional(),
    /** Serve the table from the online store (change data feed on). Needs `currentEvent: include`. @default false */
    onlineServing: z.boolean().default(false),
    /**
     * The materialized view's refresh policy ({@link REFRESH_POLICIES}); unset writes no clause, which
     * Databricks treats as `AUTO` (its cost model picks incremental or full per update). @default unset (AUTO)
     */
    refreshPolicy: z.enum(REFRESH_POLICIES).optional(),
  })
  .strict();

/**
 * A point-in-time training set: each label row joined to the latest row of each feature table before the
 * label's time, and to the SCD type 2 dimension rows valid at that time. Generated as a view in gold, so
 * it costs nothing until a training run reads it.
 */
const TRAINING_SET = z
  .object({
    name: identifier,
    comment: freeText(1024).optional(),
    labels: z
      .object({
        /** A table with a silver layer holding one row per label. */
        table: identifier,
        /** Columns that identify a label row (unique per label), e.g. `transaction_id`. */
        keys: z.array(identifier).min(1),
        /** When the prediction is made (TIMESTAMP or TIMESTAMP_NTZ); features must be known before it. */
        timestampColumn: identifier,
        /** The label (the model's target). */
        labelColumn: identifier,
      })
      .strict(),
    /** Feature tables joined by their keys, which must be columns of the label table. */
    features: z.array(identifier).min(1),
    /**
     * SCD type 2 silver tables joined by their CDC keys (columns of the label table), taking the row
     * valid at the label's time. @default []
     */
    dimensions: z
      .array(z.object({ table: identifier, columns: z.array(identifier).min(1) }).strict())
      .default([]),
  })
  .strict();

const MAINTENANCE = z
  .object({
    /** Quartz cron: seconds minutes hours day-of-month month day-of-week [year]. */
    schedule: z.string(),
    /** IANA time zone of the schedule, e.g. `UTC` or `Europe/Berlin`. */
    timezone: z.string(),
    /**
     * Run `ANALYZE TABLE … COMPUTE STATISTICS FOR ALL COLUMNS` on append tables when predictive
     * optimization is off (the pipeline compacts and vacuums its tables itself). @default true
     */
    analyze: z.boolean().default(true),
  })
  .strict();

/**
 * A source entry as written: a concrete kind (`files`, `event-hubs`, `kinesis`, `kafka`, …) or a logical
 * `stream`, which loading binds to the environment's cloud (`../sources/stream.ts`).
 */
export const SPEC_SOURCE_SCHEMA = z.discriminatedUnion("type", [
  ...SOURCE_SCHEMA.options,
  STREAM_SOURCE_SCHEMA,
]);

export const DATASET_SPEC_SCHEMA = z
  .object({
    sources: z.array(SPEC_SOURCE_SCHEMA).min(1),
    tables: z.array(TABLE).min(1),
    /** @default [] */
    features: z.array(FEATURE).default([]),
    /** @default [] */
    trainingSets: z.array(TRAINING_SET).default([]),
    maintenance: MAINTENANCE,
  })
  .strict();

export type DatasetSpecInput = z.input<typeof DATASET_SPEC_SCHEMA>;
/** The spec as written, with defaults: sources may still be logical `stream` sources. */
export type ParsedDatasetSpec = z.output<typeof DATASET_SPEC_SCHEMA>;
/** The spec bound to one cloud (`loadDatasets`): every source is a concrete kind. */
export type DatasetSpec = Omit<ParsedDatasetSpec, "sources"> & { sources: DatasetSource[] };
// Entry types come from their own schemas, not through DatasetSpec: the source kinds' readers take a
// DatasetTable, and DatasetSpec's sources come from the source kinds.
export type DatasetTable = z.output<typeof TABLE>;
export type DatasetColumn = DatasetTable["columns"][number];
export type Expectation = NonNullable<DatasetTable["silver"]>["expectations"][number];
export type FeatureSpec = z.output<typeof FEATURE>;
export type FeatureWindow = FeatureSpec["windows"][number];
export type TrainingSetSpec = z.output<typeof TRAINING_SET>;
export type TrainingSetDimension = TrainingSetSpec["dimensions"][number];
export type TableLayout = z.output<typeof layout>;
export type TimeTravel = z.output<typeof timeTravel>;
