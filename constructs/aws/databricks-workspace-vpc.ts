import { Eip } from "@cdktf/provider-aws/lib/eip";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { layerTags } from "../../vocabulary/tags";

/** One subnet: its CIDR block and the availability zone it lives in. */
export interface DatabricksSubnetSpec {
  /** IPv4 CIDR block inside the VPC, e.g. `10.20.0.0/19`. */
  readonly cidrBlock: string;
  /** Availability zone name, e.g. `us-east-1a`. */
  readonly availabilityZone: string;
}

/** Interface endpoints for back-end AWS PrivateLink (clusters → control plane without the internet). */
export interface DatabricksPrivateLinkEndpointsProps {
  /** Dedicated subnet for the endpoint network interfaces (a /28 is enough). */
  readonly subnet: DatabricksSubnetSpec;
  /**
   * Endpoint service of the workspace REST API for the region, e.g.
   * `com.amazonaws.vpce.us-east-1.vpce-svc-09143d1e626de2f04` (region-specific: see Databricks'
   * "PrivateLink VPC endpoint services" table).
   */
  readonly workspaceServiceName: string;
  /** Endpoint service of the secure cluster connectivity (SCC) relay for the region. */
  readonly relayServiceName: string;
}

/** Props of {@link DatabricksWorkspaceVpc}. */
export interface DatabricksWorkspaceVpcProps {
  /**
   * Prefix of the `Name` tags and of the security group and VPC endpoint names, e.g. `frdlh-prod`
   * (`frdlh-prod-vpc`, `frdlh-prod-clusters`).
   */
  readonly resourceNamePrefix: string;
  /** IPv4 CIDR block of the VPC (Databricks accepts /16 to /25). */
  readonly cidrBlock: string;
  /**
   * The two private subnets the clusters run in. Databricks requires two subnets in different
   * availability zones, each with a netmask between /17 and /26; it cannot share them with another
   * workspace.
   */
  readonly privateSubnets: readonly [DatabricksSubnetSpec, DatabricksSubnetSpec];
  /** Public subnet that holds the NAT gateway (a /28 is enough). */
  readonly publicSubnet: DatabricksSubnetSpec;
  /**
   * Interface endpoints for back-end PrivateLink (REST API and SCC relay), in their own subnet with
   * their own security group. Requires the Enterprise tier on the Databricks side.
   * @default no PrivateLink endpoints: clusters reach the control plane through the NAT gateway (TLS)
   */
  readonly privateLink?: DatabricksPrivateLinkEndpointsProps;
}

/** What a Databricks network configuration (`databricks_mws_networks`) needs from the VPC. */
export interface DatabricksWorkspaceNetwork {
  /** VPC id. */
  readonly vpcId: string;
  /** Ids of the (two or more) private subnets clusters run in. */
  readonly subnetIds: readonly string[];
  /** Id of the security group of the cluster nodes. */
  readonly securityGroupId: string;
  /**
   * AWS ids of the PrivateLink interface endpoints, to be registered with Databricks.
   * @default no back-end PrivateLink
   */
  readonly privateLinkEndpoints?: { readonly restApiEndpointId: string; readonly relayEndpointId: string };
}

/**
 * Egress that Databricks requires from the cluster security group to anywhere, besides all TCP/UDP to
 * the group itself (Databricks "Configure a customer-managed VPC", security groups).
 */
export const DATABRICKS_EGRESS_PORTS: readonly {
  readonly from: number;
  readonly to: number;
  readonly purpose: string;
}[] = [
  { from: 443, to: 443, purpose: "Databricks infrastructure, cloud data sources, library repositories" },
  { from: 3306, to: 3306, purpose: "legacy Hive metastore" },
  { from: 6666, to: 6666, purpose: "secure cluster connectivity relay over PrivateLink" },
  { from: 2443, to: 2443, purpose: "FIPS-encrypted connections to the control plane" },
  { from: 8443, to: 8443, purpose: "control plane API" },
  { from: 8444, to: 8444, purpose: "Unity Catalog logging and lineage streaming" },
  { from: 8445, to: 8451, purpose: "reserved by Databricks for future extensions" },
];

/** Ports the PrivateLink endpoints accept from the cluster security group. */
const PRIVATE_LINK_PORTS: readonly { readonly from: number; readonly to: number }[] = [
  { from: 443, to: 443 },
  { from: 2443, to: 2443 },
  { from: 6666, to: 6666 },
  { from: 8443, to: 8451 },
];

/**
 * A customer-managed VPC for a Databricks workspace on AWS: two private subnets in two availability
 * zones for the clusters, egress through one NAT gateway in a public subnet, the cluster security
 * group Databricks requires, an S3 gateway endpoint, and optional PrivateLink interface endpoints.
 *
 * Cost: one NAT gateway (hourly plus per GB) serves both zones; a zone outage cuts egress of the other
 * zone's clusters, which is acceptable for batch and streaming jobs that retry. S3 traffic, the bulk of
 * lakehouse I/O, bypasses the NAT through the free gateway endpoint.
 *
 * @example
 * new DatabricksWorkspaceVpc(this, "WorkspaceVpc", {
 *   resourceNamePrefix: "frdlh-prod",
 *   cidrBlock: "10.30.0.0/16",
 *   privateSubnets: [
 *     { cidrBlock: "10.30.0.0/19", availabilityZone: "eu-west-1a" },
 *     { cidrBlock: "10.30.32.0/19", availabilityZone: "eu-west-1b" },
 *   ],
 *   publicSubnet: { cidrBlock: "10.30.64.0/24", availabilityZone: "eu-west-1a" },
 * });
 */
export class DatabricksWorkspaceVpc extends Construct {
  readonly vpc: Vpc;
  readonly privateSubnets: readonly Subnet[];
  readonly publicSubnet: Subnet;
  readonly natGateway: NatGateway;
  readonly privateRouteTable: RouteTable;
  readonly publicRouteTable: RouteTable;
  /** Security group of the cluster nodes. */
  readonly securityGroup: SecurityGroup;
  readonly s3GatewayEndpoint: VpcEndpoint;
  /** PrivateLink endpoint of the workspace REST API, when `privateLink` is set. */
  readonly restApiEndpoint?: VpcEndpoint;
  /** PrivateLink endpoint of the SCC relay, when `privateLink` is set. */
  readonly relayEndpoint?: VpcEndpoint;
  /** Security group of the PrivateLink endpoints, when `privateLink` is set. */
  readonly privateLinkSecurityGroup?: SecurityGroup;
  /** The values a Databricks network configuration needs, for `DatabricksAwsWorkspace`. */
  readonly workspaceNetwork: DatabricksWorkspaceNetwork;

  constructor(scope: Construct, id: string, props: DatabricksWorkspaceVpcProps) {
    super(scope, id);
    validate(props);
    const tags = (name: string): Record<string, string> => ({
      ...layerTags("platform"),
      Name: `${props.resourceNamePrefix}-${name}`,
    });

    this.vpc = new Vpc(this, "Vpc", {
      cidrBlock: props.cidrBlock,
      // Databricks requires both: cluster nodes resolve the control plane and PrivateLink names.
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: tags("vpc"),
    });
    const vpcId = this.vpc.id;

    // Strip every rule from the default security group so nothing attached to it by mistake gets access.
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", { vpcId, tags: tags("default-deny") });

    this.privateSubnets = props.privateSubnets.map(
      (spec, index) =>
        new Subnet(this, `PrivateSubnet${index + 1}`, {
          vpcId,
          cidrBlock: spec.cidrBlock,
          availabilityZone: spec.availabilityZone,
          mapPublicIpOnLaunch: false,
          tags: tags(`private-${spec.availabilityZone}`),
        }),
    );
    this.publicSubnet = new Subnet(this, "PublicSubnet", {
      vpcId,
      cidrBlock: props.publicSubnet.cidrBlock,
      availabilityZone: props.publicSubnet.availabilityZone,
      // Only the NAT gateway lives here and it gets an Elastic IP; nothing else should get a public IP.
      mapPublicIpOnLaunch: false,
      tags: tags(`public-${props.publicSubnet.availabilityZone}`),
    });

    const internetGateway = new InternetGateway(this, "InternetGateway", { vpcId, tags: tags("igw") });
    const natIp = new Eip(this, "NatIp", { domain: "vpc", tags: tags("nat"), dependsOn: [internetGateway] });
    this.natGateway = new NatGateway(this, "NatGateway", {
      allocationId: natIp.allocationId,
      subnetId: this.publicSubnet.id,
      connectivityType: "public",
      tags: tags("nat"),
      dependsOn: [internetGateway],
    });

    this.publicRouteTable = new RouteTable(this, "PublicRouteTable", { vpcId, tags: tags("public") });
    new Route(this, "PublicDefaultRoute", {
      routeTableId: this.publicRouteTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: internetGateway.id,
    });
    new RouteTableAssociation(this, "PublicSubnetRoutes", {
      subnetId: this.publicSubnet.id,
      routeTableId: this.publicRouteTable.id,
    });

    // One private route table for both zones: they share the single NAT gateway.
    this.privateRouteTable = new RouteTable(this, "PrivateRouteTable", { vpcId, tags: tags("private") });
    new Route(this, "PrivateDefaultRoute", {
      routeTableId: this.privateRouteTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      natGatewayId: this.natGateway.id,
    });
    this.privateSubnets.forEach(
      (subnet, index) =>
        new RouteTableAssociation(this, `PrivateSubnet${index + 1}Routes`, {
          subnetId: subnet.id,
          routeTableId: this.privateRouteTable.id,
        }),
    );

    // S3 reads and writes go through the (free) gateway endpoint instead of the NAT (billed per GB).
    this.s3GatewayEndpoint = new VpcEndpoint(this, "S3GatewayEndpoint", {
      vpcId,
      serviceName: `com.amazonaws.${this.vpc.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: [this.privateRouteTable.id],
      tags: tags("s3"),
    });

    this.securityGroup = new SecurityGroup(this, "ClusterSecurityGroup", {
      name: `${props.resourceNamePrefix}-clusters`,
      description: "Databricks cluster nodes (customer-managed VPC)",
      vpcId,
      tags: tags("clusters"),
    });
    const securityGroupId = this.securityGroup.id;
    // Rules as separate resources: inline rules and rule resources on one group fight each other.
    for (const protocol of ["tcp", "udp"] as const) {
      new VpcSecurityGroupIngressRule(this, `IngressWithinGroup${protocol.toUpperCase()}`, {
        securityGroupId,
        description: `All ${protocol.toUpperCase()} between cluster nodes`,
        ipProtocol: protocol,
        fromPort: 0,
        toPort: 65535,
        referencedSecurityGroupId: securityGroupId,
        tags: tags(`clusters-in-${protocol}`),
      });
      new VpcSecurityGroupEgressRule(this, `EgressWithinGroup${protocol.toUpperCase()}`, {
        securityGroupId,
        description: `All ${protocol.toUpperCase()} between cluster nodes`,
        ipProtocol: protocol,
        fromPort: 0,
        toPort: 65535,
        referencedSecurityGroupId: securityGroupId,
        tags: tags(`clusters-out-${protocol}`),
      });
    }
    for (const port of DATABRICKS_EGRESS_PORTS) {
      const range = port.from === port.to ? `${port.from}` : `${port.from}-${port.to}`;
      new VpcSecurityGroupEgressRule(this, `Egress${range.replace("-", "To")}`, {
        securityGroupId,
        description: port.purpose,
        ipProtocol: "tcp",
        fromPort: port.from,
        toPort: port.to,
        cidrIpv4: "0.0.0.0/0",
        tags: tags(`clusters-out-${range}`),
      });
    }

    let privateLinkEndpoints: DatabricksWorkspaceNetwork["privateLinkEndpoints"];
    if (props.privateLink) {
      const link = props.privateLink;
      const endpointSubnet = new Subnet(this, "PrivateLinkSubnet", {
        vpcId,
        cidrBlock: link.subnet.cidrBlock,
        availabilityZone: link.subnet.availabilityZone,
        mapPublicIpOnLaunch: false,
        tags: tags(`privatelink-${link.subnet.availabilityZone}`),
      });
      this.privateLinkSecurityGroup = new SecurityGroup(this, "PrivateLinkSecurityGroup", {
        name: `${props.resourceNamePrefix}-privatelink`,
        description: "Databricks PrivateLink endpoints: reachable from the cluster nodes only",
        vpcId,
        tags: tags("privatelink"),
      });
      for (const port of PRIVATE_LINK_PORTS) {
        const range = port.from === port.to ? `${port.from}` : `${port.from}-${port.to}`;
        new VpcSecurityGroupIngressRule(this, `PrivateLinkIngress${range.replace("-", "To")}`, {
          securityGroupId: this.privateLinkSecurityGroup.id,
          description: "From Databricks cluster nodes",
          ipProtocol: "tcp",
          fromPort: port.from,
          toPort: port.to,
          referencedSecurityGroupId: securityGroupId,
          tags: tags(`privatelink-in-${range}`),
        });
      }
      const interfaceEndpoint = (endpointId: string, serviceName: string, name: string): VpcEndpoint =>
        new VpcEndpoint(this, endpointId, {
          vpcId,
          serviceName,
          vpcEndpointType: "Interface",
          subnetIds: [endpointSubnet.id],
          securityGroupIds: [this.privateLinkSecurityGroup!.id],
          // Clusters keep using the public workspace and relay host names, which resolve privately.
          privateDnsEnabled: true,
          tags: tags(name),
        });
      this.restApiEndpoint = interfaceEndpoint(
        "RestApiEndpoint",
        link.workspaceServiceName,
        "workspace-rest-api",
      );
      this.relayEndpoint = interfaceEndpoint("RelayEndpoint", link.relayServiceName, "scc-relay");
      privateLinkEndpoints = {
        restApiEndpointId: this.restApiEndpoint.id,
        relayEndpointId: this.relayEndpoint.id,
      };
    }

    this.workspaceNetwork = {
      vpcId,
      subnetIds: this.privateSubnets.map((subnet) => subnet.id),
      securityGroupId,
      privateLinkEndpoints,
    };
  }
}

/** Rejects layouts Databricks would reject at workspace creation, while the cause is still obvious. */
function validate(props: DatabricksWorkspaceVpcProps): void {
  const [first, second] = props.privateSubnets;
  if (
    !Token.isUnresolved(first.availabilityZone) &&
    !Token.isUnresolved(second.availabilityZone) &&
    first.availabilityZone === second.availabilityZone
  ) {
    throw new Error(
      `DatabricksWorkspaceVpc: privateSubnets must be in two different availability zones, both are in '${first.availabilityZone}'`,
    );
  }
  for (const spec of props.privateSubnets) {
    if (Token.isUnresolved(spec.cidrBlock)) continue;
    const prefix = Number(spec.cidrBlock.split("/")[1]);
    if (!Number.isInteger(prefix) || prefix < 17 || prefix > 26) {
      throw new Error(
        `DatabricksWorkspaceVpc: private subnet '${spec.cidrBlock}' must have a netmask between /17 and /26 (Databricks requirement)`,
      );
    }
  }
}
