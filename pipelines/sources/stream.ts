/**
 * A logical stream source: one of the environment's provisioned streams (`streaming.sources`), read the
 * way the environment's cloud provides it. One spec then serves both clouds: on Azure the source is
 * bound to an `event-hubs` source (the event hub of that name), on AWS to a `kinesis` source (the
 * stream of that name). Binding happens when the spec is loaded for a cloud, so validation, SQL and
 * the deployment only ever see the concrete kinds.
 */
import { z } from "zod";
import { streamSourceName } from "../syntax/identifiers";
import type { DatasetCloud } from "../spec/schema";
import type { EventHubsSource } from "./event-hubs";
import type { KinesisSource } from "./kinesis";
import { jsonStreamSchema } from "./stream-reader";

export const STREAM_SOURCE_SCHEMA = jsonStreamSchema("stream", {
  /** A `streaming.sources` name of the environments: an event hub on Azure, a Kinesis stream on AWS. */
  stream: streamSourceName,
  /**
   * Where the first run starts: the oldest retained record or only new ones (Kafka `startingOffsets`
   * earliest/latest on Azure, Kinesis `initialPosition` trim_horizon/latest on AWS).
   * @default "earliest"
   */
  startingPosition: z.enum(["earliest", "latest"]).default("earliest"),
});

export type StreamSource = z.output<typeof STREAM_SOURCE_SCHEMA>;

/** The concrete source a logical stream source is on `cloud`. */
export function bindStreamSource(source: StreamSource, cloud: DatasetCloud): EventHubsSource | KinesisSource {
  return cloud === "azure"
    ? {
        type: "event-hubs",
        name: source.name,
        eventHub: source.stream,
        startingOffsets: source.startingPosition,
        format: source.format,
      }
    : {
        type: "kinesis",
        name: source.name,
        stream: source.stream,
        initialPosition: source.startingPosition === "earliest" ? "trim_horizon" : "latest",
        format: source.format,
      };
}
