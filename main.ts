/**
 * The cdktf app: one stack per (cloud, environment) of the lakehouse config. Config comes from the JSON
 * file named by LAKEHOUSE_CONFIG, or the built-in example, and is validated before any stack is built.
 */
import { ConfigValidationError, loadConfig, readConfigInput } from "./config";
import { addLakehouseStacks, createLakehouseApp } from "./stacks/lakehouse-app";

try {
  const config = loadConfig(readConfigInput());
  const app = createLakehouseApp();
  addLakehouseStacks(app, config);
  app.synth();
} catch (error) {
  if (error instanceof ConfigValidationError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
