import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import {
  LakehouseClusterPolicies,
  type LakehouseClusterPoliciesProps,
} from "../../../constructs/databricks/lakehouse-cluster-policies";
import {
  resourcesOf,
  synthJson,
  unresolvedReferences,
  type TerraformJson,
} from "../../support/terraform-json";

type Rule = {
  type: string;
  value?: unknown;
  values?: string[];
  defaultValue?: unknown;
  minValue?: number;
  maxValue?: number;
  hidden?: boolean;
};
type Definition = Record<string, Rule>;

const AZURE_PROPS: LakehouseClusterPoliciesProps = {
  cloud: "azure",
  resourceNamePrefix: "frdlh-prod",
  allowedNodeTypes: ["Standard_D4ds_v5", "Standard_D8ds_v5"],
  maxWorkers: 8,
  autoterminationMinutes: 30,
  customTags: { "cost-center": "cc-1234", project: "frdlh", environment: "prod" },
  users: {
    jobs: ["data-engineers"],
    interactive: ["data-scientists", "analysts"],
    pipelines: ["data-engineers"],
  },
};

const AWS_PROPS: LakehouseClusterPoliciesProps = {
  ...AZURE_PROPS,
  cloud: "aws",
  allowedNodeTypes: ["m5d.large", "m5d.xlarge"],
};

function build(props: LakehouseClusterPoliciesProps): TerraformJson {
  const stack = new TerraformStack(Testing.app(), "test");
  new DatabricksProvider(stack, "databricks", { host: "https://example.cloud.databricks.com" });
  new LakehouseClusterPolicies(stack, "Policies", props);
  return synthJson(stack);
}

/** Policy definitions by the policy name's suffix (jobs, interactive, pipelines). */
function definitions(json: TerraformJson): Record<string, Definition> {
  const byKind: Record<string, Definition> = {};
  for (const policy of Object.values(resourcesOf(json, "databricks_cluster_policy"))) {
    const kind = (policy.name as string).replace("frdlh-prod-", "");
    byKind[kind] = JSON.parse(policy.definition as string) as Definition;
  }
  return byKind;
}

const KINDS = ["jobs", "interactive", "pipelines"] as const;

describe("LakehouseClusterPolicies", () => {
  const azure = build(AZURE_PROPS);
  const aws = build(AWS_PROPS);
  const azureDefs = definitions(azure);
  const awsDefs = definitions(aws);

  test("creates one named policy per kind, with a cluster_type fixed to that kind", () => {
    expect(Object.keys(azureDefs).sort()).toEqual(["interactive", "jobs", "pipelines"]);
    expect(azureDefs.jobs!["cluster_type"]).toEqual({ type: "fixed", value: "job" });
    expect(azureDefs.interactive!["cluster_type"]).toEqual({ type: "fixed", value: "all-purpose" });
    expect(azureDefs.pipelines!["cluster_type"]).toEqual({ type: "fixed", value: "dlt" });
  });

  test("bounds interactive auto-termination: max and default are the prop, 0 (never) is out of range", () => {
    const rule = azureDefs.interactive!["autotermination_minutes"]!;
    expect(rule.type).toBe("range");
    expect(rule.maxValue).toBe(30);
    expect(rule.defaultValue).toBe(30);
    expect(rule.minValue).toBeGreaterThan(0);
    // Job clusters end with their run and DLT manages its own clusters: no rule there.
    expect(azureDefs.jobs!["autotermination_minutes"]).toBeUndefined();
    expect(azureDefs.pipelines!["autotermination_minutes"]).toBeUndefined();
  });

  test.each(KINDS)("%s: node types and driver node types come from the allowlist", (kind) => {
    for (const attr of ["node_type_id", "driver_node_type_id"]) {
      expect(azureDefs[kind]![attr]).toEqual({
        type: "allowlist",
        values: ["Standard_D4ds_v5", "Standard_D8ds_v5"],
        defaultValue: "Standard_D4ds_v5",
      });
      expect(awsDefs[kind]![attr]!.values).toEqual(["m5d.large", "m5d.xlarge"]);
    }
  });

  test.each(KINDS)("%s: workers are capped at maxWorkers, autoscaling or fixed size", (kind) => {
    const def = azureDefs[kind]!;
    expect(def["autoscale.max_workers"]).toMatchObject({ type: "range", maxValue: 8 });
    expect(def["autoscale.min_workers"]).toMatchObject({ type: "range", maxValue: 8 });
    expect(def["num_workers"]).toMatchObject({ type: "range", maxValue: 8 });
  });

  test.each(KINDS)("%s: Azure workers are spot with fallback, the driver on-demand", (kind) => {
    const def = azureDefs[kind]!;
    expect(def["azure_attributes.availability"]).toMatchObject({
      type: "fixed",
      value: "SPOT_WITH_FALLBACK_AZURE",
    });
    expect(def["azure_attributes.first_on_demand"]).toMatchObject({ type: "fixed", value: 1 });
    expect(Object.keys(def).filter((key) => key.startsWith("aws_attributes"))).toEqual([]);
  });

  test.each(KINDS)("%s: AWS workers are spot with fallback, the driver on-demand", (kind) => {
    const def = awsDefs[kind]!;
    expect(def["aws_attributes.availability"]).toMatchObject({ type: "fixed", value: "SPOT_WITH_FALLBACK" });
    expect(def["aws_attributes.first_on_demand"]).toMatchObject({ type: "fixed", value: 1 });
    expect(Object.keys(def).filter((key) => key.startsWith("azure_attributes"))).toEqual([]);
  });

  test("spotWithFallback: false makes every node on-demand on both clouds", () => {
    const azureOnDemand = definitions(build({ ...AZURE_PROPS, spotWithFallback: false }));
    const awsOnDemand = definitions(build({ ...AWS_PROPS, spotWithFallback: false }));
    for (const kind of KINDS) {
      expect(azureOnDemand[kind]!["azure_attributes.availability"]).toMatchObject({
        value: "ON_DEMAND_AZURE",
      });
      expect(awsOnDemand[kind]!["aws_attributes.availability"]).toMatchObject({ value: "ON_DEMAND" });
    }
  });

  test.each(KINDS)("%s: every custom tag is fixed to its value", (kind) => {
    for (const defs of [azureDefs, awsDefs]) {
      const def = defs[kind]!;
      for (const [key, value] of Object.entries(AZURE_PROPS.customTags)) {
        expect(def[`custom_tags.${key}`]).toEqual({ type: "fixed", value });
      }
      const tagRules = Object.keys(def).filter((key) => key.startsWith("custom_tags."));
      expect(tagRules).toHaveLength(Object.keys(AZURE_PROPS.customTags).length);
    }
  });

  test("access mode is a Unity Catalog mode: dedicated for jobs, standard (shared) for interactive", () => {
    expect(azureDefs.jobs!["data_security_mode"]).toMatchObject({ type: "fixed", value: "SINGLE_USER" });
    expect(azureDefs.interactive!["data_security_mode"]).toMatchObject({
      type: "fixed",
      value: "USER_ISOLATION",
    });
  });

  test("jobs and interactive default to the latest LTS runtime and fix elastic disk", () => {
    for (const kind of ["jobs", "interactive"] as const) {
      expect(azureDefs[kind]!["spark_version"]).toEqual({
        type: "unlimited",
        defaultValue: "auto:latest-lts",
      });
      expect(awsDefs[kind]!["enable_elastic_disk"]).toMatchObject({ type: "fixed", value: true });
    }
  });

  test("the pipelines policy uses only attributes a DLT cluster spec accepts", () => {
    // DLT sets these itself; a pipeline policy rule on them is rejected or ignored.
    const managedByDlt = [
      "spark_version",
      "autotermination_minutes",
      "data_security_mode",
      "runtime_engine",
      "enable_elastic_disk",
      "cluster_name",
    ];
    for (const defs of [azureDefs, awsDefs]) {
      const keys = Object.keys(defs.pipelines!);
      expect(keys.filter((key) => managedByDlt.includes(key))).toEqual([]);
      const allowed =
        /^(cluster_type|node_type_id|driver_node_type_id|num_workers|autoscale\.(min|max)_workers|(aws|azure)_attributes\.(availability|first_on_demand)|custom_tags\..+)$/;
      expect(keys.filter((key) => !allowed.test(key))).toEqual([]);
    }
  });

  test("grants CAN_USE on each policy to exactly its groups", () => {
    const permissions = Object.values(resourcesOf(azure, "databricks_permissions"));
    expect(permissions).toHaveLength(3);
    const policies = resourcesOf(azure, "databricks_cluster_policy");
    const groupsByPolicy: Record<string, string[]> = {};
    for (const permission of permissions) {
      const policyId = (permission.cluster_policy_id as string).match(
        /^\$\{databricks_cluster_policy\.([^.]+)\.id\}$/,
      )![1]!;
      const name = (policies[policyId]!.name as string).replace("frdlh-prod-", "");
      const acl = permission.access_control as { group_name: string; permission_level: string }[];
      expect(acl.every((entry) => entry.permission_level === "CAN_USE")).toBe(true);
      groupsByPolicy[name] = acl.map((entry) => entry.group_name);
    }
    expect(groupsByPolicy).toEqual({
      jobs: ["data-engineers"],
      interactive: ["analysts", "data-scientists"],
      pipelines: ["data-engineers"],
    });
  });

  test("a kind without groups gets no permissions resource", () => {
    const json = build({
      ...AZURE_PROPS,
      users: { jobs: ["data-engineers"], interactive: [], pipelines: [] },
    });
    expect(Object.values(resourcesOf(json, "databricks_permissions"))).toHaveLength(1);
  });

  test("every reference resolves and the definition is deterministic (sorted keys, tag order irrelevant)", () => {
    expect(unresolvedReferences(azure)).toEqual([]);
    const reordered = build({
      ...AZURE_PROPS,
      customTags: { project: "frdlh", environment: "prod", "cost-center": "cc-1234" },
    });
    expect(JSON.stringify(resourcesOf(reordered, "databricks_cluster_policy"))).toBe(
      JSON.stringify(resourcesOf(azure, "databricks_cluster_policy")),
    );
    const keys = Object.keys(azureDefs.interactive!);
    expect(keys).toEqual([...keys].sort());
  });

  test("uses the given provider", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new DatabricksProvider(stack, "databricks", { host: "https://example.cloud.databricks.com" });
    const other = new DatabricksProvider(stack, "other", {
      alias: "ws2",
      host: "https://other.cloud.databricks.com",
    });
    new LakehouseClusterPolicies(stack, "Policies", { ...AZURE_PROPS, provider: other });
    const json = synthJson(stack);
    for (const type of ["databricks_cluster_policy", "databricks_permissions"]) {
      for (const resource of Object.values(resourcesOf(json, type)))
        expect(resource.provider).toBe("databricks.ws2");
    }
  });

  describe("rejects bad props with field, value and rule", () => {
    test.each<[string, Partial<LakehouseClusterPoliciesProps>, RegExp]>([
      ["no node types", { allowedNodeTypes: [] }, /allowedNodeTypes: \[\] must list at least one node type/],
      ["zero workers", { maxWorkers: 0 }, /maxWorkers: 0 must be a whole number ≥ 1/],
      ["fractional workers", { maxWorkers: 2.5 }, /maxWorkers: 2.5 must be a whole number ≥ 1/],
      [
        "never terminate",
        { autoterminationMinutes: 0 },
        /autoterminationMinutes: 0 must be a whole number of minutes from 10 to 43200/,
      ],
      ["too short termination", { autoterminationMinutes: 5 }, /autoterminationMinutes: 5 /],
      [
        "reserved tag",
        { customTags: { Vendor: "acme" } },
        /customTags\.Vendor: "Vendor" is set by Databricks itself/,
      ],
      ["empty prefix", { resourceNamePrefix: "" }, /resourceNamePrefix: "" must not be empty/],
    ])("%s", (_name, overrides, message) => {
      expect(() => build({ ...AZURE_PROPS, ...overrides })).toThrow(message);
    });

    test("lists every problem at once", () => {
      expect(() => build({ ...AZURE_PROPS, maxWorkers: 0, autoterminationMinutes: 0 })).toThrow(
        /\(2 problems\)[\s\S]*maxWorkers[\s\S]*autoterminationMinutes/,
      );
    });
  });
});
