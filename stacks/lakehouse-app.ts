import type { App, AppConfig, TerraformStack } from "cdktf";
import type { ResolvedLakehouseConfig } from "../config";
import { AwsEnvironmentStack } from "./aws-environment-stack";
import { AzureEnvironmentStack } from "./azure-environment-stack";
import { MetastoreStack } from "./metastore-stack";
import { WorkspaceStack } from "./workspace-stack";
import { disableTokenStackTraces, stackTracesWanted } from "./stack-traces";
import { SingleResolveApp } from "./single-resolve-app";
import { isRecord } from "../terraform-json/values";

/**
 * The app `main.ts` synthesizes: without cdktf's stack traces (see `stack-traces.ts`) unless
 * `LAKEHOUSE_STACK_TRACES=1`, resolving each stack once with the allocation-free token walk of
 * `token-resolve.ts` (`SingleResolveApp` installs it).
 */
export function createLakehouseApp(config: AppConfig = {}): App {
  const stackTraces = stackTracesWanted();
  if (!stackTraces) disableTokenStackTraces();
  return new SingleResolveApp({ ...config, stackTraces });
}

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
 * Adds every stack of the config to the app: a `<cloud>-<region>-metastore` stack per metastore the
 * config creates, then per (cloud, environment) an environment layer named by environment id
 * (`azure-prod`) and its workspace layer (`azure-prod-workspace`). Later stacks read earlier ones
 * through cdktf cross-stack references, so `cdktf deploy azure-prod azure-prod-workspace` applies them
 * in order (and asks for the metastore stack first when there is one).
 */
export function addLakehouseStacks(app: App, config: ResolvedLakehouseConfig): TerraformStack[] {
  const metastores = addMetastoreStacks(app, config);
  return [
    ...metastores.values(),
    ...addLakehouseLayers(app, config, metastores).flatMap((layers) => [
      layers.environment,
      layers.workspace,
    ]),
  ];
}

/**
 * About how many constructs {@link addLakehouseStacks} builds for a config, read from the config as
 * written (before it is validated, so that V8's young generation can be sized before the config's own
 * loading: stacks/young-generation.ts): ~190 per environment (its two layers) and ~1 per table each
 * environment deploys (the dataset spec's `tables`, or those of its cloud in the per-cloud shape).
 * Anything it does not recognise counts as nothing. Measured (app root included): the example 1,169
 * constructs (estimated 1,164), its tables cloned to 252 per cloud 2,533 (2,652), to 752 per cloud
 * 5,283 (5,652).
 */
export function estimatedConstructs(input: unknown): number {
  const listed = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);
  const field = (value: unknown, key: string): unknown => (isRecord(value) ? value[key] : undefined);
  const datasets = field(input, "datasets");
  const tablesOn = (cloud: unknown): number =>
    listed(field(datasets, "tables")).length +
    (typeof cloud === "string" ? listed(field(field(datasets, cloud), "tables")).length : 0);
  return listed(field(input, "environments")).reduce<number>(
    (sum, environment) => sum + 190 + tablesOn(field(environment, "cloud")),
    0,
  );
}

/** One {@link MetastoreStack} per entry of `metastores`, by `<cloud>:<region>`. */
export function addMetastoreStacks(app: App, config: ResolvedLakehouseConfig): Map<string, MetastoreStack> {
  return new Map(
    config.metastores.map((metastore) => [
      `${metastore.cloud}:${metastore.region}`,
      new MetastoreStack(app, metastore.id, { metastore }),
    ]),
  );
}

/** The two layers of each environment, kept together; `metastores` as {@link addMetastoreStacks} returns them. */
export function addLakehouseLayers(
  app: App,
  config: ResolvedLakehouseConfig,
  metastores: ReadonlyMap<string, MetastoreStack> = new Map(),
): EnvironmentStacks[] {
  return config.environments.map((environment) => {
    const metastoreId = metastores.get(`${environment.cloud}:${environment.region}`)?.metastore.metastoreId;
    const env =
      environment.cloud === "azure"
        ? new AzureEnvironmentStack(app, environment.id, {
            environment,
            metastoreId,
            datasets: config.datasets.azure,
          })
        : new AwsEnvironmentStack(app, environment.id, { environment, metastoreId });
    const workspace = new WorkspaceStack(app, workspaceStackId(environment.id), {
      environment,
      inputs: env.workspaceLayer,
      datasets: config.datasets[environment.cloud],
    });
    return { environment: env, workspace };
  });
}
