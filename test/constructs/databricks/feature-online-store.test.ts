import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import {
  FeatureOnlineStore,
  type FeatureOnlineStoreProps,
} from "../../../constructs/databricks/feature-online-store";
import { onlyResource, resourcesOf, synthJson, unresolvedReferences } from "../../support/terraform-json";

function build(overrides: Partial<FeatureOnlineStoreProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  new DatabricksProvider(stack, "databricks", { host: "https://example.cloud.databricks.com" });
  new FeatureOnlineStore(stack, "Online", {
    name: "lh-prod-features",
    catalog: "lh_prod",
    schema: "gold",
    tables: [{ name: "customer_features", primaryKeys: ["customer_id"], timeseriesKey: "feature_timestamp" }],
    ...overrides,
  });
  return synthJson(stack);
}

describe("FeatureOnlineStore", () => {
  test("creates the online store with CU_1 by default", () => {
    expect(onlyResource(build(), "databricks_online_store")).toMatchObject({
      name: "lh-prod-features",
      capacity: "CU_1",
    });
    expect(onlyResource(build({ capacity: "CU_4" }), "databricks_online_store").capacity).toBe("CU_4");
  });

  test("syncs each feature table into the store by primary and timeseries key, as snapshots by default", () => {
    const json = build();
    expect(onlyResource(json, "databricks_database_synced_database_table")).toEqual({
      name: "lh_prod.gold.customer_features_online",
      database_instance_name: expect.stringMatching(
        /^\$\{databricks_online_store\.Online_Store_\w+\.name\}$/,
      ),
      logical_database_name: "databricks_postgres",
      spec: {
        source_table_full_name: "lh_prod.gold.customer_features",
        primary_key_columns: ["customer_id"],
        timeseries_key: "feature_timestamp",
        scheduling_policy: "SNAPSHOT",
        create_database_objects_if_missing: true,
        new_pipeline_spec: { storage_catalog: "lh_prod", storage_schema: "gold" },
      },
    });
    expect(unresolvedReferences(json)).toEqual([]);
  });

  test("one synced table per served table, with the chosen scheduling policy", () => {
    const json = build({
      schedulingPolicy: "TRIGGERED",
      tables: [
        { name: "customer_features", primaryKeys: ["customer_id"] },
        { name: "merchant_features", primaryKeys: ["merchant_id"] },
      ],
    });
    const synced = Object.values(resourcesOf(json, "databricks_database_synced_database_table"));
    expect(synced.map((s) => s.name).sort()).toEqual([
      "lh_prod.gold.customer_features_online",
      "lh_prod.gold.merchant_features_online",
    ]);
    expect(
      synced.every((s) => (s.spec as { scheduling_policy: string }).scheduling_policy === "TRIGGERED"),
    ).toBe(true);
  });

  test("exposes each synced table's sync pipeline, for a job to run after every refresh", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new DatabricksProvider(stack, "databricks", { host: "https://example.cloud.databricks.com" });
    const store = new FeatureOnlineStore(stack, "Online", {
      name: "lh-prod-features",
      catalog: "lh_prod",
      schema: "gold",
      tables: [{ name: "customer_features", primaryKeys: ["customer_id"] }],
    });
    new TerraformOutput(stack, "sync", { value: store.syncPipelineIds.customer_features });
    expect((synthJson(stack).output as Record<string, { value: string }>).sync!.value).toMatch(
      /^\$\{databricks_database_synced_database_table\.Online_Synced-customer_features_\w+\.data_synchronization_status\.pipeline_id\}$/,
    );
  });

  test("refuses to create a store with nothing to serve", () => {
    expect(() => build({ tables: [] })).toThrow(
      "FeatureOnlineStore.tables: [] must list at least one feature table",
    );
  });
});
