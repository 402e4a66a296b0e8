/**
 * An AWS Kinesis data stream of the environment, read with `read_kinesis` through a Unity Catalog
 * service credential.
 */
import { z } from "zod";
import { streamSourceName } from "../syntax/identifiers";
import { sqlString } from "../sql/quoting";
import {
  INGESTED_AT,
  readerSettings,
  type MetadataColumn,
  type ReaderArgument,
  type SourceKind,
} from "./source-kind";
import { jsonStreamSchema, oneCloudStream, streamBronzeReader } from "./stream-reader";

const schema = jsonStreamSchema("kinesis", {
  /** A `streaming.sources` name of the AWS environments (the physical stream name is per environment). */
  stream: streamSourceName,
  /** @default "trim_horizon" */
  initialPosition: z.enum(["trim_horizon", "latest"]).default("trim_horizon"),
});

/**
 * Columns bronze adds for a Kinesis stream, from `read_kinesis`'s row (partitionKey, data (binary),
 * stream, shardId, sequenceNumber, approximateArrivalTimestamp).
 */
const KINESIS_METADATA: readonly MetadataColumn[] = [
  ["_raw_payload", "CAST(`data` AS STRING)"],
  ["_stream", "`stream`"],
  ["_shard_id", "`shardId`"],
  ["_sequence_number", "`sequenceNumber`"],
  ["_partition_key", "`partitionKey`"],
  ["_arrival_timestamp", "`approximateArrivalTimestamp`"],
  INGESTED_AT,
];

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
  schema,
  ...oneCloudStream("kinesis", "aws", "event-hubs", KINESIS_METADATA),
  bronzeReader(table, source, ctx) {
    const k = readerSettings(ctx, "kinesis", source, "Kinesis");
    const args: ReaderArgument[] = [
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
    return streamBronzeReader(table, {
      reader: "read_kinesis",
      args,
      payload: "`data`",
      metadata: KINESIS_METADATA,
    });
  },
  infrastructure: {
    environmentStream: (source) => source.stream,
  },
} as const satisfies SourceKind<KinesisSource>;
