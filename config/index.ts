export { EXAMPLE_CONFIG } from "./example";
export { ConfigValidationError, loadConfig } from "./load";
export { describeConfigLocation, locateConfig, readConfigInput, readConfigSource } from "./source";
export type { ConfigLocation, ConfigSource } from "./source";
export type {
  ResolvedAwsEnvironment,
  ResolvedAzureEnvironment,
  ResolvedEnvironment,
  ResolvedLakehouseConfig,
  ResolvedMetastore,
} from "./resolve";
export type { LakehouseConfigInput } from "./schema";
