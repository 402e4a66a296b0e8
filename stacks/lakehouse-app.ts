import type { App, TerraformStack } from "cdktf";
import type { ResolvedLakehouseConfig } from "../config";
import { AwsLakehouseStack } from "./aws-lakehouse-stack";
import { AzureLakehouseStack } from "./azure-lakehouse-stack";

/** Adds one stack per (cloud, environment) to the app, named by environment id (`azure-dev`, `aws-prod`, …). */
export function addLakehouseStacks(app: App, config: ResolvedLakehouseConfig): TerraformStack[] {
  return config.environments.map((environment) =>
    environment.cloud === "azure"
      ? new AzureLakehouseStack(app, environment.id, { environment, datasets: config.datasets.azure })
      : new AwsLakehouseStack(app, environment.id, { environment, datasets: config.datasets.aws }),
  );
}
