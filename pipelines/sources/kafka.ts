/**
 * Any Kafka cluster the workspace can reach (e.g. MSK, Confluent), read with `read_kafka`; optional SASL
 * over TLS with credentials from a Databricks secret scope. Runs on both clouds: the lakehouse does not
 * provision the cluster.
 */
import { z } from "zod";
import { matching } from "../../vocabulary/config-issues";
import { secretName } from "../syntax/identifiers";
import { metadataColumnNames, type SourceKind } from "./source-kind";
import { secret } from "../sql/quoting";
import { jsonStreamSchema, KAFKA_METADATA, kafkaBronzeReader, startingOffsets } from "./stream-reader";

const schema = jsonStreamSchema("kafka", {
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
});

export type KafkaSource = z.output<typeof schema>;

export const KAFKA_SOURCE = {
  type: "kafka",
  schema,
  clouds: ["azure", "aws"],
  metadataColumns: () => metadataColumnNames(KAFKA_METADATA),
  bronzeReader(table, source) {
    const auth = source.auth;
    return kafkaBronzeReader(table, {
      bootstrapServers: source.bootstrapServers,
      topic: source.topic,
      startingOffsets: source.startingOffsets,
      sasl: auth && {
        mechanism: auth.mechanism,
        loginModule: auth.mechanism === "PLAIN" ? "plain.PlainLoginModule" : "scram.ScramLoginModule",
        username: secret(auth.secretScope, auth.usernameKey),
        password: secret(auth.secretScope, auth.passwordKey),
      },
    });
  },
  infrastructure: {},
} as const satisfies SourceKind<KafkaSource>;
