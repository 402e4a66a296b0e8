import {
  StorageEncryptionKeyVault,
  type StorageEncryptionKeyVaultProps,
} from "../../../constructs/azure/storage-encryption-key-vault";
import {
  onlyResource,
  resourcesOf,
  synthJson,
  unresolvedReferences,
  type TerraformJson,
} from "../../support/terraform-json";
import { azureTestStack } from "../../support/stacks";

const DEPLOYER = "22222222-2222-2222-2222-222222222222";

const BASE_PROPS: StorageEncryptionKeyVaultProps = {
  name: "kv-lakehouse-test",
  resourceGroupName: "rg-lakehouse-test",
  location: "westeurope",
  tenantId: "33333333-3333-3333-3333-333333333333",
  deployerObjectId: DEPLOYER,
};

function build(overrides: Partial<StorageEncryptionKeyVaultProps> = {}): TerraformJson {
  const stack = azureTestStack();
  new StorageEncryptionKeyVault(stack, "Cmk", { ...BASE_PROPS, ...overrides });
  return synthJson(stack);
}

/** `${type.logicalId}` of the single resource of a type. */
function addressOf(json: TerraformJson, type: string): string {
  const ids = Object.keys(resourcesOf(json, type));
  if (ids.length !== 1) throw new Error(`expected exactly one ${type}, found ${ids.length}`);
  return `${type}.${ids[0]}`;
}

function roleAssignment(json: TerraformJson, role: string): Record<string, unknown> {
  const found = Object.values(resourcesOf(json, "azurerm_role_assignment")).filter(
    (r) => r.role_definition_name === role,
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe("StorageEncryptionKeyVault", () => {
  const json = build();
  const vaultAddress = addressOf(json, "azurerm_key_vault");
  const keyAddress = addressOf(json, "azurerm_key_vault_key");
  const identityAddress = addressOf(json, "azurerm_user_assigned_identity");

  describe("vault", () => {
    const vault = onlyResource(json, "azurerm_key_vault");

    test("uses RBAC authorization and purge protection, in the given tenant", () => {
      expect(vault).toMatchObject({
        name: "kv-lakehouse-test",
        tenant_id: "33333333-3333-3333-3333-333333333333",
        rbac_authorization_enabled: true,
        purge_protection_enabled: true,
      });
      expect(vault).not.toHaveProperty("access_policy");
    });

    test("keeps deleted keys 90 days by default, or softDeleteRetentionDays", () => {
      expect(vault.soft_delete_retention_days).toBe(90);
      expect(
        onlyResource(build({ softDeleteRetentionDays: 7 }), "azurerm_key_vault").soft_delete_retention_days,
      ).toBe(7);
    });

    test("firewall denies by default and lets Azure services through", () => {
      expect(vault.network_acls).toEqual({ default_action: "Deny", bypass: "AzureServices", ip_rules: [] });
    });

    test("firewall lets the allowed ranges through", () => {
      const acls = onlyResource(
        build({ allowedIpRanges: ["203.0.113.7/32", "198.51.100.0/24"] }),
        "azurerm_key_vault",
      ).network_acls as Record<string, unknown>;
      expect(acls.default_action).toBe("Deny");
      expect(acls.ip_rules).toEqual(["203.0.113.7/32", "198.51.100.0/24"]);
    });
  });

  describe("deployer grant", () => {
    test("makes the deployer Key Vault Crypto Officer on the vault", () => {
      expect(roleAssignment(json, "Key Vault Crypto Officer")).toEqual({
        scope: `\${${vaultAddress}.id}`,
        role_definition_name: "Key Vault Crypto Officer",
        principal_id: DEPLOYER,
      });
    });

    test("creates the key only after the deployer grant has propagated", () => {
      const [officerId] = Object.entries(resourcesOf(json, "azurerm_role_assignment")).find(
        ([, r]) => r.role_definition_name === "Key Vault Crypto Officer",
      )!;
      const [sleepId, sleep] = Object.entries(resourcesOf(json, "time_sleep")).find(([id]) =>
        id.includes("DeployerGrantPropagation"),
      )!;
      expect(onlyResource(json, "azurerm_key_vault_key").depends_on).toEqual([`time_sleep.${sleepId}`]);
      expect(sleep).toEqual({ create_duration: "60s", depends_on: [`azurerm_role_assignment.${officerId}`] });
    });
  });

  describe("key", () => {
    const key = onlyResource(json, "azurerm_key_vault_key");

    test("is an RSA-3072 wrap/unwrap key in the vault", () => {
      expect(key.key_vault_id).toBe(`\${${vaultAddress}.id}`);
      expect(key.key_type).toBe("RSA");
      expect(key.key_size).toBe(3072);
      expect([...(key.key_opts as string[])].sort()).toEqual(["unwrapKey", "wrapKey"]);
    });

    test("rotates yearly and expires each version after two years by default", () => {
      expect(key.rotation_policy).toMatchObject({
        automatic: { time_after_creation: "P365D" },
        expire_after: "P730D",
      });
    });

    test("follows keyRotationDays", () => {
      expect(
        onlyResource(build({ keyRotationDays: 90 }), "azurerm_key_vault_key").rotation_policy,
      ).toMatchObject({
        automatic: { time_after_creation: "P90D" },
        expire_after: "P180D",
      });
    });
  });

  describe("storage identity", () => {
    test("is a user-assigned identity named after the vault by default", () => {
      expect(onlyResource(json, "azurerm_user_assigned_identity")).toMatchObject({
        name: "kv-lakehouse-test-storage-cmk",
        resource_group_name: "rg-lakehouse-test",
        location: "westeurope",
      });
      expect(onlyResource(build({ identityName: "id-custom" }), "azurerm_user_assigned_identity").name).toBe(
        "id-custom",
      );
    });

    test("gets Key Vault Crypto Service Encryption User on the versionless key only", () => {
      expect(roleAssignment(json, "Key Vault Crypto Service Encryption User")).toEqual({
        scope: `\${${keyAddress}.resource_versionless_id}`,
        role_definition_name: "Key Vault Crypto Service Encryption User",
        principal_id: `\${${identityAddress}.principal_id}`,
        principal_type: "ServicePrincipal",
      });
    });

    test("exposes readiness as a propagation delay after that grant", () => {
      const [grantId] = Object.entries(resourcesOf(json, "azurerm_role_assignment")).find(
        ([, r]) => r.role_definition_name === "Key Vault Crypto Service Encryption User",
      )!;
      const sleep = Object.entries(resourcesOf(json, "time_sleep")).find(([id]) =>
        id.includes("IdentityGrantPropagation"),
      )![1];
      expect(sleep.depends_on).toEqual([`azurerm_role_assignment.${grantId}`]);
    });
  });

  test("has no dangling references", () => {
    expect(unresolvedReferences(json)).toEqual([]);
  });
});

describe("StorageEncryptionKeyVault network access", () => {
  const PLACEMENT = {
    subnetId:
      "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe",
    virtualNetworkId:
      "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet",
  };

  test("a vault private endpoint in its privatelink.vaultcore zone; the key waits for it", () => {
    const json = build({ privateEndpoint: PLACEMENT, allowedIpRanges: ["203.0.113.0/28"] });
    const endpoint = onlyResource(json, "azurerm_private_endpoint");
    expect(endpoint).toMatchObject({
      name: "kv-lakehouse-test-vault-pe",
      subnet_id: PLACEMENT.subnetId,
      private_service_connection: {
        name: "kv-lakehouse-test-vault",
        private_connection_resource_id: `\${${addressOf(json, "azurerm_key_vault")}.id}`,
        subresource_names: ["vault"],
        is_manual_connection: false,
      },
    });
    expect(onlyResource(json, "azurerm_private_dns_zone").name).toBe("privatelink.vaultcore.azure.net");
    expect(onlyResource(json, "azurerm_private_dns_zone_virtual_network_link").virtual_network_id).toBe(
      PLACEMENT.virtualNetworkId,
    );
    expect(onlyResource(json, "azurerm_key_vault_key").depends_on).toEqual(
      expect.arrayContaining([
        addressOf(json, "azurerm_private_endpoint"),
        addressOf(json, "azurerm_private_dns_zone_virtual_network_link"),
      ]),
    );
    // Public access stays on behind the firewall, admitting the listed stable ranges.
    expect(onlyResource(json, "azurerm_key_vault")).toMatchObject({
      public_network_access_enabled: true,
      network_acls: { default_action: "Deny", bypass: "AzureServices", ip_rules: ["203.0.113.0/28"] },
    });
  });

  test("public access off: private endpoint only", () => {
    const json = build({ privateEndpoint: PLACEMENT, publicNetworkAccess: false });
    expect(onlyResource(json, "azurerm_key_vault").public_network_access_enabled).toBe(false);
  });

  test("public access off without a private endpoint is rejected", () => {
    expect(() => build({ publicNetworkAccess: false })).toThrow(
      "Cmk: publicNetworkAccess is false but no privateEndpoint is configured; nobody could create or read the key",
    );
  });
});
