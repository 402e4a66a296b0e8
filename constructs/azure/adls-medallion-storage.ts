import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { StorageContainerImmutabilityPolicy } from "@cdktf/provider-azurerm/lib/storage-container-immutability-policy";
import {
  StorageManagementPolicy,
  type StorageManagementPolicyRule,
} from "@cdktf/provider-azurerm/lib/storage-management-policy";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PropagationDelay } from "../core/propagation-delay";
import { ServicePrivateEndpoints, type PrivateEndpointPlacement } from "./service-private-endpoints";
import { MEDALLION_LAYERS, type MedallionLayer, type MedallionTiering } from "../../vocabulary/medallion";
import { layerTags } from "../../vocabulary/tags";
import type { AzureResourcePlacement } from "./azure-resource-placement";

/** Customer-managed key settings of {@link AdlsMedallionStorage}. */
export interface AdlsCustomerManagedKey {
  /** Versionless key id, so the account follows key rotation automatically. */
  readonly keyVaultKeyId: string;
  /** User-assigned identity allowed to wrap/unwrap with the key. */
  readonly userAssignedIdentityId: string;
  /** The role assignment that grants the identity the key; the account waits for it. */
  readonly grant: ITerraformDependable;
}

/** Props of {@link AdlsMedallionStorage}. */
export interface AdlsMedallionStorageProps extends AzureResourcePlacement {
  /** Globally unique account name (3–24 lowercase letters or digits). */
  readonly accountName: string;
  /** `LRS`, `ZRS`, `GRS`, `GZRS`, `RAGRS` or `RAGZRS` (no Archive tier on the zone-redundant ones). */
  readonly replication: string;
  /** Days deleted blobs and deleted containers stay recoverable. */
  readonly softDeleteDays: number;
  /** Tier changes per layer (container). @default none */
  readonly tiering?: MedallionTiering;
  /** Time-based retention (WORM) on the listed containers. Only raw-file containers, see the class docs. @default none */
  readonly immutability?: {
    readonly layers: readonly MedallionLayer[];
    readonly days: number;
    /**
     * Lock the policy. IRREVERSIBLE: a locked policy can never be unlocked, removed or shortened
     * (the provider rejects `locked` true → false, and the period can only grow), and while it is in
     * force neither the container nor the storage account can be deleted
     * (azurerm v4.55.0 storage_container_immutability_policy_resource.go:99-108, 169-170). Unlocked
     * policies are for testing: anyone with the right role can delete them.
     */
    readonly locked: boolean;
  };
  /** Encrypt with a customer-managed key instead of a Microsoft-managed one. @default Microsoft-managed key */
  readonly customerManagedKey?: AdlsCustomerManagedKey;
  /** Public egress ranges allowed through the firewall; a `/32` is written as a plain address. @default [] */
  readonly allowedIpRanges?: readonly string[];
  /** Subnets (with the Microsoft.Storage service endpoint) allowed through the firewall. @default [] */
  readonly allowedSubnetIds?: readonly string[];
  /**
   * Azure resources that read and write every layer, such as the Databricks access connector Unity
   * Catalog uses: each gets `Storage Blob Data Contributor` on the account and a resource-instance rule
   * through the firewall (its managed identity, not a network, is what is trusted).
   * @default []
   */
  readonly dataContributors?: readonly { readonly resourceId: string; readonly principalId: string }[];
  /**
   * Keep the public endpoint, behind the default-deny firewall. `false` leaves only private endpoints
   * (`privateEndpoints`, and approved serverless NCC private-endpoint rules for serverless compute).
   * @default true
   */
  readonly publicNetworkAccess?: boolean;
  /**
   * `blob` and `dfs` private endpoints in the workspace VNet, with their `privatelink.blob` /
   * `privatelink.dfs` DNS zones linked to it: how classic clusters reach the lake when
   * `publicNetworkAccess` is false (required then).
   * @default no private endpoints
   */
  readonly privateEndpoints?: PrivateEndpointPlacement & {
    /** Existing `privatelink.blob…` / `privatelink.dfs…` zone ids. @default new zones, linked to the VNet */
    readonly privateDnsZoneIds?: {
      /** `privatelink.blob.core.windows.net` zone id. @default a new zone */
      readonly blob?: string;
      /** `privatelink.dfs.core.windows.net` zone id. @default a new zone */
      readonly dfs?: string;
    };
  };
}

/**
 * The lakehouse's ADLS Gen2 account with one container (filesystem) per medallion layer.
 *
 * What azurerm 4.55 allows together on a hierarchical-namespace (HNS) account, and what we chose:
 * - Blob versioning: rejected by the provider with HNS ("`versioning_enabled` can't be true when
 *   `is_hns_enabled` is true"), so point-in-time restore (needs versioning and change feed) is out too.
 *   Recovery relies on blob and container soft delete, which HNS supports, and on Delta time travel.
 * - Change feed: not supported on HNS accounts; left off.
 * - Infrastructure (double) encryption: allowed with HNS on StorageV2; create-time only (ForceNew).
 * - Customer-managed key: works with HNS; the inline block needs a user-assigned identity, which
 *   lets the account be created already on the CMK (no window on a Microsoft-managed key).
 * - Account-level immutability (version-level WORM): needs versioning, so not with HNS. Container-level
 *   time-based retention works, but Delta commits on ADLS write a temp file and rename it and overwrite
 *   `_last_checkpoint`, both blocked by WORM, so only raw-file containers (landing) may be immutable;
 *   protected append writes stay allowed because DFS writers create a file and then append to it.
 * - Containers are `azurerm_storage_container` with `storage_account_id` (Resource Manager API), not
 *   `azurerm_storage_data_lake_gen2_filesystem` (data plane): they work behind the default-deny
 *   firewall and with shared keys disabled. On an HNS account a container is a filesystem.
 * - Lifecycle tiering works on HNS; Archive is not offered on ZRS/GZRS/RA-GZRS (config rejects it).
 *
 * @example
 * // `rg` is the environment's ResourceGroup, `network` its DatabricksWorkspaceNetwork and `connector`
 * // a UnityCatalogAccessConnector.
 * new AdlsMedallionStorage(this, "Storage", {
 *   accountName: "frdlhprodlake",
 *   resourceGroupName: rg.name,
 *   location: rg.location,
 *   replication: "ZRS",
 *   softDeleteDays: 14,
 *   tiering: { bronze: { coolAfterDays: 30, archiveAfterDays: 180 } },
 *   allowedSubnetIds: [network.hostSubnet.id, network.containerSubnet.id],
 *   dataContributors: [{ resourceId: connector.connectorId, principalId: connector.principalId }],
 * });
 */
export class AdlsMedallionStorage extends Construct {
  readonly account: StorageAccount;
  readonly containers: Readonly<Record<MedallionLayer, StorageContainer>>;
  /** The role assignments of `dataContributors`. */
  readonly dataContributorGrants: readonly RoleAssignment[];
  /**
   * What a data contributor's first access must wait for: its role (propagated) and the containers.
   * Unity Catalog external locations, which Databricks validates on create, depend on these.
   */
  readonly dataAccessReady: readonly ITerraformDependable[];
  /** `abfss://<layer>@<account>.dfs.core.windows.net/` per layer, for Unity Catalog external locations. */
  readonly layerUrls: Readonly<Record<MedallionLayer, string>>;
  /** The blob and dfs private endpoints, when `privateEndpoints` is set. */
  readonly privateEndpoints?: ServicePrivateEndpoints;

  constructor(scope: Construct, id: string, props: AdlsMedallionStorageProps) {
    super(scope, id);
    const cmk = props.customerManagedKey;
    if (props.publicNetworkAccess === false && !props.privateEndpoints) {
      throw new Error(
        `${id}: publicNetworkAccess is false but no privateEndpoints are configured; clusters could not reach the lake`,
      );
    }

    this.account = new StorageAccount(this, "Account", {
      name: props.accountName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      accountKind: "StorageV2",
      accountTier: "Standard",
      accountReplicationType: props.replication,
      accessTier: "Hot",
      isHnsEnabled: true,
      infrastructureEncryptionEnabled: true,
      minTlsVersion: "TLS1_2",
      httpsTrafficOnlyEnabled: true,
      allowNestedItemsToBePublic: false,
      // Entra ID only: no account keys or SAS, so every access is an identity that can be audited.
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      crossTenantReplicationEnabled: false,
      allowedCopyScope: "AAD",
      localUserEnabled: false,
      sftpEnabled: false,
      publicNetworkAccessEnabled: props.publicNetworkAccess ?? true,
      networkRules: {
        defaultAction: "Deny",
        bypass: ["AzureServices", "Logging", "Metrics"],
        // Azure IP rules reject /31 and /32 prefixes: single addresses go in without a prefix.
        ipRules: (props.allowedIpRanges ?? []).map((range) => range.replace(/\/32$/, "")),
        virtualNetworkSubnetIds: [...(props.allowedSubnetIds ?? [])],
        privateLinkAccess: (props.dataContributors ?? []).map((c) => ({ endpointResourceId: c.resourceId })),
      },
      blobProperties: {
        deleteRetentionPolicy: { days: props.softDeleteDays },
        containerDeleteRetentionPolicy: { days: props.softDeleteDays },
      },
      identity: cmk ? { type: "UserAssigned", identityIds: [cmk.userAssignedIdentityId] } : undefined,
      customerManagedKey: cmk
        ? { keyVaultKeyId: cmk.keyVaultKeyId, userAssignedIdentityId: cmk.userAssignedIdentityId }
        : undefined,
      dependsOn: cmk ? [cmk.grant] : undefined,
      tags: layerTags("platform"),
    });

    this.dataContributorGrants = (props.dataContributors ?? []).map(
      (contributor, i) =>
        new RoleAssignment(this, `DataContributor${i}`, {
          scope: this.account.id,
          roleDefinitionName: "Storage Blob Data Contributor",
          principalId: contributor.principalId,
          // A just-created identity may not have replicated in Entra ID yet; the type skips that lookup.
          principalType: "ServicePrincipal",
        }),
    );

    const containers = {} as Record<MedallionLayer, StorageContainer>;
    const urls = {} as Record<MedallionLayer, string>;
    for (const layer of MEDALLION_LAYERS) {
      containers[layer] = new StorageContainer(this, `Container-${layer}`, {
        name: layer,
        storageAccountId: this.account.id,
        containerAccessType: "private",
        metadata: { layer },
      });
      urls[layer] = `abfss://${layer}@${this.account.name}.dfs.core.windows.net/`;
    }
    this.containers = containers;
    if (props.privateEndpoints) {
      // Delta reads and writes use dfs; some clients (and Databricks for some operations) use blob.
      this.privateEndpoints = new ServicePrivateEndpoints(this, "PrivateEndpoints", {
        ...props.privateEndpoints, // subnet, VNet and existing zone ids, as ServicePrivateEndpoints takes them
        name: props.accountName,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        resourceId: this.account.id,
        subresources: ["blob", "dfs"],
      });
    }
    this.dataAccessReady = [
      ...(this.privateEndpoints?.ready ?? []),
      ...(this.dataContributorGrants.length > 0
        ? [
            new PropagationDelay(this, "DataContributorPropagation", { after: this.dataContributorGrants })
              .ready,
          ]
        : []),
      ...Object.values(containers),
    ];
    this.layerUrls = urls;

    const rules = lifecycleRules(props.tiering ?? {});
    if (rules.length > 0) {
      new StorageManagementPolicy(this, "Lifecycle", {
        storageAccountId: this.account.id,
        rule: rules,
        dependsOn: Object.values(containers),
      });
    }

    for (const layer of new Set(props.immutability?.layers ?? [])) {
      new StorageContainerImmutabilityPolicy(this, `Immutability-${layer}`, {
        storageContainerResourceManagerId: containers[layer].id,
        immutabilityPeriodInDays: props.immutability!.days,
        locked: props.immutability!.locked,
        // Writers on the DFS endpoint create a file, then append and flush: allow appends, never
        // overwrites or deletes.
        protectedAppendWritesAllEnabled: true,
      });
    }
  }
}

function lifecycleRules(tiering: MedallionTiering): StorageManagementPolicyRule[] {
  const rules: StorageManagementPolicyRule[] = [];
  for (const layer of MEDALLION_LAYERS) {
    const t = tiering[layer];
    if (!t || Object.values(t).every((v) => v === undefined)) continue;
    rules.push({
      name: `tier-${layer}`,
      enabled: true,
      filters: { blobTypes: ["blockBlob"], prefixMatch: [`${layer}/`] },
      actions: {
        baseBlob: {
          tierToCoolAfterDaysSinceModificationGreaterThan: t.coolAfterDays,
          tierToColdAfterDaysSinceModificationGreaterThan: t.coldAfterDays,
          tierToArchiveAfterDaysSinceModificationGreaterThan: t.archiveAfterDays,
          deleteAfterDaysSinceModificationGreaterThan: t.expireAfterDays,
        },
      },
    });
  }
  return rules;
}
