import { DatabricksWorkspace } from "@cdktf/provider-azurerm/lib/databricks-workspace";
import { DatabricksWorkspaceRootDbfsCustomerManagedKey } from "@cdktf/provider-azurerm/lib/databricks-workspace-root-dbfs-customer-managed-key";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { dependable, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PropagationDelay } from "../core/propagation-delay";
import { layerTags } from "../../vocabulary/tags";
import type { DatabricksVnetInjection } from "./databricks-workspace-network";
import type { PrivateEndpointPlacement } from "./service-private-endpoints";
import type { AzureResourcePlacement } from "./azure-resource-placement";

/** Private Link settings of {@link AzureDatabricksWorkspace}. */
export interface DatabricksPrivateEndpoints extends PrivateEndpointPlacement {
  /**
   * Also create the `browser_authentication` endpoint, which Entra ID single sign-on callbacks need when
   * users reach the workspace only privately. Azure allows one per region (not per workspace), shared
   * by every workspace there: turn it on in exactly one workspace per region and network.
   * @default true
   */
  readonly browserAuthentication?: boolean;
  /**
   * Id of an existing `privatelink.azuredatabricks.net` zone (e.g. in a hub) to register the endpoints
   * in. When set, no zone or VNet link is created here.
   * @default a new zone in the workspace's resource group, linked to `virtualNetworkId`
   */
  readonly privateDnsZoneId?: string;
}

/** Customer-managed key of one workspace encryption scope. */
export interface DatabricksCmk {
  /** Key id (`azurerm_key_vault_key.id`); RSA 2048/3072/4096, in a vault with soft delete and purge protection. */
  readonly keyVaultKeyId: string;
  /**
   * Scope on which the key user is made `Key Vault Crypto Service Encryption User`, normally the key's
   * `resource_versionless_id`. For managed disks the user is the workspace's disk encryption set
   * identity; for managed services it is `azureDatabricksObjectId`.
   */
  readonly grantScope: string;
}

/** Customer-managed keys of {@link AzureDatabricksWorkspace}. Both need the premium SKU (always used here). */
export interface DatabricksWorkspaceCustomerManagedKeys {
  /**
   * Encrypts the control plane's copy of notebooks, secrets and SQL queries.
   * @default Microsoft-managed key
   */
  readonly managedServices?: DatabricksCmk;
  /**
   * Object id, in this tenant, of the first-party `AzureDatabricks` enterprise application
   * (app id 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d). Azure reads the managed-services key as that
   * application, so it must hold the key before the workspace is created; the object id differs per
   * tenant (look it up with `azuread_service_principal`). When omitted, grant it yourself.
   * @default no grant for managed services is created
   */
  readonly azureDatabricksObjectId?: string;
  /**
   * Encrypts the cluster nodes' managed disks, through a disk encryption set Azure creates in the
   * managed resource group. Its identity exists only once the workspace does, so the grant follows the
   * workspace: clusters started before the grant propagates fail to attach disks.
   * @default Microsoft-managed key
   */
  readonly managedDisks?: DatabricksCmk;
  /**
   * Encrypts the workspace's DBFS root storage account (workspace system data, job results, libraries
   * uploaded to DBFS). Sets `customer_managed_key_enabled`, which gives the DBFS account a managed
   * identity; that identity is granted the key, and after the grant has propagated an
   * `azurerm_databricks_workspace_root_dbfs_customer_managed_key` switches the account to the key
   * (its create fails unless `customer_managed_key_enabled` is true: azurerm v4.55.0
   * databricks_workspace_root_dbfs_customer_managed_key_resource.go:137). `keyVaultKeyId` must be a
   * versioned key id (the resource validates a Key Vault child id and sends the version).
   * @default Microsoft-managed key
   */
  readonly dbfsRoot?: DatabricksCmk;
}

/** Props of {@link AzureDatabricksWorkspace}. */
export interface AzureDatabricksWorkspaceProps extends AzureResourcePlacement {
  /** Workspace name (3–64 characters); also names the managed resource group. */
  readonly name: string;
  /** Resource group Azure creates for the workspace's clusters and DBFS root; must not exist yet. @default `<name>-managed-rg` */
  readonly managedResourceGroupName?: string;
  /** The network the clusters are injected into (`DatabricksWorkspaceNetwork.injection`). */
  readonly network: DatabricksVnetInjection;
  /**
   * Private Link for the workspace: a `databricks_ui_api` endpoint (front end and, in the workspace
   * VNet, back end) and optionally `browser_authentication`.
   * @default no private endpoints
   */
  readonly privateEndpoints?: DatabricksPrivateEndpoints;
  /**
   * Reach the web app and REST API over the internet. `false` needs `privateEndpoints`, and then also
   * routes cluster-to-control-plane traffic over Private Link (NSG rules `NoAzureDatabricksRules`).
   * `true` weakens isolation: pair it with an IP access list.
   * @default `false` with `privateEndpoints`, `true` without (a workspace with neither is unreachable)
   */
  readonly publicNetworkAccessEnabled?: boolean;
  /**
   * Encrypt the DBFS root storage account twice (infrastructure encryption). Create-time only.
   * @default true
   */
  readonly infrastructureEncryptionEnabled?: boolean;
  /** Customer-managed keys for managed services and managed disks. @default Microsoft-managed keys */
  readonly customerManagedKeys?: DatabricksWorkspaceCustomerManagedKeys;
}

const DATABRICKS_PRIVATE_DNS_ZONE = "privatelink.azuredatabricks.net";

/**
 * A premium Azure Databricks workspace with secure cluster connectivity (no public IPs on nodes),
 * injected into a customer VNet. Unity Catalog's way to the lakehouse storage, the access connector,
 * is a construct of its own (`UnityCatalogAccessConnector`): the storage account grants it access.
 *
 * Network access:
 * - public access on (the default without private endpoints): NSG rules `AllRules`, clusters reach the
 *   control plane through the secure cluster connectivity relay over the NAT gateway;
 * - public access off (the default with private endpoints): `NoAzureDatabricksRules`, so Databricks
 *   adds no outbound rules to the control plane and the `databricks_ui_api` endpoint in the workspace
 *   VNet carries both user traffic (front end) and cluster traffic (back end).
 *
 * Encryption, and what is not done here:
 * - managed services and managed disk CMKs are supported (premium only) with their RBAC grants; disk
 *   keys follow new key versions automatically;
 * - the DBFS root CMK (`customer_managed_key_enabled` with `azurerm_databricks_workspace_root_dbfs_customer_managed_key`)
 *   is supported too, with its grant to the DBFS account's identity; DBFS root always gets
 *   infrastructure encryption;
 * - the default storage firewall (`default_storage_firewall_enabled`) is not enabled: it needs private
 *   endpoints for the DBFS account's blob and dfs endpoints, which this construct does not create.
 *
 * @example
 * // `rg` is the environment's ResourceGroup, `network` its DatabricksWorkspaceNetwork.
 * new AzureDatabricksWorkspace(this, "Workspace", {
 *   name: "frdlh-prod-dbw",
 *   resourceGroupName: rg.name,
 *   location: rg.location,
 *   network: network.injection,
 * });
 */
export class AzureDatabricksWorkspace extends Construct {
  readonly workspace: DatabricksWorkspace;
  /** `https://adb-<id>.<n>.azuredatabricks.net`, for the databricks provider's `host`. */
  readonly workspaceUrl: string;
  /** Numeric workspace id (used by account-level APIs, e.g. metastore assignment). */
  readonly workspaceId: string;
  /** `databricks_ui_api` endpoint, when private endpoints are on. */
  readonly uiApiPrivateEndpoint?: PrivateEndpoint;
  /** `browser_authentication` endpoint, when private endpoints and browser authentication are on. */
  readonly browserAuthenticationPrivateEndpoint?: PrivateEndpoint;
  /** Switches the DBFS root account to the customer-managed key, when `customerManagedKeys.dbfsRoot` is set. */
  readonly dbfsRootCustomerManagedKey?: DatabricksWorkspaceRootDbfsCustomerManagedKey;
  /** The zone created here, when private endpoints are on and no existing zone was given. */
  readonly privateDnsZone?: PrivateDnsZone;
  /**
   * What workspace API calls must wait for: the workspace and, with private endpoints, the endpoints and
   * the DNS link, without which a runner in the VNet still resolves the public (disabled) address; with
   * a managed-disk CMK, the disk key grant's propagation delay.
   */
  readonly apiReady: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: AzureDatabricksWorkspaceProps) {
    super(scope, id);
    const tags = layerTags("platform");
    const pe = props.privateEndpoints;
    const publicAccess = props.publicNetworkAccessEnabled ?? pe === undefined;
    if (!publicAccess && pe === undefined) {
      throw new Error(
        `${id}: publicNetworkAccessEnabled is false but no privateEndpoints are configured; ` +
          "neither users nor clusters could reach the workspace",
      );
    }
    const cmk = props.customerManagedKeys;

    // Azure reads the managed-services key as the AzureDatabricks app while creating the workspace
    // (it checks Get/Wrap/Unwrap: Azure/azure-powershell#22898 PERMISSION_DENIED), and Entra role
    // assignments take a while to apply: the workspace waits 60 s after the grant.
    const servicesGrantReady =
      cmk?.managedServices && cmk.azureDatabricksObjectId !== undefined
        ? keyUserGrant(
            this,
            "ManagedServicesKeyGrant",
            cmk.managedServices.grantScope,
            cmk.azureDatabricksObjectId,
          )
        : [];

    this.workspace = new DatabricksWorkspace(this, "Workspace", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      // Premium: needed for Unity Catalog, Private Link, CMKs, NoAzureDatabricksRules and access control.
      sku: "premium",
      managedResourceGroupName: props.managedResourceGroupName ?? `${props.name}-managed-rg`,
      publicNetworkAccessEnabled: publicAccess,
      networkSecurityGroupRulesRequired: publicAccess ? "AllRules" : "NoAzureDatabricksRules",
      infrastructureEncryptionEnabled: props.infrastructureEncryptionEnabled ?? true,
      customParameters: {
        // Secure cluster connectivity: nodes get no public IP, egress goes through the NAT gateway.
        noPublicIp: true,
        virtualNetworkId: props.network.virtualNetworkId,
        publicSubnetName: props.network.publicSubnetName,
        privateSubnetName: props.network.privateSubnetName,
        publicSubnetNetworkSecurityGroupAssociationId:
          props.network.publicSubnetNetworkSecurityGroupAssociationId,
        privateSubnetNetworkSecurityGroupAssociationId:
          props.network.privateSubnetNetworkSecurityGroupAssociationId,
      },
      // Gives the DBFS root account a managed identity, which the root DBFS key needs (below).
      customerManagedKeyEnabled: cmk?.dbfsRoot ? true : undefined,
      managedServicesCmkKeyVaultKeyId: cmk?.managedServices?.keyVaultKeyId,
      managedDiskCmkKeyVaultKeyId: cmk?.managedDisks?.keyVaultKeyId,
      managedDiskCmkRotationToLatestVersionEnabled: cmk?.managedDisks ? true : undefined,
      // Explicit dependencies also order the destroy: the workspace goes before the NSG associations,
      // otherwise Azure refuses to detach the NSG from subnets still in use.
      dependsOn: [...(props.network.dependencies ?? []), ...servicesGrantReady],
      tags,
    });
    this.workspaceUrl = `https://${this.workspace.workspaceUrl}`;
    this.workspaceId = this.workspace.workspaceId;

    // The disk encryption set's identity exists only once the workspace does; its grant then needs
    // time to apply before clusters attach disks: a 60 s delay that ends this apply (the workspace
    // layer, which may start clusters, deploys after it).
    let diskGrantReady: ITerraformDependable[] = [];
    if (cmk?.managedDisks) {
      diskGrantReady = keyUserGrant(
        this,
        "ManagedDiskKeyGrant",
        cmk.managedDisks.grantScope,
        this.workspace.managedDiskIdentity.get(0).principalId,
      );
    }

    if (cmk?.dbfsRoot) {
      const [, dbfsGrantPropagated] = keyUserGrant(
        this,
        "DbfsRootKeyGrant",
        cmk.dbfsRoot.grantScope,
        this.workspace.storageAccountIdentity.get(0).principalId,
      );
      this.dbfsRootCustomerManagedKey = new DatabricksWorkspaceRootDbfsCustomerManagedKey(
        this,
        "DbfsRootKey",
        {
          workspaceId: this.workspace.id,
          keyVaultKeyId: cmk.dbfsRoot.keyVaultKeyId,
          // Azure checks the account's access to the key when switching it over.
          dependsOn: [dbfsGrantPropagated],
        },
      );
    }

    let dnsLink: PrivateDnsZoneVirtualNetworkLink | undefined;
    if (pe) {
      let zoneId: string;
      if (pe.privateDnsZoneId !== undefined) {
        zoneId = pe.privateDnsZoneId;
      } else {
        this.privateDnsZone = new PrivateDnsZone(this, "PrivateDnsZone", {
          name: DATABRICKS_PRIVATE_DNS_ZONE,
          resourceGroupName: props.resourceGroupName,
          tags,
        });
        dnsLink = new PrivateDnsZoneVirtualNetworkLink(this, "PrivateDnsZoneLink", {
          name: `${props.name}-databricks-dns`,
          resourceGroupName: props.resourceGroupName,
          privateDnsZoneName: this.privateDnsZone.name,
          virtualNetworkId: pe.virtualNetworkId,
          registrationEnabled: false,
          tags,
        });
        zoneId = this.privateDnsZone.id;
      }
      const endpoint = (logicalId: string, subresource: string): PrivateEndpoint =>
        new PrivateEndpoint(this, logicalId, {
          name: `${props.name}-${subresource.replace(/_/g, "-")}-pe`,
          resourceGroupName: props.resourceGroupName,
          location: props.location,
          subnetId: pe.subnetId,
          privateServiceConnection: {
            name: `${props.name}-${subresource.replace(/_/g, "-")}`,
            privateConnectionResourceId: this.workspace.id,
            subresourceNames: [subresource],
            isManualConnection: false,
          },
          privateDnsZoneGroup: { name: "databricks", privateDnsZoneIds: [zoneId] },
          tags,
        });
      this.uiApiPrivateEndpoint = endpoint("UiApiPrivateEndpoint", "databricks_ui_api");
      if (pe.browserAuthentication ?? true) {
        this.browserAuthenticationPrivateEndpoint = endpoint(
          "BrowserAuthPrivateEndpoint",
          "browser_authentication",
        );
        // Two endpoints on one workspace created at once fail intermittently (ConcurrentUpdateError /
        // "Link ID conflict"): databricks_ui_api first (hashicorp/terraform-provider-azurerm#26373,
        // databricks/terraform-databricks-examples#177).
        this.browserAuthenticationPrivateEndpoint.dependsOn = [dependable(this.uiApiPrivateEndpoint)];
      }
    }
    this.apiReady = [
      this.workspace,
      ...(this.uiApiPrivateEndpoint ? [this.uiApiPrivateEndpoint] : []),
      ...(dnsLink ? [dnsLink] : []),
      ...diskGrantReady,
    ];
  }
}

/**
 * Makes a service's identity `Key Vault Crypto Service Encryption User` on `grantScope` (what it needs to
 * wrap and unwrap with a customer-managed key). Returns the grant and the end of a delay after it
 * (`<id>Propagation`): Entra role assignments take a while to apply.
 */
function keyUserGrant(
  scope: Construct,
  id: string,
  grantScope: string,
  principalId: string,
): [RoleAssignment, ITerraformDependable] {
  const grant = new RoleAssignment(scope, id, {
    scope: grantScope,
    roleDefinitionName: "Key Vault Crypto Service Encryption User",
    principalId,
    principalType: "ServicePrincipal",
  });
  return [grant, new PropagationDelay(scope, `${id}Propagation`, { after: [grant] }).ready];
}
