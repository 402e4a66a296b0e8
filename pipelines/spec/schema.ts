/**
 * The dataset spec's shape: what flows through the medallion layers, described once and turned into
 * pipeline SQL, pipelines, jobs and table maintenance on either cloud.
 *
 * - `sources`: where raw records come from; one schema per source kind (`../sources/`).
 * - `tables`: one per source feed; bronze keeps the raw records plus ingestion metadata, the optional
 *   silver layer applies expectations, column selection and AUTO CDC upserts (SCD type 1 or 2).
 * - `features`: gold materialized views of time-windowed aggregates keyed like a feature table.
 * - `maintenance`: OPTIMIZE / VACUUM / ANALYZE schedule.
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

/** The shortest VACUUM retention Delta allows without disabling its safety check. */
export const MIN_VACUUM_RETENTION_HOURS = 168;

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
export type TableLayout = z.output<typeof layout>;
export type TimeTravel = z.output<typeof timeTravel>;
