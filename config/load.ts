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
  let out = "";
  path.forEach((part, i) => {
    if (i === 1 && path[0] === "environments" && typeof part === "number") {
      const envs = (input as { environments?: unknown[] } | undefined)?.environments;
      const env = Array.isArray(envs)
        ? (envs[part] as { cloud?: unknown; name?: unknown } | undefined)
        : undefined;
      if (env && typeof env.cloud === "string" && typeof env.name === "string") {
        out += `.${environmentId({ cloud: env.cloud as "aws" | "azure", name: env.name })}`;
        return;
      }
    }
    out += typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${part}`;
  });
  return out || "(root)";
}

/** The input value an issue points at, for messages zod words without it. */
function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>(
    (value, key) =>
      value !== null && typeof value === "object"
        ? (value as Record<string | number, unknown>)[key]
        : undefined,
    input,
  );
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? "" : "s"}]`;
  return String(value);
}

function formatZodIssue(issue: z.ZodIssue, input: unknown): string {
  const where = formatPath(issue.path, input);
  switch (issue.code) {
    case "invalid_type":
      return issue.received === "undefined"
        ? `${where}: is required (${issue.expected})`
        : `${where}: ${describeValue(valueAt(input, issue.path))} must be ${issue.expected === "integer" ? "a whole number" : `a ${issue.expected}`}, got ${issue.received}`;
    case "unrecognized_keys":
      return `${where}: unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}`;
    case "invalid_enum_value":
      return `${where}: '${String(issue.received)}' must be one of ${issue.options.join(", ")}`;
    case "invalid_union_discriminator":
      return `${where}: must be one of ${issue.options.map(String).join(", ")}`;
    case "too_small":
    case "too_big":
    case "invalid_string":
      return `${where}: ${describeValue(valueAt(input, issue.path))} ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
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
