/** The `event-hubs` source kind: Azure only, read through the Kafka endpoint with a secret. */
import { generatePipelineSql } from "../../../pipelines";
import { EVENT_HUBS_SOURCE } from "../../../pipelines/sources/event-hubs";
import { example, onlyIssue } from "../../support/datasets";
import { CONTEXT, files, spec } from "../../support/pipeline-sql";

describe("event-hubs sources", () => {
  test("an Event Hubs source cannot be read on AWS", () => {
    const issue = onlyIssue(example("azure"), "datasets.sources.card_transactions.type", "aws");
    expect(issue).toContain("'event-hubs' is an Azure stream and cannot be read by the AWS deployment");
  });

  test("the Event Hubs connection string comes from a secret, never inline", () => {
    const bronze = files("azure")["bronze.sql"]!;
    expect(bronze).toContain("`kafka.security.protocol` => 'SASL_SSL'");
    expect(bronze).toContain("`kafka.sasl.mechanism` => 'PLAIN'");
    expect(bronze).toContain(
      "`kafka.sasl.jaas.config` => concat('kafkashaded.org.apache.kafka.common.security.plain.PlainLoginModule required username=\"', '$ConnectionString', '\" password=\"', secret('lakehouse', 'eventhubs-listen-connection-string'), '\";')",
    );
    expect(bronze).not.toMatch(/Endpoint=sb:|SharedAccessKey/);
  });

  test("without its context settings it is an error, not broken SQL", () => {
    expect(() => generatePipelineSql(spec("azure"), { ...CONTEXT.azure, eventHubs: undefined })).toThrow(
      /reads Event Hubs, but the pipeline context has no eventHubs settings/,
    );
  });

  const source = EVENT_HUBS_SOURCE.schema.parse({
    type: "event-hubs",
    name: "card_transactions",
    eventHub: "card-transactions",
  });

  test("runs on Azure only", () => {
    expect(EVENT_HUBS_SOURCE.clouds).toEqual(["azure"]);
    expect(EVENT_HUBS_SOURCE.wrongCloud()).toBe(
      "'event-hubs' is an Azure stream and cannot be read by the AWS deployment; use a 'kinesis' (or 'kafka') source on AWS",
    );
  });

  test("bronze adds the Kafka position metadata", () => {
    expect(EVENT_HUBS_SOURCE.metadataColumns()).toEqual([
      "_raw_payload",
      "_topic",
      "_partition",
      "_offset",
      "_event_timestamp",
      "_ingested_at",
    ]);
  });

  test("needs the event hub in the environment's streams, and serverless a private endpoint to the namespace", () => {
    expect(source.startingOffsets).toBe("earliest");
    expect(EVENT_HUBS_SOURCE.infrastructure.environmentStream(source)).toBe("card-transactions");
    expect(EVENT_HUBS_SOURCE.infrastructure.serverlessPrivateEndpoint).toBe("event-hubs-namespace");
  });
});
