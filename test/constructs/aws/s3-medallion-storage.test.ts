import {
  S3MedallionStorage,
  type S3MedallionStorageProps,
} from "../../../constructs/aws/s3-medallion-storage";
import { MEDALLION_LAYERS, type MedallionLayer } from "../../../vocabulary/medallion";
import {
  dataOf,
  resourcesOf,
  synthJson,
  unresolvedReferences,
  type TerraformJson,
} from "../../support/terraform-json";
import { awsTestStack } from "../../support/stacks";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";

const BASE_PROPS: S3MedallionStorageProps = {
  bucketPrefix: "lh-prod",
  accountId: ACCOUNT,
  partition: "aws",
  region: REGION,
  noncurrentVersionDays: 30,
  accessLogRetentionDays: 90,
};

interface Synthesized {
  json: TerraformJson;
  /** Logical id of the aws_s3_bucket of each layer, plus `access-logs`. */
  bucketIds: Record<MedallionLayer | "access-logs", string>;
  keyId: string;
}

function synth(overrides: Partial<S3MedallionStorageProps> = {}): Synthesized {
  const stack = awsTestStack();
  const storage = new S3MedallionStorage(stack, "Storage", { ...BASE_PROPS, ...overrides });
  const bucketIds = { "access-logs": stack.getLogicalId(storage.accessLogBucket.bucket) } as Record<
    MedallionLayer | "access-logs",
    string
  >;
  for (const layer of MEDALLION_LAYERS)
    bucketIds[layer] = stack.getLogicalId(storage.layerBuckets[layer].bucket);
  return { json: synthJson(stack), bucketIds, keyId: stack.getLogicalId(storage.kmsKey.key) };
}

/** The single resource of `type` whose `bucket` argument points at the given bucket. */
function forBucket(json: TerraformJson, type: string, bucketId: string): Record<string, unknown> {
  const matches = Object.values(resourcesOf(json, type)).filter(
    (r) => r.bucket === `\${aws_s3_bucket.${bucketId}.id}`,
  );
  if (matches.length !== 1) throw new Error(`expected one ${type} for ${bucketId}, found ${matches.length}`);
  return matches[0]!;
}

interface LifecycleRule {
  id: string;
  transition?: { days: number; storage_class: string }[];
  expiration?: { days?: number; expired_object_delete_marker?: boolean }[];
  noncurrent_version_expiration?: { noncurrent_days: number }[];
}

function currentObjectsRule(json: TerraformJson, bucketId: string): LifecycleRule | undefined {
  const rules = forBucket(json, "aws_s3_bucket_lifecycle_configuration", bucketId).rule as LifecycleRule[];
  return rules.find((r) => r.id === "transition-and-expire-current-objects");
}

describe("S3MedallionStorage", () => {
  const defaults = synth();

  test("creates exactly one bucket per layer plus the access-log bucket, globally unique names", () => {
    const buckets = resourcesOf(defaults.json, "aws_s3_bucket");
    expect(Object.keys(buckets)).toHaveLength(6);
    expect(
      Object.values(buckets)
        .map((b) => b.bucket)
        .sort(),
    ).toEqual([
      "lh-prod-access-logs-123456789012-eu-west-1",
      "lh-prod-bronze-123456789012-eu-west-1",
      "lh-prod-checkpoints-123456789012-eu-west-1",
      "lh-prod-gold-123456789012-eu-west-1",
      "lh-prod-landing-123456789012-eu-west-1",
      "lh-prod-silver-123456789012-eu-west-1",
    ]);
    for (const layer of MEDALLION_LAYERS) {
      expect(buckets[defaults.bucketIds[layer]]).toMatchObject({
        bucket: `lh-prod-${layer}-${ACCOUNT}-${REGION}`,
        tags: { layer },
      });
    }
    expect(buckets[defaults.bucketIds["access-logs"]]).toMatchObject({ tags: { layer: "platform" } });
  });

  test("has no unresolved references", () => {
    expect(unresolvedReferences(defaults.json)).toEqual([]);
  });

  test("creates one storage KMS key usable through S3 only", () => {
    const keys = resourcesOf(defaults.json, "aws_kms_key");
    expect(Object.keys(keys)).toEqual([defaults.keyId]);
    const aliases = Object.values(resourcesOf(defaults.json, "aws_kms_alias"));
    expect(aliases).toEqual([
      { name: "alias/lh-prod-storage", target_key_id: `\${aws_kms_key.${defaults.keyId}.key_id}` },
    ]);
    const keyPolicy = JSON.stringify(
      Object.entries(dataOf(defaults.json, "aws_iam_policy_document")).find(([id]) =>
        (keys[defaults.keyId]!.policy as string).includes(id),
      )?.[1],
    );
    expect(keyPolicy).toContain(`s3.${REGION}.amazonaws.com`);
  });

  test("passes kmsDeletionWindowDays to the storage key", () => {
    const keyOf = (s: Synthesized) => resourcesOf(s.json, "aws_kms_key")[s.keyId]!;
    expect(keyOf(defaults).deletion_window_in_days).toBe(30);
    const custom = synth({ kmsDeletionWindowDays: 7 });
    expect(keyOf(custom).deletion_window_in_days).toBe(7);
  });

  test("every layer bucket uses SSE-KMS with the storage key", () => {
    for (const layer of MEDALLION_LAYERS) {
      const encryption = forBucket(
        defaults.json,
        "aws_s3_bucket_server_side_encryption_configuration",
        defaults.bucketIds[layer],
      );
      expect(encryption.rule).toEqual([
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: "aws:kms",
            kms_master_key_id: `\${aws_kms_key.${defaults.keyId}.arn}`,
          },
          bucket_key_enabled: true,
        },
      ]);
    }
  });

  test("the access-log bucket uses SSE-S3, since log delivery cannot write SSE-KMS", () => {
    const encryption = forBucket(
      defaults.json,
      "aws_s3_bucket_server_side_encryption_configuration",
      defaults.bucketIds["access-logs"],
    );
    expect(encryption.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
  });

  test("every layer bucket logs to the access-log bucket under <layer>/; the log bucket logs nowhere", () => {
    const logs = resourcesOf(defaults.json, "aws_s3_bucket_logging");
    expect(Object.keys(logs)).toHaveLength(5);
    for (const layer of MEDALLION_LAYERS) {
      const logging = forBucket(defaults.json, "aws_s3_bucket_logging", defaults.bucketIds[layer]);
      expect(logging.target_bucket).toBe(`\${aws_s3_bucket.${defaults.bucketIds["access-logs"]}.bucket}`);
      expect(logging.target_prefix).toBe(`${layer}/`);
    }
    expect(
      Object.values(logs).filter(
        (l) => l.bucket === `\${aws_s3_bucket.${defaults.bucketIds["access-logs"]}.id}`,
      ),
    ).toEqual([]);
  });

  test("the access-log bucket policy lets S3 log delivery put objects from this account's buckets only", () => {
    const policy = forBucket(defaults.json, "aws_s3_bucket_policy", defaults.bucketIds["access-logs"]);
    const documentId = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(
      policy.policy as string,
    )?.[1];
    expect(documentId).toBeDefined();
    const statements = dataOf(defaults.json, "aws_iam_policy_document")[documentId!]!.statement as {
      effect: string;
      principals?: { type: string; identifiers: string[] }[];
      actions: string[];
      resources: string[];
      condition?: { test: string; variable: string; values: string[] }[];
    }[];
    const allows = statements.filter((s) => s.effect === "Allow");
    expect(allows).toHaveLength(1);
    const delivery = allows[0]!;
    expect(delivery.principals).toEqual([{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }]);
    expect(delivery.actions).toEqual(["s3:PutObject"]);
    expect(delivery.resources).toEqual([`arn:aws:s3:::lh-prod-access-logs-${ACCOUNT}-${REGION}/*`]);
    expect(delivery.condition).toEqual(
      expect.arrayContaining([
        { test: "StringEquals", variable: "aws:SourceAccount", values: [ACCOUNT] },
        { test: "ArnLike", variable: "aws:SourceArn", values: ["arn:aws:s3:::lh-prod-*"] },
      ]),
    );
    // The TLS-only denials are still there.
    expect(statements.filter((s) => s.effect === "Deny")).toHaveLength(2);
  });

  test("the access-log bucket policy uses the given partition", () => {
    const gov = synth({ partition: "aws-us-gov" });
    const text = JSON.stringify(dataOf(gov.json, "aws_iam_policy_document"));
    expect(text).toContain(`arn:aws-us-gov:s3:::lh-prod-access-logs-${ACCOUNT}-${REGION}/*`);
    expect(text).toContain("arn:aws-us-gov:s3:::lh-prod-*");
    expect(text).not.toContain("arn:aws:");
  });

  test("the access-log bucket expires logs after accessLogRetentionDays", () => {
    const logBucket = defaults.bucketIds["access-logs"];
    expect(currentObjectsRule(defaults.json, logBucket)?.expiration).toEqual([{ days: 90 }]);
    const custom = synth({ accessLogRetentionDays: 400 });
    expect(currentObjectsRule(custom.json, custom.bucketIds["access-logs"])?.expiration).toEqual([
      { days: 400 },
    ]);
  });

  test("landing keeps noncurrent versions for noncurrentVersionDays; Delta buckets ≤ 7 days and ≤ 3 versions", () => {
    const noncurrent = (json: TerraformJson, bucketId: string) =>
      (forBucket(json, "aws_s3_bucket_lifecycle_configuration", bucketId).rule as LifecycleRule[]).find(
        (r) => r.id === "expire-noncurrent-versions",
      )?.noncurrent_version_expiration;
    const custom = synth({ noncurrentVersionDays: 45 });
    expect(noncurrent(custom.json, custom.bucketIds.landing)).toEqual([{ noncurrent_days: 45 }]);
    for (const layer of ["bronze", "silver", "gold", "checkpoints"] as const) {
      expect(noncurrent(custom.json, custom.bucketIds[layer])).toEqual([
        { noncurrent_days: 7, newer_noncurrent_versions: 3 },
      ]);
    }
    const tighter = synth({ deltaNoncurrentVersions: { days: 2, newerVersions: 1 } });
    expect(noncurrent(tighter.json, tighter.bucketIds.silver)).toEqual([
      { noncurrent_days: 2, newer_noncurrent_versions: 1 },
    ]);
  });

  test("tiering of each layer reaches that layer's bucket only", () => {
    const tiered = synth({
      tiering: {
        bronze: { coolAfterDays: 30, expireAfterDays: 365 },
        gold: { coldAfterDays: 90, archiveAfterDays: 180 },
      },
    });
    expect(currentObjectsRule(tiered.json, tiered.bucketIds.bronze)).toMatchObject({
      transition: [{ days: 30, storage_class: "STANDARD_IA" }],
      expiration: [{ days: 365 }],
    });
    expect(currentObjectsRule(tiered.json, tiered.bucketIds.gold)).toMatchObject({
      transition: [
        { days: 90, storage_class: "GLACIER_IR" },
        { days: 180, storage_class: "GLACIER" },
      ],
    });
    for (const layer of ["landing", "silver", "checkpoints"] as const) {
      expect(currentObjectsRule(tiered.json, tiered.bucketIds[layer])).toBeUndefined();
    }
  });

  test("Object Lock only on the configured layers, with the configured retention", () => {
    const locked = synth({ objectLock: { layers: ["landing", "bronze"], days: 365, mode: "GOVERNANCE" } });
    const buckets = resourcesOf(locked.json, "aws_s3_bucket");
    for (const layer of MEDALLION_LAYERS) {
      const expected = layer === "landing" || layer === "bronze";
      expect([layer, buckets[locked.bucketIds[layer]]!.object_lock_enabled === true]).toEqual([
        layer,
        expected,
      ]);
    }
    expect(buckets[locked.bucketIds["access-logs"]]).not.toHaveProperty("object_lock_enabled");
    const locks = Object.values(resourcesOf(locked.json, "aws_s3_bucket_object_lock_configuration"));
    expect(locks.map((l) => l.bucket).sort()).toEqual(
      [locked.bucketIds.bronze, locked.bucketIds.landing].map((id) => `\${aws_s3_bucket.${id}.id}`).sort(),
    );
    for (const lock of locks)
      expect(lock.rule).toEqual({ default_retention: { days: 365, mode: "GOVERNANCE" } });
  });

  test("no Object Lock without objectLock", () => {
    expect(resourcesOf(defaults.json, "aws_s3_bucket_object_lock_configuration")).toEqual({});
    for (const bucket of Object.values(resourcesOf(defaults.json, "aws_s3_bucket"))) {
      expect(bucket).not.toHaveProperty("object_lock_enabled");
    }
  });
});
