import { LakehouseKmsKey, type LakehouseKmsKeyProps } from "../../../constructs/aws/lakehouse-kms-key";
import {
  dataOf,
  onlyResource,
  synthJson,
  unresolvedReferences,
  type TerraformJson,
} from "../../support/terraform-json";
import { awsTestStack } from "../../support/stacks";

const BASE_PROPS: LakehouseKmsKeyProps = {
  aliasName: "lh-prod-storage",
  description: "Encrypts the lh-prod lakehouse buckets",
  accountId: "123456789012",
  partition: "aws",
  region: "eu-west-1",
  viaServices: ["s3"],
};

interface Statement {
  sid?: string;
  effect: string;
  actions: string[];
  resources: string[];
  principals: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
}

interface Synthesized {
  json: TerraformJson;
  keyId: string;
  key: Record<string, unknown>;
  statements: Statement[];
}

function synth(overrides: Partial<LakehouseKmsKeyProps> = {}): Synthesized {
  const stack = awsTestStack();
  const construct = new LakehouseKmsKey(stack, "StorageKey", { ...BASE_PROPS, ...overrides });
  const json = synthJson(stack);
  const key = onlyResource(json, "aws_kms_key");
  const documents = Object.entries(dataOf(json, "aws_iam_policy_document"));
  expect(documents).toHaveLength(1);
  const [documentId, document] = documents[0]!;
  expect(key.policy).toBe(`\${data.aws_iam_policy_document.${documentId}.json}`);
  return {
    json,
    keyId: stack.getLogicalId(construct.key),
    key,
    statements: document.statement as Statement[],
  };
}

/** The statement that grants use of the key to the account's principals through services. */
function serviceStatement(statements: Statement[]): Statement {
  const found = statements.filter((s) => s.condition?.some((c) => c.variable === "kms:ViaService"));
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe("LakehouseKmsKey", () => {
  const defaults = synth();

  test("rotates the key yearly", () => {
    expect(defaults.key.enable_key_rotation).toBe(true);
    expect(defaults.key.rotation_period_in_days).toBe(365);
  });

  test("has a 30-day deletion window by default and the given one otherwise", () => {
    expect(defaults.key.deletion_window_in_days).toBe(30);
    expect(synth({ deletionWindowDays: 7 }).key.deletion_window_in_days).toBe(7);
  });

  test("sets the description and the layer tag (platform by default)", () => {
    expect(defaults.key.description).toBe(BASE_PROPS.description);
    expect(defaults.key.tags).toEqual({ layer: "platform" });
    expect(synth({ layer: "ingest" }).key.tags).toEqual({ layer: "ingest" });
  });

  test("creates alias/<name> targeting the key", () => {
    const alias = onlyResource(defaults.json, "aws_kms_alias");
    expect(alias).toEqual({
      name: "alias/lh-prod-storage",
      target_key_id: `\${aws_kms_key.${defaults.keyId}.key_id}`,
    });
    expect(unresolvedReferences(defaults.json)).toEqual([]);
  });

  test("key policy lets the account root administer the key", () => {
    const admin = defaults.statements.filter((s) =>
      s.principals.some((p) => p.identifiers.includes("arn:aws:iam::123456789012:root")),
    );
    expect(admin).toHaveLength(1);
    expect(admin[0]).toMatchObject({
      effect: "Allow",
      actions: ["kms:*"],
      resources: ["*"],
      principals: [{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:root"] }],
    });
    expect(admin[0]!.condition).toBeUndefined();
  });

  test("account root ARN uses the given partition and account", () => {
    const { statements } = synth({ partition: "aws-cn", accountId: "210987654321" });
    const identifiers = statements.flatMap((s) => s.principals.flatMap((p) => p.identifiers));
    expect(identifiers).toContain("arn:aws-cn:iam::210987654321:root");
    expect(identifiers).not.toContain("arn:aws:iam::123456789012:root");
  });

  test("no principal gets use of the key from the key policy; use outside the services is denied", () => {
    const deny = serviceStatement(defaults.statements);
    expect(deny).toMatchObject({
      sid: "DenyUseOutsideServices",
      effect: "Deny",
      principals: [{ type: "AWS", identifiers: ["*"] }],
      resources: ["*"],
    });
    expect(deny.actions.sort()).toEqual([
      "kms:Decrypt",
      "kms:Encrypt",
      "kms:GenerateDataKey*",
      "kms:ReEncrypt*",
    ]);
    expect(deny.condition).toEqual([
      { test: "StringNotEquals", variable: "kms:ViaService", values: ["s3.eu-west-1.amazonaws.com"] },
    ]);
    const allows = defaults.statements.filter((st) => st.effect === "Allow");
    expect(allows.flatMap((st) => st.principals.flatMap((p) => p.identifiers))).toEqual([
      "arn:aws:iam::123456789012:root",
    ]);
  });

  test("lists one kms:ViaService value per service, in the key's region", () => {
    const { statements } = synth({ viaServices: ["s3", "kinesis", "glue"], region: "us-west-2" });
    const via = serviceStatement(statements).condition!.find((c) => c.variable === "kms:ViaService")!;
    expect(via.test).toBe("StringNotEquals");
    expect(via.values).toEqual([
      "s3.us-west-2.amazonaws.com",
      "kinesis.us-west-2.amazonaws.com",
      "glue.us-west-2.amazonaws.com",
    ]);
  });

  test("has exactly the account statement and the service guard", () => {
    expect(defaults.statements.map((s) => s.effect)).toEqual(["Allow", "Deny"]);
  });
});
