import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TerraformVariable } from "cdktf";
import {
  DatabricksAwsWorkspace,
  type DatabricksAwsWorkspaceProps,
} from "../../../constructs/aws/databricks-aws-workspace";
import { DatabricksWorkspaceVpc } from "../../../constructs/aws/databricks-workspace-vpc";
import {
  dataOf,
  onlyResource,
  resourcesOf,
  synthJson,
  unresolvedReferences,
  type TerraformJson,
} from "../../support/terraform-json";
import { AWS_DEV_PRIVATE_LINK, AWS_DEV_VPC_PROPS, awsTestStack } from "../../support/stacks";

const ACCOUNT_VAR = "${var.databricks_account_id}";

type Overrides = Partial<
  Omit<DatabricksAwsWorkspaceProps, "network" | "databricksAccountId" | "awsAccountId">
>;

interface Synthesized {
  json: TerraformJson;
  construct: DatabricksAwsWorkspace;
}

/** A bare stack with an account-level Databricks provider, the VPC construct and the workspace. */
function synth(overrides: Overrides = {}, options: { vpcPrivateLink?: boolean } = {}): Synthesized {
  const stack = awsTestStack();
  new DatabricksProvider(stack, "databricks", {
    host: "https://accounts.cloud.databricks.com",
    accountId: "00000000-0000-0000-0000-000000000000",
  });
  const accountId = new TerraformVariable(stack, "databricks_account_id", { type: "string" });
  const caller = new DataAwsCallerIdentity(stack, "caller");
  const vpc = new DatabricksWorkspaceVpc(stack, "DatabricksVpc", {
    ...AWS_DEV_VPC_PROPS,
    privateLink:
      (options.vpcPrivateLink ?? overrides.privateLink !== undefined) ? AWS_DEV_PRIVATE_LINK : undefined,
  });
  const construct = new DatabricksAwsWorkspace(stack, "Workspace", {
    databricksAccountId: accountId.stringValue,
    awsAccountId: caller.accountId,
    region: "us-east-1",
    workspaceName: "lh-dev",
    resourceNamePrefix: "lh-dev",
    rootBucketName: "lh-dev-databricks-root-123456789012-us-east-1",
    network: vpc.workspaceNetwork,
    ...overrides,
  });
  return { json: synthJson(stack), construct };
}

/** `${<type>.<logical id>.<attribute>}` of the only resource (or data source) of a type. */
function refOf(
  json: TerraformJson,
  type: string,
  attribute: string,
  kind: "resource" | "data" = "resource",
): string {
  const ids = Object.keys(kind === "data" ? dataOf(json, type) : resourcesOf(json, type));
  expect(ids).toHaveLength(1);
  return kind === "data" ? `\${data.${type}.${ids[0]}.${attribute}}` : `\${${type}.${ids[0]}.${attribute}}`;
}

describe("DatabricksAwsWorkspace", () => {
  const { json } = synth();

  test("trusts Databricks through the assume-role data source, with the account id as external id", () => {
    expect(onlyDataSource(json, "databricks_aws_assume_role_policy").external_id).toBe(ACCOUNT_VAR);
    const role = onlyResource(json, "aws_iam_role");
    expect(role.assume_role_policy).toBe(refOf(json, "databricks_aws_assume_role_policy", "json", "data"));
    expect(unresolvedReferences(json)).toEqual([]);
  });

  test("grants the cross-account policy from the data source, restricted to this account, region, VPC and group", () => {
    const policy = onlyResource(json, "aws_iam_role_policy");
    expect(policy.role).toBe(refOf(json, "aws_iam_role", "id"));
    expect(policy.policy).toBe(refOf(json, "databricks_aws_crossaccount_policy", "json", "data"));
    const source = onlyDataSource(json, "databricks_aws_crossaccount_policy");
    expect(source).toMatchObject({
      policy_type: "restricted",
      region: "us-east-1",
      aws_account_id: refOf(json, "aws_caller_identity", "account_id", "data"),
      vpc_id: refOf(json, "aws_vpc", "id"),
      security_group_id: refOf(json, "aws_security_group", "id"),
    });
  });

  test("uses Databricks' broader customer-managed-VPC policy only when asked", () => {
    const customer = synth({ crossAccountPolicyScope: "customer" }).json;
    const source = onlyDataSource(customer, "databricks_aws_crossaccount_policy");
    expect(source.policy_type).toBe("customer");
    expect(source.vpc_id).toBeUndefined();
    expect(source.security_group_id).toBeUndefined();
  });

  test("creates an encrypted, versioned, private root bucket", () => {
    const bucket = onlyResource(json, "aws_s3_bucket");
    expect(bucket.bucket).toBe("lh-dev-databricks-root-123456789012-us-east-1");
    const encryption = onlyResource(json, "aws_s3_bucket_server_side_encryption_configuration");
    expect(encryption.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
    expect(onlyResource(json, "aws_s3_bucket_versioning").versioning_configuration).toEqual({
      status: "Enabled",
    });
    expect(onlyResource(json, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test("puts the Databricks bucket policy and the TLS-only denials in the bucket's single policy", () => {
    const databricksPolicy = onlyDataSource(json, "databricks_aws_bucket_policy");
    expect(databricksPolicy.bucket).toBe(refOf(json, "aws_s3_bucket", "bucket"));
    expect(databricksPolicy.databricks_e2_account_id).toBe(ACCOUNT_VAR);

    const bucketPolicy = onlyResource(json, "aws_s3_bucket_policy");
    const documents = dataOf(json, "aws_iam_policy_document");
    const merged = Object.entries(documents).find(
      ([id]) => bucketPolicy.policy === `\${data.aws_iam_policy_document.${id}.json}`,
    );
    expect(merged).toBeDefined();
    const sources = merged![1].source_policy_documents as string[];
    expect(sources).toContain(refOf(json, "databricks_aws_bucket_policy", "json", "data"));
    // The hardened bucket's own document (deny non-TLS, deny TLS < 1.2) is the other source.
    const [ownId] = Object.entries(documents).find(([, doc]) =>
      (doc.statement as { sid?: string }[] | undefined)?.some((s) => s.sid === "DenyInsecureTransport"),
    )!;
    expect(sources).toContain(`\${data.aws_iam_policy_document.${ownId}.json}`);
    expect(sources).toHaveLength(2);
  });

  test("registers credentials after the role policy has propagated, and storage after the bucket policy", () => {
    const credentials = onlyResource(json, "databricks_mws_credentials");
    expect(credentials.role_arn).toBe(refOf(json, "aws_iam_role", "arn"));
    const [sleepId, sleep] = Object.entries(resourcesOf(json, "time_sleep"))[0]!;
    expect(credentials.depends_on).toEqual([`time_sleep.${sleepId}`]);
    expect(sleep.depends_on).toEqual([
      `aws_iam_role.${Object.keys(resourcesOf(json, "aws_iam_role"))[0]}`,
      `aws_iam_role_policy.${Object.keys(resourcesOf(json, "aws_iam_role_policy"))[0]}`,
    ]);

    const storage = onlyResource(json, "databricks_mws_storage_configurations");
    expect(storage.account_id).toBe(ACCOUNT_VAR);
    expect(storage.bucket_name).toBe(refOf(json, "aws_s3_bucket", "bucket"));
    expect(storage.depends_on).toEqual([
      `aws_s3_bucket_policy.${Object.keys(resourcesOf(json, "aws_s3_bucket_policy"))[0]}`,
    ]);
  });

  test("describes the customer-managed VPC to Databricks", () => {
    const network = onlyResource(json, "databricks_mws_networks");
    expect(network.account_id).toBe(ACCOUNT_VAR);
    expect(network.vpc_id).toBe(refOf(json, "aws_vpc", "id"));
    expect(network.security_group_ids).toEqual([refOf(json, "aws_security_group", "id")]);
    const subnets = network.subnet_ids as string[];
    expect(subnets).toHaveLength(2);
    const privateSubnetIds = Object.entries(resourcesOf(json, "aws_subnet"))
      .filter(([, subnet]) => (subnet.tags as Record<string, string>).Name.includes("private"))
      .map(([id]) => `\${aws_subnet.${id}.id}`);
    expect([...subnets].sort()).toEqual(privateSubnetIds.sort());
    expect(network.vpc_endpoints).toBeUndefined();
  });

  test("creates the workspace from the credentials, storage and network by reference", () => {
    const workspace = onlyResource(json, "databricks_mws_workspaces");
    expect(workspace).toMatchObject({
      account_id: ACCOUNT_VAR,
      aws_region: "us-east-1",
      workspace_name: "lh-dev",
      credentials_id: refOf(json, "databricks_mws_credentials", "credentials_id"),
      storage_configuration_id: refOf(
        json,
        "databricks_mws_storage_configurations",
        "storage_configuration_id",
      ),
      network_id: refOf(json, "databricks_mws_networks", "network_id"),
    });
    expect(workspace.private_access_settings_id).toBeUndefined();
    expect(workspace.pricing_tier).toBeUndefined();
    expect(workspace.custom_tags).toBeUndefined();
  });

  test("passes pricing tier and cluster custom tags through", () => {
    const { json: tagged } = synth({ pricingTier: "ENTERPRISE", customTags: { "cost-center": "cc-42" } });
    const workspace = onlyResource(tagged, "databricks_mws_workspaces");
    expect(workspace.pricing_tier).toBe("ENTERPRISE");
    expect(workspace.custom_tags).toEqual({ "cost-center": "cc-42" });
  });

  test("creates no PrivateLink registrations unless asked", () => {
    expect(resourcesOf(json, "databricks_mws_vpc_endpoint")).toEqual({});
    expect(resourcesOf(json, "databricks_mws_private_access_settings")).toEqual({});
  });

  test("with privateLink, registers both endpoints and attaches private access settings", () => {
    const { json: linked, construct } = synth({
      privateLink: { publicAccessEnabled: false },
      pricingTier: "ENTERPRISE",
    });
    const endpoints = Object.entries(resourcesOf(linked, "databricks_mws_vpc_endpoint"));
    expect(endpoints).toHaveLength(2);
    const awsEndpointIds = Object.entries(resourcesOf(linked, "aws_vpc_endpoint"))
      .filter(([, endpoint]) => endpoint.vpc_endpoint_type === "Interface")
      .map(([id]) => `\${aws_vpc_endpoint.${id}.id}`);
    expect(endpoints.map(([, e]) => e.aws_vpc_endpoint_id).sort()).toEqual(awsEndpointIds.sort());
    for (const [, endpoint] of endpoints) {
      expect(endpoint).toMatchObject({ account_id: ACCOUNT_VAR, region: "us-east-1" });
    }

    const network = onlyResource(linked, "databricks_mws_networks");
    const registered = (name: string): string =>
      `\${databricks_mws_vpc_endpoint.${endpoints.find(([, e]) => String(e.vpc_endpoint_name).endsWith(name))![0]}.vpc_endpoint_id}`;
    expect(network.vpc_endpoints).toEqual({
      rest_api: [registered("rest-api")],
      dataplane_relay: [registered("scc-relay")],
    });

    const settings = onlyResource(linked, "databricks_mws_private_access_settings");
    expect(settings).toMatchObject({
      account_id: ACCOUNT_VAR,
      region: "us-east-1",
      public_access_enabled: false,
    });
    expect(onlyResource(linked, "databricks_mws_workspaces").private_access_settings_id).toBe(
      refOf(linked, "databricks_mws_private_access_settings", "private_access_settings_id"),
    );
    expect(construct.privateAccessSettings).toBeDefined();
    expect(unresolvedReferences(linked)).toEqual([]);
  });

  test("rejects privateLink without PrivateLink endpoints in the network", () => {
    expect(() => synth({ privateLink: { publicAccessEnabled: true } }, { vpcPrivateLink: false })).toThrow(
      "privateLink is set but network.privateLinkEndpoints is missing",
    );
  });

  test("rejects privateLink on the Premium tier", () => {
    expect(() => synth({ privateLink: { publicAccessEnabled: true }, pricingTier: "PREMIUM" })).toThrow(
      "PrivateLink requires pricingTier 'ENTERPRISE'",
    );
  });

  test("puts every Databricks object on the given account-level provider", () => {
    const stack = awsTestStack();
    new DatabricksProvider(stack, "databricks", { host: "https://example.cloud.databricks.com" });
    const accounts = new DatabricksProvider(stack, "databricks_accounts", {
      alias: "accounts",
      host: "https://accounts.cloud.databricks.com",
      accountId: "00000000-0000-0000-0000-000000000000",
    });
    new DatabricksAwsWorkspace(stack, "Workspace", {
      databricksAccountId: "00000000-0000-0000-0000-000000000000",
      awsAccountId: "123456789012",
      region: "us-east-1",
      workspaceName: "lh-dev",
      resourceNamePrefix: "lh-dev",
      rootBucketName: "lh-dev-root",
      network: { vpcId: "vpc-1", subnetIds: ["subnet-1", "subnet-2"], securityGroupId: "sg-1" },
      accountProvider: accounts,
    });
    const out = synthJson(stack);
    const databricksBlocks = [
      ...Object.keys(out.resource ?? {})
        .filter((t) => t.startsWith("databricks_"))
        .map((t) => resourcesOf(out, t)),
      ...Object.keys(out.data ?? {})
        .filter((t) => t.startsWith("databricks_"))
        .map((t) => dataOf(out, t)),
    ].flatMap((byId) => Object.values(byId));
    expect(databricksBlocks.length).toBeGreaterThanOrEqual(7);
    for (const block of databricksBlocks) expect(block.provider).toBe("databricks.accounts");
  });
});

function onlyDataSource(json: TerraformJson, type: string): Record<string, unknown> {
  const all = Object.values(dataOf(json, type));
  expect(all).toHaveLength(1);
  return all[0]!;
}

describe("DatabricksAwsWorkspace customer-managed keys", () => {
  const { json, construct } = synth({ pricingTier: "ENTERPRISE", customerManagedKeys: {} });
  const keys = resourcesOf(json, "aws_kms_key");
  const keyId = (name: string) => Object.keys(keys).find((id) => id.startsWith(`Workspace_${name}_`))!;
  type Statement = {
    sid: string;
    actions: string[];
    principals: { identifiers: string[] }[];
    condition?: { test: string; variable: string; values: string[] }[];
  };
  const statements = (name: string): Statement[] =>
    (
      Object.entries(dataOf(json, "aws_iam_policy_document")).find(([id]) =>
        id.startsWith(`Workspace_${name}Policy_`),
      )![1] as { statement: Statement[] }
    ).statement;

  test("two rotating keys, registered for MANAGED_SERVICES and STORAGE and set on the workspace", () => {
    expect(Object.keys(keys).sort()).toEqual([
      expect.stringMatching(/^Workspace_ManagedServicesKey_/),
      expect.stringMatching(/^Workspace_WorkspaceStorageKey_/),
    ]);
    for (const key of Object.values(keys)) {
      expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    }
    const registrations = Object.entries(resourcesOf(json, "databricks_mws_customer_managed_keys"));
    const byUseCase = Object.fromEntries(
      registrations.map(([id, r]) => [(r.use_cases as string[])[0], [id, r]]),
    );
    expect(byUseCase.MANAGED_SERVICES![1]).toMatchObject({
      account_id: ACCOUNT_VAR,
      aws_key_info: { key_arn: `\${aws_kms_key.${keyId("ManagedServicesKey")}.arn}` },
    });
    expect(byUseCase.STORAGE![1]).toMatchObject({
      aws_key_info: { key_arn: `\${aws_kms_key.${keyId("WorkspaceStorageKey")}.arn}` },
    });
    expect(onlyResource(json, "databricks_mws_workspaces")).toMatchObject({
      managed_services_customer_managed_key_id: `\${databricks_mws_customer_managed_keys.${byUseCase.MANAGED_SERVICES![0]}.customer_managed_key_id}`,
      storage_customer_managed_key_id: `\${databricks_mws_customer_managed_keys.${byUseCase.STORAGE![0]}.customer_managed_key_id}`,
    });
    expect(construct.customerManagedKeyConfigurations).toBeDefined();
  });

  test("Databricks may use the keys only for this Databricks account; the cross-account role only via EC2", () => {
    const tag = [
      { test: "StringEquals", variable: "aws:PrincipalTag/DatabricksAccountId", values: [ACCOUNT_VAR] },
    ];
    expect(statements("ManagedServicesKey").map((s) => [s.sid, s.actions, s.condition])).toEqual([
      ["AccountAdministersKeyThroughIam", ["kms:*"], undefined],
      ["DatabricksControlPlaneManagedServices", ["kms:Encrypt", "kms:Decrypt"], tag],
    ]);
    const storage = statements("WorkspaceStorageKey");
    expect(storage.map((s) => s.sid)).toEqual([
      "AccountAdministersKeyThroughIam",
      "DatabricksRootBucket",
      "ClusterEbsVolumes",
    ]);
    expect(storage[1]!.principals[0]!.identifiers).toEqual(["arn:aws:iam::414351767826:root"]);
    expect(storage[1]!.condition).toEqual(tag);
    expect(storage[2]!.principals[0]!.identifiers).toEqual([
      expect.stringMatching(/^\$\{aws_iam_role\.Workspace_CrossAccountRole_\w+\.arn\}$/),
    ]);
    expect(storage[2]!.condition).toEqual([
      { test: "ForAnyValue:StringLike", variable: "kms:ViaService", values: ["ec2.*.amazonaws.com"] },
    ]);
  });

  test("the root bucket defaults to SSE-KMS with the storage key, so no guardrail suppression is needed", () => {
    const encryption = Object.values(
      resourcesOf(json, "aws_s3_bucket_server_side_encryption_configuration"),
    )[0]!;
    expect(JSON.stringify(encryption.rule)).toContain(`aws_kms_key.${keyId("WorkspaceStorageKey")}.arn`);
    expect(JSON.stringify(encryption.rule)).toContain("aws:kms");
  });

  test("customer-managed keys need the Enterprise tier", () => {
    expect(() => synth({ pricingTier: "PREMIUM", customerManagedKeys: {} })).toThrow(
      "DatabricksAwsWorkspace: customerManagedKeys require pricingTier 'ENTERPRISE', got 'PREMIUM'",
    );
  });

  test("front end private only: private access settings without public access", () => {
    const privateOnly = synth({ pricingTier: "ENTERPRISE", privateLink: { publicAccessEnabled: false } });
    expect(
      onlyResource(privateOnly.json, "databricks_mws_private_access_settings").public_access_enabled,
    ).toBe(false);
  });
});
