/**
 * The one entry point from raw config to what stacks build: parse (zod), derive names and defaults,
 * then check cross-field rules. Any problem throws before a single construct exists.
 */
import {
  ConfigValidationError,
  formatPath,
  formatZodIssue,
  quote,
  valueAt,
} from "../vocabulary/config-issues";
import { unprintableReason } from "../vocabulary/printable";
import { formatDatasetPath } from "../pipelines";
import { loadConfigDatasets } from "./datasets";
import { LAKEHOUSE_CONFIG_SCHEMA } from "./schema";
import { environmentId, resolveConfig, type ResolvedLakehouseConfig } from "./resolve";
import { validateResolvedConfig } from "./validate";
import { checkTags } from "./validate/tags";

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

/** Deeper than any config the schema describes: a guard against self-referencing YAML aliases. */
const MAX_DEPTH = 64;

/**
 * Every string and key of the raw input that is not printable (control, bidirectional or separator
 * characters, unpaired surrogates): whatever field it is in, it may reach a tag, a comment or SQL.
 * Line breaks and tabs are left to the fields that take one line (tags, names, expressions), since
 * comments may span lines.
 */
function unprintableIssues(input: unknown): string[] {
  const issues: string[] = [];
  // Dataset spec paths read as the spec reports them (`datasets.tables.transactions…`; the deprecated
  // per-cloud shape as `datasets.aws.tables.transactions…`).
  const where = (path: (string | number)[]) => {
    if (path[0] !== "datasets" || path.length < 2)
      return formatPath(path, input, { entryName: environmentName });
    const perCloud = path[1] === "azure" || path[1] === "aws";
    const root = perCloud ? path.slice(0, 2) : path.slice(0, 1);
    const formatted = formatDatasetPath(path.slice(root.length), valueAt(input, root));
    return perCloud ? formatted.replace(/^datasets/, `datasets.${path[1]}`) : formatted;
  };
  // One path array, extended and shortened in place: the walk visits every value of the config.
  const path: (string | number)[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === "string") {
      const reason = unprintableReason(value, { allowLineBreaks: true });
      if (reason)
        issues.push(`${where([...path])}: ${quote(value)} ${reason}; use printable characters only`);
      return;
    }
    if (value === null || typeof value !== "object") return;
    if (path.length > MAX_DEPTH) {
      issues.push(`${where([...path])}: is nested more than ${MAX_DEPTH} levels deep`);
      return;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(value[i]);
        path.pop();
      }
      return;
    }
    for (const key of Object.keys(value)) {
      const reason = unprintableReason(key);
      if (reason)
        issues.push(`${where([...path])}: key ${quote(key)} ${reason}; use printable characters only`);
      path.push(key);
      visit((value as Record<string, unknown>)[key]);
      path.pop();
    }
  };
  visit(input);
  return issues;
}

export function loadConfig(input: unknown): ResolvedLakehouseConfig {
  const unprintable = unprintableIssues(input);
  if (unprintable.length > 0) throw new ConfigValidationError(unprintable);
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
  const issues = [
    ...checkTags(parsed.data),
    ...datasets.issues,
    ...validateResolvedConfig(resolved, datasets.invalid, input),
  ];
  if (issues.length > 0) throw new ConfigValidationError(issues);
  return resolved;
}
