/**
 * Tags per cloud. `project.tags` and each environment's `tags` are merged under the toolkit's own tags
 * and written to every AWS/Azure resource and, as `custom_tags`, to Databricks compute, jobs and
 * pipelines; each of those has its own limits, which depend on the environment's cloud.
 *
 * Sources: AWS tagging limits (IAM and the tagging API: keys 1–128, values 0–256, letters, digits,
 * spaces and `_ . : / = + - @`, no `aws:` prefix, 50 per resource); Azure tag limits (50 per resource,
 * keys without `< > % & \ ? /`, case-insensitive keys, storage accounts 128/256); Databricks: cluster
 * `custom_tags` at most 45, SQL warehouse tags fewer than 45, jobs and pipelines at most 25 tags;
 * default tags Vendor, ClusterId, ClusterName, Creator, RunName, JobId and pool ids are set by
 * Databricks, and a custom `Name` on a cluster stops Databricks tracking (and terminating) it.
 */
import { TAG_KEYS } from "../../vocabulary/tags";
import { quote } from "../../vocabulary/config-issues";
import { environmentId } from "../resolve";
import type { ParsedEnvironment, ParsedLakehouseConfig } from "../schema";

/** Tag keys Databricks sets on compute itself (or, `Name`, must not be overridden on clusters). */
export const DATABRICKS_RESERVED_TAG_KEYS = [
  "Vendor",
  "Creator",
  "ClusterName",
  "ClusterId",
  "RunName",
  "JobId",
  "Name",
  "SqlWarehouseId",
  "DatabricksInstancePoolId",
  "DatabricksInstancePoolCreatorId",
] as const;

/** Tags the toolkit writes itself; `layer` only on cloud resources, the others everywhere. */
const TOOLKIT_TAG_KEYS = Object.values(TAG_KEYS);
const TOOLKIT_DATABRICKS_TAGS = TOOLKIT_TAG_KEYS.length - 1;

/**
 * How many tags config may add, per target: Databricks SQL warehouses take fewer than 45 tags,
 * clusters 45, jobs and pipelines 25; the toolkit sets 5 of them.
 */
export const MAX_EXTRA_TAGS = {
  withoutPipelines: 44 - TOOLKIT_DATABRICKS_TAGS,
  withPipelines: 25 - TOOLKIT_DATABRICKS_TAGS,
} as const;

/** Letters, digits, spaces and `_ . : / = + - @`: what AWS (IAM, tagging API) accepts in tag keys and values. */
const AWS_TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** Characters Azure refuses in tag names. */
const AZURE_FORBIDDEN_KEY_CHARACTERS = /[<>%&\\?/]/;

/** Every tag problem of the config, each reported once at the field that sets the tag. */
export function checkTags(config: ParsedLakehouseConfig): string[] {
  const issues = new Set<string>();
  const projectTags = config.project.tags ?? {};
  const clouds = new Set(config.environments.map((env) => env.cloud));

  // Keys the toolkit owns: a config value would be silently replaced (or, on Azure, clash by case).
  const toolkitKey = (path: string, key: string) => {
    if (TOOLKIT_TAG_KEYS.some((k) => k.toLowerCase() === key.toLowerCase())) {
      issues.add(
        `${path}.${key}: '${key}' is set by the toolkit on every resource (${TOOLKIT_TAG_KEYS.join(", ")}); remove it or use another key`,
      );
    }
  };
  for (const key of Object.keys(projectTags)) toolkitKey("project.tags", key);

  // Values of the toolkit's own tags that come from config: AWS refuses characters outside its set.
  if (clouds.has("aws")) {
    for (const field of ["owner", "costCenter"] as const) {
      const value = config.project[field];
      if (!AWS_TAG_TEXT.test(value)) {
        issues.add(
          `project.${field}: ${quote(value)} is written to AWS tags, which take only letters, digits, spaces and _ . : / = + - @`,
        );
      }
    }
  }

  for (const env of config.environments) {
    const id = environmentId(env);
    const envTags = env.tags ?? {};
    for (const key of Object.keys(envTags)) toolkitKey(`environments.${id}.tags`, key);
    const merged = { ...projectTags, ...envTags };
    // Where a merged tag is set: the environment wins over the project.
    const pathOf = (key: string) =>
      Object.hasOwn(envTags, key) ? `environments.${id}.tags.${key}` : `project.tags.${key}`;
    for (const [key, value] of Object.entries(merged)) {
      for (const problem of keyProblems(env.cloud, key)) issues.add(`${pathOf(key)}: '${key}' ${problem}`);
      if (env.cloud === "aws" && !AWS_TAG_TEXT.test(value)) {
        issues.add(
          `${pathOf(key)}: ${quote(value)} is not a valid AWS tag value (${id}): only letters, digits, spaces and _ . : / = + - @`,
        );
      }
    }
    if (env.cloud === "azure") {
      // Azure tag names are case-insensitive: `Team` and `team` are one tag with two values.
      const byLowerCase = new Map<string, string>();
      for (const key of Object.keys(merged)) {
        const other = byLowerCase.get(key.toLowerCase());
        if (other !== undefined) {
          issues.add(
            `${pathOf(key)}: '${key}' and '${other}' are the same tag on Azure (${id}), whose tag names ignore case; keep one`,
          );
        }
        byLowerCase.set(key.toLowerCase(), key);
      }
    }
    checkTagCount(env, id, Object.keys(merged).length, issues);
  }
  return [...issues];
}

function keyProblems(cloud: ParsedEnvironment["cloud"], key: string): string[] {
  const problems: string[] = [];
  const reserved = DATABRICKS_RESERVED_TAG_KEYS.find((k) =>
    // Azure resources (the VMs Databricks tags) treat tag names case-insensitively.
    cloud === "azure" ? k.toLowerCase() === key.toLowerCase() : k === key,
  );
  if (reserved !== undefined) {
    problems.push(
      `is a tag Databricks sets on compute itself (${DATABRICKS_RESERVED_TAG_KEYS.join(", ")}); a custom '${reserved}' is refused or breaks cluster tracking`,
    );
  }
  if (cloud === "aws" && /^aws:/i.test(key)) problems.push("starts with 'aws:', a prefix AWS reserves");
  if (cloud === "azure" && AZURE_FORBIDDEN_KEY_CHARACTERS.test(key)) {
    problems.push("contains a character Azure refuses in tag names (< > % & \\ ? /)");
  }
  return problems;
}

function checkTagCount(env: ParsedEnvironment, id: string, count: number, issues: Set<string>): void {
  const max = env.pipelines ? MAX_EXTRA_TAGS.withPipelines : MAX_EXTRA_TAGS.withoutPipelines;
  if (count > max) {
    const why = env.pipelines
      ? "Databricks jobs and pipelines take at most 25 tags"
      : "Databricks SQL warehouses take fewer than 45 tags";
    issues.add(
      `environments.${id}.tags: project.tags and environment tags add ${count} tags; at most ${max}: ${why} and the toolkit sets ${TOOLKIT_DATABRICKS_TAGS} (${TOOLKIT_TAG_KEYS.filter((k) => k !== TAG_KEYS.layer).join(", ")})`,
    );
  }
}
