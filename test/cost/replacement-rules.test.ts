/**
 * The replacement table: literal before → after cases per rule, and the provider source line each
 * rule cites (repository@tag path:lines), so a wrong or moved citation fails here.
 */
import { REPLACEMENT_RULES, cite, replacementReasons } from "../../cost/data-loss/replacement-rules";
import { DATA_OWNING_TYPES } from "../../cost/data-loss/types";
import { STATEFUL_RESOURCE_TYPES } from "../../terraform-json/stateful-types";

function replaces(type: string, before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return replacementReasons(type, before, after).map((r) => `${r.attribute} ${cite(r.rule.source)}`);
}

describe("conditional rules", () => {
  const SA =
    "hashicorp/terraform-provider-azurerm@v4.55.0 internal/services/storage/storage_account_resource.go";
  test.each([
    ["LRS", "ZRS", true],
    ["LRS", "GZRS", true],
    ["GRS", "RAGZRS", true],
    ["GZRS", "LRS", true],
    ["ZRS", "GRS", true],
    ["lrs", "zrs", true], // case-insensitive, like the provider
    ["LRS", "GRS", false],
    ["GRS", "RAGRS", false],
    ["ZRS", "GZRS", false],
    ["GZRS", "RAGZRS", false],
  ])("azurerm_storage_account account_replication_type %s → %s replaces: %s", (b, a, expected) => {
    expect(
      replaces("azurerm_storage_account", { account_replication_type: b }, { account_replication_type: a }),
    ).toEqual(expected ? [`account_replication_type ${SA}:1188-1202`] : []);
  });

  test.each([
    ["StorageV2", "BlockBlobStorage", true],
    ["StorageV2", "FileStorage", true],
    ["Storage", "BlockBlobStorage", false],
    ["BlobStorage", "StorageV2", false],
  ])("azurerm_storage_account account_kind %s → %s replaces: %s", (b, a, expected) => {
    expect(replaces("azurerm_storage_account", { account_kind: b }, { account_kind: a })).toEqual(
      expected ? [`account_kind ${SA}:1115-1125`] : [],
    );
  });

  test("storage account immutability: the block added or removed, or leaving Locked; not edits inside", () => {
    const policy = {
      state: "Unlocked",
      period_since_creation_in_days: 30,
      allow_protected_append_writes: false,
    };
    expect(replaces("azurerm_storage_account", {}, { immutability_policy: [policy] })).toEqual([
      `immutability_policy ${SA}:298-302`,
    ]);
    expect(
      replaces(
        "azurerm_storage_account",
        { immutability_policy: policy },
        { immutability_policy: { ...policy, period_since_creation_in_days: 60 } },
      ),
    ).toEqual([]);
    expect(
      replaces(
        "azurerm_storage_account",
        { immutability_policy: { ...policy, state: "Locked" } },
        { immutability_policy: { ...policy, state: "Unlocked" } },
      ),
    ).toEqual([`immutability_policy.state ${SA}:1162-1184`]);
  });

  test.each([
    ["Standard", "Premium", true],
    ["Premium", "Standard", true],
    ["Basic", "Premium", true],
    ["Basic", "Standard", false],
    ["Standard", "Basic", false],
  ])("azurerm_eventhub_namespace sku %s → %s replaces: %s", (b, a, expected) => {
    expect(replaces("azurerm_eventhub_namespace", { sku: b }, { sku: a })).toEqual(
      expected
        ? [
            "sku hashicorp/terraform-provider-azurerm@v4.55.0 internal/services/eventhub/eventhub_namespace_resource.go:252-258",
          ]
        : [],
    );
  });

  test("azurerm_databricks_workspace: custom_parameters fields replace one by one; sku only to trial", () => {
    const W =
      "hashicorp/terraform-provider-azurerm@v4.55.0 internal/services/databricks/databricks_workspace_resource.go";
    const base = {
      custom_parameters: { no_public_ip: true, virtual_network_id: "vnet-a", public_subnet_name: "host" },
    };
    expect(
      replaces("azurerm_databricks_workspace", base, {
        custom_parameters: { ...base.custom_parameters, virtual_network_id: "vnet-b" },
      }),
    ).toEqual([`custom_parameters.virtual_network_id ${W}:228-230`]);
    expect(
      replaces("azurerm_databricks_workspace", base, {
        custom_parameters: [{ ...base.custom_parameters, storage_account_name: "dbfs1" }],
      }),
    ).toEqual([`custom_parameters.storage_account_name ${W}:236-238`]);
    // no_public_ip is updatable (:185-190)
    expect(
      replaces("azurerm_databricks_workspace", base, {
        custom_parameters: { ...base.custom_parameters, no_public_ip: false },
      }),
    ).toEqual([]);
    expect(replaces("azurerm_databricks_workspace", { sku: "standard" }, { sku: "premium" })).toEqual([]);
    expect(replaces("azurerm_databricks_workspace", { sku: "premium" }, { sku: "trial" })).toEqual([
      `sku ${W}:403-410`,
    ]);
  });

  test("databricks_mws_workspaces: every non-computed field but 7 replaces", () => {
    const M = "databricks/terraform-provider-databricks@v1.99.0 mws/resource_mws_workspaces.go";
    const base = {
      account_id: "a",
      workspace_name: "w",
      aws_region: "us-east-1",
      credentials_id: "c",
      storage_configuration_id: "s",
      network_id: "n",
      custom_tags: { a: "1" },
      pricing_tier: "PREMIUM",
    };
    expect(replaces("databricks_mws_workspaces", base, { ...base, workspace_name: "w2" })).toEqual([
      `workspace_name ${M}:84`,
    ]);
    expect(replaces("databricks_mws_workspaces", base, { ...base, aws_region: "eu-west-1" })).toEqual([
      `aws_region ${M}:86`,
    ]);
    expect(replaces("databricks_mws_workspaces", base, { ...base, storage_configuration_id: "s2" })).toEqual([
      `storage_configuration_id ${M}:89`,
    ]);
    for (const updatable of [
      { credentials_id: "c2" },
      { network_id: "n2" },
      { custom_tags: { a: "2" } },
      { private_access_settings_id: "p" },
      { storage_customer_managed_key_id: "k" },
      { managed_services_customer_managed_key_id: "k" },
      { expected_workspace_status: "RUNNING" },
      { pricing_tier: "ENTERPRISE" }, // computed: outside the ForceNew loop
      { is_no_public_ip_enabled: false }, // diff suppressed once created
    ]) {
      expect(replaces("databricks_mws_workspaces", base, { ...base, ...updatable })).toEqual([]);
    }
  });

  test("databricks catalog: options other than authorized_paths replace; name does not", () => {
    const C = "databricks/terraform-provider-databricks@v1.99.0 catalog/resource_catalog.go";
    expect(replaces("databricks_catalog", { name: "a" }, { name: "b" })).toEqual([]);
    expect(
      replaces(
        "databricks_catalog",
        { options: { authorized_paths: "x" } },
        { options: { authorized_paths: "y" } },
      ),
    ).toEqual([]);
    expect(replaces("databricks_catalog", { options: { k: "1" } }, { options: { k: "2" } })).toEqual([
      `options ${C}:225-252`,
    ]);
    expect(replaces("databricks_catalog", { storage_root: "s3://a/" }, { storage_root: "s3://b/" })).toEqual([
      `storage_root ${C}:52`,
    ]);
  });

  test("schemas follow their catalog name; volumes rename in place", () => {
    expect(
      replaces("databricks_schema", { catalog_name: "a", name: "s" }, { catalog_name: "b", name: "s" }),
    ).toEqual([
      "catalog_name databricks/terraform-provider-databricks@v1.99.0 catalog/resource_schema.go:14",
    ]);
    expect(replaces("databricks_volume", { name: "v" }, { name: "v2" })).toEqual([]);
  });

  test("pipelines: storage replaces, catalog alone updates in place", () => {
    expect(replaces("databricks_pipeline", { catalog: "a" }, { catalog: "b" })).toEqual([]);
    expect(replaces("databricks_pipeline", {}, { storage: "dbfs:/p" })).toEqual([
      "storage databricks/terraform-provider-databricks@v1.99.0 pipelines/resource_pipeline.go:200",
    ]);
  });

  test("AWS rules say they were not checked at the tag", () => {
    expect(replaces("aws_s3_bucket", { bucket: "a" }, { bucket: "b" })).toEqual([
      "bucket hashicorp/terraform-provider-aws@v6.25.0 internal/service/s3/bucket.go (unverified at tag)",
    ]);
    expect(replaces("aws_kinesis_stream", { shard_count: 1 }, { shard_count: 2 })).toEqual([]);
    expect(replaces("aws_s3_bucket", { force_destroy: false }, { force_destroy: true })).toEqual([]);
  });
});

test("every data-owning type has replacement rules, each with a source line (or marked unverified)", () => {
  for (const type of DATA_OWNING_TYPES) expect(REPLACEMENT_RULES[type]?.length ?? 0).toBeGreaterThan(0);
  for (const type of STATEFUL_RESOURCE_TYPES) expect(DATA_OWNING_TYPES.has(type)).toBe(true);
  for (const rules of Object.values(REPLACEMENT_RULES)) {
    for (const rule of rules) {
      expect(rule.source.verified ? rule.source.lines : "unverified").toMatch(/^(\d+(-\d+)?|unverified)$/);
      expect(rule.source.tag).toMatch(/^v\d+\.\d+\.\d+$/);
    }
  }
});
