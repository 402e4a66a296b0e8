import { App, type AppConfig, type TerraformStack } from "cdktf";
import * as tokenStackTrace from "cdktf/lib/tokens/private/stack-trace";
import type { ResolvedLakehouseConfig } from "../config";
import { AwsLakehouseStack } from "./aws-lakehouse-stack";
import { AzureLakehouseStack } from "./azure-lakehouse-stack";

/** Set to `1` to keep cdktf's stack traces (annotations and tokens) when debugging a synth error. */
export const STACK_TRACES_ENV = "LAKEHOUSE_STACK_TRACES";

/**
 * The app `main.ts` synthesizes, without the stack traces cdktf records by default: nobody reads them
 * (cdktf prints them only when a token fails to resolve, or next to an error annotation), they cost
 * ~10 % of synth time, and the annotation traces wrote absolute checkout paths into
 * `cdktf.out/manifest.json`. `LAKEHOUSE_STACK_TRACES=1` keeps them.
 */
export function createLakehouseApp(config: AppConfig = {}): App {
  const stackTraces = process.env[STACK_TRACES_ENV] === "1";
  if (!stackTraces) disableTokenStackTraces();
  return new App({ ...config, stackTraces });
}

/**
 * Every Lazy, Intrinsic and dynamic-block token captures a full stack trace when it is created
 * (cdktf 0.21 `lib/tokens/private/stack-trace.js`, called from `lazy.js`, `intrinsic.js`, … with no
 * switch). Those modules look the function up on this module's exports at each call, so replacing
 * it here turns the capture off for the whole process. cdktf is pinned and archived: this private
 * module will not move under us.
 */
function disableTokenStackTraces(): void {
  (tokenStackTrace as { captureStackTrace: () => string[] }).captureStackTrace = () => [];
}

/** Adds one stack per (cloud, environment) to the app, named by environment id (`azure-dev`, `aws-prod`, …). */
export function addLakehouseStacks(app: App, config: ResolvedLakehouseConfig): TerraformStack[] {
  return config.environments.map((environment) =>
    environment.cloud === "azure"
      ? new AzureLakehouseStack(app, environment.id, { environment, datasets: config.datasets.azure })
      : new AwsLakehouseStack(app, environment.id, { environment, datasets: config.datasets.aws }),
  );
}
