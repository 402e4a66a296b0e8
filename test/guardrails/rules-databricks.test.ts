import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import {
  DatabricksWorkspace,
  type DatabricksWorkspaceConfig,
} from "@cdktf/provider-azurerm/lib/databricks-workspace";
import { Catalog } from "@cdktf/provider-databricks/lib/catalog";
import { Cluster } from "@cdktf/provider-databricks/lib/cluster";
import { ClusterPolicy } from "@cdktf/provider-databricks/lib/cluster-policy";
import { Grant } from "@cdktf/provider-databricks/lib/grant";
import { Grants } from "@cdktf/provider-databricks/lib/grants";
import { Job } from "@cdktf/provider-databricks/lib/job";
import { MwsNetworks } from "@cdktf/provider-databricks/lib/mws-networks";
import { MwsPrivateAccessSettings } from "@cdktf/provider-databricks/lib/mws-private-access-settings";
import { MwsWorkspaces } from "@cdktf/provider-databricks/lib/mws-workspaces";
import { Pipeline } from "@cdktf/provider-databricks/lib/pipeline";
import { SqlEndpoint } from "@cdktf/provider-databricks/lib/sql-endpoint";
import type { TerraformStack } from "cdktf";
import { evaluate, guardrailStack, outcome } from "./guardrails-helpers";

const TAGS = {
  project: "fraud-lakehouse",
  environment: "prod",
  owner: "data-platform@example.com",
  "cost-center": "cc-1",
  "managed-by": "cdktf-lakehouse",
};
const FIXED_TAGS = Object.fromEntries(
  Object.entries(TAGS).map(([k, v]) => [`custom_tags.${k}`, { type: "fixed", value: v }]),
);

const AZURE_WORKSPACE: DatabricksWorkspaceConfig = {
  name: "dbw",
  resourceGroupName: "rg",
  location: "westeurope",
  sku: "premium",
  publicNetworkAccessEnabled: false,
  networkSecurityGroupRulesRequired: "NoAzureDatabricksRules",
  customParameters: {
    noPublicIp: true,
    virtualNetworkId: "/vnet",
    publicSubnetName: "host",
    privateSubnetName: "container",
  },
};

function azureWorkspace(overrides: Partial<DatabricksWorkspaceConfig>, stage: "dev" | "prod" = "prod") {
  const stack = guardrailStack();
  new DatabricksWorkspace(stack, "Workspace", { ...AZURE_WORKSPACE, ...overrides });
  return evaluate(stack, stage);
}

/** An AWS workspace in a customer-managed VPC with private subnets and PrivateLink-only access. */
function awsWorkspace(
  stack: TerraformStack,
  opts: { publicSubnet?: boolean; tier?: string; publicAccess?: boolean; network?: boolean } = {},
) {
  const subnet = new Subnet(stack, "Subnet", {
    vpcId: "vpc-1",
    cidrBlock: "10.0.0.0/24",
    mapPublicIpOnLaunch: opts.publicSubnet ?? false,
    tags: TAGS,
  });
  const network = new MwsNetworks(stack, "Network", {
    accountId: "acc",
    networkName: "n",
    vpcId: "vpc-1",
    subnetIds: [subnet.id],
    securityGroupIds: ["sg-1"],
  });
  const pas = new MwsPrivateAccessSettings(stack, "Pas", {
    privateAccessSettingsName: "p",
    region: "us-east-1",
    publicAccessEnabled: opts.publicAccess ?? false,
  });
  new MwsWorkspaces(stack, "Workspace", {
    accountId: "acc",
    workspaceName: "w",
    awsRegion: "us-east-1",
    pricingTier: opts.tier ?? "ENTERPRISE",
    networkId: opts.network === false ? undefined : network.networkId,
    privateAccessSettingsId: pas.privateAccessSettingsId,
  });
}

describe("workspace rules (Azure)", () => {
  test("LH-DBW-001..004 pass on a VNet-injected premium workspace without public access", () => {
    const report = azureWorkspace({});
    for (const id of ["LH-DBW-001", "LH-DBW-002", "LH-DBW-003", "LH-DBW-004"]) {
      expect(outcome(report, id)).toMatchObject({ passed: 1, failed: 0 });
    }
  });

  test("LH-DBW-001: public IPs on cluster nodes", () => {
    const report = azureWorkspace({
      customParameters: { ...AZURE_WORKSPACE.customParameters, noPublicIp: false },
    });
    expect(outcome(report, "LH-DBW-001").messages).toEqual(["custom_parameters.no_public_ip is not true"]);
  });

  test("LH-DBW-002: no VNet injection", () => {
    const report = azureWorkspace({ customParameters: { noPublicIp: true } });
    expect(outcome(report, "LH-DBW-002").messages).toEqual([
      "custom_parameters lacks virtual_network_id, public_subnet_name, private_subnet_name",
    ]);
  });

  test("LH-DBW-003: standard tier", () => {
    expect(outcome(azureWorkspace({ sku: "standard" }), "LH-DBW-003").messages).toEqual(["sku is standard"]);
  });

  test("LH-DBW-004 (prod warning): public network access on; not evaluated in dev", () => {
    const prod = azureWorkspace({ publicNetworkAccessEnabled: true });
    expect(outcome(prod, "LH-DBW-004").messages).toEqual(["public_network_access_enabled is not false"]);
    expect(prod.findings.find((f) => f.ruleId === "LH-DBW-004")?.severity).toBe("warning");
    // LH-DBW-004 plus LH-DBW-005 (this bare workspace has no customer-managed keys).
    expect(prod.findings.filter((f) => f.severity === "warning").map((f) => f.ruleId)).toEqual([
      "LH-DBW-004",
      "LH-DBW-005",
    ]);
    expect(outcome(azureWorkspace({ publicNetworkAccessEnabled: true }, "dev"), "LH-DBW-004").applies).toBe(
      false,
    );
  });
});

describe("workspace rules (AWS)", () => {
  test("pass with private subnets, customer-managed VPC, ENTERPRISE and private access only", () => {
    const stack = guardrailStack();
    awsWorkspace(stack);
    const report = evaluate(stack, "prod");
    for (const id of ["LH-DBW-001", "LH-DBW-002", "LH-DBW-003", "LH-DBW-004"]) {
      expect(outcome(report, id)).toMatchObject({ passed: 1, failed: 0 });
    }
  });

  test("fail with a public subnet, a Databricks-managed VPC, no tier and public access", () => {
    const stack = guardrailStack();
    awsWorkspace(stack, { publicSubnet: true, network: false, tier: undefined, publicAccess: true });
    const report = evaluate(stack, "prod");
    expect(outcome(report, "LH-DBW-001").messages).toEqual(["subnets that assign public IPs: t/Subnet"]);
    expect(outcome(report, "LH-DBW-002").messages).toEqual([
      "network_id is not set (Databricks-managed VPC)",
    ]);
    expect(outcome(report, "LH-DBW-004").messages).toEqual(["t/Pas keeps public_access_enabled = true"]);
  });

  test("LH-DBW-003 fails on an unset or STANDARD pricing tier", () => {
    const stack = guardrailStack();
    awsWorkspace(stack, { tier: "STANDARD" });
    expect(outcome(evaluate(stack), "LH-DBW-003").messages).toEqual(["pricing_tier is STANDARD"]);
  });
});

describe("Unity Catalog rules", () => {
  test("LH-UC-001 passes on an isolated catalog and fails on an open one", () => {
    const stack = guardrailStack();
    new Catalog(stack, "Isolated", { name: "a", isolationMode: "ISOLATED" });
    new Catalog(stack, "Open", { name: "b" });
    expect(outcome(evaluate(stack), "LH-UC-001")).toMatchObject({
      passed: 1,
      failed: 1,
      messages: ["isolation_mode is OPEN"],
    });
  });

  test("LH-UC-002 allows BROWSE to account users and named groups anything", () => {
    const stack = guardrailStack();
    new Grants(stack, "Grants", {
      catalog: "c",
      grant: [
        { principal: "account users", privileges: ["BROWSE"] },
        { principal: "engineers", privileges: ["ALL_PRIVILEGES"] },
      ],
    });
    expect(outcome(evaluate(stack), "LH-UC-002")).toMatchObject({ passed: 1, failed: 0 });
  });

  test("LH-UC-002 fails on broad grants (databricks_grants and databricks_grant)", () => {
    const stack = guardrailStack();
    new Grants(stack, "Grants", {
      catalog: "c",
      grant: [{ principal: "account users", privileges: ["BROWSE", "USE_CATALOG", "SELECT"] }],
    });
    new Grant(stack, "Grant", { schema: "c.s", principal: "users", privileges: ["MODIFY"] });
    expect(outcome(evaluate(stack), "LH-UC-002").messages.sort()).toEqual([
      "broad grants: account users: USE_CATALOG, account users: SELECT",
      "broad grants: users: MODIFY",
    ]);
  });
});

describe("compute rules", () => {
  const interactive = (definition: Record<string, unknown>) =>
    JSON.stringify({ cluster_type: { type: "fixed", value: "all-purpose" }, ...definition });

  test("LH-CMP-001 passes on bounded policies and auto-terminating clusters; skips job/DLT policies", () => {
    const stack = guardrailStack();
    new ClusterPolicy(stack, "Interactive", {
      name: "i",
      definition: interactive({
        autotermination_minutes: { type: "range", minValue: 10, maxValue: 60 },
        ...FIXED_TAGS,
      }),
    });
    new ClusterPolicy(stack, "Jobs", {
      name: "j",
      definition: JSON.stringify({ cluster_type: { type: "fixed", value: "job" }, ...FIXED_TAGS }),
    });
    new Cluster(stack, "Cluster", { sparkVersion: "x", autoterminationMinutes: 30, customTags: TAGS });
    expect(outcome(evaluate(stack), "LH-CMP-001")).toMatchObject({ passed: 2, skipped: 1, failed: 0 });
  });

  test("LH-CMP-001 fails on an unbounded policy and a never-terminating cluster", () => {
    const stack = guardrailStack();
    new ClusterPolicy(stack, "Unbounded", {
      name: "u",
      definition: interactive({ autotermination_minutes: { type: "unlimited" } }),
    });
    new ClusterPolicy(stack, "Missing", { name: "m", definition: interactive({}) });
    new Cluster(stack, "Forever", { sparkVersion: "x", autoterminationMinutes: 0 });
    expect(outcome(evaluate(stack), "LH-CMP-001").messages.sort()).toEqual([
      "autoterminationMinutes is 0".replace("autoterminationMinutes", "autotermination_minutes"),
      "autotermination_minutes is unlimited without a positive minValue and a maxValue",
      "the policy does not constrain autotermination_minutes",
    ]);
  });

  test("LH-CMP-002 passes on tagged policies, clusters, warehouses, job and pipeline clusters (own tags or via policy)", () => {
    const stack = guardrailStack();
    const policy = new ClusterPolicy(stack, "Jobs", {
      name: "j",
      definition: JSON.stringify({ cluster_type: { type: "fixed", value: "job" }, ...FIXED_TAGS }),
    });
    new Cluster(stack, "Cluster", { sparkVersion: "x", customTags: TAGS });
    new SqlEndpoint(stack, "Warehouse", {
      name: "w",
      clusterSize: "Small",
      tags: { customTags: Object.entries(TAGS).map(([key, value]) => ({ key, value })) },
    });
    new Job(stack, "Job", {
      name: "job",
      jobCluster: [{ jobClusterKey: "main", newCluster: { sparkVersion: "x", policyId: policy.id } }],
    });
    new Pipeline(stack, "Pipeline", { name: "p", cluster: [{ label: "default", customTags: TAGS }] });
    expect(outcome(evaluate(stack), "LH-CMP-002")).toMatchObject({ passed: 5, failed: 0 });
  });

  test("LH-CMP-002 fails on untagged compute", () => {
    const stack = guardrailStack();
    new ClusterPolicy(stack, "Policy", {
      name: "p",
      definition: interactive({ "custom_tags.project": { type: "fixed", value: "x" } }),
    });
    new Cluster(stack, "Cluster", { sparkVersion: "x", customTags: { project: "x" } });
    new SqlEndpoint(stack, "Warehouse", { name: "w", clusterSize: "Small" });
    new Job(stack, "Job", {
      name: "job",
      jobCluster: [{ jobClusterKey: "main", newCluster: { sparkVersion: "x" } }],
    });
    new Pipeline(stack, "Pipeline", { name: "p" });
    const o = outcome(evaluate(stack), "LH-CMP-002");
    expect(o.failed).toBe(5);
    expect(o.messages).toContain(
      "policy does not fix missing custom tags: environment, owner, cost-center, managed-by",
    );
    expect(o.messages).toContain("no cluster block: the default cluster carries no custom tags");
  });

  test("LH-CMP-001 and LH-CMP-002 skip a policy family without a definition and fail one that is not a literal JSON object", () => {
    const stack = guardrailStack();
    new ClusterPolicy(stack, "Family", { name: "f", policyFamilyId: "personal-vm" });
    new ClusterPolicy(stack, "Computed", { name: "c", definition: "${var.policy_json}" });
    const report = evaluate(stack);
    for (const rule of ["LH-CMP-001", "LH-CMP-002"]) {
      expect(outcome(report, rule)).toMatchObject({
        skipped: 1,
        failed: 1,
        messages: ["the policy definition is not a literal JSON object at synth time"],
      });
    }
  });

  test("a policy element that is not an object (null, a number) constrains nothing and stops no rule", () => {
    const stack = guardrailStack();
    new ClusterPolicy(stack, "Odd", {
      name: "o",
      definition: JSON.stringify({
        "custom_tags.project": null,
        autotermination_minutes: null,
        cluster_type: 5,
        "custom_tags.owner": { type: "fixed", value: "x" },
      }),
    });
    const report = evaluate(stack);
    expect(outcome(report, "LH-CMP-001")).toMatchObject({
      failed: 1,
      messages: ["the policy does not constrain autotermination_minutes"],
    });
    expect(outcome(report, "LH-CMP-002")).toMatchObject({
      failed: 1,
      messages: ["policy does not fix missing custom tags: project, environment, cost-center, managed-by"],
    });
  });

  test("LH-CMP-003 passes with a short auto stop and fails when it never stops or stops too late", () => {
    const stack = guardrailStack();
    new SqlEndpoint(stack, "Good", { name: "a", clusterSize: "Small", autoStopMins: 15 });
    new SqlEndpoint(stack, "Never", { name: "b", clusterSize: "Small", autoStopMins: 0 });
    new SqlEndpoint(stack, "Late", { name: "c", clusterSize: "Small", autoStopMins: 600 });
    expect(outcome(evaluate(stack), "LH-CMP-003")).toMatchObject({
      passed: 1,
      messages: ["auto_stop_mins is 600 (> 120)", "auto_stop_mins is 0: the warehouse never stops"],
    });
  });
});

describe("pipeline and job rules (hand-built: the stacks do not define pipelines or jobs yet)", () => {
  const notified = [{ emailRecipients: ["oncall@example.com"], alerts: ["on-update-failure"] }];

  test("LH-PIPE-001 (prod): development mode fails, production mode passes; not evaluated in dev", () => {
    const stack = guardrailStack();
    new Pipeline(stack, "Dev", { name: "a", development: true, notification: notified });
    new Pipeline(stack, "Prod", { name: "b", development: false, notification: notified });
    expect(outcome(evaluate(stack, "prod"), "LH-PIPE-001")).toMatchObject({
      passed: 1,
      messages: ["development = true"],
    });
    const devStack = guardrailStack();
    new Pipeline(devStack, "Dev", { name: "a", development: true });
    expect(outcome(evaluate(devStack, "dev"), "LH-PIPE-001").applies).toBe(false);
  });

  test("LH-PIPE-002 (staging, prod): failure notifications", () => {
    const stack = guardrailStack();
    new Pipeline(stack, "Notified", { name: "a", notification: notified });
    new Pipeline(stack, "Silent", {
      name: "b",
      notification: [{ emailRecipients: ["x@example.com"], alerts: ["on-update-success"] }],
    });
    expect(outcome(evaluate(stack, "staging"), "LH-PIPE-002")).toMatchObject({
      passed: 1,
      messages: ["no notification with email recipients for update failures"],
    });
  });

  test("LH-JOB-001 (staging, prod): failure notifications on the job or on every task", () => {
    const stack = guardrailStack();
    new Job(stack, "JobLevel", { name: "a", emailNotifications: { onFailure: ["oncall@example.com"] } });
    new Job(stack, "TaskLevel", {
      name: "b",
      task: [{ taskKey: "t", emailNotifications: { onFailure: ["oncall@example.com"] } }],
    });
    new Job(stack, "Silent", { name: "c", emailNotifications: { onSuccess: ["x@example.com"] } });
    expect(outcome(evaluate(stack, "prod"), "LH-JOB-001")).toMatchObject({
      passed: 2,
      messages: ["no email or webhook notification on failure"],
    });
  });
});
