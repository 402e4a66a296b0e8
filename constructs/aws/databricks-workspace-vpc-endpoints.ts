/**
 * The VPC endpoints of {@link DatabricksWorkspaceVpc} (split from the construct's file by concern):
 * endpoint policies, the STS and Kinesis interface endpoints, and the back-end PrivateLink endpoints.
 * Every resource is created in the VPC construct's scope, with the ids it always had.
 */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { Construct } from "constructs";
import type {
  DatabricksPrivateLinkEndpointsProps,
  DatabricksWorkspaceVpcProps,
} from "./databricks-workspace-vpc-props";

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

/** The `Name` tag (and shared tags) of a VPC resource, from its short name. */
export type VpcTags = (name: string) => Record<string, string>;

/** The endpoint policy documents of {@link endpointPolicyDocuments}. */
export interface EndpointPolicies {
  readonly s3: DataAwsIamPolicyDocument;
  /**
   * Policy of the STS interface endpoint.
   * @default none (made only with the interface endpoints)
   */
  readonly sts?: DataAwsIamPolicyDocument;
  /**
   * Policy of the Kinesis interface endpoint.
   * @default none (made only with the interface endpoints)
   */
  readonly kinesis?: DataAwsIamPolicyDocument;
}

/**
 * Endpoint policies after the Databricks SRA (aws/tf/modules/sra/privatelink.tf): S3 for buckets of
 * this account and of Databricks' account only; STS for principals of both accounts; Kinesis for this
 * account's streams and Databricks' own (logging) streams.
 */
export function endpointPolicyDocuments(
  scope: Construct,
  accounts: NonNullable<DatabricksWorkspaceVpcProps["endpointPolicies"]>,
  region: string,
  withInterfaceEndpoints: boolean,
): EndpointPolicies {
  const own = accounts.awsAccountId;
  const databricks = accounts.databricksAwsAccountId ?? DATABRICKS_AWS_ACCOUNT_ID;
  const partition = accounts.partition ?? "aws";
  const anyone = [{ type: "*", identifiers: ["*"] }];
  const ownAccount = [{ type: "AWS", identifiers: [own] }];
  const databricksAccount = [{ type: "AWS", identifiers: [databricks] }];
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
        principals: ownAccount,
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
        principals: databricksAccount,
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
        principals: ownAccount,
        actions: ["kinesis:*"],
        resources: [`arn:${partition}:kinesis:${region}:${own}:stream/*`],
      },
      {
        sid: "DatabricksStreams",
        effect: "Allow",
        principals: databricksAccount,
        actions: ["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStream"],
        resources: [`arn:${partition}:kinesis:${region}:${databricks}:stream/*`],
      },
    ],
  });
  return { s3, sts, kinesis };
}

/** What the endpoint helpers need from the VPC construct. */
export interface VpcEndpointContext {
  /** The VPC construct: every resource is created in its scope. */
  readonly scope: Construct;
  readonly vpcId: string;
  readonly region: string;
  readonly resourceNamePrefix: string;
  /** Security group of the cluster nodes, the endpoints' only clients. */
  readonly clusterSecurityGroupId: string;
  readonly tags: VpcTags;
}

/**
 * STS and Kinesis interface endpoints in the private subnets, with a security group that admits HTTPS
 * from the cluster nodes only.
 */
export function addInterfaceEndpoints(
  context: VpcEndpointContext,
  privateSubnets: readonly Subnet[],
  policies: EndpointPolicies | undefined,
): VpcEndpoint[] {
  const { scope, vpcId, tags } = context;
  const endpointGroup = new SecurityGroup(scope, "ServiceEndpointSecurityGroup", {
    name: `${context.resourceNamePrefix}-aws-endpoints`,
    description: "STS and Kinesis interface endpoints: HTTPS from the cluster nodes only",
    vpcId,
    tags: tags("aws-endpoints"),
  });
  new VpcSecurityGroupIngressRule(scope, "ServiceEndpointIngress443", {
    securityGroupId: endpointGroup.id,
    description: "HTTPS from Databricks cluster nodes",
    ipProtocol: "tcp",
    fromPort: 443,
    toPort: 443,
    referencedSecurityGroupId: context.clusterSecurityGroupId,
    tags: tags("aws-endpoints-in-443"),
  });
  return INTERFACE_SERVICES.map(
    ({ id: endpointId, service }) =>
      new VpcEndpoint(scope, `${endpointId}InterfaceEndpoint`, {
        vpcId,
        serviceName: `com.amazonaws.${context.region}.${service}`,
        vpcEndpointType: "Interface",
        subnetIds: privateSubnets.map((subnet) => subnet.id),
        securityGroupIds: [endpointGroup.id],
        // Clients keep the regional service names, which resolve to the endpoint inside the VPC.
        privateDnsEnabled: true,
        policy: policies?.[service === "sts" ? "sts" : "kinesis"]?.json,
        tags: tags(service),
      }),
  );
}

/** The back-end PrivateLink endpoints and their security group. */
export interface PrivateLinkEndpoints {
  readonly securityGroup: SecurityGroup;
  readonly restApiEndpoint: VpcEndpoint;
  readonly relayEndpoint: VpcEndpoint;
}

/**
 * Back-end PrivateLink: the REST API and SCC relay endpoints in their own subnet, with a security group
 * that admits the cluster nodes (and the front-end client networks, if any, on HTTPS).
 */
export function addPrivateLinkEndpoints(
  context: VpcEndpointContext,
  link: DatabricksPrivateLinkEndpointsProps,
): PrivateLinkEndpoints {
  const { scope, vpcId, tags } = context;
  const endpointSubnet = new Subnet(scope, "PrivateLinkSubnet", {
    vpcId,
    cidrBlock: link.subnet.cidrBlock,
    availabilityZone: link.subnet.availabilityZone,
    mapPublicIpOnLaunch: false,
    tags: tags(`privatelink-${link.subnet.availabilityZone}`),
  });
  const securityGroup = new SecurityGroup(scope, "PrivateLinkSecurityGroup", {
    name: `${context.resourceNamePrefix}-privatelink`,
    description: "Databricks PrivateLink endpoints: reachable from the cluster nodes only",
    vpcId,
    tags: tags("privatelink"),
  });
  for (const port of PRIVATE_LINK_PORTS) {
    const range = port.from === port.to ? `${port.from}` : `${port.from}-${port.to}`;
    new VpcSecurityGroupIngressRule(scope, `PrivateLinkIngress${range.replace("-", "To")}`, {
      securityGroupId: securityGroup.id,
      description: "From Databricks cluster nodes",
      ipProtocol: "tcp",
      fromPort: port.from,
      toPort: port.to,
      referencedSecurityGroupId: context.clusterSecurityGroupId,
      tags: tags(`privatelink-in-${range}`),
    });
  }
  (link.frontEndClientCidrs ?? []).forEach((cidr, index) => {
    new VpcSecurityGroupIngressRule(scope, `PrivateLinkFrontEnd${index + 1}`, {
      securityGroupId: securityGroup.id,
      description: "Front end: HTTPS from user and runner networks",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: cidr,
      tags: tags(`privatelink-front-end-${index + 1}`),
    });
  });
  const interfaceEndpoint = (endpointId: string, serviceName: string, name: string): VpcEndpoint =>
    new VpcEndpoint(scope, endpointId, {
      vpcId,
      serviceName,
      vpcEndpointType: "Interface",
      subnetIds: [endpointSubnet.id],
      securityGroupIds: [securityGroup.id],
      // Clusters keep using the public workspace and relay host names, which resolve privately.
      privateDnsEnabled: true,
      tags: tags(name),
    });
  return {
    securityGroup,
    restApiEndpoint: interfaceEndpoint("RestApiEndpoint", link.workspaceServiceName, "workspace-rest-api"),
    relayEndpoint: interfaceEndpoint("RelayEndpoint", link.relayServiceName, "scc-relay"),
  };
}
