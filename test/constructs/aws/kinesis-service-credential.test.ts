import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { KinesisServiceCredential } from "../../../constructs/aws/kinesis-service-credential";
import { awsTestStack } from "../../support/stacks";
import { dataOf, onlyResource, synthJson, unresolvedReferences } from "../../support/terraform-json";

const STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/lh-prod-card-transactions";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/abc";

function build(
  users: string[] = ["fraud-data-engineers"],
  extra: { owner?: string; workspaceId?: string | number } = {},
) {
  const stack = awsTestStack();
  new DatabricksProvider(stack, "databricks", { host: "https://example.cloud.databricks.com" });
  new KinesisServiceCredential(stack, "Kinesis", {
    credentialName: "lh_prod_kinesis",
    roleName: "lh-prod-kinesis-read",
    awsAccountId: "123456789012",
    streamArns: [STREAM],
    kmsKeyArn: KEY,
    users,
    ...extra,
  });
  return synthJson(stack);
}

describe("KinesisServiceCredential", () => {
  const json = build();

  test("is a SERVICE credential naming the role by ARN", () => {
    expect(onlyResource(json, "databricks_credential")).toMatchObject({
      name: "lh_prod_kinesis",
      purpose: "SERVICE",
      aws_iam_role: { role_arn: "arn:aws:iam::123456789012:role/lh-prod-kinesis-read" },
    });
  });

  test("the role trusts Unity Catalog with this credential's external id", () => {
    const trust = Object.values(dataOf(json, "databricks_aws_unity_catalog_assume_role_policy"))[0]!;
    expect(trust).toMatchObject({
      role_name: "lh-prod-kinesis-read",
      aws_account_id: "123456789012",
      external_id: expect.stringMatching(
        /^\$\{databricks_credential\.Kinesis_Credential_\w+\.aws_iam_role\[0\]\.external_id\}$/,
      ),
    });
    expect(onlyResource(json, "aws_iam_role").assume_role_policy).toMatch(
      /data\.databricks_aws_unity_catalog_assume_role_policy\.\w+\.json/,
    );
  });

  test("the role may only read the streams, decrypt with their key and assume itself", () => {
    const doc = Object.values(dataOf(json, "aws_iam_policy_document"))[0] as {
      statement: { sid: string; actions: string[]; resources: string[] }[];
    };
    const bySid = Object.fromEntries(doc.statement.map((s) => [s.sid, s]));
    expect(bySid.ReadStreams!.resources).toEqual([STREAM]);
    expect(bySid.ReadStreams!.actions.every((a) => /^kinesis:(Describe|Get|List)/.test(a))).toBe(true);
    expect(bySid.DecryptStreams).toMatchObject({ actions: ["kms:Decrypt"], resources: [KEY] });
    expect(bySid.AssumeSelf!.resources).toEqual([
      expect.stringMatching(/aws_iam_role\.Kinesis_Role_\w+\.arn/),
    ]);
  });

  test("users get ACCESS on the credential once the role can be assumed", () => {
    const grants = onlyResource(json, "databricks_grants");
    expect(grants.grant).toEqual([{ principal: "fraud-data-engineers", privileges: ["ACCESS"] }]);
    expect(grants.depends_on).toEqual([
      expect.stringMatching(/^aws_iam_role\.Kinesis_Role_\w+$/),
      expect.stringMatching(/^aws_iam_role_policy\.Kinesis_Policy_\w+$/),
    ]);
    expect(unresolvedReferences(json)).toEqual([]);
  });

  test("no grants resource without users", () => {
    expect(build([]).resource?.databricks_grants).toBeUndefined();
  });

  test("is ISOLATED: without a workspace id no binding is declared (the provider binds its workspace)", () => {
    expect(onlyResource(json, "databricks_credential").isolation_mode).toBe("ISOLATION_MODE_ISOLATED");
    expect(onlyResource(json, "databricks_credential").owner).toBeUndefined();
    expect(json.resource?.databricks_workspace_binding).toBeUndefined();
  });

  test("owner and workspace binding when given", () => {
    const bound = build(["7e5d4c3b-2a1f-4e0d-9c8b-a7f6e5d4c351"], {
      owner: "fraud-platform-admins",
      workspaceId: "1234567890",
    });
    expect(onlyResource(bound, "databricks_credential").owner).toBe("fraud-platform-admins");
    expect(onlyResource(bound, "databricks_workspace_binding")).toEqual({
      securable_name: expect.stringMatching(/^\$\{databricks_credential\.Kinesis_Credential_\w+\.name\}$/),
      securable_type: "credential",
      workspace_id: "1234567890",
      binding_type: "BINDING_TYPE_READ_WRITE",
    });
    expect(onlyResource(bound, "databricks_grants").grant).toEqual([
      { principal: "7e5d4c3b-2a1f-4e0d-9c8b-a7f6e5d4c351", privileges: ["ACCESS"] },
    ]);
  });
});
