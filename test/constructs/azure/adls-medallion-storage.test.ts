import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { TerraformOutput } from "cdktf";
import {
  AdlsMedallionStorage,
  type AdlsMedallionStorageProps,
} from "../../../constructs/azure/adls-medallion-storage";
import { MEDALLION_LAYERS } from "../../../vocabulary/medallion";
import {
  onlyResource,
  resourcesOf,
  synthJson,
  unresolvedReferences,
  type TerraformJson,
} from "../../support/terraform-json";
import { azureTestStack } from "../../support/stacks";

const PRIVATE_ENDPOINTS = {
  subnetId:
    "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe",
  virtualNetworkId: "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet",
};

const BASE_PROPS: AdlsMedallionStorageProps = {
  accountName: "lakehousetest01",
  resourceGroupName: "rg-lakehouse-test",
  location: "westeurope",
  replication: "ZRS",
  softDeleteDays: 14,
};

function build(overrides: Partial<AdlsMedallionStorageProps> = {}, withCmk = false): TerraformJson {
  const stack = azureTestStack();
  const grant = new RoleAssignment(stack, "Grant", {
    scope: "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/keys/k",
    roleDefinitionName: "Key Vault Crypto Service Encryption User",
    principalId: "11111111-1111-1111-1111-111111111111",
  });
  new AdlsMedallionStorage(stack, "Lake", {
    ...BASE_PROPS,
    ...(withCmk
      ? {
          customerManagedKey: {
            keyVaultKeyId: "https://kv-test.vault.azure.net/keys/lakehouse-storage",
            userAssignedIdentityId:
              "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-cmk",
            grant,
          },
        }
      : {}),
    ...overrides,
  });
  return synthJson(stack);
}

interface Rule {
  name: string;
  enabled: boolean;
  filters: { blob_types: string[]; prefix_match: string[] };
  actions: { base_blob: Record<string, number> };
}

function account(json: TerraformJson): Record<string, unknown> {
  return onlyResource(json, "azurerm_storage_account");
}

function accountAddress(json: TerraformJson): string {
  return `azurerm_storage_account.${Object.keys(resourcesOf(json, "azurerm_storage_account"))[0]}`;
}

describe("AdlsMedallionStorage", () => {
  describe("account", () => {
    const json = build();
    const acct = account(json);

    test("is an ADLS Gen2 (HNS) StorageV2 account with the given name and replication", () => {
      expect(acct).toMatchObject({
        name: "lakehousetest01",
        resource_group_name: "rg-lakehouse-test",
        location: "westeurope",
        is_hns_enabled: true,
        account_kind: "StorageV2",
        account_replication_type: "ZRS",
      });
    });

    test("passes any replication type through", () => {
      expect(account(build({ replication: "RAGRS" })).account_replication_type).toBe("RAGRS");
    });

    test("is TLS 1.2 / HTTPS only, no public blobs, no shared keys, double encryption, no cross-tenant replication", () => {
      expect(acct.min_tls_version).toBe("TLS1_2");
      expect(acct.https_traffic_only_enabled).toBe(true);
      expect(acct.allow_nested_items_to_be_public).toBe(false);
      expect(acct.shared_access_key_enabled).toBe(false);
      expect(acct.infrastructure_encryption_enabled).toBe(true);
      expect(acct.cross_tenant_replication_enabled).toBe(false);
    });

    test("soft-deletes blobs and containers for softDeleteDays, without versioning or change feed (HNS)", () => {
      const blob = acct.blob_properties as Record<string, unknown>;
      expect(blob.delete_retention_policy).toEqual({ days: 14 });
      expect(blob.container_delete_retention_policy).toEqual({ days: 14 });
      expect(blob).not.toHaveProperty("versioning_enabled");
      expect(blob).not.toHaveProperty("change_feed_enabled");
      expect(blob).not.toHaveProperty("restore_policy");
      expect(account(build({ softDeleteDays: 30 })).blob_properties).toMatchObject({
        delete_retention_policy: { days: 30 },
        container_delete_retention_policy: { days: 30 },
      });
    });

    test("has no dangling references", () => {
      expect(unresolvedReferences(json)).toEqual([]);
    });
  });

  describe("network", () => {
    test("firewall denies by default, lets Azure services through and writes /32 ranges as plain addresses", () => {
      const json = build({
        allowedIpRanges: ["203.0.113.7/32", "198.51.100.0/24"],
        allowedSubnetIds: [
          "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s",
        ],
      });
      const rules = account(json).network_rules as Record<string, unknown>;
      expect(rules.default_action).toBe("Deny");
      expect(rules.bypass).toEqual(expect.arrayContaining(["AzureServices"]));
      expect(rules.ip_rules).toEqual(["203.0.113.7", "198.51.100.0/24"]);
      expect(rules.virtual_network_subnet_ids).toEqual([
        "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s",
      ]);
    });

    test("firewall still denies by default with no allowed ranges", () => {
      const rules = account(build()).network_rules as Record<string, unknown>;
      expect(rules.default_action).toBe("Deny");
      expect(rules.ip_rules ?? []).toEqual([]);
    });

    test("data contributors get a resource-instance firewall rule and Storage Blob Data Contributor", () => {
      const connector =
        "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Databricks/accessConnectors/uc";
      const json = build({
        dataContributors: [{ resourceId: connector, principalId: "22222222-2222-2222-2222-222222222222" }],
      });
      expect((account(json).network_rules as Record<string, unknown>).private_link_access).toEqual([
        { endpoint_resource_id: connector },
      ]);
      const grants = Object.values(resourcesOf(json, "azurerm_role_assignment")).filter(
        (r) => r.role_definition_name === "Storage Blob Data Contributor",
      );
      expect(grants).toEqual([
        {
          scope: `\${${accountAddress(json)}.id}`,
          role_definition_name: "Storage Blob Data Contributor",
          principal_id: "22222222-2222-2222-2222-222222222222",
          principal_type: "ServicePrincipal",
        },
      ]);
    });

    test("no data contributors by default: no resource rules and no data role", () => {
      const json = build();
      expect((account(json).network_rules as Record<string, unknown>).private_link_access).toEqual([]);
      const roles = Object.values(resourcesOf(json, "azurerm_role_assignment")).map(
        (r) => r.role_definition_name,
      );
      expect(roles).not.toContain("Storage Blob Data Contributor");
    });

    test("public endpoint is kept by default and removed when publicNetworkAccess is false", () => {
      expect(account(build()).public_network_access_enabled).toBe(true);
      expect(
        account(build({ publicNetworkAccess: false, privateEndpoints: PRIVATE_ENDPOINTS }))
          .public_network_access_enabled,
      ).toBe(false);
    });

    test("public access off without private endpoints is rejected", () => {
      expect(() => build({ publicNetworkAccess: false })).toThrow(
        "Lake: publicNetworkAccess is false but no privateEndpoints are configured; clusters could not reach the lake",
      );
    });

    test("private endpoints: blob and dfs, each in its privatelink zone linked to the VNet", () => {
      const json = build({ publicNetworkAccess: false, privateEndpoints: PRIVATE_ENDPOINTS });
      const endpoints = Object.values(resourcesOf(json, "azurerm_private_endpoint"));
      expect(endpoints.map((e) => [e.name, e.subnet_id, e.private_service_connection])).toEqual([
        [
          "lakehousetest01-blob-pe",
          PRIVATE_ENDPOINTS.subnetId,
          {
            name: "lakehousetest01-blob",
            private_connection_resource_id: expect.stringMatching(
              /^\$\{azurerm_storage_account\.Lake_Account_\w+\.id\}$/,
            ),
            subresource_names: ["blob"],
            is_manual_connection: false,
          },
        ],
        [
          "lakehousetest01-dfs-pe",
          PRIVATE_ENDPOINTS.subnetId,
          {
            name: "lakehousetest01-dfs",
            private_connection_resource_id: expect.stringMatching(
              /^\$\{azurerm_storage_account\.Lake_Account_\w+\.id\}$/,
            ),
            subresource_names: ["dfs"],
            is_manual_connection: false,
          },
        ],
      ]);
      const zones = resourcesOf(json, "azurerm_private_dns_zone");
      expect(Object.values(zones).map((z) => z.name)).toEqual([
        "privatelink.blob.core.windows.net",
        "privatelink.dfs.core.windows.net",
      ]);
      expect(
        Object.values(resourcesOf(json, "azurerm_private_dns_zone_virtual_network_link")).map((l) => [
          l.virtual_network_id,
          l.registration_enabled,
        ]),
      ).toEqual([
        [PRIVATE_ENDPOINTS.virtualNetworkId, false],
        [PRIVATE_ENDPOINTS.virtualNetworkId, false],
      ]);
      for (const [i, endpoint] of endpoints.entries()) {
        const zoneId = Object.keys(zones)[i]!;
        expect(
          (endpoint.private_dns_zone_group as { private_dns_zone_ids: string[] }).private_dns_zone_ids,
        ).toEqual([`\${azurerm_private_dns_zone.${zoneId}.id}`]);
      }
    });

    test("existing DNS zones are used as given: no zone or link is created", () => {
      const json = build({
        publicNetworkAccess: false,
        privateEndpoints: {
          ...PRIVATE_ENDPOINTS,
          privateDnsZoneIds: { blob: "/zones/blob", dfs: "/zones/dfs" },
        },
      });
      expect(resourcesOf(json, "azurerm_private_dns_zone")).toEqual({});
      expect(
        Object.values(resourcesOf(json, "azurerm_private_endpoint")).map(
          (e) => (e.private_dns_zone_group as { private_dns_zone_ids: string[] }).private_dns_zone_ids,
        ),
      ).toEqual([["/zones/blob"], ["/zones/dfs"]]);
    });
  });

  describe("containers", () => {
    const json = build();
    const containers = Object.values(resourcesOf(json, "azurerm_storage_container"));

    test("creates exactly one private container per medallion layer", () => {
      expect(containers).toHaveLength(5);
      expect(containers.map((c) => c.name).sort()).toEqual([
        "bronze",
        "checkpoints",
        "gold",
        "landing",
        "silver",
      ]);
      for (const c of containers) expect(c.container_access_type).toBe("private");
    });

    test("uses the Resource Manager API (storage_account_id), not the data plane (storage_account_name)", () => {
      const id = `\${${accountAddress(json)}.id}`;
      for (const c of containers) {
        expect(c.storage_account_id).toBe(id);
        expect(c).not.toHaveProperty("storage_account_name");
      }
      expect(resourcesOf(json, "azurerm_storage_data_lake_gen2_filesystem")).toEqual({});
    });

    test("exposes abfss:// URLs per layer", () => {
      const stack = azureTestStack();
      const storage = new AdlsMedallionStorage(stack, "Lake", BASE_PROPS);
      for (const layer of MEDALLION_LAYERS) {
        new TerraformOutput(stack, `url-${layer}`, { value: storage.layerUrls[layer] });
      }
      const out = synthJson(stack);
      const name = `\${${accountAddress(out)}.name}`;
      for (const layer of MEDALLION_LAYERS) {
        expect(out.output?.[`url-${layer}`]?.value).toBe(`abfss://${layer}@${name}.dfs.core.windows.net/`);
      }
    });
  });

  describe("lifecycle tiering", () => {
    test("writes one rule per tiered layer, matching the container prefix, with the configured days", () => {
      const json = build({
        tiering: {
          bronze: { coolAfterDays: 30, archiveAfterDays: 180 },
          silver: { coolAfterDays: 60, coldAfterDays: 120, expireAfterDays: 730 },
          gold: {},
        },
      });
      const policy = onlyResource(json, "azurerm_storage_management_policy");
      expect(policy.storage_account_id).toBe(`\${${accountAddress(json)}.id}`);
      const rules = policy.rule as Rule[];
      expect(rules.map((r) => r.name)).toEqual(["tier-bronze", "tier-silver"]);

      const [bronze, silver] = rules;
      expect(bronze!.enabled).toBe(true);
      expect(bronze!.filters).toEqual({ blob_types: ["blockBlob"], prefix_match: ["bronze/"] });
      expect(bronze!.actions.base_blob).toEqual({
        tier_to_cool_after_days_since_modification_greater_than: 30,
        tier_to_archive_after_days_since_modification_greater_than: 180,
      });
      expect(silver!.filters.prefix_match).toEqual(["silver/"]);
      expect(silver!.actions.base_blob).toEqual({
        tier_to_cool_after_days_since_modification_greater_than: 60,
        tier_to_cold_after_days_since_modification_greater_than: 120,
        delete_after_days_since_modification_greater_than: 730,
      });
    });

    test("creates no management policy without tiering", () => {
      expect(resourcesOf(build(), "azurerm_storage_management_policy")).toEqual({});
      expect(resourcesOf(build({ tiering: { gold: {} } }), "azurerm_storage_management_policy")).toEqual({});
    });
  });

  describe("immutability", () => {
    test("adds a time-based retention policy only on the listed containers", () => {
      const json = build({ immutability: { layers: ["landing"], days: 30, locked: true } });
      const policy = onlyResource(json, "azurerm_storage_container_immutability_policy");
      const landingId = Object.entries(resourcesOf(json, "azurerm_storage_container")).find(
        ([, c]) => c.name === "landing",
      )![0];
      expect(policy).toEqual({
        storage_container_resource_manager_id: `\${azurerm_storage_container.${landingId}.id}`,
        immutability_period_in_days: 30,
        locked: true,
        protected_append_writes_all_enabled: true,
      });
    });

    test("passes days and locked through per listed layer", () => {
      const json = build({ immutability: { layers: ["landing", "bronze"], days: 7, locked: false } });
      const policies = Object.values(resourcesOf(json, "azurerm_storage_container_immutability_policy"));
      expect(policies).toHaveLength(2);
      const containerIds = Object.entries(resourcesOf(json, "azurerm_storage_container"))
        .filter(([, c]) => c.name === "landing" || c.name === "bronze")
        .map(([id]) => `\${azurerm_storage_container.${id}.id}`);
      expect(policies.map((p) => p.storage_container_resource_manager_id).sort()).toEqual(
        containerIds.sort(),
      );
      for (const p of policies) {
        expect(p).toMatchObject({
          immutability_period_in_days: 7,
          locked: false,
          protected_append_writes_all_enabled: true,
        });
      }
    });

    test("creates no immutability policy by default", () => {
      expect(resourcesOf(build(), "azurerm_storage_container_immutability_policy")).toEqual({});
    });
  });

  describe("customer-managed key", () => {
    test("uses the user-assigned identity and the key, and waits for the grant", () => {
      const json = build({}, true);
      const acct = account(json);
      const identityId =
        "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-cmk";
      expect(acct.identity).toEqual({ type: "UserAssigned", identity_ids: [identityId] });
      expect(acct.customer_managed_key).toEqual({
        key_vault_key_id: "https://kv-test.vault.azure.net/keys/lakehouse-storage",
        user_assigned_identity_id: identityId,
      });
      expect(acct.depends_on).toEqual(["azurerm_role_assignment.Grant"]);
      expect(unresolvedReferences(json)).toEqual([]);
    });

    test("uses a Microsoft-managed key and no identity by default", () => {
      const acct = account(build());
      expect(acct).not.toHaveProperty("identity");
      expect(acct).not.toHaveProperty("customer_managed_key");
      expect(acct).not.toHaveProperty("depends_on");
    });
  });
});
