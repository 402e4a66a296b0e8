/**
 * Databricks rules: workspaces (Azure and AWS), Unity Catalog, compute cost controls, pipelines and
 * jobs. Cluster policies are read from their JSON `definition`, as the workspace will enforce them.
 */
import {
  block,
  blocks,
  isFalse,
  isRecord,
  isTrue,
  jobClusterSpecs,
  strings,
} from "../../terraform-json/values";
import { failed, passed, skipped } from "../types";
import { missingKeys } from "./platform";
import type { CheckResult, GuardrailContext, GuardrailRule, TerraformElementView } from "../types";

type PolicyDefinition = Record<
  string,
  { type?: string; value?: unknown; maxValue?: unknown; minValue?: unknown }
>;

/**
 * A cluster policy's definition, or undefined when it is not literal JSON at synth time. Only its
 * elements that are objects (`{ "type": … }`, the only form a policy element takes) are kept: a `null`
 * or a number in their place constrains nothing, and the rules read each element's fields.
 */
function policyDefinition(policy: TerraformElementView): PolicyDefinition | undefined {
  const text = policy.attributes.definition;
  if (typeof text !== "string") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  return Object.fromEntries(
    Object.entries(parsed).filter(([, element]) => isRecord(element)),
  ) as PolicyDefinition;
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
 * skipped for a policy family without a definition, failed when it is not literal JSON at synth time.
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
    : { result: failed("the policy definition is not literal JSON at synth time") };
}

function isAzureWorkspace(resource: TerraformElementView): boolean {
  return resource.type === "azurerm_databricks_workspace";
}

export const WORKSPACE_NO_PUBLIC_IP: GuardrailRule = {
  id: "LH-DBW-001",
  title: "Databricks cluster nodes get no public IP (secure cluster connectivity)",
  severity: "error",
  resourceTypes: ["azurerm_databricks_workspace", "databricks_mws_networks"],
  rationale:
    "Cluster nodes with public IPs are reachable from the internet; with secure cluster connectivity they only open outbound connections through NAT.",
  fix: "Azure: custom_parameters.no_public_ip = true. AWS: register only private subnets (map_public_ip_on_launch = false) in databricks_mws_networks.",
  check(resource, context) {
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
};

export const WORKSPACE_NETWORK_INJECTION: GuardrailRule = {
  id: "LH-DBW-002",
  title: "Databricks workspaces run in the lakehouse's own network (VNet injection / customer-managed VPC)",
  severity: "error",
  resourceTypes: ["azurerm_databricks_workspace", "databricks_mws_workspaces"],
  rationale:
    "Only a network the lakehouse controls can carry the storage firewall rules, NAT egress, private endpoints and NSG/security-group rules the design relies on.",
  fix: "Azure: set custom_parameters.virtual_network_id, public_subnet_name and private_subnet_name. AWS: set network_id to a databricks_mws_networks.",
  check(resource) {
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
};

export const WORKSPACE_PREMIUM_TIER: GuardrailRule = {
  id: "LH-DBW-003",
  title: "Databricks workspaces are on the Premium (or Enterprise) tier",
  severity: "error",
  resourceTypes: ["azurerm_databricks_workspace", "databricks_mws_workspaces"],
  rationale: "Unity Catalog, cluster policies, table ACLs, audit logs and SQL warehouses all need Premium.",
  fix: 'Azure: sku = "premium". AWS: pricing_tier = "PREMIUM" or "ENTERPRISE" (config databricks.pricingTier).',
  check(resource) {
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
};

export const WORKSPACE_NO_PUBLIC_ACCESS_PROD: GuardrailRule = {
  id: "LH-DBW-004",
  title: "Prod Databricks workspaces are not reachable from the public internet",
  severity: "warning",
  stages: ["prod"],
  resourceTypes: ["azurerm_databricks_workspace", "databricks_mws_workspaces"],
  rationale:
    "Front-end private link keeps the UI and REST API off the internet. A warning: the AWS stacks keep public access (with SSO) until front-end PrivateLink and a transit VPC exist, and the report keeps that visible.",
  fix: "Azure: config databricks.privateEndpoints = true (public_network_access_enabled = false). AWS: PrivateLink with a databricks_mws_private_access_settings whose public_access_enabled = false.",
  equivalents: { checkov: ["CKV_AZURE_158"] },
  check(resource, context) {
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
};

export const CATALOG_ISOLATION: GuardrailRule = {
  id: "LH-UC-001",
  title: "Unity Catalog catalogs are bound to their workspaces (isolation mode ISOLATED)",
  severity: "error",
  resourceTypes: ["databricks_catalog"],
  rationale:
    "An OPEN catalog is visible from every workspace on the metastore, so dev notebooks could read prod data.",
  fix: 'Set isolation_mode = "ISOLATED" and bind the catalog with databricks_workspace_binding (UnityCatalog does).',
  check(catalog) {
    if (catalog.attributes.provider_name !== undefined || catalog.attributes.connection_name !== undefined) {
      return skipped("shared or foreign catalog");
    }
    const mode = catalog.attributes.isolation_mode ?? "OPEN";
    return mode === "ISOLATED" ? passed() : failed(`isolation_mode is ${String(mode)}`);
  },
};

/** Principals that mean "everyone in the account/workspace". */
const BROAD_PRINCIPALS = new Set(["account users", "users", "all users"]);
/** Privileges everyone may hold: discovering that objects exist, not reading them. */
const ALLOWED_BROAD_PRIVILEGES = new Set(["BROWSE"]);

export const NO_BROAD_GRANTS: GuardrailRule = {
  id: "LH-UC-002",
  title: "Unity Catalog grants nothing beyond BROWSE to all users",
  severity: "error",
  resourceTypes: ["databricks_grants", "databricks_grant"],
  rationale:
    "Grants to `account users` reach every identity in the account, including every other team and service principal; access should go to named groups.",
  fix: "Grant privileges to the config groups (databricks.grants); `account users` may get BROWSE only.",
  check(resource) {
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
};

/** Longest auto-stop accepted for a SQL warehouse, in minutes. */
export const MAX_WAREHOUSE_AUTO_STOP_MINUTES = 120;

export const COMPUTE_AUTO_TERMINATION: GuardrailRule = {
  id: "LH-CMP-001",
  title: "All-purpose clusters auto-terminate (policies bound it, clusters set it)",
  severity: "error",
  resourceTypes: ["databricks_cluster_policy", "databricks_cluster"],
  rationale:
    "An idle all-purpose cluster bills DBUs and VMs around the clock; auto-termination is the single biggest cost control.",
  fix: "Policies: autotermination_minutes as a range with maxValue (or fixed > 0). Clusters: autotermination_minutes > 0.",
  check(resource) {
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
};

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

export const COMPUTE_CUSTOM_TAGS: GuardrailRule = {
  id: "LH-CMP-002",
  title: "Databricks compute carries the cost tags (custom_tags)",
  severity: "error",
  resourceTypes: [
    "databricks_cluster_policy",
    "databricks_cluster",
    "databricks_sql_endpoint",
    "databricks_job",
    "databricks_pipeline",
  ],
  rationale:
    "DBU and VM spend is only attributable per project and environment when every cluster and warehouse carries the tags (they flow to the cloud bill and system.billing.usage).",
  fix: "Policies: fix custom_tags.<key> for each required key (LakehouseClusterPolicies does). Clusters, job/pipeline clusters, warehouses: set custom_tags, or use a policy that fixes them.",
  check(resource, context) {
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
};

export const WAREHOUSE_AUTO_STOP: GuardrailRule = {
  id: "LH-CMP-003",
  title: `SQL warehouses stop when idle (auto stop 1–${MAX_WAREHOUSE_AUTO_STOP_MINUTES} minutes)`,
  severity: "error",
  resourceTypes: ["databricks_sql_endpoint"],
  rationale: "A warehouse that never stops bills every hour of every day; 0 disables auto stop.",
  fix: `Set auto_stop_mins between 1 (serverless) or 10 (classic) and ${MAX_WAREHOUSE_AUTO_STOP_MINUTES} (config databricks.warehouse.autoStopMinutes).`,
  check(warehouse) {
    const minutes = warehouse.attributes.auto_stop_mins ?? 120; // provider default
    if (typeof minutes !== "number") return failed(`auto_stop_mins is ${String(minutes)}`);
    if (minutes <= 0) return failed("auto_stop_mins is 0: the warehouse never stops");
    return minutes <= MAX_WAREHOUSE_AUTO_STOP_MINUTES
      ? passed()
      : failed(`auto_stop_mins is ${minutes} (> ${MAX_WAREHOUSE_AUTO_STOP_MINUTES})`);
  },
};

export const PIPELINE_NOT_DEVELOPMENT_PROD: GuardrailRule = {
  id: "LH-PIPE-001",
  title: "Prod pipelines do not run in development mode",
  severity: "error",
  stages: ["prod"],
  resourceTypes: ["databricks_pipeline"],
  rationale:
    "Development mode reuses one cluster and disables retries, so a transient failure stops production ingestion.",
  fix: "Set development = false (or leave it unset) on prod pipelines.",
  check(pipeline) {
    return isTrue(pipeline.attributes.development) ? failed("development = true") : passed();
  },
};

const PIPELINE_FAILURE_ALERTS = ["on-update-failure", "on-update-fatal-failure", "on-flow-failure"];

export const PIPELINE_FAILURE_NOTIFICATIONS: GuardrailRule = {
  id: "LH-PIPE-002",
  title: "Pipelines notify someone when an update fails",
  severity: "error",
  stages: ["staging", "prod"],
  resourceTypes: ["databricks_pipeline"],
  rationale: "A failed streaming update silently stops bronze→gold freshness; an owner must hear about it.",
  fix: "Add a notification block with email_recipients and alerts on-update-failure / on-update-fatal-failure.",
  check(pipeline) {
    const notified = blocks(pipeline.attributes.notification).some(
      (n) =>
        strings(n.email_recipients).length > 0 &&
        strings(n.alerts).some((a) => PIPELINE_FAILURE_ALERTS.includes(a)),
    );
    return notified ? passed() : failed("no notification with email recipients for update failures");
  },
};

export const JOB_FAILURE_NOTIFICATIONS: GuardrailRule = {
  id: "LH-JOB-001",
  title: "Jobs notify someone when a run fails",
  severity: "error",
  stages: ["staging", "prod"],
  resourceTypes: ["databricks_job"],
  rationale:
    "Orchestration and maintenance jobs fail quietly otherwise (stale gold tables, tables never optimized).",
  fix: "Set email_notifications.on_failure (or webhook_notifications.on_failure) on the job, or on every task.",
  check(job) {
    const onFailure = (holder: Readonly<Record<string, unknown>>) =>
      blocks(holder.email_notifications).some((e) => strings(e.on_failure).length > 0) ||
      blocks(holder.webhook_notifications).some((w) => blocks(w.on_failure).length > 0);
    if (onFailure(job.attributes)) return passed();
    const tasks = blocks(job.attributes.task);
    if (tasks.length > 0 && tasks.every(onFailure)) return passed();
    return failed("no email or webhook notification on failure");
  },
};

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
