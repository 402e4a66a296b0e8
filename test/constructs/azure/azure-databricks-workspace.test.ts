import { TerraformOutput } from "cdktf";
import {
  AzureDatabricksWorkspace,
  type AzureDatabricksWorkspaceProps,
} from "../../../constructs/azure/azure-databricks-workspace";
import { DatabricksWorkspaceNetwork } from "../../../constructs/azure/databricks-workspace-network";
import {
  onlyResource,
  resourcesOf,
  synthJson,
  unresolvedReferences,
  type TerraformJson,
} from "../../support/terraform-json";
import { AZURE_DEV_NETWORK_PROPS, azureTestStack } from "../../support/stacks";

type Options = Partial<Omit<AzureDatabricksWorkspaceProps, "network">> & {
  /** Create private endpoints in the network's private-endpoint subnet. */
  withPrivateEndpoints?: boolean | { browserAuthentication?: boolean; privateDnsZoneId?: string };
};

interface Built {
  json: TerraformJson;
  workspace: AzureDatabricksWorkspace;
  network: DatabricksWorkspaceNetwork;
}

function build(options: Options = {}): Built {
  const { withPrivateEndpoints, ...overrides } = options;
  const stack = azureTestStack();
  const network = new DatabricksWorkspaceNetwork(stack, "Network", {
    ...AZURE_DEV_NETWORK_PROPS,
    privateEndpointSubnetCidr: "10.20.2.0/27",
  });
  const pe = withPrivateEndpoints
    ? {
        subnetId: network.privateEndpointSubnet!.id,
        virtualNetworkId: network.vnet.id,
        ...(typeof withPrivateEndpoints === "object" ? withPrivateEndpoints : {}),
      }
    : undefined;
  const workspace = new AzureDatabricksWorkspace(stack, "Databricks", {
    name: "lake-dev-dbw",
    resourceGroupName: "rg-lake-dev",
    location: "westeurope",
    network: network.injection,
    privateEndpoints: pe,
    ...overrides,
  });
  new TerraformOutput(stack, "workspace_url", { value: workspace.workspaceUrl });
  new TerraformOutput(stack, "workspace_id", { value: workspace.workspaceId });
  return { json: synthJson(stack), workspace, network };
}

function idOf(json: TerraformJson, type: string, pattern: RegExp): string {
  const ids = Object.keys(resourcesOf(json, type)).filter((id) => pattern.test(id));
  if (ids.length !== 1) throw new Error(`expected one ${type} matching ${pattern}, found ${ids.join(", ")}`);
  return ids[0]!;
}

function workspaceOf(json: TerraformJson): Record<string, unknown> {
  return onlyResource(json, "azurerm_databricks_workspace");
}

function endpointsOf(json: TerraformJson): Record<string, unknown>[] {
  return Object.values(resourcesOf(json, "azurerm_private_endpoint"));
}

describe("AzureDatabricksWorkspace", () => {
  test("premium workspace with a managed resource group named after it by default", () => {
    const { json } = build();
    expect(workspaceOf(json)).toMatchObject({
      name: "lake-dev-dbw",
      sku: "premium",
      managed_resource_group_name: "lake-dev-dbw-managed-rg",
      infrastructure_encryption_enabled: true,
      tags: { layer: "platform" },
    });
  });

  test("the managed resource group name can be set", () => {
    const { json } = build({ managedResourceGroupName: "rg-lake-dev-databricks" });
    expect(workspaceOf(json).managed_resource_group_name).toBe("rg-lake-dev-databricks");
  });

  test("secure cluster connectivity: no public IP, VNet injection ids wired by reference", () => {
    const { json } = build();
    const vnet = idOf(json, "azurerm_virtual_network", /^Network_Vnet/);
    const host = idOf(json, "azurerm_subnet", /^Network_HostSubnet_/);
    const container = idOf(json, "azurerm_subnet", /^Network_ContainerSubnet_/);
    const hostNsg = idOf(json, "azurerm_subnet_network_security_group_association", /^Network_HostSubnetNsg/);
    const containerNsg = idOf(
      json,
      "azurerm_subnet_network_security_group_association",
      /^Network_ContainerSubnetNsg/,
    );
    expect(workspaceOf(json).custom_parameters).toEqual({
      no_public_ip: true,
      virtual_network_id: `\${azurerm_virtual_network.${vnet}.id}`,
      public_subnet_name: `\${azurerm_subnet.${host}.name}`,
      private_subnet_name: `\${azurerm_subnet.${container}.name}`,
      public_subnet_network_security_group_association_id: `\${azurerm_subnet_network_security_group_association.${hostNsg}.id}`,
      private_subnet_network_security_group_association_id: `\${azurerm_subnet_network_security_group_association.${containerNsg}.id}`,
    });
  });

  test("the workspace depends on the NSG and NAT associations, so it is created after and destroyed before them", () => {
    const { json } = build();
    const dependsOn = workspaceOf(json).depends_on as string[];
    for (const id of Object.keys(resourcesOf(json, "azurerm_subnet_network_security_group_association"))) {
      expect(dependsOn).toContain(`azurerm_subnet_network_security_group_association.${id}`);
    }
    for (const id of Object.keys(resourcesOf(json, "azurerm_subnet_nat_gateway_association"))) {
      expect(dependsOn).toContain(`azurerm_subnet_nat_gateway_association.${id}`);
    }
  });

  test("without private endpoints: public access on, AllRules, no endpoints or DNS zone", () => {
    const { json, workspace } = build();
    expect(workspaceOf(json)).toMatchObject({
      public_network_access_enabled: true,
      network_security_group_rules_required: "AllRules",
    });
    expect(endpointsOf(json)).toHaveLength(0);
    expect(resourcesOf(json, "azurerm_private_dns_zone")).toEqual({});
    expect(resourcesOf(json, "azurerm_private_dns_zone_virtual_network_link")).toEqual({});
    expect(workspace.uiApiPrivateEndpoint).toBeUndefined();
  });

  test("with private endpoints: public access off by default, NoAzureDatabricksRules", () => {
    const { json } = build({ withPrivateEndpoints: true });
    expect(workspaceOf(json)).toMatchObject({
      public_network_access_enabled: false,
      network_security_group_rules_required: "NoAzureDatabricksRules",
    });
  });

  test("private endpoints and public access together keep AllRules", () => {
    const { json } = build({ withPrivateEndpoints: true, publicNetworkAccessEnabled: true });
    expect(workspaceOf(json)).toMatchObject({
      public_network_access_enabled: true,
      network_security_group_rules_required: "AllRules",
    });
  });

  test("public access off without private endpoints is rejected", () => {
    expect(() => build({ publicNetworkAccessEnabled: false })).toThrow(
      "Databricks: publicNetworkAccessEnabled is false but no privateEndpoints are configured",
    );
  });

  test("databricks_ui_api and browser_authentication endpoints in the private-endpoint subnet, registered in the linked zone", () => {
    const { json } = build({ withPrivateEndpoints: true });
    const workspaceId = idOf(json, "azurerm_databricks_workspace", /^Databricks_Workspace/);
    const peSubnet = idOf(json, "azurerm_subnet", /^Network_PrivateEndpointSubnet/);
    const zone = onlyResource(json, "azurerm_private_dns_zone");
    expect(zone.name).toBe("privatelink.azuredatabricks.net");
    const zoneId = idOf(json, "azurerm_private_dns_zone", /^Databricks_PrivateDnsZone/);
    expect(onlyResource(json, "azurerm_private_dns_zone_virtual_network_link")).toMatchObject({
      private_dns_zone_name: `\${azurerm_private_dns_zone.${zoneId}.name}`,
      virtual_network_id: `\${azurerm_virtual_network.${idOf(json, "azurerm_virtual_network", /^Network_Vnet/)}.id}`,
      registration_enabled: false,
    });

    const endpoints = endpointsOf(json);
    const subresources = endpoints.map(
      (e) => (e.private_service_connection as { subresource_names: string[] }).subresource_names,
    );
    expect(subresources.sort()).toEqual([["browser_authentication"], ["databricks_ui_api"]]);
    for (const endpoint of endpoints) {
      expect(endpoint.subnet_id).toBe(`\${azurerm_subnet.${peSubnet}.id}`);
      expect(endpoint.private_service_connection).toMatchObject({
        private_connection_resource_id: `\${azurerm_databricks_workspace.${workspaceId}.id}`,
        is_manual_connection: false,
      });
      expect(endpoint.private_dns_zone_group).toEqual({
        name: "databricks",
        private_dns_zone_ids: [`\${azurerm_private_dns_zone.${zoneId}.id}`],
      });
    }
  });

  test("browser_authentication is created after databricks_ui_api (two at once fail: azurerm#26373)", () => {
    const { json } = build({ withPrivateEndpoints: true });
    const byId = resourcesOf(json, "azurerm_private_endpoint");
    const uiApi = idOf(json, "azurerm_private_endpoint", /^Databricks_UiApiPrivateEndpoint/);
    const browser = idOf(json, "azurerm_private_endpoint", /^Databricks_BrowserAuthPrivateEndpoint/);
    expect(byId[browser]!.depends_on).toEqual([`azurerm_private_endpoint.${uiApi}`]);
    expect(byId[uiApi]!.depends_on).toBeUndefined();
  });

  test("browser_authentication can be left to another workspace of the region", () => {
    const { json, workspace } = build({ withPrivateEndpoints: { browserAuthentication: false } });
    const subresources = endpointsOf(json).map(
      (e) => (e.private_service_connection as { subresource_names: string[] }).subresource_names,
    );
    expect(subresources).toEqual([["databricks_ui_api"]]);
    expect(workspace.browserAuthenticationPrivateEndpoint).toBeUndefined();
  });

  test("an existing private DNS zone is used as is: no zone or link is created", () => {
    const hubZone =
      "/subscriptions/0000/resourceGroups/hub/providers/Microsoft.Network/privateDnsZones/privatelink.azuredatabricks.net";
    const { json } = build({ withPrivateEndpoints: { privateDnsZoneId: hubZone } });
    expect(resourcesOf(json, "azurerm_private_dns_zone")).toEqual({});
    expect(resourcesOf(json, "azurerm_private_dns_zone_virtual_network_link")).toEqual({});
    for (const endpoint of endpointsOf(json)) {
      expect(endpoint.private_dns_zone_group).toEqual({
        name: "databricks",
        private_dns_zone_ids: [hubZone],
      });
    }
  });

  test("exposes the workspace URL and workspace id as references", () => {
    const { json } = build();
    const workspaceId = idOf(json, "azurerm_databricks_workspace", /^Databricks_Workspace/);
    expect(json.output!.workspace_url!.value).toBe(
      `https://\${azurerm_databricks_workspace.${workspaceId}.workspace_url}`,
    );
    expect(json.output!.workspace_id!.value).toBe(
      `\${azurerm_databricks_workspace.${workspaceId}.workspace_id}`,
    );
  });

  test("no customer-managed keys unless asked", () => {
    const { json } = build();
    const ws = workspaceOf(json);
    expect(ws).not.toHaveProperty("managed_services_cmk_key_vault_key_id");
    expect(ws).not.toHaveProperty("managed_disk_cmk_key_vault_key_id");
  });

  test("customer-managed keys for managed services and disks, each with its grant", () => {
    const { json } = build({
      customerManagedKeys: {
        managedServices: { keyVaultKeyId: "kid-services/v1", grantScope: "scope-services" },
        azureDatabricksObjectId: "adb-app-object-id",
        managedDisks: { keyVaultKeyId: "kid-disks/v1", grantScope: "scope-disks" },
      },
    });
    const workspaceId = idOf(json, "azurerm_databricks_workspace", /^Databricks_Workspace/);
    const ws = workspaceOf(json);
    expect(ws).toMatchObject({
      managed_services_cmk_key_vault_key_id: "kid-services/v1",
      managed_disk_cmk_key_vault_key_id: "kid-disks/v1",
      managed_disk_cmk_rotation_to_latest_version_enabled: true,
    });
    const grants = resourcesOf(json, "azurerm_role_assignment");
    const services = grants[idOf(json, "azurerm_role_assignment", /^Databricks_ManagedServicesKeyGrant/)]!;
    expect(services).toMatchObject({
      scope: "scope-services",
      role_definition_name: "Key Vault Crypto Service Encryption User",
      principal_id: "adb-app-object-id",
    });
    // Azure reads the managed-services key while creating the workspace: the grant comes first, and
    // the workspace waits 60 s for it to propagate.
    const servicesGrantId = idOf(json, "azurerm_role_assignment", /^Databricks_ManagedServicesKeyGrant/);
    const sleeps = resourcesOf(json, "time_sleep");
    const servicesDelay = idOf(json, "time_sleep", /^Databricks_ManagedServicesKeyGrantPropagation/);
    expect(sleeps[servicesDelay]).toEqual({
      create_duration: "60s",
      depends_on: [`azurerm_role_assignment.${servicesGrantId}`],
    });
    expect(ws.depends_on).toEqual(
      expect.arrayContaining([`azurerm_role_assignment.${servicesGrantId}`, `time_sleep.${servicesDelay}`]),
    );
    const disks = grants[idOf(json, "azurerm_role_assignment", /^Databricks_ManagedDiskKeyGrant/)]!;
    expect(disks).toMatchObject({
      scope: "scope-disks",
      role_definition_name: "Key Vault Crypto Service Encryption User",
      principal_id: `\${azurerm_databricks_workspace.${workspaceId}.managed_disk_identity[0].principal_id}`,
    });
    // The disk grant follows the workspace (its identity exists only then); a 60 s delay after it is
    // part of what workspace calls wait for.
    const diskGrantId = idOf(json, "azurerm_role_assignment", /^Databricks_ManagedDiskKeyGrant/);
    const diskDelay = idOf(json, "time_sleep", /^Databricks_ManagedDiskKeyGrantPropagation/);
    expect(sleeps[diskDelay]).toEqual({
      create_duration: "60s",
      depends_on: [`azurerm_role_assignment.${diskGrantId}`],
    });
  });

  test("DBFS root CMK: the DBFS account gets an identity, the key after its grant has propagated", () => {
    const { json } = build({
      customerManagedKeys: {
        dbfsRoot: { keyVaultKeyId: "https://kv.vault.azure.net/keys/k/v1", grantScope: "scope-dbfs" },
      },
    });
    const workspaceId = idOf(json, "azurerm_databricks_workspace", /^Databricks_Workspace/);
    expect(workspaceOf(json).customer_managed_key_enabled).toBe(true);
    const grantId = idOf(json, "azurerm_role_assignment", /^Databricks_DbfsRootKeyGrant/);
    expect(resourcesOf(json, "azurerm_role_assignment")[grantId]).toEqual({
      scope: "scope-dbfs",
      role_definition_name: "Key Vault Crypto Service Encryption User",
      principal_id: `\${azurerm_databricks_workspace.${workspaceId}.storage_account_identity[0].principal_id}`,
      principal_type: "ServicePrincipal",
    });
    const sleepId = Object.keys(resourcesOf(json, "time_sleep")).find((id) =>
      id.includes("DbfsRootKeyGrantPropagation"),
    )!;
    expect(resourcesOf(json, "time_sleep")[sleepId]).toMatchObject({
      create_duration: "60s",
      depends_on: [`azurerm_role_assignment.${grantId}`],
    });
    expect(onlyResource(json, "azurerm_databricks_workspace_root_dbfs_customer_managed_key")).toEqual({
      workspace_id: `\${azurerm_databricks_workspace.${workspaceId}.id}`,
      key_vault_key_id: "https://kv.vault.azure.net/keys/k/v1",
      depends_on: [`time_sleep.${sleepId}`],
    });
  });

  test("without a DBFS root key, customer_managed_key_enabled stays unset", () => {
    expect(workspaceOf(build().json)).not.toHaveProperty("customer_managed_key_enabled");
    expect(resourcesOf(build().json, "azurerm_databricks_workspace_root_dbfs_customer_managed_key")).toEqual(
      {},
    );
  });

  test("every reference resolves, with and without private endpoints", () => {
    expect(unresolvedReferences(build().json)).toEqual([]);
    expect(unresolvedReferences(build({ withPrivateEndpoints: true }).json)).toEqual([]);
  });
});
