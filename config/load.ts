/**
 * The one entry point from raw config to what stacks build: parse (zod), derive names and defaults,
 * then check cross-field rules. Any problem throws before a single construct exists.
 */
import type { z } from "zod";
import { LAKEHOUSE_CONFIG_SCHEMA } from "./schema";
import { environmentId, resolveConfig, type ResolvedLakehouseConfig } from "./resolve";
import { validateResolvedConfig } from "./validate";

/** Every problem found in a config, one line each, so a user fixes them all in one pass. */
export class ConfigValidationError extends Error {
  constructor(public readonly issues: readonly string[]) {
    super(
      `Invalid lakehouse config (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n  - ${issues.join("\n  - ")}`,
    );
    this.name = "ConfigValidationError";
  }
}

/** `environments.3.storage` → `environments.aws-prod.storage` when the entry says which it is. */
function formatPath(path: readonly (string | number)[], input: unknown): string {
  const parts = path.map(String);
  if (path[0] === "environments" && typeof path[1] === "number") {
    const envs = (input as { environments?: unknown[] } | undefined)?.environments;
    const env = Array.isArray(envs)
      ? (envs[path[1]] as { cloud?: unknown; name?: unknown } | undefined)
      : undefined;
    if (env && typeof env.cloud === "string" && typeof env.name === "string") {
      parts[1] = environmentId({ cloud: env.cloud as "aws" | "azure", name: env.name });
    } else {
      parts[1] = `[${path[1]}]`;
    }
  }
  return parts.join(".").replace(/\.(\d+)(?=\.|$)/g, "[$1]") || "(root)";
}

function formatZodIssue(issue: z.ZodIssue, input: unknown): string {
  const where = formatPath(issue.path, input);
  switch (issue.code) {
    case "invalid_type":
      return issue.received === "undefined"
        ? `${where}: is required (${issue.expected})`
        : `${where}: expected ${issue.expected}, got ${issue.received}`;
    case "unrecognized_keys":
      return `${where}: unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}`;
    case "invalid_enum_value":
      return `${where}: '${String(issue.received)}' must be one of ${issue.options.join(", ")}`;
    case "invalid_union_discriminator":
      return `${where}: must be one of ${issue.options.map(String).join(", ")}`;
    default:
      return `${where}: ${issue.message}`;
  }
}

export function loadConfig(input: unknown): ResolvedLakehouseConfig {
  const parsed = LAKEHOUSE_CONFIG_SCHEMA.safeParse(input);
  if (!parsed.success) {
    throw new ConfigValidationError(parsed.error.issues.map((issue) => formatZodIssue(issue, input)));
  }
  const resolved = resolveConfig(parsed.data);
  const issues = validateResolvedConfig(resolved);
  if (issues.length > 0) throw new ConfigValidationError(issues);
  return resolved;
}
