import { KinesisIngest, type KinesisIngestProps } from "../../../constructs/aws/kinesis-ingest";
import { LakehouseKmsKey } from "../../../constructs/aws/lakehouse-kms-key";
import {
  dataOf,
  resourcesOf,
  synthJson,
  unresolvedReferences,
  type TerraformJson,
} from "../../support/terraform-json";
import { awsTestStack } from "../../support/stacks";

const BASE_PROPS: KinesisIngestProps = {
  resourceNamePrefix: "lh-prod",
  mode: "on-demand",
  sources: [
    { name: "clicks", retentionHours: 24 },
    { name: "orders", retentionHours: 168 },
  ],
  accountId: "123456789012",
  partition: "aws",
  region: "eu-west-1",
};

interface Synthesized {
  json: TerraformJson;
  /** Logical id of the ingest construct's own aws_kms_key. */
  streamKeyId: string;
  /** Logical id of an unrelated storage key in the same stack. */
  storageKeyId: string;
  /** Streams by name. */
  streams: Record<string, Record<string, unknown>>;
}

function synth(overrides: Partial<KinesisIngestProps> = {}): Synthesized {
  const stack = awsTestStack();
  // A second key in the stack, so a stream wired to the wrong key would show.
  const storageKey = new LakehouseKmsKey(stack, "StorageKey", {
    aliasName: "lh-prod-storage",
    description: "storage",
    accountId: "123456789012",
    partition: "aws",
    region: "eu-west-1",
    viaServices: ["s3"],
  });
  const ingest = new KinesisIngest(stack, "Ingest", { ...BASE_PROPS, ...overrides });
  const json = synthJson(stack);
  const streams = Object.fromEntries(
    Object.values(resourcesOf(json, "aws_kinesis_stream")).map((s) => [s.name as string, s]),
  );
  return {
    json,
    streamKeyId: stack.getLogicalId(ingest.kmsKey.key),
    storageKeyId: stack.getLogicalId(storageKey.key),
    streams,
  };
}

describe("KinesisIngest", () => {
  const onDemand = synth();
  const provisioned = synth({
    mode: "provisioned",
    sources: [
      { name: "clicks", shards: 4, retentionHours: 48 },
      { name: "orders", shards: 1, retentionHours: 24 },
    ],
  });

  test("creates one stream per source named <prefix>-<source>", () => {
    expect(Object.keys(resourcesOf(onDemand.json, "aws_kinesis_stream"))).toHaveLength(2);
    expect(Object.keys(onDemand.streams).sort()).toEqual(["lh-prod-clicks", "lh-prod-orders"]);
    const single = synth({ sources: [{ name: "events", retentionHours: 24 }] });
    expect(Object.keys(single.streams)).toEqual(["lh-prod-events"]);
  });

  test("on-demand mode sets ON_DEMAND and no shard count", () => {
    for (const stream of Object.values(onDemand.streams)) {
      expect(stream.stream_mode_details).toEqual({ stream_mode: "ON_DEMAND" });
      expect(stream).not.toHaveProperty("shard_count");
    }
  });

  test("on-demand mode ignores shards given on a source", () => {
    const { streams } = synth({ sources: [{ name: "clicks", shards: 3, retentionHours: 24 }] });
    expect(streams["lh-prod-clicks"]).not.toHaveProperty("shard_count");
    expect(streams["lh-prod-clicks"]!.stream_mode_details).toEqual({ stream_mode: "ON_DEMAND" });
  });

  test("provisioned mode sets PROVISIONED and each source's shard count", () => {
    expect(provisioned.streams["lh-prod-clicks"]).toMatchObject({
      stream_mode_details: { stream_mode: "PROVISIONED" },
      shard_count: 4,
    });
    expect(provisioned.streams["lh-prod-orders"]).toMatchObject({
      stream_mode_details: { stream_mode: "PROVISIONED" },
      shard_count: 1,
    });
  });

  test("a source's own mode overrides the default: a hot stream provisioned beside an on-demand one", () => {
    const mixed = synth({
      mode: "on-demand",
      sources: [
        { name: "clicks", mode: "provisioned", shards: 8, retentionHours: 24 },
        { name: "orders", retentionHours: 168 },
      ],
    });
    expect(mixed.streams["lh-prod-clicks"]).toMatchObject({
      stream_mode_details: { stream_mode: "PROVISIONED" },
      shard_count: 8,
    });
    expect(mixed.streams["lh-prod-orders"]!.stream_mode_details).toEqual({ stream_mode: "ON_DEMAND" });
    expect(mixed.streams["lh-prod-orders"]!.shard_count).toBeUndefined();
  });

  test("sets each source's retention period in hours", () => {
    expect(onDemand.streams["lh-prod-clicks"]!.retention_period).toBe(24);
    expect(onDemand.streams["lh-prod-orders"]!.retention_period).toBe(168);
    expect(provisioned.streams["lh-prod-clicks"]!.retention_period).toBe(48);
  });

  test("encrypts every stream with the construct's own KMS key, not the storage key", () => {
    expect(onDemand.streamKeyId).not.toBe(onDemand.storageKeyId);
    for (const stream of Object.values(onDemand.streams)) {
      expect(stream.encryption_type).toBe("KMS");
      expect(stream.kms_key_id).toBe(`\${aws_kms_key.${onDemand.streamKeyId}.arn}`);
      expect(stream.kms_key_id).not.toContain(onDemand.storageKeyId);
    }
    expect(Object.keys(resourcesOf(onDemand.json, "aws_kms_key")).sort()).toEqual(
      [onDemand.storageKeyId, onDemand.streamKeyId].sort(),
    );
  });

  test("tags streams and their key with the ingest layer", () => {
    for (const stream of Object.values(onDemand.streams)) expect(stream.tags).toEqual({ layer: "ingest" });
    expect(resourcesOf(onDemand.json, "aws_kms_key")[onDemand.streamKeyId]!.tags).toEqual({
      layer: "ingest",
    });
  });

  test("keeps consumer deletion explicit", () => {
    for (const stream of Object.values(onDemand.streams))
      expect(stream.enforce_consumer_deletion).toBe(false);
  });

  test("aliases the stream key <prefix>-streams and limits it to Kinesis in the region", () => {
    const aliases = Object.values(resourcesOf(onDemand.json, "aws_kms_alias"));
    expect(aliases).toContainEqual({
      name: "alias/lh-prod-streams",
      target_key_id: `\${aws_kms_key.${onDemand.streamKeyId}.key_id}`,
    });
    const keyPolicy = resourcesOf(onDemand.json, "aws_kms_key")[onDemand.streamKeyId]!.policy as string;
    const documentId = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(keyPolicy)?.[1];
    const document = dataOf(onDemand.json, "aws_iam_policy_document")[documentId!];
    expect(document).toBeDefined();
    const conditions = (document!.statement as { condition?: { variable: string; values: string[] }[] }[])
      .flatMap((s) => s.condition ?? [])
      .filter((c) => c.variable === "kms:ViaService");
    expect(conditions).toEqual([expect.objectContaining({ values: ["kinesis.eu-west-1.amazonaws.com"] })]);
  });

  test("passes kmsDeletionWindowDays to the stream key", () => {
    const keyOf = (s: Synthesized) => resourcesOf(s.json, "aws_kms_key")[s.streamKeyId]!;
    expect(keyOf(onDemand).deletion_window_in_days).toBe(30);
    const custom = synth({ kmsDeletionWindowDays: 10 });
    expect(keyOf(custom).deletion_window_in_days).toBe(10);
  });

  test("has no unresolved references", () => {
    expect(unresolvedReferences(onDemand.json)).toEqual([]);
    expect(unresolvedReferences(provisioned.json)).toEqual([]);
  });
});
