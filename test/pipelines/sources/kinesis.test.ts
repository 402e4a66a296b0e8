/** The `kinesis` source kind: AWS only, read with read_kinesis through a service credential. */
import { generatePipelineSql } from "../../../pipelines";
import { KINESIS_SOURCE } from "../../../pipelines/sources/kinesis";
import { example, onlyIssue } from "../../support/datasets";
import { CONTEXT, files, spec } from "../../support/pipeline-sql";

describe("kinesis sources", () => {
  test("a Kinesis source cannot be read on Azure", () => {
    const issue = onlyIssue(example("aws"), "datasets.sources.card_transactions.type", "azure");
    expect(issue).toContain("'kinesis' is an AWS stream and cannot be read by the Azure deployment");
  });

  test("Kinesis reads the environment's stream with the service credential", () => {
    const bronze = files("aws")["bronze.sql"]!;
    expect(bronze).toContain("streamName => 'frd-prod-card-transactions'");
    expect(bronze).toContain("serviceCredential => 'fraud_prod_kinesis'");
    expect(bronze).toContain("initialPosition => 'trim_horizon'");
  });

  test("without its context settings it is an error, not broken SQL", () => {
    expect(() => generatePipelineSql(spec("aws"), { ...CONTEXT.aws, kinesis: undefined })).toThrow(
      /reads Kinesis, but the pipeline context has no kinesis settings/,
    );
  });

  const source = KINESIS_SOURCE.schema.parse({
    type: "kinesis",
    name: "card_transactions",
    stream: "card-transactions",
  });

  test("runs on AWS only", () => {
    expect(KINESIS_SOURCE.clouds).toEqual(["aws"]);
    expect(KINESIS_SOURCE.wrongCloud()).toBe(
      "'kinesis' is an AWS stream and cannot be read by the Azure deployment; use an 'event-hubs' (or 'kafka') source on Azure",
    );
  });

  test("bronze adds the shard position metadata", () => {
    expect(KINESIS_SOURCE.metadataColumns()).toEqual([
      "_raw_payload",
      "_stream",
      "_shard_id",
      "_sequence_number",
      "_partition_key",
      "_arrival_timestamp",
      "_ingested_at",
    ]);
  });

  test("needs the stream in the environment's streams; serverless can read it", () => {
    expect(source.initialPosition).toBe("trim_horizon");
    expect(KINESIS_SOURCE.infrastructure.environmentStream(source)).toBe("card-transactions");
    expect("serverlessBlockedBecause" in KINESIS_SOURCE.infrastructure).toBe(false);
  });
});
