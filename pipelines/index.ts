/**
 * Pure TypeScript, no cdktf: the dataset spec (`spec/`), the syntax it checks (`syntax/`), the kinds of
 * source it reads (`sources/`, one file per kind plus the registry) and the SQL generated from it (`sql/`).
 */
export * from "./spec";
export * from "./sql";
export { SOURCE_KINDS, sourceKind, type SourceType } from "./sources/registry";
export type { SourceKind } from "./sources/source-kind";
export type { EventHubsReaderSettings } from "./sources/event-hubs";
export { DATABASE_ENGINES, type DatabaseEngine } from "./sources/database";
export type { KinesisReaderSettings } from "./sources/kinesis";
export { STREAM_SOURCE_SCHEMA, bindStreamSource, type StreamSource } from "./sources/stream";
export { quartzCronError } from "./syntax/quartz-cron";
export { isSparkSqlType } from "./syntax/spark-types";
export { unsafeExpressionReason } from "./syntax/sql-expressions";
export { isTimeZone } from "./syntax/time-zone";
