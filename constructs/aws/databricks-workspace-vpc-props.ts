/**
 * The props of {@link DatabricksWorkspaceVpc} and the checks on them (split from the construct's file:
 * what a caller writes, and what Databricks would reject at workspace creation).
 */
import { Token } from "cdktf";

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

/** Rejects layouts Databricks would reject at workspace creation, while the cause is still obvious. */
export function validateWorkspaceVpcProps(props: DatabricksWorkspaceVpcProps): void {
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
