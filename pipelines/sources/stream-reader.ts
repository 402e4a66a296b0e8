/**
 * SQL shared by the stream source kinds: the reader call (`read_kafka`, `read_kinesis`), the JSON payload
 * parsed with the declared columns, and Kafka's position metadata and SASL login built from secrets.
 */
import { z } from "zod";
import type { DatasetTable } from "../spec/schema";
import { ddlSchema, INDENT, list } from "../sql/fragments";
import { namedArgument, quoteIdentifier, sqlString } from "../sql/quoting";
import { INGESTED_AT_COLUMN } from "./source-kind";

/** Where a Kafka reader starts on its first run. @default "earliest" */
export const startingOffsets = z.enum(["earliest", "latest"]).default("earliest");

/** Columns bronze adds for a Kafka topic (Event Hubs' Kafka endpoint or any Kafka cluster). */
export const KAFKA_METADATA_COLUMNS = [
  "_raw_payload",
  "_topic",
  "_partition",
  "_offset",
  "_event_timestamp",
  INGESTED_AT_COLUMN,
];

/** Kafka payload columns and position metadata; `read_kafka` returns key, value, topic, partition, offset, timestamp… */
export function kafkaSelect(table: DatasetTable): string[] {
  return [
    ...table.columns.map((c) => `payload.${quoteIdentifier(c.name)}`),
    `CAST(\`value\` AS STRING) AS ${quoteIdentifier("_raw_payload")}`,
    `\`topic\` AS ${quoteIdentifier("_topic")}`,
    `\`partition\` AS ${quoteIdentifier("_partition")}`,
    `\`offset\` AS ${quoteIdentifier("_offset")}`,
    `\`timestamp\` AS ${quoteIdentifier("_event_timestamp")}`,
    `current_timestamp() AS ${quoteIdentifier(INGESTED_AT_COLUMN)}`,
  ];
}

/** `FROM (SELECT *, from_json(<payload>) AS payload FROM STREAM <reader>)`. */
export function parsedPayload(table: DatasetTable, payload: string, reader: string): string {
  return [
    "FROM (",
    `${INDENT}SELECT *, from_json(CAST(${payload} AS STRING), ${sqlString(ddlSchema(table.columns))}) AS payload`,
    `${INDENT}FROM STREAM ${reader}`,
    ")",
  ].join("\n");
}

/** A streaming table-valued function call with named arguments, one per line. */
export function readerCall(name: string, args: readonly [string, string][]): string {
  return `${name}(\n${list(
    args.map(([k, v]) => namedArgument(k, v)),
    INDENT.repeat(2),
  )}\n${INDENT})`;
}

/** `kafka.sasl.jaas.config` from SQL expressions for user and password (secrets or literals). */
export function saslJaasConfig(loginModule: string, username: string, password: string): string {
  // The JAAS value is assembled at run time so the secret never appears in the SQL text.
  return `concat(${[
    sqlString(`kafkashaded.org.apache.kafka.common.security.${loginModule} required username="`),
    username,
    sqlString('" password="'),
    password,
    sqlString('";'),
  ].join(", ")})`;
}

/** `secret(scope, key)`: a Databricks secret read at run time. */
export function secret(scope: string, key: string): string {
  return `secret(${sqlString(scope)}, ${sqlString(key)})`;
}
