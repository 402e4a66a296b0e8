/**
 * The one entry point from raw config to what stacks build: parse (zod), derive names and defaults,
 * then check cross-field rules. Any problem throws before a single construct exists.
 */
import { ConfigValidationError, formatPath, formatZodIssue } from "../vocabulary/config-issues";
import { loadConfigDatasets } from "./datasets";
import { LAKEHOUSE_CONFIG_SCHEMA } from "./schema";
import { environmentId, resolveConfig, type ResolvedLakehouseConfig } from "./resolve";
import { validateResolvedConfig } from "./validate";

/** `environments.3.storage` → `environments.aws-prod.storage` when the entry says which it is. */
function environmentName(list: string, index: number, input: unknown): string | undefined {
  if (list !== "environments") return undefined;
  const envs = (input as { environments?: unknown[] } | undefined)?.environments;
  const env = Array.isArray(envs)
    ? (envs[index] as { cloud?: unknown; name?: unknown } | undefined)
    : undefined;
  return env && typeof env.cloud === "string" && typeof env.name === "string"
    ? environmentId({ cloud: env.cloud as "aws" | "azure", name: env.name })
    : undefined;
}

export { ConfigValidationError };

export function loadConfig(input: unknown): ResolvedLakehouseConfig {
  const parsed = LAKEHOUSE_CONFIG_SCHEMA.safeParse(input);
  if (!parsed.success) {
    throw new ConfigValidationError(
      parsed.error.issues.map((issue) =>
        formatZodIssue(issue, input, (path) => formatPath(path, input, { entryName: environmentName })),
      ),
    );
  }
  const datasets = loadConfigDatasets(parsed.data.datasets, parsed.data.environments);
  const resolved = resolveConfig(parsed.data, datasets.specs);
  const issues = [...datasets.issues, ...validateResolvedConfig(resolved, datasets.invalid, input)];
  if (issues.length > 0) throw new ConfigValidationError(issues);
  return resolved;
}
