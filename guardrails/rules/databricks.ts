/**
 * Databricks rules: workspaces (Azure and AWS), Unity Catalog, compute cost controls, pipelines and
 * jobs. Cluster policies are read from their JSON `definition`, as the workspace will enforce them.
 */
import {
  block,
  blocks,
  isFalse,
  isTrue,
  clusterPolicyElements,
  jobClusterSpecs,
  strings,
} from "../../terraform-json/values";
import { failed, passed, skipped } from "../types";
import { missingKeys } from "./platform";
import type { CheckResult, GuardrailContext, GuardrailRule, TerraformElementView } from "../types";
import { guardrailRule } from "./catalog";

type PolicyDefinition = Record<
  string,
  { type?: string; value?: unknown; maxValue?: unknown; minValue?: unknown }
>;

/** A cluster policy's definition, or undefined when it is not a literal JSON object at synth time. */
function policyDefinition(policy: TerraformElementView): PolicyDefinition | undefined {
  return clusterPolicyElements(policy.attributes.definition) as PolicyDefinition | undefined;
}

/** Cluster types a policy is restricted to (`cluster_type` fixed or allowlist), if restricted. */
function policyClusterTypes(definition: PolicyDefinition): string[] | undefined {
  const rule = definition.cluster_type as { type?: string; value?: unknown; values?: unknown } | undefined;
  if (!rule) return undefined;
  if (rule.type === "fixed") return strings(rule.value);
  if (rule.type === "allowlist") return strings(rule.values);
  return undefined;
}

/**
 * A cluster policy's definition for a rule to judge, or the rule's result when there is none to judge:
 * skipped for a policy family without a definition, failed when it is not a literal JSON object at synth
 * time.
 */
function judgedPolicyDefinition(
  policy: TerraformElementView,
): { readonly definition: PolicyDefinition } | { readonly result: CheckResult } {
  if (policy.attributes.definition === undefined) {
    return { result: skipped("policy family without a definition") };
  }
  const definition = policyDefinition(policy);
  return definition
    ? { definition }
    : { result: failed("the policy definition is not a literal JSON object at synth time") };
}

function isAzureWorkspace(resource: TerraformElementView): boolean {
  return resource.type === "azurerm_databricks_workspace";
}

export const WORKSPACE_NO_PUBLIC_IP = guardrailRule(
  "LH-DBW-001",
  ["azurerm_databricks_workspace", "databricks_mws_networks"],
  (resource, context) => {
    if (isAzureWorkspace(resource)) {
      const params = block(resource.attributes.custom_parameters);
      return isTrue(params?.no_public_ip) ? passed() : failed("custom_parameters.no_public_ip is not true");
    }
    const subnets = strings(resource.attributes.subnet_ids).map((id) => context.lookup(id));
    const publicOnes = subnets.filter(
      (s) => s?.type === "aws_subnet" && isTrue(s.attributes.map_public_ip_on_launch),
    );
    if (publicOnes.length > 0)
      return failed(`subnets that assign public IPs: ${publicOnes.map((s) => s!.constructPath).join(", ")}`);
    return subnets.some((s) => s === undefined)
      ? passed("some subnets are not in this stack and were not inspected")
      : passed();
  },
);

export const WORKSPACE_NETWORK_INJECTION = guardrailRule(
  "LH-DBW-002",
  ["azurerm_databricks_workspace", "databricks_mws_workspaces"],
  (resource) => {
    if (isAzureWorkspace(resource)) {
      const params = block(resource.attributes.custom_parameters);
      const missing = ["virtual_network_id", "public_subnet_name", "private_subnet_name"].filter(
        (key) => typeof params?.[key] !== "string" || params[key] === "",
      );
      return missing.length === 0 ? passed() : failed(`custom_parameters lacks ${missing.join(", ")}`);
    }
    const networkId = resource.attributes.network_id;
    return typeof networkId === "string" && networkId !== ""
      ? passed()
      : failed("network_id is not set (Databricks-managed VPC)");
  },
);

export const WORKSPACE_PREMIUM_TIER = guardrailRule(
  "LH-DBW-003",
  ["azurerm_databricks_workspace", "databricks_mws_workspaces"],
  (resource) => {
    if (isAzureWorkspace(resource)) {
      return resource.attributes.sku === "premium"
        ? passed()
        : failed(`sku is ${String(resource.attributes.sku)}`);
    }
    const tier = resource.attributes.pricing_tier;
    return tier === "PREMIUM" || tier === "ENTERPRISE"
      ? passed()
      : failed(`pricing_tier is ${String(tier ?? "not set (account default)")}`);
  },
);

export const WORKSPACE_NO_PUBLIC_ACCESS_PROD = guardrailRule(
  "LH-DBW-004",
  ["azurerm_databricks_workspace", "databricks_mws_workspaces"],
  (resource, context) => {
    if (isAzureWorkspace(resource)) {
      // azurerm default: public network access enabled
      return isFalse(resource.attributes.public_network_access_enabled)
        ? passed()
        : failed("public_network_access_enabled is not false");
    }
    const settings = context.lookup(resource.attributes.private_access_settings_id);
    if (!settings) return failed("no private access settings: the workspace is reachable from the internet");
    return isFalse(settings.attributes.public_access_enabled)
      ? passed()
      : failed(`${settings.constructPath} keeps public_access_enabled = true`);
  },
);

export const CATALOG_ISOLATION = guardrailRule("LH-UC-001", ["databricks_catalog"], (catalog) => {
  if (catalog.attributes.provider_name !== undefined || catalog.attributes.connection_name !== undefined) {
    return skipped("shared or foreign catalog");
  }
  const mode = catalog.attributes.isolation_mode ?? "OPEN";
  return mode === "ISOLATED" ? passed() : failed(`isolation_mode is ${String(mode)}`);
});

/** Principals that mean "everyone in the account/workspace". */
const BROAD_PRINCIPALS = new Set(["account users", "users", "all users"]);
/** Privileges everyone may hold: discovering that objects exist, not reading them. */
const ALLOWED_BROAD_PRIVILEGES = new Set(["BROWSE"]);

export const NO_BROAD_GRANTS = guardrailRule(
  "LH-UC-002",
  ["databricks_grants", "databricks_grant"],
  (resource) => {
    const grants =
      resource.type === "databricks_grant" ? [resource.attributes] : blocks(resource.attributes.grant);
    const broad = grants
      .filter((g) => typeof g.principal === "string" && BROAD_PRINCIPALS.has(g.principal.toLowerCase()))
      .flatMap((g) =>
        strings(g.privileges)
          .filter((p) => !ALLOWED_BROAD_PRIVILEGES.has(p))
          .map((p) => `${String(g.principal)}: ${p}`),
      );
    return broad.length === 0 ? passed() : failed(`broad grants: ${broad.join(", ")}`);
  },
);

/** Longest auto-stop accepted for a SQL warehouse, in minutes. */
export const MAX_WAREHOUSE_AUTO_STOP_MINUTES = 120;

export const COMPUTE_AUTO_TERMINATION = guardrailRule(
  "LH-CMP-001",
  ["databricks_cluster_policy", "databricks_cluster"],
  (resource) => {
    if (resource.type === "databricks_cluster") {
      const minutes = resource.attributes.autotermination_minutes ?? 60; // provider default
      return typeof minutes === "number" && minutes > 0
        ? passed()
        : failed(`autotermination_minutes is ${String(minutes)}`);
    }
    const judged = judgedPolicyDefinition(resource);
    if ("result" in judged) return judged.result;
    const definition = judged.definition;
    const types = policyClusterTypes(definition);
    if (types && types.every((t) => t === "job" || t === "dlt")) {
      return skipped(`policy for ${types.join("/")} clusters, which stop when their run ends`);
    }
    const rule = definition.autotermination_minutes;
    if (!rule) return failed("the policy does not constrain autotermination_minutes");
    if (rule.type === "fixed") {
      return typeof rule.value === "number" && rule.value > 0
        ? passed()
        : failed(`fixed autotermination_minutes ${String(rule.value)}`);
    }
    if (
      rule.type === "range" &&
      typeof rule.maxValue === "number" &&
      typeof rule.minValue === "number" &&
      rule.minValue > 0
    ) {
      return passed();
    }
    return failed(
      `autotermination_minutes is ${String(rule.type)} without a positive minValue and a maxValue`,
    );
  },
);

/** Tag keys a policy definition fixes (`custom_tags.<key>` of type fixed). */
function fixedTagKeys(definition: PolicyDefinition): string[] {
  return Object.entries(definition)
    .filter(([key, rule]) => key.startsWith("custom_tags.") && rule.type === "fixed")
    .map(([key]) => key.slice("custom_tags.".length));
}

/** Tag keys a cluster policy (a cluster's `policy_id`, looked up) fixes. */
function policyFixedTagKeys(policy: TerraformElementView | undefined): string[] {
  if (!policy || policy.type !== "databricks_cluster_policy") return [];
  const definition = policyDefinition(policy);
  return definition ? fixedTagKeys(definition) : [];
}

/** Missing tag keys of a cluster spec (job cluster, pipeline cluster): its own tags plus its policy's fixed ones. */
function clusterSpecMissing(spec: Readonly<Record<string, unknown>>, context: GuardrailContext): string[] {
  const fromPolicy = policyFixedTagKeys(context.lookup(spec.policy_id));
  const own = block(spec.custom_tags) ?? {};
  return missingKeys(own, context.requiredComputeTagKeys).filter((key) => !fromPolicy.includes(key));
}

export const COMPUTE_CUSTOM_TAGS = guardrailRule(
  "LH-CMP-002",
  [
    "databricks_cluster_policy",
    "databricks_cluster",
    "databricks_sql_endpoint",
    "databricks_job",
    "databricks_pipeline",
  ],
  (resource, context) => {
    const required = context.requiredComputeTagKeys;
    const report = (missing: string[], where = "") =>
      missing.length === 0
        ? passed()
        : failed(`${where}missing custom tags: ${[...new Set(missing)].join(", ")}`);
    switch (resource.type) {
      case "databricks_cluster_policy": {
        const judged = judgedPolicyDefinition(resource);
        if ("result" in judged) return judged.result;
        const fixed = fixedTagKeys(judged.definition);
        return report(
          required.filter((key) => !fixed.includes(key)),
          "policy does not fix ",
        );
      }
      case "databricks_cluster":
        return report(clusterSpecMissing(resource.attributes, context));
      case "databricks_sql_endpoint": {
        const pairs = blocks(block(resource.attributes.tags)?.custom_tags);
        const tags = Object.fromEntries(pairs.map((p) => [String(p.key), p.value]));
        return report(missingKeys(tags, required));
      }
      case "databricks_job": {
        const specs = jobClusterSpecs(resource.attributes);
        if (specs.length === 0) return skipped("no job clusters (serverless or existing compute)");
        return report(specs.flatMap((s) => clusterSpecMissing(s, context)));
      }
      case "databricks_pipeline": {
        if (isTrue(resource.attributes.serverless))
          return skipped("serverless pipeline: attribute cost with a budget policy");
        const clusters = blocks(resource.attributes.cluster);
        if (clusters.length === 0)
          return failed("no cluster block: the default cluster carries no custom tags");
        return report(clusters.flatMap((c) => clusterSpecMissing(c, context)));
      }
      default:
        return skipped("not compute");
    }
  },
);

export const WAREHOUSE_AUTO_STOP = guardrailRule(
  "LH-CMP-003",
  ["databricks_sql_endpoint"],
  (warehouse) => {
    const minutes = warehouse.attributes.auto_stop_mins ?? 120; // provider default
    if (typeof minutes !== "number") return failed(`auto_stop_mins is ${String(minutes)}`);
    if (minutes <= 0) return failed("auto_stop_mins is 0: the warehouse never stops");
    return minutes <= MAX_WAREHOUSE_AUTO_STOP_MINUTES
      ? passed()
      : failed(`auto_stop_mins is ${minutes} (> ${MAX_WAREHOUSE_AUTO_STOP_MINUTES})`);
  },
  { MAX_WAREHOUSE_AUTO_STOP_MINUTES },
);

export const PIPELINE_NOT_DEVELOPMENT_PROD = guardrailRule(
  "LH-PIPE-001",
  ["databricks_pipeline"],
  (pipeline) => (isTrue(pipeline.attributes.development) ? failed("development = true") : passed()),
);

const PIPELINE_FAILURE_ALERTS = ["on-update-failure", "on-update-fatal-failure", "on-flow-failure"];

export const PIPELINE_FAILURE_NOTIFICATIONS = guardrailRule(
  "LH-PIPE-002",
  ["databricks_pipeline"],
  (pipeline) => {
    const notified = blocks(pipeline.attributes.notification).some(
      (n) =>
        strings(n.email_recipients).length > 0 &&
        strings(n.alerts).some((a) => PIPELINE_FAILURE_ALERTS.includes(a)),
    );
    return notified ? passed() : failed("no notification with email recipients for update failures");
  },
);

export const JOB_FAILURE_NOTIFICATIONS = guardrailRule("LH-JOB-001", ["databricks_job"], (job) => {
  const onFailure = (holder: Readonly<Record<string, unknown>>) =>
    blocks(holder.email_notifications).some((e) => strings(e.on_failure).length > 0) ||
    blocks(holder.webhook_notifications).some((w) => blocks(w.on_failure).length > 0);
  if (onFailure(job.attributes)) return passed();
  const tasks = blocks(job.attributes.task);
  if (tasks.length > 0 && tasks.every(onFailure)) return passed();
  return failed("no email or webhook notification on failure");
});

export const DATABRICKS_RULES: readonly GuardrailRule[] = [
  WORKSPACE_NO_PUBLIC_IP,
  WORKSPACE_NETWORK_INJECTION,
  WORKSPACE_PREMIUM_TIER,
  WORKSPACE_NO_PUBLIC_ACCESS_PROD,
  CATALOG_ISOLATION,
  NO_BROAD_GRANTS,
  COMPUTE_AUTO_TERMINATION,
  COMPUTE_CUSTOM_TAGS,
  WAREHOUSE_AUTO_STOP,
  PIPELINE_NOT_DEVELOPMENT_PROD,
  PIPELINE_FAILURE_NOTIFICATIONS,
  JOB_FAILURE_NOTIFICATIONS,
];
