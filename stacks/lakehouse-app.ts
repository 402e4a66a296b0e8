import type { App, TerraformStack } from "cdktf";
import type { ResolvedLakehouseConfig } from "../config";
import { AwsEnvironmentStack } from "./aws-environment-stack";
import { AzureEnvironmentStack } from "./azure-environment-stack";
import { WorkspaceStack } from "./workspace-stack";

/** The two deploy layers of one environment. */
export interface EnvironmentStacks {
  /** `<cloud>-<name>`: cloud resources and Databricks account level. */
  readonly environment: AzureEnvironmentStack | AwsEnvironmentStack;
  /** `<cloud>-<name>-workspace`: everything inside the workspace; deploys after `environment`. */
  readonly workspace: WorkspaceStack;
}

/** Stack id of an environment's workspace layer. */
export function workspaceStackId(environmentId: string): string {
  return `${environmentId}-workspace`;
}

/**
 * Adds the stacks of every environment to the app: per (cloud, environment) an environment layer named
 * by environment id (`azure-prod`) and its workspace layer (`azure-prod-workspace`), which reads the
 * first through cdktf cross-stack references, so `cdktf deploy azure-prod azure-prod-workspace` (or
 * `cdktf deploy 'azure-prod*'`) applies them in order.
 */
export function addLakehouseStacks(app: App, config: ResolvedLakehouseConfig): TerraformStack[] {
  return addLakehouseLayers(app, config).flatMap((layers) => [layers.environment, layers.workspace]);
}

/** {@link addLakehouseStacks}, with the two layers of each environment kept together. */
export function addLakehouseLayers(app: App, config: ResolvedLakehouseConfig): EnvironmentStacks[] {
  return config.environments.map((environment) => {
    const env =
      environment.cloud === "azure"
        ? new AzureEnvironmentStack(app, environment.id, { environment })
        : new AwsEnvironmentStack(app, environment.id, { environment });
    const workspace = new WorkspaceStack(app, workspaceStackId(environment.id), {
      environment,
      inputs: env.workspaceLayer,
      datasets: config.datasets[environment.cloud],
    });
    return { environment: env, workspace };
  });
}
