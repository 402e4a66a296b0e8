/**
 * Production posture of the example prod environments: what their private options build. Resources are
 * gathered per environment from all of its stacks (`<env>` and any `<env>-…` layer).
 */
import { Testing } from "cdktf";
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import { addLakehouseStacks } from "../../stacks/lakehouse-app";
import { resourcesOf, synthJson, type TerraformJson } from "../support/terraform-json";

const config = loadConfig(EXAMPLE_CONFIG);
const stacks = addLakehouseStacks(Testing.app(), config).map((stack) => ({
  id: stack.node.id,
  json: synthJson(stack),
}));

/** Resources of `type` by logical id, in every stack of environment `envId`. */
function resources(envId: string, type: string): Record<string, Record<string, unknown>> {
  return Object.assign(
    {},
    ...stacks
      .filter((s) => s.id === envId || s.id.startsWith(`${envId}-`))
      .map((s: { json: TerraformJson }) => resourcesOf(s.json, type)),
  ) as Record<string, Record<string, unknown>>;
}

const only = (envId: string, type: string): [string, Record<string, unknown>] => {
  const all = Object.entries(resources(envId, type));
  if (all.length !== 1) throw new Error(`expected one ${type} in ${envId}, found ${all.length}`);
  return all[0]!;
};

describe("azure-prod", () => {
  const [accountId, account] = only("azure-prod", "azurerm_storage_account");
  const endpoints = Object.values(resources("azure-prod", "azurerm_private_endpoint")).map(
    (e) => e.private_service_connection as Record<string, unknown>,
  );
  const targets = (address: string) =>
    endpoints
      .filter((c) => c.private_connection_resource_id === `\${${address}.id}`)
      .map((c) => (c.subresource_names as string[])[0])
      .sort();

  test("storage has public access off, with blob and dfs private endpoints and serverless NCC rules (storage and the serverless pipeline's Event Hubs)", () => {
    expect(account.public_network_access_enabled).toBe(false);
    expect(targets(`azurerm_storage_account.${accountId}`)).toEqual(["blob", "dfs"]);
    const zones = Object.values(resources("azure-prod", "azurerm_private_dns_zone")).map((z) => z.name);
    expect(zones.sort()).toEqual([
      "privatelink.azuredatabricks.net",
      "privatelink.blob.core.windows.net",
      "privatelink.dfs.core.windows.net",
      "privatelink.vaultcore.azure.net",
    ]);
    const rules = Object.values(resources("azure-prod", "databricks_mws_ncc_private_endpoint_rule"));
    const [namespaceId] = only("azure-prod", "azurerm_eventhub_namespace");
    expect(rules.map((r) => [r.resource_id, r.group_id])).toEqual([
      [`\${azurerm_eventhub_namespace.${namespaceId}.id}`, "namespace"],
      [`\${azurerm_storage_account.${accountId}.id}`, "blob"],
      [`\${azurerm_storage_account.${accountId}.id}`, "dfs"],
    ]);
  });

  test("the Key Vault admits the configured runner range and has a vault private endpoint", () => {
    const [vaultId, vault] = only("azure-prod", "azurerm_key_vault");
    expect(vault.network_acls).toEqual({
      default_action: "Deny",
      bypass: "AzureServices",
      ip_rules: ["203.0.113.0/28"],
    });
    expect(targets(`azurerm_key_vault.${vaultId}`)).toEqual(["vault"]);
  });

  test("the workspace encrypts managed services, disks and the DBFS root with the vault's key", () => {
    const [workspaceId, workspace] = only("azure-prod", "azurerm_databricks_workspace");
    const [keyId] = only("azure-prod", "azurerm_key_vault_key");
    expect(workspace).toMatchObject({
      customer_managed_key_enabled: true,
      managed_services_cmk_key_vault_key_id: `\${azurerm_key_vault_key.${keyId}.id}`,
      managed_disk_cmk_key_vault_key_id: `\${azurerm_key_vault_key.${keyId}.id}`,
    });
    const [, dbfs] = only("azure-prod", "azurerm_databricks_workspace_root_dbfs_customer_managed_key");
    expect(dbfs).toMatchObject({
      workspace_id: `\${azurerm_databricks_workspace.${workspaceId}.id}`,
      key_vault_key_id: `\${azurerm_key_vault_key.${keyId}.id}`,
    });
  });

  test("landing WORM is locked", () => {
    const [, policy] = only("azure-prod", "azurerm_storage_container_immutability_policy");
    expect(policy).toMatchObject({ immutability_period_in_days: 365, locked: true });
  });
});

test("dev and staging keep public storage behind the firewall and create no storage endpoints", () => {
  for (const envId of ["azure-dev", "azure-staging"]) {
    const [, account] = only(envId, "azurerm_storage_account");
    expect(account.public_network_access_enabled).toBe(true);
    expect(resources(envId, "azurerm_private_endpoint")).toEqual({});
    // Only the serverless pipeline's private endpoint to Event Hubs, none to storage.
    const rules = Object.values(resources(envId, "databricks_mws_ncc_private_endpoint_rule"));
    expect(rules.map((r) => r.group_id)).toEqual(["namespace"]);
  }
});

describe("aws-prod", () => {
  test("front-end PrivateLink only: private access settings without public access, on the ENTERPRISE tier", () => {
    const [pasId, pas] = only("aws-prod", "databricks_mws_private_access_settings");
    expect(pas.public_access_enabled).toBe(false);
    const [, workspace] = only("aws-prod", "databricks_mws_workspaces");
    expect(workspace).toMatchObject({
      pricing_tier: "ENTERPRISE",
      private_access_settings_id: `\${databricks_mws_private_access_settings.${pasId}.private_access_settings_id}`,
    });
    const frontEnd = Object.values(resources("aws-prod", "aws_vpc_security_group_ingress_rule")).filter(
      (r) => r.cidr_ipv4 === "10.200.0.0/16",
    );
    expect(frontEnd.map((r) => [r.from_port, r.to_port])).toEqual([[443, 443]]);
  });

  test("workspace CMKs for managed services and storage", () => {
    const [, workspace] = only("aws-prod", "databricks_mws_workspaces");
    expect(workspace.managed_services_customer_managed_key_id).toMatch(
      /databricks_mws_customer_managed_keys\./,
    );
    expect(workspace.storage_customer_managed_key_id).toMatch(/databricks_mws_customer_managed_keys\./);
    const useCases = Object.values(resources("aws-prod", "databricks_mws_customer_managed_keys")).map(
      (k) => (k.use_cases as string[])[0],
    );
    expect(useCases.sort()).toEqual(["MANAGED_SERVICES", "STORAGE"]);
  });

  test("two NAT gateways, one per zone, each with its own private route table", () => {
    const nats = resources("aws-prod", "aws_nat_gateway");
    expect(Object.keys(nats)).toHaveLength(2);
    const subnets = resources("aws-prod", "aws_subnet");
    const zoneOf = (ref: unknown) =>
      Object.entries(subnets).find(([id]) => ref === `\${aws_subnet.${id}.id}`)![1].availability_zone;
    expect(
      Object.values(nats)
        .map((n) => zoneOf(n.subnet_id))
        .sort(),
    ).toEqual(["us-east-1a", "us-east-1b"]);
    const natRoutes = Object.values(resources("aws-prod", "aws_route")).filter((r) => r.nat_gateway_id);
    expect(new Set(natRoutes.map((r) => r.route_table_id)).size).toBe(2);
  });

  test("S3 gateway endpoint with a policy; STS and Kinesis interface endpoints", () => {
    const endpoints = Object.values(resources("aws-prod", "aws_vpc_endpoint"));
    const s3 = endpoints.find((e) => String(e.service_name).endsWith(".s3"))!;
    expect(s3.policy).toMatch(/data\.aws_iam_policy_document\.WorkspaceVpc_S3EndpointPolicy_\w+\.json/);
    expect(
      endpoints
        .filter((e) => e.vpc_endpoint_type === "Interface")
        .map((e) => String(e.service_name).replace(/^.*\./, ""))
        .sort(),
    ).toEqual(["kinesis-streams", "sts", "vpce-svc-00018a8c3ff62ffdf", "vpce-svc-09143d1e626de2f04"]);
  });

  test("Delta buckets keep noncurrent versions ≤ 7 days and ≤ 3 versions; landing keeps its 30 days", () => {
    const buckets = resources("aws-prod", "aws_s3_bucket");
    const layerOf = (ref: unknown) =>
      (
        Object.entries(buckets).find(([id]) => ref === `\${aws_s3_bucket.${id}.id}`)?.[1].tags as
          | Record<string, string>
          | undefined
      )?.layer;
    const noncurrent = Object.fromEntries(
      Object.values(resources("aws-prod", "aws_s3_bucket_lifecycle_configuration"))
        .map((c) => [
          layerOf(c.bucket),
          (c.rule as { id: string; noncurrent_version_expiration?: unknown }[]).find(
            (r) => r.id === "expire-noncurrent-versions",
          )?.noncurrent_version_expiration,
        ])
        .filter(([layer]) => ["landing", "bronze", "silver", "gold", "checkpoints"].includes(String(layer))),
    );
    expect(noncurrent).toEqual({
      landing: [{ noncurrent_days: 30 }],
      bronze: [{ noncurrent_days: 7, newer_noncurrent_versions: 3 }],
      silver: [{ noncurrent_days: 7, newer_noncurrent_versions: 3 }],
      gold: [{ noncurrent_days: 7, newer_noncurrent_versions: 3 }],
      checkpoints: [{ noncurrent_days: 7, newer_noncurrent_versions: 3 }],
    });
  });
});

test("aws-dev and aws-staging keep one NAT gateway and no interface endpoints (cost), but the S3 endpoint policy", () => {
  for (const envId of ["aws-dev", "aws-staging"]) {
    expect(Object.keys(resources(envId, "aws_nat_gateway"))).toHaveLength(1);
    const endpoints = Object.values(resources(envId, "aws_vpc_endpoint"));
    expect(endpoints.map((e) => e.vpc_endpoint_type ?? "Gateway")).toEqual(["Gateway"]);
    expect(endpoints[0]!.policy).toBeDefined();
  }
});
