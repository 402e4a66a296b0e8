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

  test("storage has public access off, with blob and dfs private endpoints and serverless NCC rules", () => {
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
    expect(rules.map((r) => [r.resource_id, r.group_id])).toEqual([
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
    expect(resources(envId, "databricks_mws_ncc_private_endpoint_rule")).toEqual({});
  }
});
