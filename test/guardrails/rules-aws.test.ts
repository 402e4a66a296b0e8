import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3BucketAcl } from "@cdktf/provider-aws/lib/s3-bucket-acl";
import type { TerraformStack } from "cdktf";
import { HardenedS3Bucket } from "../../constructs/aws/hardened-s3-bucket";
import { LakehouseKmsKey } from "../../constructs/aws/lakehouse-kms-key";
import { evaluate, guardrailStack, outcome, resourceAt } from "./guardrails-helpers";

/** A data bucket (SSE-KMS, logs to the log bucket) and its SSE-S3 access-log bucket, both hardened. */
function lake(stack: TerraformStack) {
  const key = new LakehouseKmsKey(stack, "Key", {
    aliasName: "t-storage",
    description: "test",
    accountId: "123456789012",
    partition: "aws",
    region: "eu-west-1",
    viaServices: ["s3"],
  });
  const logs = new HardenedS3Bucket(stack, "Logs", {
    bucketName: "t-logs",
    encryption: { type: "s3-managed" },
    layer: "platform",
    noncurrentVersionDays: 1,
  });
  const data = new HardenedS3Bucket(stack, "Data", {
    bucketName: "t-data",
    encryption: { type: "kms", keyArn: key.key.arn },
    layer: "bronze",
    noncurrentVersionDays: 30,
    accessLogs: { bucketName: logs.bucketName, prefix: "data/" },
  });
  return { key, logs, data };
}

describe("S3 rules on hardened buckets", () => {
  const stack = guardrailStack();
  lake(stack);
  const report = evaluate(stack);

  test.each(["LH-S3-001", "LH-S3-002", "LH-S3-004", "LH-S3-006", "LH-S3-007"])(
    "%s passes on both buckets",
    (id) => {
      expect(outcome(report, id)).toMatchObject({ passed: 2, failed: 0 });
    },
  );

  test("LH-S3-003 passes on the SSE-KMS bucket and accepts SSE-S3 only on the access-log target", () => {
    expect(outcome(report, "LH-S3-003")).toMatchObject({ passed: 1, skipped: 1, failed: 0 });
  });

  test("LH-S3-005 passes on the logged bucket and skips the log target", () => {
    expect(outcome(report, "LH-S3-005")).toMatchObject({ passed: 1, skipped: 1, failed: 0 });
  });
});

describe("S3 rules fail on the synthesized configuration", () => {
  function failing(mutate: (parts: ReturnType<typeof lake>, stack: TerraformStack) => void, id: string) {
    const stack = guardrailStack();
    const parts = lake(stack);
    mutate(parts, stack);
    return outcome(evaluate(stack), id);
  }

  test("LH-S3-001: a public access block flag turned off by an override", () => {
    const o = failing(
      ({ data }) => resourceAt(data, "PublicAccessBlock").addOverride("restrict_public_buckets", false),
      "LH-S3-001",
    );
    expect(o.messages).toEqual(["public access block does not set restrict_public_buckets to true"]);
  });

  test("LH-S3-001: no public access block at all", () => {
    const o = failing(({ data }) => data.node.tryRemoveChild("PublicAccessBlock"), "LH-S3-001");
    expect(o.messages).toEqual(["no aws_s3_bucket_public_access_block refers to the bucket"]);
  });

  test("LH-S3-002: versioning suspended", () => {
    const o = failing(
      ({ data }) => data.versioning.addOverride("versioning_configuration.status", "Suspended"),
      "LH-S3-002",
    );
    expect(o.messages).toEqual(["versioning status is Suspended, not Enabled"]);
  });

  test("LH-S3-003: a data bucket on SSE-S3", () => {
    const o = failing(
      ({ data }) =>
        resourceAt(data, "Encryption").addOverride(
          "rule.0.apply_server_side_encryption_by_default.sse_algorithm",
          "AES256",
        ),
      "LH-S3-003",
    );
    expect(o.messages).toEqual(["default encryption is AES256, not aws:kms"]);
  });

  test("LH-S3-003: SSE-KMS with the AWS-managed key", () => {
    const o = failing(
      ({ data }) =>
        resourceAt(data, "Encryption").addOverride(
          "rule.0.apply_server_side_encryption_by_default.kms_master_key_id",
          "alias/aws/s3",
        ),
      "LH-S3-003",
    );
    expect(o.messages[0]).toMatch(/AWS-managed key/);
  });

  test("LH-S3-004: a policy without the SecureTransport deny", () => {
    const o = failing((_parts, stack) => {
      const doc = stack.node
        .findAll()
        .find(
          (n) => n instanceof DataAwsIamPolicyDocument && n.node.path.includes("Data/"),
        ) as DataAwsIamPolicyDocument;
      doc.addOverride("statement.0.effect", "Allow");
    }, "LH-S3-004");
    expect(o.messages).toEqual(["no statement denies s3:* to * when aws:SecureTransport is false"]);
  });

  test("LH-S3-004: a literal JSON policy is read too", () => {
    const o = failing(
      ({ data }) =>
        data.policy.addOverride(
          "policy",
          JSON.stringify({
            Statement: [
              {
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Condition: { Bool: { "aws:SecureTransport": "false" } },
              },
            ],
          }),
        ),
      "LH-S3-004",
    );
    expect(o.failed).toBe(0);
  });

  test("LH-S3-005: no access logging (the log bucket, no longer a target, fails too)", () => {
    const o = failing(({ data }) => data.node.tryRemoveChild("AccessLogging"), "LH-S3-005");
    expect(o).toMatchObject({
      failed: 2,
      messages: Array(2).fill("no aws_s3_bucket_logging refers to the bucket"),
    });
  });

  test("LH-S3-006: ACLs enabled (ObjectWriter) or an ACL resource", () => {
    expect(
      failing(
        ({ data }) =>
          resourceAt(data, "OwnershipControls").addOverride("rule.object_ownership", "ObjectWriter"),
        "LH-S3-006",
      ).messages,
    ).toEqual(["object ownership is ObjectWriter, not BucketOwnerEnforced"]);
    expect(
      failing(
        ({ data }) => new S3BucketAcl(data, "Acl", { bucket: data.bucket.id, acl: "private" }),
        "LH-S3-006",
      ).messages,
    ).toEqual(["the bucket has an ACL"]);
  });

  test("LH-S3-007: lifecycle without abort of incomplete multipart uploads", () => {
    const o = failing(({ data }) => data.lifecycle.addOverride("rule.0.status", "Disabled"), "LH-S3-007");
    expect(o.messages).toEqual(["no enabled lifecycle rule sets abort_incomplete_multipart_upload"]);
  });
});

describe("KMS rules", () => {
  test("LH-KMS-001/002 pass on LakehouseKmsKey (rotation, conditioned policy)", () => {
    const stack = guardrailStack();
    lake(stack);
    const report = evaluate(stack);
    expect(outcome(report, "LH-KMS-001")).toMatchObject({ passed: 1, failed: 0 });
    expect(outcome(report, "LH-KMS-002")).toMatchObject({ passed: 1, failed: 0 });
  });

  test("LH-KMS-001 fails without rotation, skips asymmetric keys", () => {
    const stack = guardrailStack();
    new KmsKey(stack, "NoRotation", { description: "x" });
    new KmsKey(stack, "Signing", {
      description: "x",
      customerMasterKeySpec: "ECC_NIST_P256",
      keyUsage: "SIGN_VERIFY",
    });
    expect(outcome(evaluate(stack), "LH-KMS-001")).toMatchObject({
      failed: 1,
      skipped: 1,
      messages: ["enable_key_rotation is not true"],
    });
  });

  test("LH-KMS-002 fails on the default policy and on an unconditioned wildcard principal", () => {
    const stack = guardrailStack();
    new KmsKey(stack, "DefaultPolicy", { enableKeyRotation: true });
    new KmsKey(stack, "Open", {
      enableKeyRotation: true,
      policy: JSON.stringify({
        Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:*", Resource: "*" }],
      }),
    });
    expect(outcome(evaluate(stack), "LH-KMS-002").messages.sort()).toEqual([
      "1 Allow statement(s) grant kms:* to * without a condition",
      "no key policy: the default policy applies",
    ]);
  });
});

describe("Kinesis rule", () => {
  test("LH-KIN-001 passes with a customer-managed key", () => {
    const stack = guardrailStack();
    const key = new KmsKey(stack, "Key", { enableKeyRotation: true });
    new KinesisStream(stack, "Stream", { name: "s", encryptionType: "KMS", kmsKeyId: key.arn });
    expect(outcome(evaluate(stack), "LH-KIN-001")).toMatchObject({ passed: 1, failed: 0 });
  });

  test("LH-KIN-001 fails unencrypted or on the AWS-managed key", () => {
    const stack = guardrailStack();
    new KinesisStream(stack, "Plain", { name: "a" });
    new KinesisStream(stack, "AwsKey", { name: "b", encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" });
    expect(outcome(evaluate(stack), "LH-KIN-001").messages.sort()).toEqual([
      "encryption_type is NONE, not KMS",
      "kms_key_id is the AWS-managed key alias/aws/kinesis",
    ]);
  });
});
