import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { layerTags } from "../../vocabulary/tags";
import type { AzureResourcePlacement } from "./azure-resource-placement";

/**
 * Private DNS zone of each private-link subresource this toolkit uses (Azure "Private endpoint DNS
 * zone values": MicrosoftDocs/azure-docs articles/private-link/private-endpoint-dns.md).
 */
export const PRIVATE_DNS_ZONES = {
  blob: "privatelink.blob.core.windows.net",
  dfs: "privatelink.dfs.core.windows.net",
  vault: "privatelink.vaultcore.azure.net",
} as const;
export type PrivateLinkSubresource = keyof typeof PRIVATE_DNS_ZONES;

/**
 * Where a resource's private endpoints go: the subnet they take their addresses from, and the VNet whose
 * clients must resolve them (each new `privatelink.*` zone is linked to it). The same for every resource
 * in an environment: `DatabricksWorkspaceNetwork.privateEndpointPlacement` gives it.
 */
export interface PrivateEndpointPlacement {
  /** Subnet the endpoints are placed in (not delegated), e.g. `DatabricksWorkspaceNetwork.privateEndpointSubnet.id`. */
  readonly subnetId: string;
  /** VNet linked to each new private DNS zone, so its clients resolve the private addresses. */
  readonly virtualNetworkId: string;
}

/** Props of {@link ServicePrivateEndpoints}. */
export interface ServicePrivateEndpointsProps extends PrivateEndpointPlacement, AzureResourcePlacement {
  /** Prefix of the endpoint names: `<name>-<subresource>-pe`. */
  readonly name: string;
  /** Id of the Azure resource the endpoints connect to (storage account, Key Vault). */
  readonly resourceId: string;
  /**
   * Subresources (group ids), one endpoint each: a storage account accepts one subresource per
   * endpoint (azurerm `private_endpoint` docs), so blob and dfs are two endpoints.
   */
  readonly subresources: readonly PrivateLinkSubresource[];
  /**
   * Existing zone ids by subresource (e.g. central zones in a hub): the endpoints register there, and
   * no zone or VNet link is created for that subresource.
   * @default a new zone per subresource in `resourceGroupName`, linked to `virtualNetworkId`
   */
  readonly privateDnsZoneIds?: Partial<Readonly<Record<PrivateLinkSubresource, string>>>;
}

/**
 * Private endpoints for one Azure resource, one per subresource, each registered in its
 * `privatelink.*` DNS zone (created and linked to the VNet unless an existing zone is given), so that
 * clients in the VNet resolve the service's usual host name to the private address.
 *
 * One zone of a name per VNet: if the VNet already resolves e.g. `privatelink.blob.core.windows.net`
 * through another linked zone, pass that zone's id instead of creating a second one.
 *
 * @example
 * // `account` is the StorageAccount, `network` the DatabricksWorkspaceNetwork.
 * new ServicePrivateEndpoints(this, "StoragePrivateEndpoints", {
 *   name: "frdlhprodlake",
 *   resourceGroupName: "fraud-lakehouse-prod-rg",
 *   location: "westeurope",
 *   resourceId: account.id,
 *   subresources: ["blob", "dfs"],
 *   subnetId: network.privateEndpointSubnet!.id,
 *   virtualNetworkId: network.virtualNetwork.id,
 * });
 */
export class ServicePrivateEndpoints extends Construct {
  readonly endpoints: Readonly<Partial<Record<PrivateLinkSubresource, PrivateEndpoint>>>;
  readonly zones: Readonly<Partial<Record<PrivateLinkSubresource, PrivateDnsZone>>>;
  /** Endpoints and DNS links: what a client in the VNet must wait for before it uses the service. */
  readonly ready: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: ServicePrivateEndpointsProps) {
    super(scope, id);
    if (props.subresources.length === 0) throw new Error(`${id}: subresources must name at least one`);
    const tags = layerTags("platform");
    const endpoints: Partial<Record<PrivateLinkSubresource, PrivateEndpoint>> = {};
    const zones: Partial<Record<PrivateLinkSubresource, PrivateDnsZone>> = {};
    const ready: ITerraformDependable[] = [];
    for (const subresource of [...new Set(props.subresources)]) {
      const prefix = subresource.charAt(0).toUpperCase() + subresource.slice(1);
      let zoneId = props.privateDnsZoneIds?.[subresource];
      if (zoneId === undefined) {
        const zone = new PrivateDnsZone(this, `${prefix}Zone`, {
          name: PRIVATE_DNS_ZONES[subresource],
          resourceGroupName: props.resourceGroupName,
          tags,
        });
        ready.push(
          new PrivateDnsZoneVirtualNetworkLink(this, `${prefix}ZoneLink`, {
            name: `${props.name}-${subresource}-dns`,
            resourceGroupName: props.resourceGroupName,
            privateDnsZoneName: zone.name,
            virtualNetworkId: props.virtualNetworkId,
            registrationEnabled: false,
            tags,
          }),
        );
        zones[subresource] = zone;
        zoneId = zone.id;
      }
      const endpoint = new PrivateEndpoint(this, `${prefix}Endpoint`, {
        name: `${props.name}-${subresource}-pe`,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        subnetId: props.subnetId,
        privateServiceConnection: {
          name: `${props.name}-${subresource}`,
          privateConnectionResourceId: props.resourceId,
          subresourceNames: [subresource],
          isManualConnection: false,
        },
        privateDnsZoneGroup: { name: subresource, privateDnsZoneIds: [zoneId] },
        tags,
      });
      endpoints[subresource] = endpoint;
      ready.push(endpoint);
    }
    this.endpoints = endpoints;
    this.zones = zones;
    this.ready = ready;
  }
}
