/**
 * An Azure Event Hubs event hub of the environment's namespace, read through its Kafka endpoint
 * (`read_kafka`, SASL PLAIN over TLS with the namespace's listen connection string from a secret).
 */
import { z } from "zod";
import { streamSourceName, identifier } from "../syntax/identifiers";
import { sqlString } from "../sql/quoting";
import type { SourceKind } from "./source-kind";
import {
  KAFKA_METADATA_COLUMNS,
  kafkaSelect,
  parsedPayload,
  readerCall,
  saslJaasConfig,
  secret,
  startingOffsets,
} from "./stream-reader";

const schema = z
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
  type: "event-hubs",
  schema,
  clouds: ["azure"],
  wrongCloud: () =>
    `'event-hubs' is an Azure stream and cannot be read by the AWS deployment; use a 'kinesis' (or 'kafka') source on AWS`,
  metadataColumns: () => [...KAFKA_METADATA_COLUMNS],
  bronzeReader(table, source, ctx) {
    const eh = ctx.eventHubs;
    if (!eh) {
      throw new Error(
        `source '${source.name}' reads Event Hubs, but the pipeline context has no eventHubs settings`,
      );
    }
    // Event Hubs' Kafka endpoint: SASL PLAIN over TLS, user "$ConnectionString", password the connection string.
    const args: [string, string][] = [
      ["bootstrapServers", sqlString(eh.bootstrapServers)],
      ["subscribe", sqlString(source.eventHub)],
      ["startingOffsets", sqlString(source.startingOffsets)],
      ["kafka.security.protocol", sqlString("SASL_SSL")],
      ["kafka.sasl.mechanism", sqlString("PLAIN")],
      [
        "kafka.sasl.jaas.config",
        saslJaasConfig(
          "plain.PlainLoginModule",
          sqlString("$ConnectionString"),
          secret(eh.secretScope, eh.secretKey),
        ),
      ],
      ...(eh.consumerGroup === undefined
        ? []
        : [["kafka.group.id", sqlString(eh.consumerGroup)] as [string, string]]),
    ];
    return {
      select: kafkaSelect(table),
      from: parsedPayload(table, "`value`", readerCall("read_kafka", args)),
    };
  },
  infrastructure: {
    environmentStream: (source) => source.eventHub,
    // Serverless compute reaches Event Hubs from Databricks' network, which the namespace firewall
    // (workspace subnets only) does not let in: the deployment adds a private endpoint for it.
    serverlessPrivateEndpoint: "event-hubs-namespace",
  },
} as const satisfies SourceKind<EventHubsSource>;
