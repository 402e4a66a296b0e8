import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { layerTags } from "../../vocabulary/tags";
import type { PrivateEndpointPlacement } from "./service-private-endpoints";
import type { AzureResourcePlacement } from "./azure-resource-placement";

/**
 * What a VNet-injected `azurerm_databricks_workspace` needs from its network (its `custom_parameters`).
 * {@link DatabricksWorkspaceNetwork} produces one; a network built elsewhere can be described by hand.
 */
export interface DatabricksVnetInjection {
  /** Id of the VNet the clusters are injected into. */
  readonly virtualNetworkId: string;
  /** Name of the host ("public") subnet, delegated to `Microsoft.Databricks/workspaces`. */
  readonly publicSubnetName: string;
  /** Name of the container ("private") subnet, delegated to `Microsoft.Databricks/workspaces`. */
  readonly privateSubnetName: string;
  /** Id of the NSG association of the host subnet (`public_subnet_network_security_group_association_id`). */
  readonly publicSubnetNetworkSecurityGroupAssociationId: string;
  /** Id of the NSG association of the container subnet (`private_subnet_network_security_group_association_id`). */
  readonly privateSubnetNetworkSecurityGroupAssociationId: string;
  /**
   * Resources the workspace must wait for (and be destroyed before): the NSG and NAT gateway
   * associations. Without them Azure rejects the workspace, and clusters start with no egress.
   * @default []
   */
  readonly dependencies?: readonly ITerraformDependable[];
}

/** Props of {@link DatabricksWorkspaceNetwork}. */
export interface DatabricksWorkspaceNetworkProps extends AzureResourcePlacement {
  /** Prefix of every resource name: `<name>-vnet`, `<name>-host`, `<name>-container`, `<name>-nsg`, … */
  readonly name: string;
  /** Address space of the VNet, e.g. `10.20.0.0/20`. */
  readonly cidr: string;
  /**
   * Host ("public") subnet: one address per cluster node. Azure Databricks needs at least a `/26`;
   * Azure reserves 5 addresses per subnet, so a `/26` runs 59 nodes.
   */
  readonly hostSubnetCidr: string;
  /** Container ("private") subnet: one address per cluster node, same size as the host subnet, at least `/26`. */
  readonly containerSubnetCidr: string;
  /**
   * Subnet for private endpoints (workspace front end/back end, storage, Event Hubs). Not delegated,
   * no NAT. Omit it when private endpoints live in a hub network.
   * @default no private-endpoint subnet
   */
  readonly privateEndpointSubnetCidr?: string;
  /**
   * `private_endpoint_network_policies` of the private-endpoint subnet (azurerm 4.x names it that, a
   * string): `Disabled`, `Enabled`, `NetworkSecurityGroupEnabled` or `RouteTableEnabled`. This
   * construct attaches no NSG or route table to that subnet, so the policies would have nothing to
   * apply; set `Enabled` when you attach your own.
   * @default "Disabled"
   */
  readonly privateEndpointNetworkPolicies?: string;
  /** Minutes an idle outbound flow stays open on the NAT gateway (4–120). @default 4 */
  readonly natIdleTimeoutMinutes?: number;
}

/** Service endpoints on both Databricks subnets, so the storage and Event Hubs firewalls can allow them. */
const SERVICE_ENDPOINTS = ["Microsoft.Storage", "Microsoft.EventHub"];

/** The delegation Azure requires on both subnets of a VNet-injected workspace. */
const DATABRICKS_DELEGATION = {
  name: "databricks",
  serviceDelegation: {
    name: "Microsoft.Databricks/workspaces",
    actions: [
      "Microsoft.Network/virtualNetworks/subnets/join/action",
      "Microsoft.Network/virtualNetworks/subnets/prepareNetworkPolicies/action",
      "Microsoft.Network/virtualNetworks/subnets/unprepareNetworkPolicies/action",
    ],
  },
};

/** Azure Databricks rejects subnets smaller than this prefix length for VNet injection. */
const MIN_DATABRICKS_PREFIX = 26;

/**
 * The network of a VNet-injected Azure Databricks workspace with secure cluster connectivity (no
 * public IP on cluster nodes):
 * - a VNet with a host ("public") and a container ("private") subnet, both delegated to
 *   `Microsoft.Databricks/workspaces` and both with the Storage and EventHub service endpoints;
 * - one NSG associated with both subnets. It is created empty on purpose: the workspace's delegation
 *   lets Databricks add and maintain the rules it needs (network intent policies), and rules we wrote
 *   would either duplicate them or drift against them;
 * - a Standard NAT gateway with one static Standard public IP on both subnets. With no public IP on
 *   the nodes, the NAT gateway is their only egress (control plane relay, libraries, storage
 *   through public endpoints); it also gives a stable address to allow in partner firewalls. Default
 *   outbound access is off on every subnet, so nothing silently leaves through Azure's implicit IP;
 * - optionally a subnet for private endpoints.
 *
 * NAT gateway and public IP are regional (no zones): a zonal NAT gateway would tie egress to one
 * availability zone.
 *
 * @example
 * // `rg` is the environment's ResourceGroup.
 * new DatabricksWorkspaceNetwork(this, "WorkspaceNetwork", {
 *   name: "frdlh-prod",
 *   resourceGroupName: rg.name,
 *   location: rg.location,
 *   cidr: "10.20.0.0/16",
 *   hostSubnetCidr: "10.20.0.0/22",
 *   containerSubnetCidr: "10.20.4.0/22",
 * });
 */
export class DatabricksWorkspaceNetwork extends Construct {
  readonly vnet: VirtualNetwork;
  /** Host ("public") subnet. */
  readonly hostSubnet: Subnet;
  /** Container ("private") subnet. */
  readonly containerSubnet: Subnet;
  /** Subnet for private endpoints, when `privateEndpointSubnetCidr` is set. */
  readonly privateEndpointSubnet?: Subnet;
  /** That subnet and this VNet, for the private endpoints of every resource (when the subnet is set). */
  readonly privateEndpointPlacement?: PrivateEndpointPlacement;
  readonly networkSecurityGroup: NetworkSecurityGroup;
  readonly hostSubnetNsgAssociation: SubnetNetworkSecurityGroupAssociation;
  readonly containerSubnetNsgAssociation: SubnetNetworkSecurityGroupAssociation;
  readonly natGateway: NatGateway;
  /** The NAT gateway's egress address. */
  readonly natPublicIp: PublicIp;
  /** Everything `azurerm_databricks_workspace.custom_parameters` needs, wired by reference. */
  readonly injection: DatabricksVnetInjection;

  constructor(scope: Construct, id: string, props: DatabricksWorkspaceNetworkProps) {
    super(scope, id);
    checkDatabricksSubnet(id, "hostSubnetCidr", props.hostSubnetCidr);
    checkDatabricksSubnet(id, "containerSubnetCidr", props.containerSubnetCidr);
    const tags = layerTags("platform");

    this.vnet = new VirtualNetwork(this, "Vnet", {
      name: `${props.name}-vnet`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      addressSpace: [props.cidr],
      tags,
    });

    const databricksSubnet = (logicalId: string, name: string, cidr: string): Subnet =>
      new Subnet(this, logicalId, {
        name,
        resourceGroupName: props.resourceGroupName,
        virtualNetworkName: this.vnet.name,
        addressPrefixes: [cidr],
        serviceEndpoints: SERVICE_ENDPOINTS,
        delegation: [DATABRICKS_DELEGATION],
        defaultOutboundAccessEnabled: false,
      });
    this.hostSubnet = databricksSubnet("HostSubnet", `${props.name}-host`, props.hostSubnetCidr);
    this.containerSubnet = databricksSubnet(
      "ContainerSubnet",
      `${props.name}-container`,
      props.containerSubnetCidr,
    );

    if (props.privateEndpointSubnetCidr !== undefined) {
      this.privateEndpointSubnet = new Subnet(this, "PrivateEndpointSubnet", {
        name: `${props.name}-private-endpoints`,
        resourceGroupName: props.resourceGroupName,
        virtualNetworkName: this.vnet.name,
        addressPrefixes: [props.privateEndpointSubnetCidr],
        privateEndpointNetworkPolicies: props.privateEndpointNetworkPolicies ?? "Disabled",
        defaultOutboundAccessEnabled: false,
      });
      this.privateEndpointPlacement = {
        subnetId: this.privateEndpointSubnet.id,
        virtualNetworkId: this.vnet.id,
      };
    }

    // No security_rule blocks: Databricks owns this NSG's rules through the subnet delegation (see the
    // class docs). An inline empty list would make Terraform remove them on every apply, so the
    // argument is left unset rather than `[]`.
    this.networkSecurityGroup = new NetworkSecurityGroup(this, "Nsg", {
      name: `${props.name}-nsg`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags,
    });
    this.hostSubnetNsgAssociation = new SubnetNetworkSecurityGroupAssociation(this, "HostSubnetNsg", {
      subnetId: this.hostSubnet.id,
      networkSecurityGroupId: this.networkSecurityGroup.id,
    });
    this.containerSubnetNsgAssociation = new SubnetNetworkSecurityGroupAssociation(
      this,
      "ContainerSubnetNsg",
      { subnetId: this.containerSubnet.id, networkSecurityGroupId: this.networkSecurityGroup.id },
    );

    this.natPublicIp = new PublicIp(this, "NatPublicIp", {
      name: `${props.name}-nat-ip`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      sku: "Standard",
      allocationMethod: "Static",
      tags,
    });
    this.natGateway = new NatGateway(this, "NatGateway", {
      name: `${props.name}-nat`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      skuName: "Standard",
      idleTimeoutInMinutes: props.natIdleTimeoutMinutes ?? 4,
      tags,
    });
    const natIp = new NatGatewayPublicIpAssociation(this, "NatPublicIpAssociation", {
      natGatewayId: this.natGateway.id,
      publicIpAddressId: this.natPublicIp.id,
    });
    const hostNat = new SubnetNatGatewayAssociation(this, "HostSubnetNat", {
      subnetId: this.hostSubnet.id,
      natGatewayId: this.natGateway.id,
    });
    const containerNat = new SubnetNatGatewayAssociation(this, "ContainerSubnetNat", {
      subnetId: this.containerSubnet.id,
      natGatewayId: this.natGateway.id,
    });

    this.injection = {
      virtualNetworkId: this.vnet.id,
      publicSubnetName: this.hostSubnet.name,
      privateSubnetName: this.containerSubnet.name,
      publicSubnetNetworkSecurityGroupAssociationId: this.hostSubnetNsgAssociation.id,
      privateSubnetNetworkSecurityGroupAssociationId: this.containerSubnetNsgAssociation.id,
      dependencies: [
        this.hostSubnetNsgAssociation,
        this.containerSubnetNsgAssociation,
        hostNat,
        containerNat,
        natIp,
      ],
    };
  }
}

/** Rejects Databricks subnets smaller than `/26` (literal CIDRs only; tokens are checked by Azure). */
function checkDatabricksSubnet(id: string, field: string, cidr: string): void {
  if (Token.isUnresolved(cidr)) return;
  const match = /^\d{1,3}(?:\.\d{1,3}){3}\/(\d{1,2})$/.exec(cidr);
  if (!match) throw new Error(`${id}.${field}: '${cidr}' is not an IPv4 CIDR`);
  if (Number(match[1]) > MIN_DATABRICKS_PREFIX) {
    throw new Error(
      `${id}.${field}: '${cidr}' is too small; Azure Databricks VNet injection needs at least a /${MIN_DATABRICKS_PREFIX}`,
    );
  }
}
