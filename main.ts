/**
 * The cdktf app: one stack per (cloud, environment) of the lakehouse config. Config comes from the JSON
 * file named by LAKEHOUSE_CONFIG, or the built-in example, and is validated before any stack is built.
 * Errors a user can cause are printed as one message without a stack trace (`stacks/app-errors.ts`).
 */
import { App } from "cdktf";
import { loadConfig, readConfigInput } from "./config";
import { exitOnAppError } from "./stacks/app-errors";
import { addLakehouseStacks } from "./stacks/lakehouse-app";

try {
  const config = loadConfig(readConfigInput());
  const app = new App();
  addLakehouseStacks(app, config);
  app.synth();
} catch (error) {
  exitOnAppError(error);
}
