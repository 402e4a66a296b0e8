export { EXAMPLE_CONFIG } from "./example";
export { ConfigValidationError, loadConfig } from "./load";
export { readConfigInput } from "./source";
export type {
  ResolvedAwsEnvironment,
  ResolvedAzureEnvironment,
  ResolvedEnvironment,
  ResolvedLakehouseConfig,
  ResolvedMetastore,
} from "./resolve";
export type { LakehouseConfigInput } from "./schema";
