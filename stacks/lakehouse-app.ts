import { App, type AppConfig, type TerraformStack } from "cdktf";
import type { ResolvedLakehouseConfig } from "../config";
import { AwsLakehouseStack } from "./aws-lakehouse-stack";
import { AzureLakehouseStack } from "./azure-lakehouse-stack";
import { disableTokenStackTraces, stackTracesWanted } from "./stack-traces";

/**
 * The app `main.ts` synthesizes: without cdktf's stack traces (see `stack-traces.ts`) unless
 * `LAKEHOUSE_STACK_TRACES=1`.
 */
export function createLakehouseApp(config: AppConfig = {}): App {
  const stackTraces = stackTracesWanted();
  if (!stackTraces) disableTokenStackTraces();
  return new App({ ...config, stackTraces });
}

/** Adds one stack per (cloud, environment) to the app, named by environment id (`azure-dev`, `aws-prod`, …). */
export function addLakehouseStacks(app: App, config: ResolvedLakehouseConfig): TerraformStack[] {
  return config.environments.map((environment) =>
    environment.cloud === "azure"
      ? new AzureLakehouseStack(app, environment.id, { environment, datasets: config.datasets.azure })
      : new AwsLakehouseStack(app, environment.id, { environment, datasets: config.datasets.aws }),
  );
}
