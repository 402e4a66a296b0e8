import { Testing } from "cdktf";
import { EXAMPLE_CONFIG, loadConfig, type ResolvedAzureEnvironment } from "../../config";
import { AzureLakehouseStack } from "../../stacks/azure-lakehouse-stack";
import { onlyResource, resourcesOf, synthJson } from "../support/terraform-json";

function azureEnvironment(
  name: string,
  edit?: (env: Record<string, unknown>) => void,
): ResolvedAzureEnvironment {
  const input = structuredClone(EXAMPLE_CONFIG);
  const env = input.environments.find((e) => e.cloud === "azure" && e.name === name)!;
  edit?.(env as unknown as Record<string, unknown>);
  return loadConfig(input).environments.find((e) => e.id === `azure-${name}`) as ResolvedAzureEnvironment;
}

function synthAzure(environment: ResolvedAzureEnvironment) {
  return synthJson(new AzureLakehouseStack(Testing.app(), environment.id, { environment }));
}

describe("AzureLakehouseStack", () => {
  test("prod encrypts storage with the vault's key through the user-assigned identity", () => {
    const doc = synthAzure(azureEnvironment("prod"));
    const account = onlyResource(doc, "azurerm_storage_account");
    const key = Object.keys(resourcesOf(doc, "azurerm_key_vault_key"))[0]!;
    const identity = Object.keys(resourcesOf(doc, "azurerm_user_assigned_identity"))[0]!;
    expect(account.customer_managed_key).toEqual({
      key_vault_key_id: `\${azurerm_key_vault_key.${key}.versionless_id}`,
      user_assigned_identity_id: `\${azurerm_user_assigned_identity.${identity}.id}`,
    });
    expect(onlyResource(doc, "azurerm_key_vault").purge_protection_enabled).toBe(true);
  });

  test("prod keeps landing files immutable, and nothing else", () => {
    const doc = synthAzure(azureEnvironment("prod"));
    const policies = Object.values(resourcesOf(doc, "azurerm_storage_container_immutability_policy"));
    expect(policies).toHaveLength(1);
    expect(policies[0]!.storage_container_resource_manager_id).toMatch(
      /azurerm_storage_container\.Storage_Container-landing_\w+\.id/,
    );
    expect(policies[0]!.immutability_period_in_days).toBe(365);
  });

  test("dev uses a Microsoft-managed key: no vault, no identity", () => {
    const doc = synthAzure(azureEnvironment("dev"));
    expect(resourcesOf(doc, "azurerm_key_vault")).toEqual({});
    expect(resourcesOf(doc, "azurerm_user_assigned_identity")).toEqual({});
    expect(onlyResource(doc, "azurerm_storage_account").customer_managed_key).toBeUndefined();
  });

  test("the vault firewall takes the config's ranges plus the deployer_ip_ranges variable", () => {
    const doc = synthAzure(
      azureEnvironment("prod", (env) => {
        (env.network as { allowedPublicIpRanges: string[] }).allowedPublicIpRanges = ["198.51.100.0/24"];
      }),
    );
    expect(doc.variable?.deployer_ip_ranges).toMatchObject({ type: "list(string)", default: [] });
    const acls = onlyResource(doc, "azurerm_key_vault").network_acls as Record<string, unknown>;
    expect(acls.ip_rules).toBe('${concat(["198.51.100.0/24"], var.deployer_ip_ranges)}');
    expect(acls.default_action).toBe("Deny");
  });

  test("the provider manages storage through Resource Manager only and uses Entra ID for data", () => {
    const provider = synthAzure(azureEnvironment("dev")).provider?.azurerm?.[0] as Record<string, unknown>;
    expect(provider.storage_use_azuread).toBe(true);
    expect(JSON.stringify(provider.features)).toContain('"data_plane_available":false');
  });

  test("an azurerm backend keys state by stack and authenticates with Entra ID", () => {
    const doc = synthAzure(
      azureEnvironment("staging", (env) => {
        env.backend = {
          type: "azurerm",
          resourceGroupName: "tfstate-rg",
          storageAccountName: "tfstatefrdlh",
          containerName: "tfstate",
        };
      }),
    );
    expect(doc.terraform?.backend).toEqual({
      azurerm: {
        resource_group_name: "tfstate-rg",
        storage_account_name: "tfstatefrdlh",
        container_name: "tfstate",
        key: "azure-staging.tfstate",
        use_azuread_auth: true,
      },
    });
  });

  test("outputs the Kafka bootstrap server and the layer URLs for the workspace stage", () => {
    const doc = synthAzure(azureEnvironment("dev"));
    expect(doc.output?.kafka_bootstrap_servers?.value).toBe("frdlh-dev-ingest.servicebus.windows.net:9093");
    expect((doc.output?.layer_urls?.value as Record<string, string>).bronze).toMatch(
      /^abfss:\/\/bronze@\$\{azurerm_storage_account\.\w+\.name\}\.dfs\.core\.windows\.net\/$/,
    );
  });
});
