import { HardenedS3Bucket, type HardenedS3BucketProps } from "../../../constructs/aws/hardened-s3-bucket";
import {
  dataOf,
  onlyResource,
  resourcesOf,
  synthJson,
  unresolvedReferences,
  type TerraformJson,
} from "../../support/terraform-json";
import { awsTestStack } from "../../support/stacks";

const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const BASE_PROPS: HardenedS3BucketProps = {
  bucketName: "lh-silver-123456789012-us-east-1",
  encryption: { type: "kms", keyArn: KEY_ARN },
  layer: "silver",
  noncurrentVersionDays: 30,
};

interface Synthesized {
  json: TerraformJson;
  /** Logical id of the construct's aws_s3_bucket. */
  bucketId: string;
  /** `${aws_s3_bucket.<id>.id}`, the value every bucket sub-resource points at. */
  bucketRef: string;
}

function synth(overrides: Partial<HardenedS3BucketProps> = {}): Synthesized {
  const stack = awsTestStack();
  const construct = new HardenedS3Bucket(stack, "Silver", { ...BASE_PROPS, ...overrides });
  const bucketId = stack.getLogicalId(construct.bucket);
  return { json: synthJson(stack), bucketId, bucketRef: `\${aws_s3_bucket.${bucketId}.id}` };
}

interface Statement {
  sid?: string;
  effect: string;
  actions: string[];
  resources: string[];
  principals?: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
}

function policyStatements(json: TerraformJson): Statement[] {
  const documents = Object.values(dataOf(json, "aws_iam_policy_document"));
  expect(documents).toHaveLength(1);
  return documents[0]!.statement as Statement[];
}

interface LifecycleRule {
  id: string;
  status: string;
  filter: unknown;
  abort_incomplete_multipart_upload?: { days_after_initiation: number }[];
  noncurrent_version_expiration?: { noncurrent_days: number }[];
  expiration?: { days?: number; expired_object_delete_marker?: boolean }[];
  transition?: { days: number; storage_class: string }[];
}

function lifecycleRules(json: TerraformJson): LifecycleRule[] {
  return onlyResource(json, "aws_s3_bucket_lifecycle_configuration").rule as LifecycleRule[];
}

function rule(json: TerraformJson, id: string): LifecycleRule | undefined {
  return lifecycleRules(json).find((r) => r.id === id);
}

describe("HardenedS3Bucket", () => {
  const defaults = synth();

  test("creates the bucket with the given name, layer tag and force_destroy off", () => {
    const bucket = onlyResource(defaults.json, "aws_s3_bucket");
    expect(bucket.bucket).toBe(BASE_PROPS.bucketName);
    expect(bucket.force_destroy).toBe(false);
    expect(bucket.tags).toEqual({ layer: "silver" });
    expect(unresolvedReferences(defaults.json)).toEqual([]);
  });

  test("enables versioning on the bucket", () => {
    const versioning = onlyResource(defaults.json, "aws_s3_bucket_versioning");
    expect(versioning.bucket).toBe(defaults.bucketRef);
    expect(versioning.versioning_configuration).toEqual({ status: "Enabled" });
  });

  test("encrypts with SSE-KMS, the given key and S3 Bucket Keys", () => {
    const encryption = onlyResource(defaults.json, "aws_s3_bucket_server_side_encryption_configuration");
    expect(encryption.bucket).toBe(defaults.bucketRef);
    expect(encryption.rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: KEY_ARN },
        bucket_key_enabled: true,
      },
    ]);
  });

  test("encrypts with SSE-S3 (AES256) and no KMS key for the s3-managed variant", () => {
    const { json } = synth({ encryption: { type: "s3-managed" } });
    const encryption = onlyResource(json, "aws_s3_bucket_server_side_encryption_configuration");
    expect(encryption.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
  });

  test("blocks all four kinds of public access", () => {
    const block = onlyResource(defaults.json, "aws_s3_bucket_public_access_block");
    expect(block).toEqual({
      bucket: defaults.bucketRef,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test("disables ACLs with BucketOwnerEnforced ownership", () => {
    const ownership = onlyResource(defaults.json, "aws_s3_bucket_ownership_controls");
    expect(ownership.bucket).toBe(defaults.bucketRef);
    expect(ownership.rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
  });

  test("bucket policy denies non-TLS and pre-TLS-1.2 requests on the bucket and its objects", () => {
    const arn = `\${aws_s3_bucket.${defaults.bucketId}.arn}`;
    const statements = policyStatements(defaults.json);
    const denies = statements.filter((s) => s.effect === "Deny");
    const insecure = denies.find((s) => s.condition?.some((c) => c.variable === "aws:SecureTransport"));
    expect(insecure).toMatchObject({
      actions: ["s3:*"],
      principals: [{ type: "*", identifiers: ["*"] }],
      condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
    });
    expect([...insecure!.resources].sort()).toEqual([arn, `${arn}/*`]);
    const oldTls = denies.find((s) => s.condition?.some((c) => c.variable === "s3:TlsVersion"));
    expect(oldTls).toMatchObject({
      actions: ["s3:*"],
      principals: [{ type: "*", identifiers: ["*"] }],
      condition: [{ test: "NumericLessThan", variable: "s3:TlsVersion", values: ["1.2"] }],
    });
    expect([...oldTls!.resources].sort()).toEqual([arn, `${arn}/*`]);
    expect(statements.filter((s) => s.effect === "Allow")).toEqual([]);
  });

  test("bucket policy uses the policy document and waits for the public access block", () => {
    const policy = onlyResource(defaults.json, "aws_s3_bucket_policy");
    const [documentId] = Object.keys(dataOf(defaults.json, "aws_iam_policy_document"));
    const [blockId] = Object.keys(resourcesOf(defaults.json, "aws_s3_bucket_public_access_block"));
    expect(policy.bucket).toBe(defaults.bucketRef);
    expect(policy.policy).toBe(`\${data.aws_iam_policy_document.${documentId}.json}`);
    expect(policy.depends_on).toEqual([`aws_s3_bucket_public_access_block.${blockId}`]);
  });

  test("appends extra policy statements after the TLS denials", () => {
    const extra = {
      sid: "AllowReader",
      effect: "Allow",
      principals: [{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:role/reader"] }],
      actions: ["s3:GetObject"],
      resources: ["arn:aws:s3:::lh-silver-123456789012-us-east-1/*"],
    };
    const statements = policyStatements(synth({ extraPolicyStatements: [extra] }).json);
    expect(statements).toHaveLength(3);
    expect(statements.slice(0, 2).map((s) => s.effect)).toEqual(["Deny", "Deny"]);
    expect(statements[2]).toEqual(extra);
  });

  test("logs server access to the given bucket and prefix when accessLogs is set", () => {
    const { json, bucketRef } = synth({ accessLogs: { bucketName: "lh-access-logs", prefix: "silver/" } });
    const logging = onlyResource(json, "aws_s3_bucket_logging");
    expect(logging.bucket).toBe(bucketRef);
    expect(logging.target_bucket).toBe("lh-access-logs");
    expect(logging.target_prefix).toBe("silver/");
  });

  test("has no access logging resource when accessLogs is not set", () => {
    expect(resourcesOf(defaults.json, "aws_s3_bucket_logging")).toEqual({});
  });

  test("aborts incomplete multipart uploads after 7 days by default, or the given days", () => {
    expect(rule(defaults.json, "abort-incomplete-multipart-uploads")).toMatchObject({
      status: "Enabled",
      abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
    });
    const custom = synth({ abortIncompleteMultipartDays: 2 }).json;
    expect(rule(custom, "abort-incomplete-multipart-uploads")?.abort_incomplete_multipart_upload).toEqual([
      { days_after_initiation: 2 },
    ]);
  });

  test("expires noncurrent versions after noncurrentVersionDays and cleans up delete markers", () => {
    const noncurrent = rule(defaults.json, "expire-noncurrent-versions");
    expect(noncurrent).toMatchObject({
      status: "Enabled",
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
      expiration: [{ expired_object_delete_marker: true }],
    });
    const other = synth({ noncurrentVersionDays: 90 }).json;
    expect(rule(other, "expire-noncurrent-versions")?.noncurrent_version_expiration).toEqual([
      { noncurrent_days: 90 },
    ]);
  });

  test("without tiering, has only the multipart and noncurrent-version rules", () => {
    expect(lifecycleRules(defaults.json).map((r) => r.id)).toEqual([
      "abort-incomplete-multipart-uploads",
      "expire-noncurrent-versions",
    ]);
    for (const r of lifecycleRules(defaults.json)) {
      expect(r.transition).toBeUndefined();
      expect(r.expiration?.some((e) => e.days !== undefined) ?? false).toBe(false);
    }
  });

  test("maps tiering steps to S3 storage classes and expires current objects", () => {
    const { json } = synth({
      tiering: { coolAfterDays: 30, coldAfterDays: 90, archiveAfterDays: 180, expireAfterDays: 400 },
    });
    const current = rule(json, "transition-and-expire-current-objects");
    expect(current?.status).toBe("Enabled");
    expect(current?.transition).toEqual([
      { days: 30, storage_class: "STANDARD_IA" },
      { days: 90, storage_class: "GLACIER_IR" },
      { days: 180, storage_class: "GLACIER" },
    ]);
    expect(current?.expiration).toEqual([{ days: 400 }]);
  });

  test("emits only the tiering steps that are set", () => {
    const { json } = synth({ tiering: { coldAfterDays: 60 } });
    const current = rule(json, "transition-and-expire-current-objects");
    expect(current?.transition).toEqual([{ days: 60, storage_class: "GLACIER_IR" }]);
    expect(current?.expiration).toBeUndefined();
    // No expiry in days, so delete-marker cleanup stays.
    expect(rule(json, "expire-noncurrent-versions")?.expiration).toEqual([
      { expired_object_delete_marker: true },
    ]);
  });

  test("drops expired_object_delete_marker when current objects expire in days", () => {
    const { json } = synth({ tiering: { expireAfterDays: 90 } });
    expect(rule(json, "expire-noncurrent-versions")?.expiration).toBeUndefined();
    expect(rule(json, "transition-and-expire-current-objects")).toMatchObject({
      expiration: [{ days: 90 }],
    });
    expect(rule(json, "transition-and-expire-current-objects")?.transition).toBeUndefined();
    expect(JSON.stringify(lifecycleRules(json))).not.toContain("expired_object_delete_marker");
  });

  test("lifecycle configuration targets the bucket and depends on versioning", () => {
    const lifecycle = onlyResource(defaults.json, "aws_s3_bucket_lifecycle_configuration");
    const [versioningId] = Object.keys(resourcesOf(defaults.json, "aws_s3_bucket_versioning"));
    expect(lifecycle.bucket).toBe(defaults.bucketRef);
    expect(lifecycle.depends_on).toEqual([`aws_s3_bucket_versioning.${versioningId}`]);
  });

  test("has no Object Lock unless objectLock is set", () => {
    expect(onlyResource(defaults.json, "aws_s3_bucket")).not.toHaveProperty("object_lock_enabled");
    expect(resourcesOf(defaults.json, "aws_s3_bucket_object_lock_configuration")).toEqual({});
  });

  test("enables Object Lock at creation with the given default retention", () => {
    const { json, bucketRef } = synth({ objectLock: { days: 365, mode: "COMPLIANCE" } });
    expect(onlyResource(json, "aws_s3_bucket").object_lock_enabled).toBe(true);
    const lock = onlyResource(json, "aws_s3_bucket_object_lock_configuration");
    const [versioningId] = Object.keys(resourcesOf(json, "aws_s3_bucket_versioning"));
    expect(lock.bucket).toBe(bucketRef);
    expect(lock.rule).toEqual({ default_retention: { mode: "COMPLIANCE", days: 365 } });
    expect(lock.depends_on).toEqual([`aws_s3_bucket_versioning.${versioningId}`]);

    const governance = synth({ objectLock: { days: 7, mode: "GOVERNANCE" } }).json;
    expect(onlyResource(governance, "aws_s3_bucket_object_lock_configuration").rule).toEqual({
      default_retention: { mode: "GOVERNANCE", days: 7 },
    });
  });
});
