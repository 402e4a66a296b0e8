/** The `kafka` source kind: any Kafka cluster, on both clouds. */
import { loadDatasets } from "../../../pipelines";
import { KAFKA_SOURCE } from "../../../pipelines/sources/kafka";
import { exampleDatasets } from "../../../config/example-datasets";
import { example } from "../../support/datasets";
import { CONTEXT, files } from "../../support/pipeline-sql";

/** The example's card_transactions stream as a Kafka topic behind SCRAM, at `bootstrapServers`. */
function scramSource(bootstrapServers: string) {
  return {
    type: "kafka",
    name: "card_transactions",
    bootstrapServers,
    topic: "card.transactions",
    auth: {
      mechanism: "SCRAM-SHA-512",
      secretScope: "kafka",
      usernameKey: "user",
      passwordKey: "password",
    },
  } as const;
}

describe("kafka sources", () => {
  test("a generic Kafka source works on both", () => {
    for (const cloud of ["azure", "aws"] as const) {
      const spec = example(cloud);
      spec.sources[0] = scramSource("broker-1.example.com:9093,broker-2.example.com:9093");
      expect(() => loadDatasets(spec, cloud)).not.toThrow();
    }
  });

  test("a generic Kafka source with SCRAM reads user and password from secrets", () => {
    const input = exampleDatasets("aws");
    input.sources[0] = scramSource("b-1.msk.example.com:9096");
    const bronze = files("aws", CONTEXT.aws, loadDatasets(input, "aws"))["bronze.sql"]!;
    expect(bronze).toContain("subscribe => 'card.transactions'");
    expect(bronze).toContain("`kafka.sasl.mechanism` => 'SCRAM-SHA-512'");
    expect(bronze).toContain(
      "concat('kafkashaded.org.apache.kafka.common.security.scram.ScramLoginModule required username=\"', secret('kafka', 'user'), '\" password=\"', secret('kafka', 'password'), '\";')",
    );
  });

  test("runs on both clouds and needs nothing the lakehouse provisions", () => {
    expect(KAFKA_SOURCE.clouds).toEqual(["azure", "aws"]);
    expect(KAFKA_SOURCE.infrastructure).toEqual({});
  });

  test("bronze adds the Kafka position metadata", () => {
    expect(KAFKA_SOURCE.metadataColumns()).toEqual([
      "_raw_payload",
      "_topic",
      "_partition",
      "_offset",
      "_event_timestamp",
      "_ingested_at",
    ]);
  });

  test("an unauthenticated cluster gets no SASL options", () => {
    const source = KAFKA_SOURCE.schema.parse({
      type: "kafka",
      name: "events",
      bootstrapServers: "broker:9092",
      topic: "events",
    });
    const reader = KAFKA_SOURCE.bronzeReader(
      {
        name: "events",
        source: "events",
        columns: [{ name: "id", type: "STRING" }],
        bronze: {},
        timeTravel: {},
      },
      source,
    );
    expect(reader.from).toBe(
      [
        "FROM (",
        "  SELECT *, from_json(CAST(`value` AS STRING), '`id` STRING') AS payload",
        "  FROM STREAM read_kafka(",
        "    bootstrapServers => 'broker:9092',",
        "    subscribe => 'events',",
        "    startingOffsets => 'earliest'",
        "  )",
        ")",
      ].join("\n"),
    );
  });
});
