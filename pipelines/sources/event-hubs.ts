/**
 * An Azure Event Hubs event hub of the environment's namespace, read through its Kafka endpoint
 * (`read_kafka`, SASL PLAIN over TLS with the namespace's listen connection string from a secret).
 */
import type { z } from "zod";
import { streamSourceName } from "../syntax/identifiers";
import { secret, sqlString } from "../sql/quoting";
import {
  jsonStreamSchema,
  KAFKA_METADATA,
  kafkaBronzeReader,
  oneCloudStream,
  startingOffsets,
} from "./stream-reader";
import { readerSettings, type SourceKind } from "./source-kind";

const schema = jsonStreamSchema("event-hubs", {
  /** Event hub (Kafka topic) name: a `streaming.sources` name of the Azure environments. */
  eventHub: streamSourceName,
  /** @default "earliest" */
  startingOffsets,
});

export type EventHubsSource = z.output<typeof schema>;

/** The deployment's Event Hubs Kafka endpoint; the connection string is read with `secret(scope, key)`, never inline. */
export interface EventHubsReaderSettings {
  /** `<namespace>.servicebus.windows.net:9093` */
  readonly bootstrapServers: string;
  readonly secretScope: string;
  /** Secret holding the namespace (listen) connection string. */
  readonly secretKey: string;
  /** Consumer group (`kafka.group.id`), e.g. the `databricks` group the ingest construct creates. */
  readonly consumerGroup?: string;
}

export const EVENT_HUBS_SOURCE = {
  schema,
  ...oneCloudStream("event-hubs", "azure", "kinesis", KAFKA_METADATA),
  bronzeReader(table, source, ctx) {
    const eh = readerSettings(ctx, "eventHubs", source, "Event Hubs");
    // Event Hubs' Kafka endpoint: SASL PLAIN over TLS, user "$ConnectionString", password the connection string.
    return kafkaBronzeReader(table, {
      bootstrapServers: eh.bootstrapServers,
      topic: source.eventHub,
      startingOffsets: source.startingOffsets,
      sasl: {
        mechanism: "PLAIN",
        loginModule: "plain.PlainLoginModule",
        username: sqlString("$ConnectionString"),
        password: secret(eh.secretScope, eh.secretKey),
      },
      extraOptions: eh.consumerGroup === undefined ? [] : [["kafka.group.id", sqlString(eh.consumerGroup)]],
    });
  },
  infrastructure: {
    environmentStream: (source) => source.eventHub,
    // Serverless compute reaches Event Hubs from Databricks' network, which the namespace firewall
    // (workspace subnets only) does not let in: the deployment adds a private endpoint for it.
    serverlessPrivateEndpoint: "event-hubs-namespace",
  },
} as const satisfies SourceKind<EventHubsSource>;
