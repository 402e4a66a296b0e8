/** The source-kind registry: every kind is reachable from the spec, validation and the generator. */
import { loadDatasets, SOURCE_KINDS, sourceKind } from "../../../pipelines";
import { example, onlyIssue } from "../../support/datasets";

describe("source kinds", () => {
  test("an unknown source type names the allowed ones", () => {
    const spec = example();
    spec.sources[0].type = "pubsub";
    const issue = onlyIssue(spec, "datasets.sources.card_transactions.type");
    expect(issue).toContain("'pubsub' must be one of files, event-hubs, kinesis, kafka, database");
  });

  test("lists every kind once, in the order messages name them", () => {
    expect(SOURCE_KINDS.map((kind) => kind.type)).toEqual([
      "files",
      "event-hubs",
      "kinesis",
      "kafka",
      "database",
    ]);
  });

  test("a kind that runs on one cloud says why it cannot run on the other", () => {
    for (const kind of SOURCE_KINDS) {
      if (kind.clouds.length < 2) expect("wrongCloud" in kind).toBe(true);
    }
  });

  test("every kind whose bronze the pipeline writes adds the ingestion time silver keeps", () => {
    const spec = loadDatasets(example("azure"), "azure");
    for (const source of spec.sources) {
      expect(sourceKind(source).type).toBe(source.type);
      expect(sourceKind(source).metadataColumns(source)).toContain("_ingested_at");
    }
  });

  test("a kind that runs on one cloud is rejected on the other with its own message", () => {
    const issue = onlyIssue(example("azure"), "datasets.sources.card_transactions.type", "aws");
    expect(issue).toBe(
      "datasets.sources.card_transactions.type: 'event-hubs' is an Azure stream and cannot be read by the AWS deployment; use a 'kinesis' (or 'kafka') source on AWS",
    );
  });
});
