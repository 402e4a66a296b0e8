/**
 * Empty stacks with one provider configured, for construct unit tests, and the workspace networks
 * those tests share: the network constructs' own tests assert on these inputs, the workspace tests
 * need one to attach to.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import type {
  DatabricksPrivateLinkEndpointsProps,
  DatabricksWorkspaceVpcProps,
} from "../../constructs/aws/databricks-workspace-vpc";
import type { DatabricksWorkspaceNetworkProps } from "../../constructs/azure/databricks-workspace-network";

/** A fresh app and stack with the AWS provider in us-east-1. */
export function awsTestStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  return stack;
}

/** A fresh app and stack with the azurerm provider (default features). */
export function azureTestStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  return stack;
}

/** A dev workspace VPC in us-east-1: 10.20.0.0/16, private subnets in two zones, one public /28. */
export const AWS_DEV_VPC_PROPS: DatabricksWorkspaceVpcProps = {
  resourceNamePrefix: "lh-dev-databricks",
  cidrBlock: "10.20.0.0/16",
  privateSubnets: [
    { cidrBlock: "10.20.0.0/19", availabilityZone: "us-east-1a" },
    { cidrBlock: "10.20.32.0/19", availabilityZone: "us-east-1b" },
  ],
  publicSubnet: { cidrBlock: "10.20.64.0/28", availabilityZone: "us-east-1a" },
};

/** Back-end PrivateLink for {@link AWS_DEV_VPC_PROPS}: its own /28 and the us-east-1 endpoint services. */
export const AWS_DEV_PRIVATE_LINK: DatabricksPrivateLinkEndpointsProps = {
  subnet: { cidrBlock: "10.20.64.16/28", availabilityZone: "us-east-1a" },
  workspaceServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-09143d1e626de2f04",
  relayServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-00018a8c3ff62ffdf",
};

/** A dev VNet for VNet injection in westeurope: 10.20.0.0/20 with a /24 host and container subnet. */
export const AZURE_DEV_NETWORK_PROPS: DatabricksWorkspaceNetworkProps = {
  name: "lake-dev-dbw",
  resourceGroupName: "rg-lake-dev",
  location: "westeurope",
  cidr: "10.20.0.0/20",
  hostSubnetCidr: "10.20.0.0/24",
  containerSubnetCidr: "10.20.1.0/24",
};
