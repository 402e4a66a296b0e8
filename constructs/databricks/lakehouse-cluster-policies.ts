import { ClusterPolicy } from "@cdktf/provider-databricks/lib/cluster-policy";
import { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

import { sortedByKey } from "../core/prop-helpers";
import { groupAccess } from "./workspace-permissions";

/** The three kinds of classic compute the lakehouse runs, one policy each. */
export const CLUSTER_POLICY_KINDS = ["jobs", "interactive", "pipelines"] as const;
export type ClusterPolicyKind = (typeof CLUSTER_POLICY_KINDS)[number];

/** Value of the policy's `cluster_type` virtual attribute per kind: who may pick the policy. */
const CLUSTER_TYPE: Readonly<Record<ClusterPolicyKind, string>> = {
  jobs: "job",
  interactive: "all-purpose",
  pipelines: "dlt",
};

/**
 * Access mode per kind (Unity Catalog modes only, so no cluster can read data outside UC grants):
 * - jobs: `SINGLE_USER` (dedicated). A job cluster runs as one identity (the job's `run_as`), and
 *   dedicated mode supports every language, ML runtimes and RDD APIs.
 * - interactive: `USER_ISOLATION` (standard, shared). An all-purpose cluster is shared by a team, so
 *   one warm cluster serves many users instead of one idle cluster per person; each user keeps
 *   their own UC identity.
 * - pipelines: not set. DLT chooses and manages the access mode itself and the pipeline cluster
 *   spec has no `data_security_mode`.
 */
const DATA_SECURITY_MODE: Readonly<Record<Exclude<ClusterPolicyKind, "pipelines">, string>> = {
  jobs: "SINGLE_USER",
  interactive: "USER_ISOLATION",
};

/** Tag keys Databricks sets on every cluster itself; custom_tags cannot override them. */
const RESERVED_TAG_KEYS = ["Vendor", "Creator", "ClusterName", "ClusterId"];

/** Databricks' range for `autotermination_minutes` (0, "never", is deliberately not allowed). */
const AUTOTERMINATION_MIN = 10;
const AUTOTERMINATION_MAX = 43_200;

/** Props of {@link LakehouseClusterPolicies}. */
export interface LakehouseClusterPoliciesProps {
  /** Cloud of the workspace: selects `aws_attributes` or `azure_attributes` rules. */
  readonly cloud: "azure" | "aws";
  /**
   * Prefix of the policy names, e.g. `fraud-lakehouse-prod`: policies are named
   * `<resourceNamePrefix>-jobs|interactive|pipelines`.
   */
  readonly resourceNamePrefix: string;
  /**
   * Node types clusters may use for workers and driver (allowlist; the first is the default), e.g.
   * ["Standard_D4ds_v5","Standard_D8ds_v5"] or ["m5d.large","m5d.xlarge"].
   */
  readonly allowedNodeTypes: readonly string[];
  /** Upper bound on workers (autoscale max and fixed size), a whole number ≥ 1. */
  readonly maxWorkers: number;
  /**
   * Maximum (and default) auto-termination for interactive clusters, minutes (10–43200). Users may
   * choose less, never more and never "no auto-termination".
   */
  readonly autoterminationMinutes: number;
  /**
   * Use spot with on-demand fallback for workers (driver stays on-demand). When false, every node is
   * on-demand.
   * @default true
   */
  readonly spotWithFallback?: boolean;
  /**
   * custom_tags every cluster must carry, fixed by the policy (cost attribution of DBUs and VMs).
   * Databricks' own tag keys (Vendor, Creator, ClusterName, ClusterId) are rejected.
   */
  readonly customTags: Readonly<Record<string, string>>;
  /**
   * Groups allowed to use each policy (CAN_USE via databricks_permissions). A kind with no group
   * gets no permissions resource: only admins can use that policy.
   */
  readonly users: {
    readonly jobs: readonly string[];
    readonly interactive: readonly string[];
    readonly pipelines: readonly string[];
  };
  /**
   * Databricks provider the policies and their permissions are created with.
   * @default the scope's default databricks provider (workspace-level)
   */
  readonly provider?: TerraformProvider;
}

/** One rule of a cluster policy definition (Databricks policy definition language). */
type PolicyRule =
  | { type: "fixed"; value: string | number | boolean; hidden?: boolean }
  | { type: "allowlist"; values: string[]; defaultValue?: string }
  | {
      type: "range";
      minValue?: number;
      maxValue: number;
      defaultValue?: number;
      isOptional?: boolean;
    }
  | { type: "unlimited"; defaultValue: string };

/**
 * Cluster policies governing all classic compute of a workspace, one per kind of workload:
 *
 * - `jobs` (`cluster_type` job), `interactive` (all-purpose) and `pipelines` (dlt);
 * - node types (workers and driver) from an allowlist, workers capped at `maxWorkers` whether
 *   autoscaling or fixed-size;
 * - spot workers with on-demand fallback and an on-demand driver (`first_on_demand` 1), so a spot
 *   eviction never kills the driver and the run;
 * - every `custom_tags.<key>` fixed, so DBUs and VMs are attributed to a cost center;
 * - a Unity Catalog access mode, the LTS runtime by default, and on interactive clusters a bounded
 *   auto-termination (never "off").
 *
 * Pipelines get only attributes a DLT cluster spec accepts (node types, workers, cloud attributes,
 * tags): DLT manages the runtime, access mode and termination of its clusters itself. Pipelines
 * should set `apply_policy_default_values` so the defaults here apply.
 *
 * Each policy gets CAN_USE for its groups. The definition is JSON with sorted keys, so the same
 * props always synthesize the same string.
 *
 * @example
 * new LakehouseClusterPolicies(this, "ClusterPolicies", {
 *   cloud: "azure",
 *   resourceNamePrefix: "fraud-lakehouse-prod",
 *   allowedNodeTypes: ["Standard_D4ds_v5", "Standard_D8ds_v5"],
 *   maxWorkers: 8,
 *   autoterminationMinutes: 30,
 *   customTags: { project: "fraud-lakehouse", environment: "prod", "cost-center": "cc-1234" },
 *   users: { jobs: ["data-engineers"], interactive: ["data-scientists"], pipelines: ["data-engineers"] },
 * });
 */
export class LakehouseClusterPolicies extends Construct {
  /** The policies, by kind. */
  readonly policies: Readonly<Record<ClusterPolicyKind, ClusterPolicy>>;
  /** Policy ids (tokens) for `policy_id` of clusters, jobs and pipelines, by kind. */
  readonly policyIds: Readonly<Record<ClusterPolicyKind, string>>;
  /** CAN_USE grants, by kind; absent for a kind without groups. */
  readonly permissions: Readonly<Partial<Record<ClusterPolicyKind, Permissions>>>;

  constructor(scope: Construct, id: string, props: LakehouseClusterPoliciesProps) {
    super(scope, id);
    validate(props);

    const policies = {} as Record<ClusterPolicyKind, ClusterPolicy>;
    const policyIds = {} as Record<ClusterPolicyKind, string>;
    const permissions: Partial<Record<ClusterPolicyKind, Permissions>> = {};

    for (const kind of CLUSTER_POLICY_KINDS) {
      const logicalId = kind.charAt(0).toUpperCase() + kind.slice(1);
      const policy = new ClusterPolicy(this, `${logicalId}Policy`, {
        name: `${props.resourceNamePrefix}-${kind}`,
        description: DESCRIPTIONS[kind],
        definition: JSON.stringify(policyDefinition(kind, props)),
        provider: props.provider,
      });
      policies[kind] = policy;
      policyIds[kind] = policy.id;

      const accessControl = groupAccess(props.users[kind], "CAN_USE");
      if (accessControl.length > 0) {
        permissions[kind] = new Permissions(this, `${logicalId}PolicyUsers`, {
          clusterPolicyId: policy.id,
          accessControl,
          provider: props.provider,
        });
      }
    }

    this.policies = policies;
    this.policyIds = policyIds;
    this.permissions = permissions;
  }
}

const DESCRIPTIONS: Readonly<Record<ClusterPolicyKind, string>> = {
  jobs: "Job clusters: allowlisted node types, capped workers, spot workers, fixed cost tags, Unity Catalog dedicated access.",
  interactive:
    "All-purpose clusters: allowlisted node types, capped workers, bounded auto-termination, spot workers, fixed cost tags, Unity Catalog standard (shared) access.",
  pipelines: "DLT pipeline clusters: allowlisted node types, capped workers, spot workers, fixed cost tags.",
};

/** The policy definition of one kind, with keys sorted for byte-identical output. */
function policyDefinition(
  kind: ClusterPolicyKind,
  props: LakehouseClusterPoliciesProps,
): Record<string, PolicyRule> {
  const nodeTypes = [...props.allowedNodeTypes];
  const rules: Record<string, PolicyRule> = {
    cluster_type: { type: "fixed", value: CLUSTER_TYPE[kind] },
    node_type_id: { type: "allowlist", values: nodeTypes, defaultValue: nodeTypes[0] },
    driver_node_type_id: { type: "allowlist", values: nodeTypes, defaultValue: nodeTypes[0] },
    // Both shapes are allowed (autoscaling or fixed size); both are capped.
    "autoscale.min_workers": { type: "range", minValue: 1, maxValue: props.maxWorkers, isOptional: true },
    "autoscale.max_workers": { type: "range", minValue: 1, maxValue: props.maxWorkers, isOptional: true },
    num_workers: { type: "range", minValue: 0, maxValue: props.maxWorkers, isOptional: true },
    ...availabilityRules(props.cloud, props.spotWithFallback ?? true),
  };
  for (const [key, value] of Object.entries(props.customTags)) {
    rules[`custom_tags.${key}`] = { type: "fixed", value };
  }

  if (kind !== "pipelines") {
    rules["data_security_mode"] = { type: "fixed", value: DATA_SECURITY_MODE[kind], hidden: true };
    // Resolved by Databricks to the newest LTS runtime at cluster creation; users may pin another.
    rules["spark_version"] = { type: "unlimited", defaultValue: "auto:latest-lts" };
    // Local disk grows with spilled shuffle data instead of failing the run when it fills up.
    rules["enable_elastic_disk"] = { type: "fixed", value: true, hidden: true };
  }
  if (kind === "interactive") {
    rules["autotermination_minutes"] = {
      type: "range",
      minValue: AUTOTERMINATION_MIN,
      maxValue: props.autoterminationMinutes,
      defaultValue: props.autoterminationMinutes,
    };
  }

  return sortedByKey(rules);
}

/** Spot workers with on-demand fallback and an on-demand driver, or all on-demand. */
function availabilityRules(cloud: "azure" | "aws", spot: boolean): Record<string, PolicyRule> {
  const prefix = cloud === "aws" ? "aws_attributes" : "azure_attributes";
  const suffix = cloud === "aws" ? "" : "_AZURE";
  if (!spot) {
    return { [`${prefix}.availability`]: { type: "fixed", value: `ON_DEMAND${suffix}`, hidden: true } };
  }
  return {
    [`${prefix}.availability`]: { type: "fixed", value: `SPOT_WITH_FALLBACK${suffix}`, hidden: true },
    // The first node of the cluster is the driver: keeping it on-demand means an eviction only
    // costs workers (which fall back to on-demand), never the whole run.
    [`${prefix}.first_on_demand`]: { type: "fixed", value: 1, hidden: true },
  };
}

function validate(props: LakehouseClusterPoliciesProps): void {
  const problems: string[] = [];
  const problem = (name: string, value: unknown, rule: string) =>
    problems.push(`LakehouseClusterPolicies.${name}: ${JSON.stringify(value)} ${rule}`);

  if (props.resourceNamePrefix.trim() === "")
    problem("resourceNamePrefix", props.resourceNamePrefix, "must not be empty");
  if (props.allowedNodeTypes.length === 0)
    problem("allowedNodeTypes", props.allowedNodeTypes, "must list at least one node type");
  for (const nodeType of props.allowedNodeTypes) {
    if (nodeType.trim() === "") problem("allowedNodeTypes", nodeType, "must not contain an empty node type");
  }
  if (new Set(props.allowedNodeTypes).size !== props.allowedNodeTypes.length)
    problem("allowedNodeTypes", props.allowedNodeTypes, "must not repeat a node type");
  if (!Number.isInteger(props.maxWorkers) || props.maxWorkers < 1)
    problem("maxWorkers", props.maxWorkers, "must be a whole number ≥ 1");
  if (
    !Number.isInteger(props.autoterminationMinutes) ||
    props.autoterminationMinutes < AUTOTERMINATION_MIN ||
    props.autoterminationMinutes > AUTOTERMINATION_MAX
  )
    problem(
      "autoterminationMinutes",
      props.autoterminationMinutes,
      `must be a whole number of minutes from ${AUTOTERMINATION_MIN} to ${AUTOTERMINATION_MAX} (Databricks' range; 0, never terminate, is not allowed)`,
    );
  for (const key of Object.keys(props.customTags)) {
    if (key.trim() === "") problem("customTags", key, "must not have an empty key");
    if (RESERVED_TAG_KEYS.includes(key))
      problem(`customTags.${key}`, key, `is set by Databricks itself (${RESERVED_TAG_KEYS.join(", ")})`);
  }
  for (const kind of CLUSTER_POLICY_KINDS) {
    for (const group of props.users[kind]) {
      if (group.trim() === "") problem(`users.${kind}`, group, "must not contain an empty group name");
    }
  }

  if (problems.length > 0) {
    const count = `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
    throw new Error(`Invalid LakehouseClusterPolicies props (${count}):\n  - ${problems.join("\n  - ")}`);
  }
}
