import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PropagationDelay } from "../core/propagation-delay";
import { layerTags } from "../../vocabulary/tags";
import { ServicePrivateEndpoints, type PrivateEndpointPlacement } from "./service-private-endpoints";
import type { AzureResourcePlacement } from "./azure-resource-placement";

/** Props of {@link StorageEncryptionKeyVault}. */
export interface StorageEncryptionKeyVaultProps extends AzureResourcePlacement {
  /** Globally unique vault name (3–24 characters). */
  readonly name: string;
  /** Entra tenant id (a token from `azurerm_client_config`). */
  readonly tenantId: string;
  /**
   * Object id of the identity running Terraform (a token from `azurerm_client_config`). It is made
   * Key Vault Crypto Officer so it can create and rotate the key over the vault's data plane.
   */
  readonly deployerObjectId: string;
  /**
   * Public ranges let through the vault firewall. Creating and reading the key are data-plane calls
   * (azurerm v4.55.0 key_vault_key_resource.go Create → GetKey/CreateKey), so the runner that applies
   * this stack must come from one of them, or reach the vault through `privateEndpoint`. List stable
   * ranges (a CI runner's NAT), not a laptop's changing address. Azure services (the storage account,
   * Databricks' DBFS account) pass as trusted services.
   * @default [] (only trusted Azure services and the private endpoint)
   */
  readonly allowedIpRanges?: string[];
  /**
   * Keep the vault's public endpoint (behind the default-deny firewall). `false` leaves only
   * `privateEndpoint`: the runner must then be in the VNet, or in a network peered with it that
   * resolves `privatelink.vaultcore.azure.net` to the endpoint.
   * @default true
   */
  readonly publicNetworkAccess?: boolean;
  /**
   * A `vault` private endpoint in the workspace VNet with its `privatelink.vaultcore.azure.net` zone
   * linked to it, so in-VNet clients (and runners) reach the vault privately. Required when
   * `publicNetworkAccess` is false.
   * @default no private endpoint
   */
  readonly privateEndpoint?: PrivateEndpointPlacement & {
    /** Existing `privatelink.vaultcore.azure.net` zone id. @default a new zone, linked to the VNet */
    readonly privateDnsZoneId?: string;
  };
  /**
   * Name of the user-assigned identity the storage account uses to reach the key.
   * @default `<name>-storage-cmk`
   */
  readonly identityName?: string;
  /**
   * Days a deleted vault or key can be recovered (7–90). Purge protection is always on.
   * @default 90
   */
  readonly softDeleteRetentionDays?: number;
  /**
   * Days after creation when Key Vault rotates the key to a new version. Each version expires at
   * twice that age, so an unrotated key is noticed (the storage account follows the versionless id).
   * @default 365
   */
  readonly keyRotationDays?: number;
}

/**
 * A Key Vault holding the customer-managed key of the lakehouse storage account, and the user-assigned
 * identity the account uses to read it. The identity exists before the account, so the account is
 * created already encrypted with the CMK (the inline `customer_managed_key` block requires a
 * user-assigned identity; a system-assigned one would only exist after creation).
 *
 * Secure defaults: RBAC authorization (no access policies), purge protection and soft delete (both
 * required by Azure Storage for CMK), firewall default deny, RSA-3072 key rotated automatically
 * every year. The runner reaches the vault's data plane from a listed stable range or through the
 * private endpoint, never from an address passed in per run.
 *
 * @example
 * // `rg` is the environment's ResourceGroup, `client` a DataAzurermClientConfig.
 * new StorageEncryptionKeyVault(this, "StorageKeyVault", {
 *   name: "frdlh-prod-kv",
 *   resourceGroupName: rg.name,
 *   location: rg.location,
 *   tenantId: client.tenantId,
 *   deployerObjectId: client.objectId,
 *   allowedIpRanges: ["203.0.113.0/24"],
 * });
 */
export class StorageEncryptionKeyVault extends Construct {
  readonly keyVault: KeyVault;
  readonly key: KeyVaultKey;
  readonly identity: UserAssignedIdentity;
  /** The vault's private endpoint, when `privateEndpoint` is set. */
  readonly privateEndpoint?: ServicePrivateEndpoints;
  /**
   * Ready once the identity's wrap/unwrap grant on the key has propagated. Anything encrypting with the
   * key must depend on it, or Azure rejects the first write while the grant propagates.
   */
  readonly encryptionRoleAssignment: ITerraformDependable;

  constructor(scope: Construct, id: string, props: StorageEncryptionKeyVaultProps) {
    super(scope, id);
    if (props.publicNetworkAccess === false && !props.privateEndpoint) {
      throw new Error(
        `${id}: publicNetworkAccess is false but no privateEndpoint is configured; nobody could create or read the key`,
      );
    }
    const tags = layerTags("platform");
    const rotationDays = props.keyRotationDays ?? 365;

    this.keyVault = new KeyVault(this, "Vault", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tenantId: props.tenantId,
      skuName: "standard",
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: props.softDeleteRetentionDays ?? 90,
      publicNetworkAccessEnabled: props.publicNetworkAccess ?? true,
      networkAcls: {
        defaultAction: "Deny",
        bypass: "AzureServices",
        ipRules: props.allowedIpRanges ?? [],
      },
      tags,
    });

    if (props.privateEndpoint) {
      this.privateEndpoint = new ServicePrivateEndpoints(this, "PrivateEndpoint", {
        name: props.name,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        resourceId: this.keyVault.id,
        subresources: ["vault"],
        subnetId: props.privateEndpoint.subnetId,
        virtualNetworkId: props.privateEndpoint.virtualNetworkId,
        privateDnsZoneIds:
          props.privateEndpoint.privateDnsZoneId === undefined
            ? undefined
            : { vault: props.privateEndpoint.privateDnsZoneId },
      });
    }

    const deployerCanManageKeys = new RoleAssignment(this, "DeployerCryptoOfficer", {
      scope: this.keyVault.id,
      roleDefinitionName: "Key Vault Crypto Officer",
      principalId: props.deployerObjectId,
    });

    this.key = new KeyVaultKey(this, "StorageKey", {
      name: "lakehouse-storage",
      keyVaultId: this.keyVault.id,
      keyType: "RSA",
      keySize: 3072,
      keyOpts: ["wrapKey", "unwrapKey"],
      rotationPolicy: {
        automatic: { timeAfterCreation: `P${rotationDays}D` },
        expireAfter: `P${rotationDays * 2}D`,
        notifyBeforeExpiry: "P30D",
      },
      tags,
      // RBAC on the vault's data plane takes a while to apply; a key created right away gets a 403.
      // A runner in the VNet reaches the vault through the private endpoint once it and its DNS exist.
      dependsOn: [
        new PropagationDelay(this, "DeployerGrantPropagation", { after: [deployerCanManageKeys] }).ready,
        ...(this.privateEndpoint?.ready ?? []),
      ],
    });

    this.identity = new UserAssignedIdentity(this, "StorageIdentity", {
      name: props.identityName ?? `${props.name}-storage-cmk`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags,
    });

    const identityGrant = new RoleAssignment(this, "StorageIdentityCryptoUser", {
      scope: this.key.resourceVersionlessId,
      roleDefinitionName: "Key Vault Crypto Service Encryption User",
      principalId: this.identity.principalId,
      // A just-created identity may not have replicated in Entra ID yet; the type skips that lookup.
      principalType: "ServicePrincipal",
    });
    this.encryptionRoleAssignment = new PropagationDelay(this, "IdentityGrantPropagation", {
      after: [identityGrant],
    }).ready;
  }
}
