/** Empty stacks with one provider configured, for construct unit tests. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { TerraformStack, Testing } from "cdktf";

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
