import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import {
  UnityCatalogAwsRole,
  type UnityCatalogAwsRoleProps,
} from "../../../constructs/aws/unity-catalog-aws-role";
import {
  dataOf,
  onlyResource,
  resourcesOf,
  synthJson,
  unresolvedReferences,
  type TerraformJson,
} from "../../support/terraform-json";

const BUCKETS = ["lh-dev-bronze", "lh-dev-silver", "lh-dev-gold"];
const KMS_ARN = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";

type Overrides = Partial<Omit<UnityCatalogAwsRoleProps, "awsAccountId" | "externalId">>;

interface Statement {
  sid?: string;
  effect: string;
  actions: string[];
  resources: string[];
}

interface Synthesized {
  json: TerraformJson;
  construct: UnityCatalogAwsRole;
  role: Record<string, unknown>;
  roleId: string;
  trustId: string;
  trust: Record<string, unknown>;
  statements: Statement[];
}

/** A stack with the AWS and an account-level Databricks provider, a caller identity and the role. */
function synth(overrides: Overrides = {}): Synthesized {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new DatabricksProvider(stack, "databricks", {
    host: "https://accounts.cloud.databricks.com",
    accountId: "00000000-0000-0000-0000-000000000000",
  });
  const caller = new DataAwsCallerIdentity(stack, "caller");
  // Stands in for databricks_storage_credential.aws_iam_role[0].external_id.
  const externalId = new TerraformVariable(stack, "uc_external_id", { type: "string" });
  const construct = new UnityCatalogAwsRole(stack, "UcRole", {
    roleName: "lh-dev-uc-storage",
    awsAccountId: caller.accountId,
    externalId: externalId.stringValue,
    bucketNames: BUCKETS,
    kmsKeyArn: KMS_ARN,
    ...overrides,
  });
  new TerraformOutput(stack, "role_arn", { value: construct.roleArn });
  const json = synthJson(stack);
  const trusts = Object.entries(dataOf(json, "databricks_aws_unity_catalog_assume_role_policy"));
  expect(trusts).toHaveLength(1);
  const documents = Object.values(dataOf(json, "aws_iam_policy_document"));
  expect(documents).toHaveLength(1);
  return {
    json,
    construct,
    role: onlyResource(json, "aws_iam_role"),
    roleId: stack.getLogicalId(construct.role),
    trustId: trusts[0]![0],
    trust: trusts[0]![1],
    statements: documents[0]!.statement as Statement[],
  };
}

/** Statements granting an action, and the resources they cover. */
function grants(statements: Statement[], action: string): string[] {
  return statements
    .filter((s) => s.effect === "Allow" && s.actions.includes(action))
    .flatMap((s) => s.resources);
}

describe("UnityCatalogAwsRole", () => {
  const defaults = synth();

  test("the trust data source gets the role name, the account id and the external id", () => {
    expect(defaults.trust).toEqual({
      aws_account_id: "${data.aws_caller_identity.caller.account_id}",
      role_name: "lh-dev-uc-storage",
      external_id: "${var.uc_external_id}",
    });
  });

  test("passes partition and master role ARN to the trust only when set", () => {
    const gov = synth({
      partition: "aws-us-gov",
      unityCatalogIamArn:
        "arn:aws-us-gov:iam::044793339203:role/unity-catalog-prod-UCMasterRole-1QRFA8SGY15OJ",
    });
    expect(gov.trust.aws_partition).toBe("aws-us-gov");
    expect(gov.trust.unity_catalog_iam_arn).toBe(
      "arn:aws-us-gov:iam::044793339203:role/unity-catalog-prod-UCMasterRole-1QRFA8SGY15OJ",
    );
    expect(grants(gov.statements, "s3:ListBucket")).toContain("arn:aws-us-gov:s3:::lh-dev-bronze");
  });

  test("the role is named, trusts through the data source's json and lasts one hour", () => {
    expect(defaults.role.name).toBe("lh-dev-uc-storage");
    expect(defaults.role.assume_role_policy).toBe(
      `\${data.databricks_aws_unity_catalog_assume_role_policy.${defaults.trustId}.json}`,
    );
    expect(defaults.role.max_session_duration).toBe(3600);
    expect(synth({ maxSessionDurationSeconds: 7200 }).role.max_session_duration).toBe(7200);
    expect(defaults.role.tags).toEqual({ layer: "platform" });
  });

  test("reads and writes objects in every bucket and lists every bucket", () => {
    const objectArns = BUCKETS.map((b) => `arn:aws:s3:::${b}/*`);
    const bucketArns = BUCKETS.map((b) => `arn:aws:s3:::${b}`);
    for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]) {
      expect(grants(defaults.statements, action).sort()).toEqual([...objectArns].sort());
    }
    for (const action of ["s3:ListBucket", "s3:GetBucketLocation"]) {
      expect(grants(defaults.statements, action).sort()).toEqual([...bucketArns].sort());
    }
  });

  test("can list and abort multipart uploads, like databricks_aws_unity_catalog_policy", () => {
    const objectArns = BUCKETS.map((b) => `arn:aws:s3:::${b}/*`).sort();
    const bucketArns = BUCKETS.map((b) => `arn:aws:s3:::${b}`).sort();
    expect(grants(defaults.statements, "s3:AbortMultipartUpload").sort()).toEqual(objectArns);
    expect(grants(defaults.statements, "s3:ListMultipartUploadParts").sort()).toEqual(objectArns);
    expect(grants(defaults.statements, "s3:ListBucketMultipartUploads").sort()).toEqual(bucketArns);
  });

  test("uses the KMS key and nothing broader", () => {
    for (const action of ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"]) {
      expect(grants(defaults.statements, action)).toEqual([KMS_ARN]);
    }
    const all = defaults.statements.flatMap((s) => s.resources);
    expect(all.filter((r) => r.includes("*") && !r.endsWith("/*"))).toEqual([]);
    expect(defaults.statements.flatMap((s) => s.actions).filter((a) => /^(sns|sqs):/.test(a))).toEqual([]);
  });

  test("may assume itself", () => {
    expect(grants(defaults.statements, "sts:AssumeRole")).toEqual([
      `\${aws_iam_role.${defaults.roleId}.arn}`,
    ]);
  });

  test("attaches the permission policy to the role", () => {
    const policies = Object.values(resourcesOf(defaults.json, "aws_iam_role_policy"));
    expect(policies).toHaveLength(1);
    const [policy] = policies;
    const documentId = Object.keys(dataOf(defaults.json, "aws_iam_policy_document"))[0];
    expect(policy!.role).toBe(`\${aws_iam_role.${defaults.roleId}.id}`);
    expect(policy!.policy).toBe(`\${data.aws_iam_policy_document.${documentId}.json}`);
  });

  test("exposes the role ARN and readiness as the role, its policy and an IAM propagation delay after both", () => {
    const { ready, role, policy } = defaults.construct;
    expect(ready).toHaveLength(3);
    expect(ready[0]).toBe(role);
    expect(ready[1]).toBe(policy);
    const sleep = Object.values(resourcesOf(defaults.json, "time_sleep"))[0]!;
    expect(sleep).toEqual({
      create_duration: "60s",
      depends_on: [
        `aws_iam_role.${defaults.roleId}`,
        expect.stringMatching(/^aws_iam_role_policy\.UcRole_Policy_\w+$/),
      ],
    });
    expect(defaults.json.output?.["role_arn"]?.value).toBe(`\${aws_iam_role.${defaults.roleId}.arn}`);
    expect(UnityCatalogAwsRole.arnFor("lh-dev-uc-storage", "123456789012")).toBe(
      "arn:aws:iam::123456789012:role/lh-dev-uc-storage",
    );
    expect(UnityCatalogAwsRole.arnFor("r", "1", "aws-us-gov")).toBe("arn:aws-us-gov:iam::1:role/r");
  });

  test("runs the data source on the given Databricks provider", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    const workspace = new DatabricksProvider(stack, "workspace", {
      host: "https://x.cloud.databricks.com",
      alias: "ws",
    });
    new UnityCatalogAwsRole(stack, "UcRole", {
      roleName: "r",
      awsAccountId: "123456789012",
      externalId: "ext",
      bucketNames: ["b"],
      kmsKeyArn: KMS_ARN,
      databricksProvider: workspace,
    });
    const trust = Object.values(
      dataOf(synthJson(stack), "databricks_aws_unity_catalog_assume_role_policy"),
    )[0]!;
    expect(trust.provider).toBe("databricks.ws");
  });

  test("rejects no buckets, dotted and duplicate bucket names, and out-of-range sessions", () => {
    expect(() => synth({ bucketNames: [] })).toThrow("bucketNames must name at least one bucket");
    expect(() => synth({ bucketNames: ["lh.dev.bronze"] })).toThrow(
      "bucket names with dots: 'lh.dev.bronze'",
    );
    expect(() => synth({ bucketNames: ["a-b", "a-b"] })).toThrow("lists 'a-b' more than once");
    expect(() => synth({ maxSessionDurationSeconds: 900 })).toThrow("must be 3600–43200, got 900");
  });

  test("leaves no unresolved references", () => {
    expect(unresolvedReferences(defaults.json)).toEqual([]);
  });
});
