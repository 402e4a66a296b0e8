import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { DatabricksWorkspace } from "@cdktf/provider-azurerm/lib/databricks-workspace";
import { DatabricksWorkspaceRootDbfsCustomerManagedKey } from "@cdktf/provider-azurerm/lib/databricks-workspace-root-dbfs-customer-managed-key";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { MwsNccPrivateEndpointRule } from "@cdktf/provider-databricks/lib/mws-ncc-private-endpoint-rule";
import { MwsNetworkConnectivityConfig } from "@cdktf/provider-databricks/lib/mws-network-connectivity-config";
import { MwsNetworks } from "@cdktf/provider-databricks/lib/mws-networks";
import { MwsWorkspaces } from "@cdktf/provider-databricks/lib/mws-workspaces";
import { WorkspaceFile } from "@cdktf/provider-databricks/lib/workspace-file";
import { TerraformVariable, type TerraformStack } from "cdktf";
import {
  DatabricksWorkspaceVpc,
  type DatabricksWorkspaceVpcProps,
} from "../../constructs/aws/databricks-workspace-vpc";
import { evaluate, guardrailStack, outcome } from "./guardrails-helpers";

const base64 = (sql: string) => Buffer.from(sql, "utf8").toString("base64");

const KAFKA_BRONZE = `CREATE OR REFRESH STREAMING TABLE \`c\`.\`bronze\`.\`transactions\`
TBLPROPERTIES (
  'delta.logRetentionDuration' = 'interval 365 days'PROTECT
)
AS SELECT * FROM STREAM read_kafka(bootstrapServers => 'x:9093', subscribe => 't');

CREATE OR REFRESH STREAMING TABLE \`c\`.\`bronze\`.\`customers\`
AS SELECT * FROM STREAM read_files('abfss://landing@a.dfs.core.windows.net/customers/', format => 'json');
`;

describe("LH-PIPE-004 stream-fed streaming tables refuse a full refresh", () => {
  function check(sql: string) {
    const stack = guardrailStack();
    new WorkspaceFile(stack, "Bronze", { path: "/lakehouse/bronze.sql", contentBase64: base64(sql) });
    new WorkspaceFile(stack, "Readme", { path: "/lakehouse/README.md", contentBase64: base64("# notes") });
    return outcome(evaluate(stack), "LH-PIPE-004");
  }

  test("a Kafka-fed table without the property fails, naming it; file-fed tables are not checked", () => {
    const result = check(KAFKA_BRONZE.replace("PROTECT", ""));
    expect(result.messages).toEqual([
      "a full refresh may wipe `c`.`bronze`.`transactions` (no 'pipelines.reset.allowed' = 'false')",
    ]);
    expect(result.skipped).toBe(1);
  });

  test("with 'pipelines.reset.allowed' = 'false' it passes", () => {
    const result = check(KAFKA_BRONZE.replace("PROTECT", ",\n  'pipelines.reset.allowed' = 'false'"));
    expect(result).toMatchObject({ passed: 1, failed: 0, skipped: 1 });
  });

  test("Kinesis-fed tables are streams too", () => {
    const sql =
      "CREATE OR REFRESH STREAMING TABLE `c`.`bronze`.`t`\nAS SELECT * FROM STREAM read_kinesis(streamName => 's');\n";
    expect(check(sql).messages).toEqual([
      "a full refresh may wipe `c`.`bronze`.`t` (no 'pipelines.reset.allowed' = 'false')",
    ]);
  });
});

function endpoint(stack: TerraformStack, id: string, resourceId: string, subresource: string) {
  new PrivateEndpoint(stack, id, {
    name: id,
    resourceGroupName: "rg",
    location: "westeurope",
    subnetId: "/subnets/pe",
    privateServiceConnection: {
      name: id,
      privateConnectionResourceId: resourceId,
      subresourceNames: [subresource],
      isManualConnection: false,
    },
  });
}

describe("LH-AZST-009 private storage is reachable through private endpoints", () => {
  function account(stack: TerraformStack, publicNetworkAccessEnabled: boolean) {
    return new StorageAccount(stack, "Account", {
      name: "lake",
      resourceGroupName: "rg",
      location: "westeurope",
      accountTier: "Standard",
      accountReplicationType: "ZRS",
      publicNetworkAccessEnabled,
    });
  }

  test("public access on: not checked", () => {
    const stack = guardrailStack();
    account(stack, true);
    expect(outcome(evaluate(stack), "LH-AZST-009")).toMatchObject({ passed: 0, failed: 0, skipped: 1 });
  });

  test("public access off without endpoints or NCC rules fails, naming each", () => {
    const stack = guardrailStack();
    account(stack, false);
    new MwsNetworkConnectivityConfig(stack, "Ncc", { name: "ncc", region: "westeurope" });
    expect(outcome(evaluate(stack), "LH-AZST-009").messages).toEqual([
      "no blob private endpoint, no dfs private endpoint, no NCC private endpoint rule for blob, no NCC private endpoint rule for dfs",
    ]);
  });

  test.each([false, true])(
    "blob and dfs endpoints pass (with an NCC in the stack: %s, and its rules)",
    (withNcc) => {
      const stack = guardrailStack();
      const lake = account(stack, false);
      endpoint(stack, "Blob", lake.id, "blob");
      endpoint(stack, "Dfs", lake.id, "dfs");
      if (withNcc) {
        const ncc = new MwsNetworkConnectivityConfig(stack, "Ncc", { name: "ncc", region: "westeurope" });
        for (const groupId of ["blob", "dfs"]) {
          new MwsNccPrivateEndpointRule(stack, `Rule-${groupId}`, {
            networkConnectivityConfigId: ncc.networkConnectivityConfigId,
            resourceId: lake.id,
            groupId,
          });
        }
      }
      expect(outcome(evaluate(stack), "LH-AZST-009")).toMatchObject({ passed: 1, failed: 0 });
    },
  );
});

describe("LH-KV-003 the runner reaches the Key Vault without a per-run address", () => {
  function vault(stack: TerraformStack, opts: { ipRules?: string[]; publicAccess?: boolean }) {
    return new KeyVault(stack, "Vault", {
      name: "kv",
      resourceGroupName: "rg",
      location: "westeurope",
      tenantId: "t",
      skuName: "standard",
      publicNetworkAccessEnabled: opts.publicAccess ?? true,
      networkAcls: { defaultAction: "Deny", bypass: "AzureServices", ipRules: opts.ipRules ?? [] },
    });
  }

  test("ip rules from a variable fail", () => {
    const stack = guardrailStack();
    const ranges = new TerraformVariable(stack, "deployer_ip_ranges", { type: "list(string)", default: [] });
    vault(stack, { ipRules: ranges.listValue });
    expect(outcome(evaluate(stack), "LH-KV-003").messages).toEqual([
      "network_acls.ip_rules come from var.deployer_ip_ranges: the runner's address is needed on every run",
    ]);
  });

  test("stable ranges pass; no ranges and no endpoint fail; a vault endpoint passes", () => {
    const listed = guardrailStack();
    vault(listed, { ipRules: ["203.0.113.0/28"] });
    expect(outcome(evaluate(listed), "LH-KV-003").failed).toBe(0);

    const closed = guardrailStack();
    vault(closed, {});
    expect(outcome(evaluate(closed), "LH-KV-003").messages).toEqual([
      "no ip_rules and no vault private endpoint: no runner can reach the keys",
    ]);

    const privateOnly = guardrailStack();
    endpoint(privateOnly, "VaultPe", vault(privateOnly, {}).id, "vault");
    expect(outcome(evaluate(privateOnly), "LH-KV-003").failed).toBe(0);
  });

  test("public access off needs the vault endpoint", () => {
    const stack = guardrailStack();
    vault(stack, { publicAccess: false });
    expect(outcome(evaluate(stack), "LH-KV-003").messages).toEqual([
      "public network access is off and no vault private endpoint exists",
    ]);
  });
});

describe("LH-DBW-005 prod workspaces use customer-managed keys", () => {
  const WORKSPACE = {
    name: "dbw",
    resourceGroupName: "rg",
    location: "westeurope",
    sku: "premium",
    customParameters: { noPublicIp: true },
  };

  test("Azure: all three keys pass; missing ones are named; dev is not checked", () => {
    const full = guardrailStack();
    const ws = new DatabricksWorkspace(full, "Workspace", {
      ...WORKSPACE,
      customerManagedKeyEnabled: true,
      managedServicesCmkKeyVaultKeyId: "https://kv/keys/k/1",
      managedDiskCmkKeyVaultKeyId: "https://kv/keys/k/1",
    });
    new DatabricksWorkspaceRootDbfsCustomerManagedKey(full, "Dbfs", {
      workspaceId: ws.id,
      keyVaultKeyId: "https://kv/keys/k/1",
    });
    expect(outcome(evaluate(full, "prod"), "LH-DBW-005")).toMatchObject({ passed: 1, failed: 0 });

    const bare = guardrailStack();
    new DatabricksWorkspace(bare, "Workspace", {
      ...WORKSPACE,
      managedDiskCmkKeyVaultKeyId: "https://kv/keys/k/1",
    });
    expect(outcome(evaluate(bare, "prod"), "LH-DBW-005").messages).toEqual([
      "Databricks- or Microsoft-managed keys for managed services, DBFS root",
    ]);
    const dev = guardrailStack();
    new DatabricksWorkspace(dev, "Workspace", WORKSPACE);
    expect(outcome(evaluate(dev, "dev"), "LH-DBW-005").applies).toBe(false);
  });
});

describe("LH-DBW-005 on AWS", () => {
  test("both key ids pass; a missing storage key is named", () => {
    const managedServicesKeyOnly = {
      accountId: "a",
      workspaceName: "w",
      awsRegion: "us-east-1",
      managedServicesCustomerManagedKeyId: "cmk-1",
    };
    const full = guardrailStack();
    new MwsWorkspaces(full, "Workspace", { ...managedServicesKeyOnly, storageCustomerManagedKeyId: "cmk-2" });
    expect(outcome(evaluate(full, "prod"), "LH-DBW-005")).toMatchObject({ passed: 1, failed: 0 });
    const partial = guardrailStack();
    new MwsWorkspaces(partial, "Workspace", managedServicesKeyOnly);
    expect(outcome(evaluate(partial, "prod"), "LH-DBW-005").messages).toEqual([
      "Databricks- or Microsoft-managed keys for workspace storage (root bucket, EBS)",
    ]);
  });
});

describe("LH-S3-008 Delta buckets keep few noncurrent versions", () => {
  function bucket(layer: string, expiration: { noncurrentDays: number; newerNoncurrentVersions?: number }) {
    const stack = guardrailStack();
    const b = new S3Bucket(stack, "Bucket", { bucket: `lake-${layer}`, tags: { layer } });
    new S3BucketLifecycleConfiguration(stack, "Lifecycle", {
      bucket: b.id,
      rule: [
        {
          id: "noncurrent",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [expiration],
        },
      ],
    });
    return outcome(evaluate(stack), "LH-S3-008");
  }

  test("7 days / 3 versions pass on a Delta layer", () => {
    expect(bucket("silver", { noncurrentDays: 7, newerNoncurrentVersions: 3 })).toMatchObject({ passed: 1 });
  });

  test("30 days, or no version cap, fail", () => {
    expect(bucket("checkpoints", { noncurrentDays: 30, newerNoncurrentVersions: 3 }).messages).toEqual([
      "noncurrent versions kept 30 days / 3 versions",
    ]);
    expect(bucket("bronze", { noncurrentDays: 7 }).messages).toEqual([
      "noncurrent versions kept 7 days / all versions",
    ]);
  });

  test("landing (raw files) is not a Delta layer", () => {
    expect(bucket("landing", { noncurrentDays: 365 })).toMatchObject({ passed: 0, failed: 0, skipped: 1 });
  });
});

describe("AWS workspace network rules", () => {
  function network(props: Partial<DatabricksWorkspaceVpcProps> = {}, stage: "dev" | "prod" = "prod") {
    const stack = guardrailStack();
    const vpc = new DatabricksWorkspaceVpc(stack, "Vpc", {
      resourceNamePrefix: "lh-prod",
      cidrBlock: "10.0.0.0/20",
      privateSubnets: [
        { cidrBlock: "10.0.0.0/22", availabilityZone: "us-east-1a" },
        { cidrBlock: "10.0.4.0/22", availabilityZone: "us-east-1b" },
      ],
      publicSubnet: { cidrBlock: "10.0.8.0/26", availabilityZone: "us-east-1a" },
      ...props,
    });
    new MwsNetworks(stack, "Network", {
      accountId: "a",
      networkName: "n",
      vpcId: vpc.workspaceNetwork.vpcId,
      subnetIds: [...vpc.workspaceNetwork.subnetIds],
      securityGroupIds: [vpc.workspaceNetwork.securityGroupId],
    });
    return evaluate(stack, stage);
  }
  const full: Partial<DatabricksWorkspaceVpcProps> = {
    secondPublicSubnet: { cidrBlock: "10.0.8.64/26", availabilityZone: "us-east-1b" },
    endpointPolicies: { awsAccountId: "123456789012" },
    interfaceEndpoints: true,
  };

  test("with per-zone NAT, endpoint policies and interface endpoints everything passes", () => {
    const report = network(full);
    for (const id of ["LH-VPC-001", "LH-VPC-002", "LH-VPC-003"]) {
      expect({ id, failed: outcome(report, id).failed }).toEqual({ id, failed: 0 });
    }
    expect(outcome(report, "LH-VPC-001").passed).toBe(1);
  });

  test("the defaults fail each: S3 endpoint without policy, no STS/Kinesis endpoints, one NAT", () => {
    const report = network();
    expect(outcome(report, "LH-VPC-001").messages).toEqual([
      "no endpoint policy: full access to every bucket",
    ]);
    expect(outcome(report, "LH-VPC-002").messages).toEqual([
      "no interface endpoint for sts, kinesis-streams",
    ]);
    expect(outcome(report, "LH-VPC-003").messages).toEqual([
      expect.stringMatching(/Vpc\/PrivateSubnet2 \(us-east-1b\) egresses through us-east-1a$/),
    ]);
  });

  test("the availability rules are prod-only; the endpoint policy rule applies everywhere", () => {
    const report = network({}, "dev");
    expect(outcome(report, "LH-VPC-002").applies).toBe(false);
    expect(outcome(report, "LH-VPC-003").applies).toBe(false);
    expect(outcome(report, "LH-VPC-001").failed).toBe(1);
  });
});
