/**
 * The cdktf app: one stack per (cloud, environment) of the lakehouse config. Config comes from the JSON
 * file named by LAKEHOUSE_CONFIG, or the built-in example, and is validated before any stack is built.
 */
import { App } from "cdktf";
import { ConfigValidationError, loadConfig, readConfigInput } from "./config";
import { addLakehouseStacks } from "./stacks/lakehouse-app";

try {
  const config = loadConfig(readConfigInput());
  const app = new App();
  addLakehouseStacks(app, config);
  app.synth();
} catch (error) {
  if (error instanceof ConfigValidationError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
