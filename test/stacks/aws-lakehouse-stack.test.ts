import { Testing } from "cdktf";
import { EXAMPLE_CONFIG, loadConfig, type ResolvedAwsEnvironment } from "../../config";
import { AwsLakehouseStack } from "../../stacks/aws-lakehouse-stack";
import { dataOf, resourcesOf, synthJson } from "../support/terraform-json";

function awsEnvironment(name: string, edit?: (env: Record<string, unknown>) => void): ResolvedAwsEnvironment {
  const input = structuredClone(EXAMPLE_CONFIG);
  const env = input.environments.find((e) => e.cloud === "aws" && e.name === name)!;
  edit?.(env as unknown as Record<string, unknown>);
  return loadConfig(input).environments.find((e) => e.id === `aws-${name}`) as ResolvedAwsEnvironment;
}

function synthAws(environment: ResolvedAwsEnvironment) {
  return synthJson(new AwsLakehouseStack(Testing.app(), environment.id, { environment }));
}

describe("AwsLakehouseStack", () => {
  test("reads account and partition at deploy time and names buckets with them", () => {
    const doc = synthAws(awsEnvironment("prod"));
    expect(Object.keys(dataOf(doc, "aws_caller_identity"))).toHaveLength(1);
    expect(Object.keys(dataOf(doc, "aws_partition"))).toHaveLength(1);
    const names = Object.values(resourcesOf(doc, "aws_s3_bucket")).map((b) => b.bucket as string);
    expect(names.sort()).toEqual(
      ["access-logs", "bronze", "checkpoints", "gold", "landing", "silver"].map(
        (part) => `frdlh-prod-${part}-\${data.aws_caller_identity.Account.account_id}-us-east-1`,
      ),
    );
  });

  test("prod locks landing and bronze objects; dev locks nothing", () => {
    const prod = Object.values(
      resourcesOf(synthAws(awsEnvironment("prod")), "aws_s3_bucket_object_lock_configuration"),
    );
    expect(prod.map((l) => l.bucket).sort()).toEqual([
      expect.stringMatching(/aws_s3_bucket\.Storage_Bronze_Bucket_\w+\.id/),
      expect.stringMatching(/aws_s3_bucket\.Storage_Landing_Bucket_\w+\.id/),
    ]);
    expect(prod[0]!.rule).toEqual({ default_retention: { days: 365, mode: "GOVERNANCE" } });
    expect(resourcesOf(synthAws(awsEnvironment("dev")), "aws_s3_bucket_object_lock_configuration")).toEqual(
      {},
    );
  });

  test("streams and buckets use different customer-managed keys", () => {
    const doc = synthAws(awsEnvironment("staging"));
    const stream = Object.values(resourcesOf(doc, "aws_kinesis_stream"))[0]!;
    const encryption = Object.values(resourcesOf(doc, "aws_s3_bucket_server_side_encryption_configuration"))
      .map((e) => JSON.stringify(e.rule))
      .find((rule) => rule.includes("aws:kms"))!;
    expect(stream.kms_key_id).toMatch(/aws_kms_key\.Ingest_StreamKey_\w+\.arn/);
    expect(encryption).toMatch(/aws_kms_key\.Storage_StorageKey_\w+\.arn/);
    expect(Object.keys(resourcesOf(doc, "aws_kms_key"))).toHaveLength(2);
  });

  test("staging provisions shards, prod scales on demand", () => {
    const staging = Object.values(resourcesOf(synthAws(awsEnvironment("staging")), "aws_kinesis_stream"))[0]!;
    const prod = Object.values(resourcesOf(synthAws(awsEnvironment("prod")), "aws_kinesis_stream"))[0]!;
    expect(staging).toMatchObject({ shard_count: 2, stream_mode_details: { stream_mode: "PROVISIONED" } });
    expect(prod.shard_count).toBeUndefined();
    expect(prod.stream_mode_details).toEqual({ stream_mode: "ON_DEMAND" });
  });

  test("an S3 backend keys state by stack, encrypts it and uses native S3 locking", () => {
    const doc = synthAws(
      awsEnvironment("prod", (env) => {
        env.backend = { type: "s3", bucket: "frdlh-terraform-state" };
      }),
    );
    expect(doc.terraform?.backend).toEqual({
      s3: {
        bucket: "frdlh-terraform-state",
        key: "aws-prod/terraform.tfstate",
        region: "us-east-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });
});
