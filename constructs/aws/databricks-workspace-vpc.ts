import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
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
  /**
   * Networks whose users and runners reach the workspace (web UI, REST API) through the REST API
   * endpoint (front-end PrivateLink, the workspace VPC doubling as transit VPC): HTTPS from them is
   * let into the endpoints' security group. They arrive over VPN, Direct Connect, peering or a
   * transit gateway, and resolve the workspace URL with a private hosted zone (not created here).
   * @default [] (back-end only: the endpoints accept the cluster nodes alone)
   */
  readonly frontEndClientCidrs?: readonly string[];
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
  /** Public subnet that holds the NAT gateway (a /28 is enough), in the first private subnet's zone. */
  readonly publicSubnet: DatabricksSubnetSpec;
  /**
   * A second public subnet, in the second private subnet's zone, with a second NAT gateway: each
   * private subnet then has its own route table and egresses through the NAT gateway of its own zone,
   * so a zone outage does not cut off the other zone's clusters. Costs a second NAT gateway.
   * @default one NAT gateway (in `publicSubnet`) for both zones
   */
  readonly secondPublicSubnet?: DatabricksSubnetSpec;
  /**
   * Endpoint policies: the S3 gateway endpoint (and the STS and Kinesis interface endpoints) accept
   * only requests for resources of this AWS account and of Databricks' account, so nothing in the VPC
   * can write lakehouse data to another account's bucket through them (exfiltration guard, after the
   * Databricks SRA's `privatelink.tf`). Library downloads from other accounts' buckets then need the
   * NAT path (the S3 prefix list routes through the endpoint: add those buckets here if needed).
   * @default no endpoint policies (full access)
   */
  readonly endpointPolicies?: {
    /** This AWS account (a token from `aws_caller_identity` is expected). */
    readonly awsAccountId: string;
    /** @default "aws" */
    readonly partition?: string;
    /**
     * Databricks' AWS account (control plane, artifacts, logs, system tables).
     * @default "414351767826" (commercial; terraform-provider-databricks aws/constants.go at v1.99.0)
     */
    readonly databricksAwsAccountId?: string;
  };
  /**
   * STS and Kinesis interface endpoints in the private subnets (private DNS on), reachable on 443 from
   * the cluster security group: credential exchange and stream reads stay off the NAT gateway and the
   * internet. About 7.3 USD per endpoint and zone per month plus traffic.
   * @default false
   */
  readonly interfaceEndpoints?: boolean;
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

/** Databricks' commercial AWS account (terraform-provider-databricks aws/constants.go at v1.99.0). */
export const DATABRICKS_AWS_ACCOUNT_ID = "414351767826";

/** AWS services reached through interface endpoints, with the endpoint's service suffix. */
const INTERFACE_SERVICES = [
  { id: "Sts", service: "sts" },
  { id: "Kinesis", service: "kinesis-streams" },
] as const;

/** Ports the PrivateLink endpoints accept from the cluster security group. */
const PRIVATE_LINK_PORTS: readonly { readonly from: number; readonly to: number }[] = [
  { from: 443, to: 443 },
  { from: 2443, to: 2443 },
  { from: 6666, to: 6666 },
  { from: 8443, to: 8451 },
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

    const interfaceEndpoints: VpcEndpoint[] = [];
    if (props.interfaceEndpoints) {
      const endpointGroup = new SecurityGroup(this, "ServiceEndpointSecurityGroup", {
        name: `${props.resourceNamePrefix}-aws-endpoints`,
        description: "STS and Kinesis interface endpoints: HTTPS from the cluster nodes only",
        vpcId,
        tags: tags("aws-endpoints"),
      });
      new VpcSecurityGroupIngressRule(this, "ServiceEndpointIngress443", {
        securityGroupId: endpointGroup.id,
        description: "HTTPS from Databricks cluster nodes",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        referencedSecurityGroupId: securityGroupId,
        tags: tags("aws-endpoints-in-443"),
      });
      for (const { id: endpointId, service } of INTERFACE_SERVICES) {
        interfaceEndpoints.push(
          new VpcEndpoint(this, `${endpointId}InterfaceEndpoint`, {
            vpcId,
            serviceName: `com.amazonaws.${this.vpc.region}.${service}`,
            vpcEndpointType: "Interface",
            subnetIds: this.privateSubnets.map((subnet) => subnet.id),
            securityGroupIds: [endpointGroup.id],
            // Clients keep the regional service names, which resolve to the endpoint inside the VPC.
            privateDnsEnabled: true,
            policy: policies?.[service === "sts" ? "sts" : "kinesis"]?.json,
            tags: tags(service),
          }),
        );
      }
    }
    this.interfaceEndpoints = interfaceEndpoints;

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
      (link.frontEndClientCidrs ?? []).forEach((cidr, index) => {
        new VpcSecurityGroupIngressRule(this, `PrivateLinkFrontEnd${index + 1}`, {
          securityGroupId: this.privateLinkSecurityGroup!.id,
          description: "Front end: HTTPS from user and runner networks",
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrIpv4: cidr,
          tags: tags(`privatelink-front-end-${index + 1}`),
        });
      });
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

/**
 * Endpoint policies after the Databricks SRA (aws/tf/modules/sra/privatelink.tf): S3 for buckets of
 * this account and of Databricks' account only; STS for principals of both accounts; Kinesis for this
 * account's streams and Databricks' own (logging) streams.
 */
function endpointPolicyDocuments(
  scope: Construct,
  accounts: NonNullable<DatabricksWorkspaceVpcProps["endpointPolicies"]>,
  region: string,
  withInterfaceEndpoints: boolean,
): { s3: DataAwsIamPolicyDocument; sts?: DataAwsIamPolicyDocument; kinesis?: DataAwsIamPolicyDocument } {
  const own = accounts.awsAccountId;
  const databricks = accounts.databricksAwsAccountId ?? DATABRICKS_AWS_ACCOUNT_ID;
  const partition = accounts.partition ?? "aws";
  const anyone = [{ type: "*", identifiers: ["*"] }];
  const s3 = new DataAwsIamPolicyDocument(scope, "S3EndpointPolicy", {
    statement: [
      {
        sid: "ThisAccountsBuckets",
        effect: "Allow",
        principals: anyone,
        actions: ["s3:*"],
        resources: ["*"],
        condition: [{ test: "StringEquals", variable: "s3:ResourceAccount", values: [own] }],
      },
      {
        // Artifacts, system tables, sample data (read) and log delivery (write) in Databricks' buckets.
        sid: "DatabricksBuckets",
        effect: "Allow",
        principals: anyone,
        actions: [
          "s3:GetObject",
          "s3:GetObjectVersion",
          "s3:ListBucket",
          "s3:GetBucketLocation",
          "s3:PutObject",
        ],
        resources: ["*"],
        condition: [{ test: "StringEquals", variable: "s3:ResourceAccount", values: [databricks] }],
      },
    ],
  });
  if (!withInterfaceEndpoints) return { s3 };
  const sts = new DataAwsIamPolicyDocument(scope, "StsEndpointPolicy", {
    statement: [
      {
        sid: "ThisAccount",
        effect: "Allow",
        principals: [{ type: "AWS", identifiers: [own] }],
        actions: [
          "sts:AssumeRole",
          "sts:GetAccessKeyInfo",
          "sts:GetSessionToken",
          "sts:DecodeAuthorizationMessage",
          "sts:TagSession",
        ],
        resources: ["*"],
      },
      {
        sid: "Databricks",
        effect: "Allow",
        principals: [{ type: "AWS", identifiers: [databricks] }],
        actions: ["sts:AssumeRole", "sts:GetSessionToken", "sts:TagSession"],
        resources: ["*"],
      },
    ],
  });
  const kinesis = new DataAwsIamPolicyDocument(scope, "KinesisEndpointPolicy", {
    statement: [
      {
        sid: "ThisAccountsStreams",
        effect: "Allow",
        principals: [{ type: "AWS", identifiers: [own] }],
        actions: ["kinesis:*"],
        resources: [`arn:${partition}:kinesis:${region}:${own}:stream/*`],
      },
      {
        sid: "DatabricksStreams",
        effect: "Allow",
        principals: [{ type: "AWS", identifiers: [databricks] }],
        actions: ["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStream"],
        resources: [`arn:${partition}:kinesis:${region}:${databricks}:stream/*`],
      },
    ],
  });
  return { s3, sts, kinesis };
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
  const zonesOf = [props.publicSubnet, props.secondPublicSubnet, first, second].map(
    (spec) => spec?.availabilityZone,
  );
  if (props.secondPublicSubnet && zonesOf.every((zone) => zone === undefined || !Token.isUnresolved(zone))) {
    const [publicA, publicB, privateA, privateB] = zonesOf;
    if (publicA !== privateA || publicB !== privateB) {
      throw new Error(
        `DatabricksWorkspaceVpc: with secondPublicSubnet, the public subnets must be in the private subnets' zones (${privateA}, ${privateB}), got ${publicA}, ${publicB}`,
      );
    }
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
