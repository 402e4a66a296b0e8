/** AWS rules: S3 buckets, KMS keys, Kinesis streams. */
import { block, blocks, isFalse, isTrue } from "../../terraform-json/values";
import { policyStatements } from "./iam-policy";
import { failed, passed, skipped } from "../types";
import type { CheckResult, GuardrailContext, GuardrailRule, TerraformElementView } from "../types";
import { guardrailRule } from "./catalog";

/** Sibling resources (`aws_s3_bucket_*`) that configure a bucket through its `bucket` argument. */
function bucketSiblings(
  bucket: TerraformElementView,
  type: string,
  context: GuardrailContext,
): readonly TerraformElementView[] {
  return context.linked(bucket, type, "bucket", { identifying: ["bucket"] });
}

/**
 * A bucket setting made by a sibling resource of `type` (`read` takes it from one, `what` names it): the
 * returned check passes when a sibling sets it to `wanted`; otherwise it says that no sibling exists, or
 * which values they set (`<what> is <values>, not <wanted>`).
 */
function siblingSetting(type: string, read: (sibling: TerraformElementView) => unknown, what: string) {
  return (bucket: TerraformElementView, context: GuardrailContext, wanted: string): CheckResult => {
    const values = bucketSiblings(bucket, type, context).map(read);
    if (values.includes(wanted)) return passed();
    return failed(
      values.length === 0
        ? `no ${type} refers to the bucket`
        : `${what} is ${values.map(String).join(", ")}, not ${wanted}`,
    );
  };
}

const versioningStatus = siblingSetting(
  "aws_s3_bucket_versioning",
  (versioning) => block(versioning.attributes.versioning_configuration)?.status,
  "versioning status",
);

const objectOwnership = siblingSetting(
  "aws_s3_bucket_ownership_controls",
  (controls) => block(controls.attributes.rule)?.object_ownership,
  "object ownership",
);

/** Whether any `aws_s3_bucket_logging` delivers into this bucket (it is an access-log target). */
function isAccessLogTarget(bucket: TerraformElementView, context: GuardrailContext): boolean {
  return (
    context.linked(bucket, "aws_s3_bucket_logging", "target_bucket", { identifying: ["bucket"] }).length > 0
  );
}

const PUBLIC_ACCESS_FLAGS = [
  "block_public_acls",
  "block_public_policy",
  "ignore_public_acls",
  "restrict_public_buckets",
] as const;

export const S3_PUBLIC_ACCESS_BLOCK = guardrailRule("LH-S3-001", ["aws_s3_bucket"], (bucket, context) => {
  const blocksOfBucket = bucketSiblings(bucket, "aws_s3_bucket_public_access_block", context);
  if (blocksOfBucket.length === 0) return failed("no aws_s3_bucket_public_access_block refers to the bucket");
  const off = PUBLIC_ACCESS_FLAGS.filter((flag) => !blocksOfBucket.some((b) => isTrue(b.attributes[flag])));
  return off.length === 0 ? passed() : failed(`public access block does not set ${off.join(", ")} to true`);
});

export const S3_VERSIONING = guardrailRule("LH-S3-002", ["aws_s3_bucket"], (bucket, context) => {
  const legacy = block(bucket.attributes.versioning);
  if (legacy && isTrue(legacy.enabled)) return passed();
  return versioningStatus(bucket, context, "Enabled");
});

export const S3_KMS_ENCRYPTION = guardrailRule("LH-S3-003", ["aws_s3_bucket"], (bucket, context) => {
  const defaults = bucketSiblings(bucket, "aws_s3_bucket_server_side_encryption_configuration", context)
    .flatMap((c) => blocks(c.attributes.rule))
    .map((r) => block(r.apply_server_side_encryption_by_default))
    .filter((d) => d !== undefined);
  if (isAccessLogTarget(bucket, context)) {
    return defaults.some((d) => d.sse_algorithm === "AES256")
      ? skipped("server access-log target: SSE-S3 (AES256) is required, and set")
      : failed("server access-log target without SSE-S3 (AES256) default encryption");
  }
  if (defaults.length === 0) return failed("no default encryption configuration refers to the bucket");
  const kms = defaults.find((d) => String(d.sse_algorithm).startsWith("aws:kms"));
  if (!kms)
    return failed(
      `default encryption is ${defaults.map((d) => String(d.sse_algorithm)).join(", ")}, not aws:kms`,
    );
  const key = kms.kms_master_key_id;
  if (typeof key !== "string" || key === "" || key.endsWith("alias/aws/s3")) {
    return failed("SSE-KMS uses the AWS-managed key (alias/aws/s3), not a customer-managed key");
  }
  return passed();
});

export const S3_TLS_ONLY = guardrailRule("LH-S3-004", ["aws_s3_bucket"], (bucket, context) => {
  const policies = bucketSiblings(bucket, "aws_s3_bucket_policy", context);
  if (policies.length === 0) return failed("no aws_s3_bucket_policy refers to the bucket");
  let unreadable = false;
  for (const policy of policies) {
    const statements = policyStatements(policy.attributes.policy, context);
    if (!statements) {
      unreadable = true;
      continue;
    }
    const deniesPlainHttp = statements.some(
      (s) =>
        s.effect === "Deny" &&
        s.principals.includes("*") &&
        s.actions.some((a) => a === "s3:*" || a === "*") &&
        s.conditions.some(
          (c) =>
            c.test === "Bool" && c.variable === "aws:SecureTransport" && c.values.some((v) => isFalse(v)),
        ),
    );
    if (deniesPlainHttp) return passed();
  }
  return failed(
    unreadable
      ? "the bucket policy is not readable at synth time (use an aws_iam_policy_document or literal JSON) and no readable policy denies aws:SecureTransport = false"
      : "no statement denies s3:* to * when aws:SecureTransport is false",
  );
});

export const S3_ACCESS_LOGGING = guardrailRule("LH-S3-005", ["aws_s3_bucket"], (bucket, context) => {
  if (bucketSiblings(bucket, "aws_s3_bucket_logging", context).length > 0) return passed();
  if (block(bucket.attributes.logging)) return passed();
  if (isAccessLogTarget(bucket, context)) return skipped("this bucket is the access-log target");
  return failed("no aws_s3_bucket_logging refers to the bucket");
});

export const S3_ACLS_DISABLED = guardrailRule("LH-S3-006", ["aws_s3_bucket"], (bucket, context) => {
  if (
    bucketSiblings(bucket, "aws_s3_bucket_acl", context).length > 0 ||
    bucket.attributes.acl !== undefined
  ) {
    return failed("the bucket has an ACL");
  }
  return objectOwnership(bucket, context, "BucketOwnerEnforced");
});

export const S3_LIFECYCLE_ABORT_MULTIPART = guardrailRule(
  "LH-S3-007",
  ["aws_s3_bucket"],
  (bucket, context) => {
    const configs = bucketSiblings(bucket, "aws_s3_bucket_lifecycle_configuration", context);
    if (configs.length === 0) return failed("no aws_s3_bucket_lifecycle_configuration refers to the bucket");
    const aborts = configs
      .flatMap((c) => blocks(c.attributes.rule))
      .some(
        (r) =>
          r.status === "Enabled" &&
          blocks(r.abort_incomplete_multipart_upload).some(
            (a) => typeof a.days_after_initiation === "number",
          ),
      );
    return aborts ? passed() : failed("no enabled lifecycle rule sets abort_incomplete_multipart_upload");
  },
);

export const KMS_ROTATION = guardrailRule("LH-KMS-001", ["aws_kms_key"], (key) => {
  const spec = key.attributes.customer_master_key_spec;
  if (spec !== undefined && spec !== "SYMMETRIC_DEFAULT") {
    return skipped(`automatic rotation is not available for ${String(spec)} keys`);
  }
  return isTrue(key.attributes.enable_key_rotation) ? passed() : failed("enable_key_rotation is not true");
});

export const KMS_KEY_POLICY = guardrailRule("LH-KMS-002", ["aws_kms_key"], (key, context) => {
  if (key.attributes.policy === undefined) return failed("no key policy: the default policy applies");
  const statements = policyStatements(key.attributes.policy, context);
  if (!statements)
    return failed("the key policy is not readable at synth time (use an aws_iam_policy_document)");
  const open = statements.filter(
    (s) => s.effect === "Allow" && s.principals.includes("*") && s.conditions.length === 0,
  );
  return open.length === 0
    ? passed()
    : failed(
        `${open.length} Allow statement(s) grant ${open.flatMap((s) => s.actions).join(", ")} to * without a condition`,
      );
});

export const KINESIS_CMK = guardrailRule("LH-KIN-001", ["aws_kinesis_stream"], (stream) => {
  if (stream.attributes.encryption_type !== "KMS") {
    return failed(`encryption_type is ${String(stream.attributes.encryption_type ?? "NONE")}, not KMS`);
  }
  const key = stream.attributes.kms_key_id;
  if (typeof key !== "string" || key === "") return failed("kms_key_id is not set");
  if (key.endsWith("alias/aws/kinesis")) return failed("kms_key_id is the AWS-managed key alias/aws/kinesis");
  return passed();
});

export const AWS_RULES: readonly GuardrailRule[] = [
  S3_PUBLIC_ACCESS_BLOCK,
  S3_VERSIONING,
  S3_KMS_ENCRYPTION,
  S3_TLS_ONLY,
  S3_ACCESS_LOGGING,
  S3_ACLS_DISABLED,
  S3_LIFECYCLE_ABORT_MULTIPART,
  KMS_ROTATION,
  KMS_KEY_POLICY,
  KINESIS_CMK,
];
