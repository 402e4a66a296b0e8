/**
 * What the stream source kinds share: the spec entry's shape (JSON records), the reader call
 * (`read_kafka`, `read_kinesis`) with the JSON payload parsed with the declared columns and the
 * reader's position metadata selected beside it, and Kafka's options with the SASL login built from
 * secrets.
 */
import { z } from "zod";
import type { DatasetCloud, DatasetTable } from "../spec/schema";
import { ddlSchema, INDENT, list } from "../sql/fragments";
import { namedArgument, quoteIdentifier, sqlString } from "../sql/quoting";
import {
  INGESTED_AT,
  metadataColumnNames,
  metadataSelect,
  sourceEntrySchema,
  type BronzeReader,
  type MetadataColumn,
  type ReaderArgument,
} from "./source-kind";

/** Where a Kafka reader starts on its first run. @default "earliest" */
export const startingOffsets = z.enum(["earliest", "latest"]).default("earliest");

/** A stream kind's spec entry: {@link sourceEntrySchema} with `format` last (JSON records only, for now). */
export function jsonStreamSchema<T extends string, F extends z.ZodRawShape>(type: T, fields: F) {
  return sourceEntrySchema(type, {
    ...fields,
    /** @default "json" */
    format: z.literal("json").default("json"),
  });
}

/**
 * What a stream kind that only `cloud` provides declares besides its reader: `type`, `clouds`,
 * `wrongCloud` (the other cloud's deployment is pointed at its own stream kind, `alternative`, or at
 * Kafka, which both clouds read) and the names of the `metadata` columns its bronze tables add.
 */
export function oneCloudStream<T extends string>(
  type: T,
  cloud: DatasetCloud,
  alternative: string,
  metadata: readonly MetadataColumn[],
) {
  const [own, other] = cloud === "azure" ? ["Azure", "AWS"] : ["AWS", "Azure"];
  const article = /^[aeiou]/.test(alternative) ? "an" : "a";
  return {
    type,
    clouds: [cloud],
    wrongCloud: () =>
      `'${type}' is an ${own} stream and cannot be read by the ${other} deployment; use ${article} '${alternative}' (or 'kafka') source on ${other}`,
    metadataColumns: () => metadataColumnNames(metadata),
  };
}

/** Columns bronze adds for a Kafka topic (Event Hubs' Kafka endpoint or any Kafka cluster), from `read_kafka`'s row. */
export const KAFKA_METADATA: readonly MetadataColumn[] = [
  ["_raw_payload", "CAST(`value` AS STRING)"],
  ["_topic", "`topic`"],
  ["_partition", "`partition`"],
  ["_offset", "`offset`"],
  ["_event_timestamp", "`timestamp`"],
  INGESTED_AT,
];

/** How a stream kind's bronze table reads: the reader function, its arguments and the row it returns. */
export interface StreamReader {
  /** Streaming table-valued function, e.g. `read_kafka`. */
  readonly reader: string;
  /** Named arguments (values are SQL expressions), one per line in this order. */
  readonly args: readonly ReaderArgument[];
  /** Column of the reader's row holding the JSON payload, quoted (e.g. "`value`"). */
  readonly payload: string;
  /** Columns bronze adds beside the declared ones (the kind's metadata columns, in order). */
  readonly metadata: readonly MetadataColumn[];
}

/** Bronze of a stream kind: the declared columns parsed from the payload, then the metadata columns. */
export function streamBronzeReader(table: DatasetTable, stream: StreamReader): BronzeReader {
  return {
    select: [
      ...table.columns.map((c) => `payload.${quoteIdentifier(c.name)}`),
      ...metadataSelect(stream.metadata),
    ],
    from: parsedPayload(table, stream.payload, readerCall(stream.reader, stream.args)),
  };
}

/** SASL over TLS for a Kafka reader; `username` and `password` are SQL expressions (secrets or literals). */
export interface KafkaSasl {
  /** `kafka.sasl.mechanism`, e.g. `PLAIN`. */
  readonly mechanism: string;
  /** JAAS login module below `org.apache.kafka.common.security.`, e.g. `plain.PlainLoginModule`. */
  readonly loginModule: string;
  readonly username: string;
  readonly password: string;
}

/** A `read_kafka` topic: where it is, where the first run starts, how to log in, and further options. */
export interface KafkaTopic {
  readonly bootstrapServers: string;
  readonly topic: string;
  readonly startingOffsets: string;
  /** @default none: an unauthenticated cluster */
  readonly sasl?: KafkaSasl;
  /** Options after the login ones, e.g. `kafka.group.id`. @default none */
  readonly extraOptions?: readonly ReaderArgument[];
}

/** Bronze of a Kafka topic (Event Hubs' Kafka endpoint or any Kafka cluster), read with `read_kafka`. */
export function kafkaBronzeReader(table: DatasetTable, topic: KafkaTopic): BronzeReader {
  const sasl = topic.sasl;
  return streamBronzeReader(table, {
    reader: "read_kafka",
    args: [
      ["bootstrapServers", sqlString(topic.bootstrapServers)],
      ["subscribe", sqlString(topic.topic)],
      ["startingOffsets", sqlString(topic.startingOffsets)],
      ...(sasl ? saslOptions(sasl) : []),
      ...(topic.extraOptions ?? []),
    ],
    payload: "`value`",
    metadata: KAFKA_METADATA,
  });
}

/** `read_kafka` options of SASL over TLS. */
function saslOptions(sasl: KafkaSasl): ReaderArgument[] {
  return [
    ["kafka.security.protocol", sqlString("SASL_SSL")],
    ["kafka.sasl.mechanism", sqlString(sasl.mechanism)],
    ["kafka.sasl.jaas.config", saslJaasConfig(sasl.loginModule, sasl.username, sasl.password)],
  ];
}

/** `FROM (SELECT *, from_json(<payload>) AS payload FROM STREAM <reader>)`. */
function parsedPayload(table: DatasetTable, payload: string, reader: string): string {
  return [
    "FROM (",
    `${INDENT}SELECT *, from_json(CAST(${payload} AS STRING), ${sqlString(ddlSchema(table.columns))}) AS payload`,
    `${INDENT}FROM STREAM ${reader}`,
    ")",
  ].join("\n");
}

/** A streaming table-valued function call with named arguments, one per line. */
function readerCall(name: string, args: readonly ReaderArgument[]): string {
  return `${name}(\n${list(
    args.map(([k, v]) => namedArgument(k, v)),
    INDENT.repeat(2),
  )}\n${INDENT})`;
}

/** `kafka.sasl.jaas.config` from SQL expressions for user and password (secrets or literals). */
function saslJaasConfig(loginModule: string, username: string, password: string): string {
  // The JAAS value is assembled at run time so the secret never appears in the SQL text.
  return `concat(${[
    sqlString(`kafkashaded.org.apache.kafka.common.security.${loginModule} required username="`),
    username,
    sqlString('" password="'),
    password,
    sqlString('";'),
  ].join(", ")})`;
}
