/**
 * Any Kafka cluster the workspace can reach (e.g. MSK, Confluent), read with `read_kafka`; optional SASL
 * over TLS with credentials from a Databricks secret scope. Runs on both clouds: the lakehouse does not
 * provision the cluster.
 */
import { z } from "zod";
import { matching } from "../../vocabulary/config-issues";
import { identifier, secretName } from "../syntax/identifiers";
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
    type: z.literal("kafka"),
    name: identifier,
    bootstrapServers: matching(
      /^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$/,
      "must be comma-separated host:port pairs",
    ),
    topic: matching(/^[A-Za-z0-9._-]{1,249}$/, "must be a Kafka topic name (letters, digits, '.', '_', '-')"),
    /** @default "earliest" */
    startingOffsets,
    /** SASL over TLS with credentials from a Databricks secret scope; omit for an unauthenticated cluster. */
    auth: z
      .object({
        mechanism: z.enum(["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]),
        secretScope: secretName,
        usernameKey: secretName,
        passwordKey: secretName,
      })
      .strict()
      .optional(),
    format: z.literal("json").default("json"),
  })
  .strict();

export type KafkaSource = z.output<typeof schema>;

export const KAFKA_SOURCE = {
  type: "kafka",
  schema,
  clouds: ["azure", "aws"],
  metadataColumns: () => [...KAFKA_METADATA_COLUMNS],
  bronzeReader(table, source) {
    const args: [string, string][] = [
      ["bootstrapServers", sqlString(source.bootstrapServers)],
      ["subscribe", sqlString(source.topic)],
      ["startingOffsets", sqlString(source.startingOffsets)],
    ];
    const auth = source.auth;
    if (auth) {
      args.push(
        ["kafka.security.protocol", sqlString("SASL_SSL")],
        ["kafka.sasl.mechanism", sqlString(auth.mechanism)],
        [
          "kafka.sasl.jaas.config",
          saslJaasConfig(
            auth.mechanism === "PLAIN" ? "plain.PlainLoginModule" : "scram.ScramLoginModule",
            secret(auth.secretScope, auth.usernameKey),
            secret(auth.secretScope, auth.passwordKey),
          ),
        ],
      );
    }
    return {
      select: kafkaSelect(table),
      from: parsedPayload(table, "`value`", readerCall("read_kafka", args)),
    };
  },
  infrastructure: {},
} as const satisfies SourceKind<KafkaSource>;
