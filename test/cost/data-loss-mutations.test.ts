/**
 * Mutation suite of the data-loss guard: the example's stacks are synthesized once, then each case
 * makes ONE edit to a deep copy of an environment's cdk.tf.json (or, for a stage change, one edit to the
 * config) and the review must flag every data-loss case with the expected kind, and nothing else: no
 * extra warnings on data-loss cases, none at all on the harmless controls.
 *
 * Resources are found by type and by what they are (layer tag, container name), not by logical id, and
 * an environment may span several stacks (`<env>`, `<env>-workspace`), so the cases survive refactors.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import { EXIT_DATA_LOSS, EXIT_OK, main } from "../../cost/cli";
import { type DataLossKind, type DataLossWarning, reviewStackChange } from "../../cost/data-loss";
import { diffSnapshots } from "../../cost/diff";
import { planDiffInputs } from "../../cost/plan-input";
import { loadPlans } from "../../terraform-json/load";
import type { StackModel } from "../../terraform-json/model";
import { addLakehouseStacks } from "../../stacks/lakehouse-app";
import { CATALOG_DIR, FIXTURES, catalogs, twoLayerSynthDir } from "./helpers";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Docs = Map<string, Json>;

/**
 * The app synthesized as `cdktf synth` does (not stack by stack): only then are cross-stack references
 * turned into outputs of `<env>` and `terraform_remote_state` reads in `<env>-workspace`.
 */
function synthAll(input: typeof EXAMPLE_CONFIG): Docs {
  const app = Testing.app();
  const stacks = addLakehouseStacks(app, loadConfig(input));
  app.synth();
  return new Map(
    stacks.map((s) => [
      s.node.id,
      JSON.parse(readFileSync(join(app.outdir, "stacks", s.node.id, "cdk.tf.json"), "utf8")) as Json,
    ]),
  );
}

const BASE = synthAll(EXAMPLE_CONFIG);

/** The example with every prod environment's stage set to dev (one config edit), synthesized once. */
const PROD_AS_DEV = (() => {
  const input = structuredClone(EXAMPLE_CONFIG);
  for (const env of input.environments) if (env.name === "prod") (env as { stage: string }).stage = "dev";
  return synthAll(input);
})();

/** The stacks of one environment (`aws-prod`, and `aws-prod-…` if it is split into layers). */
function envStacks(docs: Docs, env: string): Map<string, Json> {
  return new Map([...docs].filter(([name]) => name === env || name.startsWith(`${env}-`)));
}

/** Edit helpers over one environment's documents. */
class Env {
  constructor(readonly docs: Map<string, Json>) {}

  /** The first resource of a type (matching `where`), with its stack and logical id. */
  find(
    type: string,
    where: (body: Json, id: string) => boolean = () => true,
  ): { stack: string; id: string; body: Json } {
    for (const [stack, doc] of this.docs) {
      for (const [id, body] of Object.entries((doc.resource?.[type] ?? {}) as Record<string, Json>)) {
        if (where(body, id)) return { stack, id, body };
      }
    }
    throw new Error(`no ${type} in ${[...this.docs.keys()].join(", ")}`);
  }

  bucket(layer: string) {
    return this.find("aws_s3_bucket", (b) => b.tags?.layer === layer);
  }

  /** Changes the name of a layer's bucket (`…-gold-…` → `…-gold2-…`). */
  renameBucket(layer: string, to: string): void {
    const b = this.bucket(layer).body;
    b.bucket = String(b.bucket).replace(layer, to);
  }

  /** A resource whose `bucket` refers to the bucket of a layer (versioning, lifecycle, object lock). */
  onBucket(type: string, layer: string) {
    const id = this.bucket(layer).id;
    return this.find(type, (b) => typeof b.bucket === "string" && b.bucket.includes(`aws_s3_bucket.${id}.`));
  }

  container(name: string) {
    return this.find("azurerm_storage_container", (c) => c.name === name);
  }

  delete(type: string, id: string): void {
    for (const doc of this.docs.values()) delete doc.resource?.[type]?.[id];
  }

  /**
   * Renames a resource's logical id everywhere it is referenced, as cdktf would: its references, and
   * the cross-stack outputs named after it (`cross-stack-output-<type><id><attribute>`) with the
   * other layer's reads of them; with a moved block when asked.
   */
  rename(type: string, id: string, newId: string, moved: boolean): void {
    const { stack } = this.find(type, (_b, i) => i === id);
    for (const [name, doc] of this.docs) {
      const text = JSON.stringify(doc)
        .replaceAll(`${type}.${id}.`, `${type}.${newId}.`)
        .replaceAll(`"${type}.${id}"`, `"${type}.${newId}"`)
        .replaceAll(`cross-stack-output-${type}${id}`, `cross-stack-output-${type}${newId}`);
      const edited = JSON.parse(text) as Json;
      if (name === stack) {
        edited.resource[type][newId] = edited.resource[type][id];
        delete edited.resource[type][id];
        if (moved)
          edited.moved = [...(edited.moved ?? []), { from: `${type}.${id}`, to: `${type}.${newId}` }];
      }
      this.docs.set(name, edited);
    }
  }
}

interface Case {
  readonly name: string;
  readonly env: string;
  /** One edit; may return replacement documents (a config-level edit). */
  readonly edit: (e: Env) => void | Docs;
  /** Every warning must match one of these (kind, address), and each of these must be matched. */
  readonly expect: ReadonlyArray<readonly [DataLossKind, RegExp]>;
}

const STACK_REPLACED_WITH_CONTAINERS: Case["expect"] = [
  ["likely-replace", /^azurerm_storage_account\./],
  ["likely-replace", /^azurerm_storage_container\./],
];

const DATA_LOSS: Case[] = [
  // ---------------------------------------------------------------- Azure
  {
    name: "account_replication_type LRS → ZRS (non-zonal to zonal)",
    env: "azure-dev",
    edit: (e) => void (e.find("azurerm_storage_account").body.account_replication_type = "ZRS"),
    expect: STACK_REPLACED_WITH_CONTAINERS,
  },
  {
    name: "account_replication_type GZRS → GRS (zonal to non-zonal)",
    env: "azure-prod",
    edit: (e) => void (e.find("azurerm_storage_account").body.account_replication_type = "GRS"),
    expect: STACK_REPLACED_WITH_CONTAINERS,
  },
  {
    name: "Event Hubs namespace sku Standard → Premium",
    env: "azure-staging",
    edit: (e) => void (e.find("azurerm_eventhub_namespace").body.sku = "Premium"),
    expect: [
      ["likely-replace", /^azurerm_eventhub_namespace\./],
      ["likely-replace", /^azurerm_eventhub\./], // a hub cannot move to the new namespace
    ],
  },
  {
    name: "Event Hubs namespace sku Standard → Premium",
    env: "azure-prod",
    edit: (e) => {
      const ns = e.find("azurerm_eventhub_namespace").body;
      ns.sku = "Premium";
      ns.auto_inflate_enabled = false;
      delete ns.maximum_throughput_units;
    },
    expect: [
      ["likely-replace", /^azurerm_eventhub_namespace\./],
      ["likely-replace", /^azurerm_eventhub\./],
    ],
  },
  {
    name: "azure workspace custom_parameters: DBFS root storage account named",
    env: "azure-prod",
    edit: (e) =>
      void (e.find("azurerm_databricks_workspace").body.custom_parameters.storage_account_name =
        "dbfsroot42"),
    expect: [["likely-replace", /^azurerm_databricks_workspace\./]],
  },
  {
    name: "azure workspace custom_parameters: another virtual network",
    env: "azure-staging",
    edit: (e) =>
      void (e.find("azurerm_databricks_workspace").body.custom_parameters.virtual_network_id =
        "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/other"),
    expect: [["likely-replace", /^azurerm_databricks_workspace\./]],
  },
  {
    name: "azure workspace managed resource group renamed",
    env: "azure-prod",
    edit: (e) => void (e.find("azurerm_databricks_workspace").body.managed_resource_group_name = "other-rg"),
    expect: [["likely-replace", /^azurerm_databricks_workspace\./]],
  },
  {
    name: "storage account logical-id rename without a moved block",
    env: "azure-prod",
    edit: (e) => e.rename("azurerm_storage_account", e.find("azurerm_storage_account").id, "Lake", false),
    expect: STACK_REPLACED_WITH_CONTAINERS,
  },
  {
    name: "storage account name change: the catalog and schemas rooted in it follow",
    env: "azure-staging",
    edit: (e) => void (e.find("azurerm_storage_account").body.name = "frdlhstaginglake2"),
    // The catalog and schemas rooted in the account are in azure-staging-workspace and read its name
    // through a cdktf cross-stack output: flagged there, naming the account.
    expect: [
      ...STACK_REPLACED_WITH_CONTAINERS,
      ["likely-replace", /^databricks_catalog\./],
      ["likely-replace", /^databricks_schema\./],
    ],
  },
  {
    name: "storage account hierarchical namespace off",
    env: "azure-prod",
    edit: (e) => void (e.find("azurerm_storage_account").body.is_hns_enabled = false),
    expect: STACK_REPLACED_WITH_CONTAINERS,
  },
  {
    name: "container renamed",
    env: "azure-prod",
    edit: (e) => void (e.container("silver").body.name = "silver2"),
    expect: [["likely-replace", /^azurerm_storage_container\./]],
  },
  {
    name: "container deleted",
    env: "azure-prod",
    edit: (e) => e.delete("azurerm_storage_container", e.container("gold").id),
    expect: [["destroy", /^azurerm_storage_container\./]],
  },
  {
    name: "landing immutability policy removed",
    env: "azure-prod",
    edit: (e) =>
      e.delete(
        "azurerm_storage_container_immutability_policy",
        e.find("azurerm_storage_container_immutability_policy").id,
      ),
    expect: [["protection-downgrade", /^azurerm_storage_container_immutability_policy\./]],
  },
  {
    name: "immutability period shortened",
    env: "azure-prod",
    edit: (e) =>
      void (e.find("azurerm_storage_container_immutability_policy").body.immutability_period_in_days = 30),
    expect: [["protection-downgrade", /^azurerm_storage_container_immutability_policy\./]],
  },
  {
    name: "blob soft delete shortened",
    env: "azure-prod",
    edit: (e) =>
      void (e.find("azurerm_storage_account").body.blob_properties.delete_retention_policy.days = 7),
    expect: [["protection-downgrade", /^azurerm_storage_account\./]],
  },
  {
    name: "container soft delete removed",
    env: "azure-prod",
    edit: (e) =>
      void delete e.find("azurerm_storage_account").body.blob_properties.container_delete_retention_policy,
    expect: [["protection-downgrade", /^azurerm_storage_account\./]],
  },
  {
    name: "prevent_destroy removed from the storage account",
    env: "azure-prod",
    edit: (e) => void delete e.find("azurerm_storage_account").body.lifecycle,
    expect: [["protection-downgrade", /^azurerm_storage_account\./]],
  },
  {
    name: "lifecycle rule expiring the bronze layer",
    env: "azure-prod",
    edit: (e) => {
      const rule = e
        .find("azurerm_storage_management_policy")
        .body.rule.find((r: Json) => r.name === "tier-bronze");
      rule.actions.base_blob.delete_after_days_since_modification_greater_than = 400;
    },
    expect: [["lifecycle-expiry", /^azurerm_storage_management_policy\./]],
  },
  {
    name: "lifecycle rule archiving the silver layer",
    env: "azure-prod",
    edit: (e) => {
      const rule = e
        .find("azurerm_storage_management_policy")
        .body.rule.find((r: Json) => r.name === "tier-silver");
      rule.actions.base_blob.tier_to_archive_after_days_since_modification_greater_than = 365;
    },
    expect: [["lifecycle-expiry", /^azurerm_storage_management_policy\./]],
  },
  {
    name: "key vault purge protection off",
    env: "azure-prod",
    edit: (e) => void (e.find("azurerm_key_vault").body.purge_protection_enabled = false),
    expect: [["protection-downgrade", /^azurerm_key_vault\./]],
  },
  {
    name: "key vault key deleted",
    env: "azure-prod",
    edit: (e) => e.delete("azurerm_key_vault_key", e.find("azurerm_key_vault_key").id),
    expect: [["destroy", /^azurerm_key_vault_key\./]],
  },
  {
    name: "event hub deleted",
    env: "azure-prod",
    edit: (e) => e.delete("azurerm_eventhub", e.find("azurerm_eventhub").id),
    expect: [["destroy", /^azurerm_eventhub\./]],
  },
  {
    name: "event hub retention shortened",
    env: "azure-prod",
    edit: (e) => void (e.find("azurerm_eventhub").body.message_retention = 1),
    expect: [["protection-downgrade", /^azurerm_eventhub\./]],
  },
  {
    name: "DLT pipeline deleted (Azure)",
    env: "azure-prod",
    edit: (e) => e.delete("databricks_pipeline", e.find("databricks_pipeline").id),
    expect: [["destroy", /^databricks_pipeline\./]],
  },
  {
    name: "catalog renamed (Azure): the schemas and model are replaced",
    env: "azure-prod",
    edit: (e) => void (e.find("databricks_catalog").body.name = "fraud_lh_prod"),
    expect: [
      ["likely-replace", /^databricks_schema\./],
      ["likely-replace", /^databricks_registered_model\./],
    ],
  },
  {
    name: "schema deleted",
    env: "azure-staging",
    edit: (e) => e.delete("databricks_schema", e.find("databricks_schema", (s) => s.name === "gold").id),
    expect: [["destroy", /^databricks_schema\./]],
  },
  {
    name: "registered model renamed",
    env: "azure-prod",
    edit: (e) => void (e.find("databricks_registered_model").body.name = "fraud_model_v2"),
    expect: [["likely-replace", /^databricks_registered_model\./]],
  },
  {
    name: "stage moved to dev (Azure prod)",
    env: "azure-prod",
    edit: () => envStacks(PROD_AS_DEV, "azure-prod"),
    expect: [["protection-downgrade", /./]],
  },
  // ---------------------------------------------------------------- AWS
  {
    name: "mws workspace_name changed",
    env: "aws-prod",
    edit: (e) => void (e.find("databricks_mws_workspaces").body.workspace_name = "frdlh-prod-dbw2"),
    expect: [["likely-replace", /^databricks_mws_workspaces\./]],
  },
  {
    name: "mws workspace deployment_name set",
    env: "aws-staging",
    edit: (e) => void (e.find("databricks_mws_workspaces").body.deployment_name = "frdlh-staging"),
    expect: [["likely-replace", /^databricks_mws_workspaces\./]],
  },
  {
    name: "workspace root bucket renamed: bucket, storage configuration and workspace replaced",
    env: "aws-prod",
    edit: (e) => {
      const root = e.find("aws_s3_bucket", (b) => String(b.bucket).includes("dbfs-root")).body;
      root.bucket = String(root.bucket).replace("dbfs-root", "dbfs-root2");
    },
    expect: [
      ["likely-replace", /^aws_s3_bucket\./],
      ["likely-replace", /^databricks_mws_workspaces\./],
    ],
  },
  {
    name: "bronze bucket renamed",
    env: "aws-prod",
    edit: (e) => e.renameBucket("bronze", "bronze2"),
    // The bronze schema rooted in it is in aws-prod-workspace, behind a cross-stack output.
    expect: [
      ["likely-replace", /^aws_s3_bucket\./],
      ["likely-replace", /^databricks_schema\./],
    ],
  },
  {
    name: "gold bucket renamed: the catalog and the gold and ml schemas in the workspace layer follow",
    env: "aws-staging",
    edit: (e) => e.renameBucket("gold", "gold2"),
    expect: [
      ["likely-replace", /^aws_s3_bucket\./],
      ["likely-replace", /^databricks_catalog\./],
      ["likely-replace", /^databricks_schema\./],
    ],
  },
  {
    name: "silver bucket logical-id rename without a moved block",
    env: "aws-staging",
    edit: (e) => e.rename("aws_s3_bucket", e.bucket("silver").id, "SilverBucket", false),
    expect: [["likely-replace", /^aws_s3_bucket\./]],
  },
  {
    name: "landing bucket object lock off",
    env: "aws-prod",
    edit: (e) => void (e.bucket("landing").body.object_lock_enabled = false),
    expect: [
      ["likely-replace", /^aws_s3_bucket\./],
      ["protection-downgrade", /^aws_s3_bucket\./],
    ],
  },
  {
    name: "silver versioning suspended",
    env: "aws-prod",
    edit: (e) =>
      void (e.onBucket("aws_s3_bucket_versioning", "silver").body.versioning_configuration.status =
        "Suspended"),
    expect: [["protection-downgrade", /^aws_s3_bucket_versioning\./]],
  },
  {
    name: "gold versioning resource deleted",
    env: "aws-prod",
    edit: (e) => e.delete("aws_s3_bucket_versioning", e.onBucket("aws_s3_bucket_versioning", "gold").id),
    expect: [["protection-downgrade", /^aws_s3_bucket_versioning\./]],
  },
  {
    name: "object lock retention shortened",
    env: "aws-prod",
    edit: (e) =>
      void (e.find("aws_s3_bucket_object_lock_configuration").body.rule.default_retention.days = 30),
    expect: [["protection-downgrade", /^aws_s3_bucket_object_lock_configuration\./]],
  },
  {
    name: "object lock configuration deleted",
    env: "aws-prod",
    edit: (e) =>
      e.delete(
        "aws_s3_bucket_object_lock_configuration",
        e.find("aws_s3_bucket_object_lock_configuration").id,
      ),
    expect: [["protection-downgrade", /^aws_s3_bucket_object_lock_configuration\./]],
  },
  {
    name: "lifecycle expiry on the silver layer",
    env: "aws-prod",
    edit: (e) => {
      const rule = e
        .onBucket("aws_s3_bucket_lifecycle_configuration", "silver")
        .body.rule.find((r: Json) => r.id === "transition-and-expire-current-objects");
      rule.expiration = [{ days: 400 }];
    },
    expect: [["lifecycle-expiry", /^aws_s3_bucket_lifecycle_configuration\./]],
  },
  {
    name: "lifecycle expiry on the checkpoints layer (new rule)",
    env: "aws-staging",
    edit: (e) =>
      void e.onBucket("aws_s3_bucket_lifecycle_configuration", "checkpoints").body.rule.push({
        id: "expire",
        status: "Enabled",
        filter: [{ prefix: "" }],
        expiration: [{ days: 30 }],
      }),
    expect: [["lifecycle-expiry", /^aws_s3_bucket_lifecycle_configuration\./]],
  },
  {
    name: "gold objects archived to DEEP_ARCHIVE",
    env: "aws-prod",
    edit: (e) =>
      void e.onBucket("aws_s3_bucket_lifecycle_configuration", "gold").body.rule.push({
        id: "archive",
        status: "Enabled",
        filter: [{ prefix: "" }],
        transition: [{ days: 180, storage_class: "DEEP_ARCHIVE" }],
      }),
    expect: [["lifecycle-expiry", /^aws_s3_bucket_lifecycle_configuration\./]],
  },
  {
    name: "storage KMS key deleted",
    env: "aws-prod",
    edit: (e) => e.delete("aws_kms_key", e.find("aws_kms_key", (k) => /buckets/.test(k.description)).id),
    expect: [["destroy", /^aws_kms_key\./]],
  },
  {
    name: "KMS key made multi-region",
    env: "aws-prod",
    edit: (e) => void (e.find("aws_kms_key").body.multi_region = true),
    expect: [["likely-replace", /^aws_kms_key\./]],
  },
  {
    name: "Kinesis stream renamed",
    env: "aws-prod",
    edit: (e) => void (e.find("aws_kinesis_stream").body.name = "frdlh-prod-card-tx"),
    expect: [["likely-replace", /^aws_kinesis_stream\./]],
  },
  {
    name: "Kinesis retention shortened",
    env: "aws-prod",
    edit: (e) => void (e.find("aws_kinesis_stream").body.retention_period = 24),
    expect: [["protection-downgrade", /^aws_kinesis_stream\./]],
  },
  {
    name: "DLT pipeline deleted (AWS)",
    env: "aws-prod",
    edit: (e) => e.delete("databricks_pipeline", e.find("databricks_pipeline").id),
    expect: [["destroy", /^databricks_pipeline\./]],
  },
  {
    name: "DLT pipeline moved to legacy storage",
    env: "aws-staging",
    edit: (e) => void (e.find("databricks_pipeline").body.storage = "dbfs:/pipelines/medallion"),
    expect: [["likely-replace", /^databricks_pipeline\./]],
  },
  {
    name: "catalog renamed (AWS): the schemas and model are replaced",
    env: "aws-prod",
    edit: (e) => void (e.find("databricks_catalog").body.name = "fraud_lh_prod"),
    expect: [
      ["likely-replace", /^databricks_schema\./],
      ["likely-replace", /^databricks_registered_model\./],
    ],
  },
  {
    name: "force_destroy on the gold bucket",
    env: "aws-prod",
    edit: (e) => void (e.bucket("gold").body.force_destroy = true),
    expect: [["protection-downgrade", /^aws_s3_bucket\./]],
  },
  {
    // The example looks up each region's metastore (none created); the catalog is the workspace
    // layer's protected resource.
    name: "prevent_destroy removed from the catalog",
    env: "aws-prod",
    edit: (e) => void delete e.find("databricks_catalog").body.lifecycle,
    expect: [["protection-downgrade", /^databricks_catalog\./]],
  },
  {
    name: "removed block that destroys the bronze bucket",
    env: "aws-prod",
    edit: (e) => {
      const b = e.bucket("bronze");
      e.delete("aws_s3_bucket", b.id);
      e.docs.get(b.stack)!.removed = [{ from: `aws_s3_bucket.${b.id}`, lifecycle: { destroy: true } }];
    },
    expect: [["destroy", /^aws_s3_bucket\./]],
  },
  {
    name: "stage moved to dev (AWS prod)",
    env: "aws-prod",
    edit: () => envStacks(PROD_AS_DEV, "aws-prod"),
    expect: [["protection-downgrade", /./]],
  },
];

const HARMLESS: Case[] = [
  {
    name: "tag change on the storage account",
    env: "azure-prod",
    edit: (e) => void (e.find("azurerm_storage_account").body.tags.owner = "someone-else@example.com"),
    expect: [],
  },
  {
    name: "SQL warehouse size",
    env: "aws-prod",
    edit: (e) => void (e.find("databricks_sql_endpoint").body.cluster_size = "Medium"),
    expect: [],
  },
  {
    name: "serverless pipeline turned continuous",
    env: "azure-prod",
    edit: (e) => void (e.find("databricks_pipeline").body.continuous = true),
    expect: [],
  },
  {
    name: "storage account rename WITH its moved block",
    env: "azure-prod",
    edit: (e) => e.rename("azurerm_storage_account", e.find("azurerm_storage_account").id, "Lake", true),
    expect: [],
  },
  {
    name: "bucket rename WITH its moved block",
    env: "aws-prod",
    edit: (e) => e.rename("aws_s3_bucket", e.bucket("gold").id, "GoldBucket", true),
    expect: [],
  },
  {
    name: "pipeline rename WITH its moved block",
    env: "aws-prod",
    edit: (e) => e.rename("databricks_pipeline", e.find("databricks_pipeline").id, "Medallion", true),
    expect: [],
  },
  {
    name: "silver bucket rename WITH its moved block (its cross-stack output is renamed too)",
    env: "aws-staging",
    edit: (e) => e.rename("aws_s3_bucket", e.bucket("silver").id, "SilverBucket", true),
    expect: [],
  },
  {
    name: "mws workspace rename WITH its moved block (workspace_id read by the workspace layer)",
    env: "aws-prod",
    edit: (e) =>
      e.rename("databricks_mws_workspaces", e.find("databricks_mws_workspaces").id, "Workspace", true),
    expect: [],
  },
  {
    name: "Azure workspace rename WITH its moved block (workspace_id read by the workspace layer)",
    env: "azure-staging",
    edit: (e) =>
      e.rename("azurerm_databricks_workspace", e.find("azurerm_databricks_workspace").id, "Workspace", true),
    expect: [],
  },
  {
    name: "access connector rename WITH its moved block (its id feeds the storage credential)",
    env: "azure-prod",
    edit: (e) =>
      e.rename(
        "azurerm_databricks_access_connector",
        e.find("azurerm_databricks_access_connector").id,
        "Connector",
        true,
      ),
    expect: [],
  },
  {
    name: "access connector rename without a moved block (a new connector; no data owner follows)",
    env: "azure-dev",
    edit: (e) =>
      e.rename(
        "azurerm_databricks_access_connector",
        e.find("azurerm_databricks_access_connector").id,
        "Connector",
        false,
      ),
    expect: [],
  },
  {
    name: "catalog comment",
    env: "azure-prod",
    edit: (e) => void (e.find("databricks_catalog").body.comment = "Lakehouse catalog"),
    expect: [],
  },
  {
    name: "schema comment",
    env: "aws-prod",
    edit: (e) => void (e.find("databricks_schema").body.comment = "Bronze, raw as ingested"),
    expect: [],
  },
  {
    name: "KMS key description",
    env: "aws-prod",
    edit: (e) => void (e.find("aws_kms_key").body.description = "Lakehouse bucket key"),
    expect: [],
  },
  {
    name: "Event Hubs capacity",
    env: "azure-prod",
    edit: (e) => void (e.find("azurerm_eventhub_namespace").body.capacity = 2),
    expect: [],
  },
  {
    name: "replication within the zonal group (GZRS → RAGZRS)",
    env: "azure-prod",
    edit: (e) => void (e.find("azurerm_storage_account").body.account_replication_type = "RAGZRS"),
    expect: [],
  },
  {
    name: "Event Hubs sku Standard → Basic",
    env: "azure-dev",
    edit: (e) => void (e.find("azurerm_eventhub_namespace").body.sku = "Basic"),
    expect: [],
  },
  {
    name: "immutability period lengthened",
    env: "azure-prod",
    edit: (e) =>
      void (e.find("azurerm_storage_container_immutability_policy").body.immutability_period_in_days = 400),
    expect: [],
  },
  {
    name: "landing tiering moves later (not a Delta layer)",
    env: "aws-prod",
    edit: (e) => {
      const rule = e
        .onBucket("aws_s3_bucket_lifecycle_configuration", "landing")
        .body.rule.find((r: Json) => r.id === "transition-and-expire-current-objects");
      rule.expiration = [{ days: 365 }];
    },
    expect: [],
  },
  {
    name: "bucket forgotten with removed { destroy = false }",
    env: "aws-prod",
    edit: (e) => {
      const b = e.bucket("platform");
      e.delete("aws_s3_bucket", b.id);
      e.docs.get(b.stack)!.removed = [{ from: `aws_s3_bucket.${b.id}`, lifecycle: { destroy: false } }];
    },
    expect: [],
  },
  {
    name: "a new bucket imported with an import block",
    env: "aws-prod",
    edit: (e) => {
      const doc = e.docs.get(e.bucket("gold").stack)!;
      doc.resource.aws_s3_bucket.Archive = { bucket: "frdlh-prod-archive", tags: { layer: "platform" } };
      doc.import = [{ to: "aws_s3_bucket.Archive", id: "frdlh-prod-archive" }];
    },
    expect: [],
  },
  {
    name: "data source logical-id rename (caller identity, read by the workspace layer too)",
    env: "aws-prod",
    edit: (e) => {
      for (const [name, doc] of e.docs) {
        const text = JSON.stringify(doc)
          .replaceAll("data.aws_caller_identity.Account.", "data.aws_caller_identity.Caller.")
          .replaceAll(
            "cross-stack-output-dataaws_caller_identityAccount",
            "cross-stack-output-dataaws_caller_identityCaller",
          );
        const edited = JSON.parse(text) as Json;
        if (edited.data?.aws_caller_identity?.Account) {
          edited.data.aws_caller_identity.Caller = edited.data.aws_caller_identity.Account;
          delete edited.data.aws_caller_identity.Account;
        }
        e.docs.set(name, edited);
      }
    },
    expect: [],
  },
  {
    name: "IAM role logical-id rename without a moved block (no data owner follows)",
    env: "aws-prod",
    edit: (e) => e.rename("aws_iam_role", e.find("aws_iam_role").id, "Role", false),
    expect: [],
  },
];

function stackModel(name: string, doc: Json | undefined): StackModel | undefined {
  return (
    doc && {
      name,
      source: "synth",
      path: name,
      resources: [],
      dataSources: [],
      deleted: [],
      providers: [],
      synth: doc,
    }
  );
}

function review(c: Case): DataLossWarning[] {
  const base = envStacks(BASE, c.env);
  const env = new Env(new Map([...base].map(([n, d]) => [n, structuredClone(d)])));
  const replaced = c.edit(env);
  const head = replaced instanceof Map ? replaced : env.docs;
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  const models = (docs: Docs) => new Map([...docs].map(([n, d]) => [n, stackModel(n, d)!]));
  const [b, h] = [models(base), models(head)];
  const stacks = { base: [...b.values()], head: [...h.values()] };
  return names.flatMap((n) => reviewStackChange(n, b.get(n), h.get(n), stacks).warnings);
}

function unexplained(warnings: DataLossWarning[], expected: Case["expect"]): DataLossWarning[] {
  return warnings.filter(
    (w) => !expected.some(([kind, address]) => w.kind === kind && address.test(w.address)),
  );
}

function missing(warnings: DataLossWarning[], expected: Case["expect"]): Case["expect"] {
  return expected.filter(
    ([kind, address]) => !warnings.some((w) => w.kind === kind && address.test(w.address)),
  );
}

const clouds = (cases: Case[]) => new Set(cases.map((c) => c.env.split("-")[0]));

test(`the suite: ${DATA_LOSS.length} data-loss cases and ${HARMLESS.length} negative controls, both clouds`, () => {
  expect(DATA_LOSS.length).toBeGreaterThanOrEqual(40);
  expect(HARMLESS.length).toBeGreaterThanOrEqual(8);
  expect(clouds(DATA_LOSS)).toEqual(new Set(["aws", "azure"]));
  expect(clouds(HARMLESS)).toEqual(new Set(["aws", "azure"]));
});

describe("data-loss cases are all flagged with the expected kind, and nothing else", () => {
  test.each(DATA_LOSS.map((c) => [c.name, c] as const))("data-loss case: %s", (_name, c) => {
    const warnings = review(c);
    expect(missing(warnings, c.expect)).toEqual([]);
    expect(unexplained(warnings, c.expect).map((w) => `${w.kind} ${w.address}: ${w.message}`)).toEqual([]);
  });
});

describe("harmless changes raise no warning", () => {
  test.each(HARMLESS.map((c) => [c.name, c] as const))("negative control: %s", (_name, c) => {
    expect(review(c).map((w) => `${w.kind} ${w.address}: ${w.message}`)).toEqual([]);
  });
});

test(`score: ${DATA_LOSS.length} of ${DATA_LOSS.length} data-loss cases flagged, 0 false alarms in ${HARMLESS.length} negative controls`, () => {
  const caught = DATA_LOSS.filter((c) => {
    const w = review(c);
    return missing(w, c.expect).length === 0 && unexplained(w, c.expect).length === 0;
  }).length;
  const falseAlarms = HARMLESS.filter((c) => review(c).length > 0).length;
  expect({ caught, of: DATA_LOSS.length, falseAlarms }).toEqual({
    caught: DATA_LOSS.length,
    of: DATA_LOSS.length,
    falseAlarms: 0,
  });
});

test("stage → dev drops prevent_destroy from the 19 protected aws-prod resources (both layers), each reported", () => {
  const warnings = review(DATA_LOSS.find((c) => c.name === "stage moved to dev (AWS prod)")!);
  // 13 in aws-prod (keys, buckets, stream, workspace), 6 in aws-prod-workspace (catalog, schemas,
  // model); the region's metastore is looked up, not created.
  expect(warnings).toHaveLength(19);
  expect(warnings.filter((w) => w.stack === "aws-prod-workspace")).toHaveLength(6);
  expect(
    warnings.every(
      (w) => w.kind === "protection-downgrade" && /loses lifecycle.prevent_destroy/.test(w.message),
    ),
  ).toBe(true);
});

test("every warning says its cause and remedy; predicted replacements cite the provider source", () => {
  const warnings = DATA_LOSS.flatMap(review);
  expect(warnings.filter((w) => w.cause === "" || w.remedy === "")).toEqual([]);
  const predicted = warnings.filter(
    (w) => w.kind === "likely-replace" && !/without a moved block/.test(w.cause),
  );
  expect(predicted.filter((w) => w.sources.length === 0)).toEqual([]);
});

test("a cross-stack cascade is flagged on the workspace stack, naming the base-layer resource it follows", () => {
  const warnings = review(DATA_LOSS.find((c) => c.name.startsWith("gold bucket renamed"))!);
  const workspace = warnings.filter((w) => w.stack === "aws-staging-workspace");
  expect(workspace.map((w) => [w.kind, w.address, w.sources])).toEqual([
    [
      "likely-replace",
      "databricks_catalog.UnityCatalog_025DEE8A",
      ["databricks/terraform-provider-databricks@v1.99.0 catalog/resource_catalog.go:52"],
    ],
    [
      "likely-replace",
      "databricks_schema.UnityCatalog_GoldSchema_CA7D3125",
      ["databricks/terraform-provider-databricks@v1.99.0 catalog/resource_schema.go:15"],
    ],
    [
      "likely-replace",
      "databricks_schema.UnityCatalog_MlSchema_CFFBA6DF",
      ["databricks/terraform-provider-databricks@v1.99.0 catalog/resource_schema.go:15"],
    ],
  ]);
  const account = "<data.aws_caller_identity{}.account_id after apply>";
  expect(workspace[0]!.cause).toBe(
    `storage_root "s3://frdlh-staging-gold-${account}-us-east-1/catalog/" → "s3://frdlh-staging-gold2-${account}-us-east-1/catalog/" (set from aws-staging: aws_s3_bucket.Storage_Gold_Bucket_FBD276FF through a cross-stack output, which aws-staging replaces)`,
  );
  expect(workspace[0]!.remedy).toBe(
    "keep what storage_root is built from in aws-staging (aws_s3_bucket.Storage_Gold_Bucket_FBD276FF) as it was; if the change is intended, back up or migrate the data first: Terraform destroys the existing databricks_catalog",
  );
});

describe("cost:diff --fail-on-destroy on the example", () => {
  function synthDir(docs: Map<string, Json>): string {
    const dir = mkdtempSync(join(tmpdir(), "mutation-synth-"));
    for (const [name, doc] of docs) {
      mkdirSync(join(dir, "stacks", name), { recursive: true });
      writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(doc));
    }
    return dir;
  }
  function run(c: Case): { code: number; warnings: string[] } {
    const base = envStacks(BASE, c.env);
    const env = new Env(new Map([...base].map(([n, d]) => [n, structuredClone(d)])));
    const replaced = c.edit(env);
    let out = "";
    const io = { stdout: (text: string) => void (out += text), stderr: () => undefined };
    const code = main(
      [
        "diff",
        "--base",
        synthDir(base),
        "--head",
        synthDir(replaced instanceof Map ? replaced : env.docs),
        "--fail-on-destroy",
        "--format",
        "json",
        "--catalog-dir",
        CATALOG_DIR,
      ],
      io,
    );
    const json = JSON.parse(out) as { warnings: DataLossWarning[] };
    return { code, warnings: json.warnings.map((w) => `${w.stack} ${w.kind} ${w.type}`) };
  }

  test("exit 2 on a data-loss case, 0 on a harmless one", () => {
    expect(run(DATA_LOSS.find((c) => c.name.startsWith("DLT pipeline deleted (AWS)"))!)).toEqual({
      code: EXIT_DATA_LOSS,
      warnings: ["aws-prod-workspace destroy databricks_pipeline"],
    });
    expect(run(HARMLESS.find((c) => c.name.startsWith("storage account rename WITH"))!)).toEqual({
      code: EXIT_OK,
      warnings: [],
    });
    // The stage change to dev (one config edit) fails the gate: 19 protections dropped in two stacks.
    const stage = run(DATA_LOSS.find((c) => c.name === "stage moved to dev (AWS prod)")!);
    expect(stage.code).toBe(EXIT_DATA_LOSS);
    expect(stage.warnings).toHaveLength(19);
  });

  test("the CLI follows cross-stack references between the synth dir's stacks", () => {
    expect(run(DATA_LOSS.find((c) => c.name.startsWith("gold bucket renamed"))!)).toEqual({
      code: EXIT_DATA_LOSS,
      warnings: [
        "aws-staging likely-replace aws_s3_bucket",
        "aws-staging-workspace likely-replace databricks_catalog",
        "aws-staging-workspace likely-replace databricks_schema",
        "aws-staging-workspace likely-replace databricks_schema",
      ],
    });
    expect(run(HARMLESS.find((c) => c.name.startsWith("silver bucket rename WITH"))!)).toEqual({
      code: EXIT_OK,
      warnings: [],
    });
  });
});

describe("plan-fixture cases: a real `terraform show -json` plan (fixtures/plans/generate.sh)", () => {
  const PLAN = join(FIXTURES, "plans", "change.plan.json");
  function diffPlan(spec: string) {
    const { base, head } = planDiffInputs(loadPlans([spec]).stacks);
    return diffSnapshots(base, head, { catalogs });
  }
  const d = diffPlan(`aws-prod=${PLAN}`);
  const resource = (address: string) => d.stacks[0]!.resources.find((r) => r.address === address)!;

  test("plan case: a deletion is priced (the deleted pipeline's cost leaves the total)", () => {
    const pipeline = resource("databricks_pipeline.pipeline");
    expect(pipeline).toMatchObject({ change: "removed", headCost: 0, unpriced: false });
    expect(pipeline.baseCost).toBeGreaterThan(0);
    expect(pipeline.delta).toBe(-pipeline.baseCost);
  });

  test("plan case: a replacement prices its before values (not a $0.00 before)", () => {
    const landing = resource("aws_s3_bucket.landing");
    expect(landing).toMatchObject({ change: "replaced", unpriced: false });
    expect(landing.baseCost).toBeGreaterThan(0);
    expect(landing.baseCost).toBe(landing.headCost);
  });

  test("plan case: data owners replaced or deleted are flagged with the plan's reason, paths and source", () => {
    expect(d.warnings.map((w) => [w.kind, w.address])).toEqual([
      ["replace", "aws_s3_bucket.checkpoints"],
      ["replace", "aws_s3_bucket.landing"],
      ["destroy", "databricks_pipeline.pipeline"],
    ]);
    expect(d.warnings[1]).toMatchObject({
      cause:
        "the plan's actions delete, create (the provider cannot update it in place); forced by triggers_replace",
      sources: [
        `${PLAN}: aws_s3_bucket.landing actions [delete, create], action_reason replace_because_cannot_update, replace_paths triggers_replace`,
      ],
    });
  });

  test("plan case: removed { destroy = false } (forget) is accepted: a note, not a warning", () => {
    expect(d.warnings.some((w) => w.address === "aws_s3_bucket.archive")).toBe(false);
    expect(d.notes).toContainEqual({
      stack: "aws-prod",
      address: "aws_s3_bucket.archive",
      message:
        "forgotten (it is no longer in the configuration): Terraform stops managing it; the object and its data stay.",
    });
  });

  test("plan case: a plan maps to the stack it is given, never to its file name", () => {
    const dir = mkdtempSync(join(tmpdir(), "mutation-plan-"));
    const file = join(dir, "aws-prod.base.plan.json");
    copyFileSync(PLAN, file);
    const named = diffPlan(`aws-prod=${file}`);
    expect(named.stacks.map((s) => s.name)).toEqual(["aws-prod"]);
    expect(named.warnings.map((w) => w.stack)).toEqual(["aws-prod", "aws-prod", "aws-prod"]);
    expect(() => loadPlans([file])).toThrow(
      `${file}: a plan does not say which stack it is for; pass --plan <stack>=${file} (the file name is not used)`,
    );
  });

  test("plan case: both layers planned before either is applied: the workspace plan is a no-op, the cascade is predicted from synth", () => {
    const synth = twoLayerSynthDir;
    const plans = [
      "--plan",
      `env=${join(FIXTURES, "plans", "layers-env.plan.json")}`,
      "--plan",
      `env-workspace=${join(FIXTURES, "plans", "layers-workspace.plan.json")}`,
    ];
    let out = "";
    const io = { stdout: (text: string) => void (out += text), stderr: () => undefined };
    const args = ["diff", ...plans, "--format", "json", "--catalog-dir", CATALOG_DIR];
    const warnings = () => (JSON.parse(out) as { warnings: DataLossWarning[] }).warnings;

    // The plans alone: env-workspace's plan reads env's current state, so its catalog is a no-op; a
    // note says the plan cannot show what env's output changes do there yet.
    main(args, io);
    expect(warnings().map((w) => `${w.stack} ${w.kind} ${w.address}`)).toEqual([
      "env replace aws_s3_bucket.gold",
    ]);
    expect((JSON.parse(out) as { notes: unknown[] }).notes).toContainEqual({
      stack: "env-workspace",
      address: "data.terraform_remote_state.cross-stack-reference-input-env",
      message:
        "reads outputs that env's plan changes (cross-stack-output-aws_s3_bucketgoldbucket): this plan shows what they change here only after env is applied. Plan env-workspace again then, or review with the synth output (--base/--head) to predict it now.",
    });

    out = "";
    main([...args, "--base", synth("fx-gold"), "--head", synth("fx-gold2")], io);
    expect(warnings().map((w) => `${w.stack} ${w.kind} ${w.address}`)).toEqual([
      "env replace aws_s3_bucket.gold",
      "env-workspace likely-replace databricks_catalog.catalog",
    ]);
    expect(warnings()[1]).toMatchObject({
      cause:
        'storage_root "s3://fx-gold/catalog/" → "s3://fx-gold2/catalog/" (set from env: aws_s3_bucket.gold through a cross-stack output, which env replaces)',
      sources: ["databricks/terraform-provider-databricks@v1.99.0 catalog/resource_catalog.go:52"],
    });
    expect(warnings()[1]!.message).toMatch(/Predicted from the synth output: this stack's plan reads/);
  });
});
