/**
 * An AWS Kinesis data stream of the environment, read with `read_kinesis` through a Unity Catalog
 * service credential.
 */
import { z } from "zod";
import { identifier, streamSourceName } from "../syntax/identifiers";
import { quoteIdentifier, sqlString } from "../sql/quoting";
import { INGESTED_AT_COLUMN, type SourceKind } from "./source-kind";
import { parsedPayload, readerCall } from "./stream-reader";

const schema = z
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

export type KinesisSource = z.output<typeof schema>;

/** The deployment's Kinesis region, credential and stream names. */
export interface KinesisReaderSettings {
  readonly region: string;
  /** Unity Catalog service credential allowed to read the streams. */
  readonly serviceCredential: string;
  /** Physical stream name per `stream` of the spec (e.g. `frd-prod-card-transactions`). @default the spec's name */
  readonly streamNames?: Readonly<Record<string, string>>;
}

export const KINESIS_SOURCE = {
  type: "kinesis",
  schema,
  clouds: ["aws"],
  wrongCloud: () =>
    `'kinesis' is an AWS stream and cannot be read by the Azure deployment; use an 'event-hubs' (or 'kafka') source on Azure`,
  metadataColumns: () => [
    "_raw_payload",
    "_stream",
    "_shard_id",
    "_sequence_number",
    "_partition_key",
    "_arrival_timestamp",
    INGESTED_AT_COLUMN,
  ],
  bronzeReader(table, source, ctx) {
    const k = ctx.kinesis;
    if (!k)
      throw new Error(
        `source '${source.name}' reads Kinesis, but the pipeline context has no kinesis settings`,
      );
    const args: [string, string][] = [
      // Own keys only: a stream named like an Object.prototype member must not find a function.
      [
        "streamName",
        sqlString(
          k.streamNames && Object.hasOwn(k.streamNames, source.stream)
            ? k.streamNames[source.stream]!
            : source.stream,
        ),
      ],
      ["region", sqlString(k.region)],
      ["initialPosition", sqlString(source.initialPosition)],
      ["serviceCredential", sqlString(k.serviceCredential)],
    ];
    // read_kinesis returns partitionKey, data (binary), stream, shardId, sequenceNumber, approximateArrivalTimestamp.
    return {
      select: [
        ...table.columns.map((c) => `payload.${quoteIdentifier(c.name)}`),
        `CAST(\`data\` AS STRING) AS ${quoteIdentifier("_raw_payload")}`,
        `\`stream\` AS ${quoteIdentifier("_stream")}`,
        `\`shardId\` AS ${quoteIdentifier("_shard_id")}`,
        `\`sequenceNumber\` AS ${quoteIdentifier("_sequence_number")}`,
        `\`partitionKey\` AS ${quoteIdentifier("_partition_key")}`,
        `\`approximateArrivalTimestamp\` AS ${quoteIdentifier("_arrival_timestamp")}`,
        `current_timestamp() AS ${quoteIdentifier(INGESTED_AT_COLUMN)}`,
      ],
      from: parsedPayload(table, "`data`", readerCall("read_kinesis", args)),
    };
  },
  infrastructure: {
    environmentStream: (source) => source.stream,
  },
} as const satisfies SourceKind<KinesisSource>;
