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
import { Construct } from "constructs";
import { layerTags } from "../../vocabulary/tags";
import {
  addInterfaceEndpoints,
  addPrivateLinkEndpoints,
  endpointPolicyDocuments,
  type VpcEndpointContext,
} from "./databricks-workspace-vpc-endpoints";
import {
  validateWorkspaceVpcProps,
  type DatabricksWorkspaceNetwork,
  type DatabricksWorkspaceVpcProps,
} from "./databricks-workspace-vpc-props";

// The props, their checks and the endpoints live in the files imported above (split by concern).
export { DATABRICKS_AWS_ACCOUNT_ID } from "./databricks-workspace-vpc-endpoints";
export type {
  DatabricksPrivateLinkEndpointsProps,
  DatabricksSubnetSpec,
  DatabricksWorkspaceNetwork,
  DatabricksWorkspaceVpcProps,
} from "./databricks-workspace-vpc-props";

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

/**
 * A customer-managed VPC for a Databricks workspace on AWS: two private subnets in two availability
 * zones for the clusters, egress through a NAT gateway in a public subnet (or one per zone), the
 * cluster security group Databricks requires, an S3 gateway endpoint (optionally restricted by an
 * endpoint policy), optional STS and Kinesis interface endpoints, and optional PrivateLink endpoints.
 *
 * Cost: by default one NAT gateway (hourly plus per GB) serves both zones; a zone outage then cuts
 * egress of the other zone's clusters, acceptable in dev. `secondPublicSubnet` adds a NAT gateway per
 * zone for production. S3 traffic, the bulk of lakehouse I/O, bypasses the NAT through the free
 * gateway endpoint.
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
  /** The NAT gateway of the first zone (the only one without `secondPublicSubnet`). */
  readonly natGateway: NatGateway;
  /** Every NAT gateway: one, or one per zone. */
  readonly natGateways: readonly NatGateway[];
  /** Route table of the first private subnet (of both, with a single NAT gateway). */
  readonly privateRouteTable: RouteTable;
  /** Every private route table: one, or one per zone. */
  readonly privateRouteTables: readonly RouteTable[];
  readonly publicRouteTable: RouteTable;
  /** STS and Kinesis interface endpoints, when `interfaceEndpoints` is set. */
  readonly interfaceEndpoints: readonly VpcEndpoint[];
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
    validateWorkspaceVpcProps(props);
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

    // One private route table per NAT gateway. With one NAT both zones share it; with one per zone,
    // the second zone's subnet gets its own table and NAT, so each zone's egress survives the other's outage.
    this.privateRouteTable = new RouteTable(this, "PrivateRouteTable", { vpcId, tags: tags("private") });
    new Route(this, "PrivateDefaultRoute", {
      routeTableId: this.privateRouteTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      natGatewayId: this.natGateway.id,
    });
    const natGateways = [this.natGateway];
    const privateRouteTables = [this.privateRouteTable];
    if (props.secondPublicSubnet) {
      const zone = props.secondPublicSubnet.availabilityZone;
      const secondPublic = new Subnet(this, "PublicSubnet2", {
        vpcId,
        cidrBlock: props.secondPublicSubnet.cidrBlock,
        availabilityZone: zone,
        mapPublicIpOnLaunch: false,
        tags: tags(`public-${zone}`),
      });
      new RouteTableAssociation(this, "PublicSubnet2Routes", {
        subnetId: secondPublic.id,
        routeTableId: this.publicRouteTable.id,
      });
      const secondIp = new Eip(this, "NatIp2", {
        domain: "vpc",
        tags: tags(`nat-${zone}`),
        dependsOn: [internetGateway],
      });
      const secondNat = new NatGateway(this, "NatGateway2", {
        allocationId: secondIp.allocationId,
        subnetId: secondPublic.id,
        connectivityType: "public",
        tags: tags(`nat-${zone}`),
        dependsOn: [internetGateway],
      });
      const secondTable = new RouteTable(this, "PrivateRouteTable2", {
        vpcId,
        tags: tags(`private-${zone}`),
      });
      new Route(this, "PrivateDefaultRoute2", {
        routeTableId: secondTable.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: secondNat.id,
      });
      natGateways.push(secondNat);
      privateRouteTables.push(secondTable);
    }
    this.natGateways = natGateways;
    this.privateRouteTables = privateRouteTables;
    this.privateSubnets.forEach(
      (subnet, index) =>
        new RouteTableAssociation(this, `PrivateSubnet${index + 1}Routes`, {
          subnetId: subnet.id,
          routeTableId: privateRouteTables[Math.min(index, privateRouteTables.length - 1)]!.id,
        }),
    );

    // S3 reads and writes go through the (free) gateway endpoint instead of the NAT (billed per GB).
    const policies =
      props.endpointPolicies &&
      endpointPolicyDocuments(
        this,
        props.endpointPolicies,
        this.vpc.region,
        props.interfaceEndpoints ?? false,
      );
    this.s3GatewayEndpoint = new VpcEndpoint(this, "S3GatewayEndpoint", {
      vpcId,
      serviceName: `com.amazonaws.${this.vpc.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: privateRouteTables.map((table) => table.id),
      policy: policies?.s3.json,
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
    // All TCP and UDP between cluster nodes, both ways (ingress then egress per protocol).
    const withinGroup = [
      [VpcSecurityGroupIngressRule, "Ingress", "in"],
      [VpcSecurityGroupEgressRule, "Egress", "out"],
    ] as const;
    for (const protocol of ["tcp", "udp"] as const) {
      for (const [Rule, direction, tagDirection] of withinGroup) {
        new Rule(this, `${direction}WithinGroup${protocol.toUpperCase()}`, {
          securityGroupId,
          description: `All ${protocol.toUpperCase()} between cluster nodes`,
          ipProtocol: protocol,
          fromPort: 0,
          toPort: 65535,
          referencedSecurityGroupId: securityGroupId,
          tags: tags(`clusters-${tagDirection}-${protocol}`),
        });
      }
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

    const endpoints: VpcEndpointContext = {
      scope: this,
      vpcId,
      region: this.vpc.region,
      resourceNamePrefix: props.resourceNamePrefix,
      clusterSecurityGroupId: securityGroupId,
      tags,
    };
    this.interfaceEndpoints = props.interfaceEndpoints
      ? addInterfaceEndpoints(endpoints, this.privateSubnets, policies)
      : [];

    let privateLinkEndpoints: DatabricksWorkspaceNetwork["privateLinkEndpoints"];
    if (props.privateLink) {
      const link = addPrivateLinkEndpoints(endpoints, props.privateLink);
      this.privateLinkSecurityGroup = link.securityGroup;
      this.restApiEndpoint = link.restApiEndpoint;
      this.relayEndpoint = link.relayEndpoint;
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
