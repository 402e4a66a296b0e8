import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import {
  LakehouseSqlWarehouse,
  type LakehouseSqlWarehouseProps,
} from "../../../constructs/databricks/lakehouse-sql-warehouse";
import {
  onlyResource,
  resourcesOf,
  synthJson,
  unresolvedReferences,
  type TerraformJson,
} from "../../support/terraform-json";

const PROPS: LakehouseSqlWarehouseProps = {
  name: "frdlh-prod-bi",
  size: "Small",
  serverless: true,
  autoStopMinutes: 5,
  customTags: { project: "frdlh", "cost-center": "cc-1234", environment: "prod" },
  users: ["analysts", "data-engineers"],
};

function build(props: LakehouseSqlWarehouseProps): TerraformJson {
  const stack = new TerraformStack(Testing.app(), "test");
  new DatabricksProvider(stack, "databricks", { host: "https://example.cloud.databricks.com" });
  const warehouse = new LakehouseSqlWarehouse(stack, "Warehouse", props);
  new TerraformOutput(stack, "jdbc", { value: warehouse.jdbcUrl });
  new TerraformOutput(stack, "http_path", { value: warehouse.odbcHttpPath });
  return synthJson(stack);
}

function endpoint(json: TerraformJson): Record<string, unknown> {
  return onlyResource(json, "databricks_sql_endpoint");
}

describe("LakehouseSqlWarehouse", () => {
  test("serverless: PRO, Photon, current channel, size, one to maxClusters, auto stop, no spot policy", () => {
    const warehouse = endpoint(build({ ...PROPS, maxClusters: 3 }));
    expect(warehouse).toMatchObject({
      name: "frdlh-prod-bi",
      cluster_size: "Small",
      enable_serverless_compute: true,
      warehouse_type: "PRO",
      enable_photon: true,
      min_num_clusters: 1,
      max_num_clusters: 3,
      auto_stop_mins: 5,
      channel: { name: "CHANNEL_NAME_CURRENT" },
    });
    expect(warehouse.spot_instance_policy).toBeUndefined();
  });

  test("classic: Pro warehouse on cost-optimized spot, one cluster by default", () => {
    const warehouse = endpoint(
      build({ ...PROPS, serverless: false, autoStopMinutes: 10, maxClusters: undefined }),
    );
    expect(warehouse).toMatchObject({
      enable_serverless_compute: false,
      warehouse_type: "PRO",
      spot_instance_policy: "COST_OPTIMIZED",
      auto_stop_mins: 10,
      max_num_clusters: 1,
    });
  });

  test("tags every custom tag, sorted by key", () => {
    const warehouse = endpoint(build(PROPS));
    expect(warehouse.tags).toEqual({
      custom_tags: [
        { key: "cost-center", value: "cc-1234" },
        { key: "environment", value: "prod" },
        { key: "project", value: "frdlh" },
      ],
    });
  });

  test("grants CAN_USE on the warehouse to each group", () => {
    const json = build(PROPS);
    const permission = onlyResource(json, "databricks_permissions");
    const warehouseId = Object.keys(resourcesOf(json, "databricks_sql_endpoint"))[0];
    expect(permission.sql_endpoint_id).toBe(`\${databricks_sql_endpoint.${warehouseId}.id}`);
    expect(permission.access_control).toEqual([
      { group_name: "analysts", permission_level: "CAN_USE" },
      { group_name: "data-engineers", permission_level: "CAN_USE" },
    ]);
    expect(unresolvedReferences(json)).toEqual([]);
  });

  test("service principals (a job's run-as identity) get CAN_USE after the groups", () => {
    const json = build({ ...PROPS, servicePrincipals: ["7e5d4c3b-2a1f-4e0d-9c8b-a7f6e5d4c351"] });
    expect(onlyResource(json, "databricks_permissions").access_control).toEqual([
      { group_name: "analysts", permission_level: "CAN_USE" },
      { group_name: "data-engineers", permission_level: "CAN_USE" },
      { service_principal_name: "7e5d4c3b-2a1f-4e0d-9c8b-a7f6e5d4c351", permission_level: "CAN_USE" },
    ]);
  });

  test("no groups, no permissions resource", () => {
    expect(resourcesOf(build({ ...PROPS, users: undefined }), "databricks_permissions")).toEqual({});
    expect(resourcesOf(build({ ...PROPS, users: [] }), "databricks_permissions")).toEqual({});
  });

  test("exposes JDBC URL and HTTP path as references to the warehouse", () => {
    const json = build(PROPS);
    const address = `databricks_sql_endpoint.${Object.keys(resourcesOf(json, "databricks_sql_endpoint"))[0]}`;
    expect(json.output?.jdbc?.value).toBe(`\${${address}.jdbc_url}`);
    expect(json.output?.http_path?.value).toBe(`\${${address}.odbc_params[0].path}`);
  });

  describe("rejects bad props with field, value and rule", () => {
    test.each<[string, Partial<LakehouseSqlWarehouseProps>, RegExp]>([
      [
        "unknown size",
        { size: "Huge" },
        /LakehouseSqlWarehouse\.size: "Huge" is not a SQL warehouse size \(one of 2X-Small, .*4X-Large\)/,
      ],
      ["lowercase size", { size: "small" }, /size: "small" is not a SQL warehouse size/],
      [
        "never stop (serverless)",
        { autoStopMinutes: 0 },
        /autoStopMinutes: 0 must be a whole number ≥ 1 for a serverless warehouse/,
      ],
      [
        "classic below 10",
        { serverless: false, autoStopMinutes: 5 },
        /autoStopMinutes: 5 must be a whole number ≥ 10 for a classic warehouse/,
      ],
      ["fractional minutes", { autoStopMinutes: 2.5 }, /autoStopMinutes: 2.5 must be a whole number/],
      ["zero clusters", { maxClusters: 0 }, /maxClusters: 0 must be a whole number ≥ 1/],
      ["empty name", { name: " " }, /name: " " must not be empty/],
    ])("%s", (_name, overrides, message) => {
      expect(() => build({ ...PROPS, ...overrides })).toThrow(message);
    });

    test("accepts the smallest allowed auto stop of each kind", () => {
      expect(endpoint(build({ ...PROPS, autoStopMinutes: 1 })).auto_stop_mins).toBe(1);
      expect(endpoint(build({ ...PROPS, serverless: false, autoStopMinutes: 10 })).auto_stop_mins).toBe(10);
    });
  });
});
