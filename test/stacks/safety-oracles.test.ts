/**
 * Literal oracles for the safety properties of the example stacks (issue 14). Every expectation here is
 * written out, not imported: the shared constants (STATEFUL_RESOURCE_TYPES drives the prevent-destroy
 * aspect, the guardrail and the data-loss guard) and the stack snapshot can change without these tests
 * changing with them, so weakening a protection or a security default fails here until someone edits
 * this list on purpose.
 */
import * as os from "node:os";
import { Testing } from "cdktf";
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import { addLakehouseStacks } from "../../stacks/lakehouse-app";
import { STATEFUL_RESOURCE_TYPES } from "../../terraform-json/stateful-types";
import type { TerraformJson } from "../support/terraform-json";

/** Resource types whose destruction loses data or makes it unreadable: prevent_destroy outside dev. */
const MUST_BE_PROTECTED = [
  // AWS: the buckets, the key that encrypts them, the streams.
  ...["aws_s3_bucket", "aws_kms_key", "aws_kinesis_stream"],
  // Azure: the resource group holding it all, storage, Key Vault and its key, Event Hubs.
  ...["azurerm_resource_group", "azurerm_storage_account", "azurerm_storage_container"],
  ...["azurerm_key_vault", "azurerm_key_vault_key", "azurerm_eventhub_namespace", "azurerm_eventhub"],
  // Databricks: workspaces and the Unity Catalog objects that hold table metadata, grants and models.
  ...["azurerm_databricks_workspace", "databricks_mws_workspaces", "databricks_metastore"],
  ...["databricks_catalog", "databricks_schema", "databricks_registered_model"],
];

const config = loadConfig(EXAMPLE_CONFIG);
const stacks = new Map(
  addLakehouseStacks(Testing.app({ outdir: os.tmpdir() }), config).map((stack) => [
    stack.node.id,
    JSON.parse(Testing.synth(stack)) as TerraformJson,
  ]),
);
const stageOf = (id: string) =>
  config.environments.find((env) => env.id === id.replace(/-workspace$/, ""))!.stage;
const ids = [...stacks.keys()];
// The cloud security defaults live in each environment's first layer (`<env>`); `<env>-workspace`
// holds Unity Catalog objects, compute and pipelines.
const azureIds = ids.filter((id) => id.startsWith("azure-") && !id.endsWith("-workspace"));
const awsIds = ids.filter((id) => id.startsWith("aws-") && !id.endsWith("-workspace"));

/** Every resource of `type` in stack `id`, without cdktf metadata. */
function resources(id: string, type: string): [string, Record<string, unknown>][] {
  return Object.entries(stacks.get(id)!.resource?.[type] ?? {}).map(([name, body]) => {
    const { "//": _metadata, ...rest } = body;
    return [name, rest];
  });
}

function dataSources(id: string, type: string): Record<string, Record<string, unknown>> {
  return stacks.get(id)!.data?.[type] ?? {};
}

/** The statements of the policy document `reference` names, including its source documents. */
function statementsOf(
  documents: Record<string, Record<string, unknown>>,
  reference: string,
): Record<string, unknown>[] {
  const name = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(reference)?.[1];
  const document = name === undefined ? undefined : documents[name];
  if (!document) return [];
  return [
    ...((document.statement ?? []) as Record<string, unknown>[]),
    ...((document.source_policy_documents ?? []) as string[]).flatMap((source) =>
      statementsOf(documents, source),
    ),
  ];
}

describe("prevent_destroy", () => {
  test("the shared list still names every type this oracle protects", () => {
    expect(MUST_BE_PROTECTED.filter((type) => !STATEFUL_RESOURCE_TYPES.has(type))).toEqual([]);
  });

  test("every protected type occurs in some staging or prod stack (the oracle is not vacuous)", () => {
    const present = new Set(
      ids.filter((id) => stageOf(id) !== "dev").flatMap((id) => Object.keys(stacks.get(id)!.resource ?? {})),
    );
    // The example looks each region's metastore up (a metastore stack creates one only when config
    // lists it under `metastores`), so no example stack holds a databricks_metastore.
    expect(MUST_BE_PROTECTED.filter((type) => !present.has(type))).toEqual(["databricks_metastore"]);
  });

  test.each(ids)("%s: stateful resources carry prevent_destroy outside dev, none in dev", (id) => {
    const expected = stageOf(id) !== "dev";
    const wrong = MUST_BE_PROTECTED.flatMap((type) =>
      resources(id, type)
        .filter(
          ([, body]) =>
            ((body.lifecycle as { prevent_destroy?: boolean })?.prevent_destroy === true) !== expected,
        )
        .map(([name]) => `${type}.${name}`),
    );
    expect(wrong).toEqual([]);
  });
});

describe("ADLS hardening (every Azure stack)", () => {
  test.each(azureIds)("%s: the storage account", (id) => {
    const [[, account]] = resources(id, "azurerm_storage_account") as [[string, Record<string, unknown>]];
    expect(account).toMatchObject({
      account_kind: "StorageV2",
      is_hns_enabled: true,
      allowed_copy_scope: "AAD",
      local_user_enabled: false,
      sftp_enabled: false,
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      infrastructure_encryption_enabled: true,
      min_tls_version: "TLS1_2",
      https_traffic_only_enabled: true,
      allow_nested_items_to_be_public: false,
      cross_tenant_replication_enabled: false,
      // Prod: private endpoints only; dev and staging keep the public endpoint behind the firewall.
      public_network_access_enabled: id !== "azure-prod",
      network_rules: { default_action: "Deny", bypass: ["AzureServices", "Logging", "Metrics"] },
    });
  });

  test.each(azureIds)("%s: soft delete for blobs and containers", (id) => {
    const days = { "azure-dev": 7, "azure-staging": 14, "azure-prod": 30 }[id];
    const [[, account]] = resources(id, "azurerm_storage_account") as [[string, Record<string, unknown>]];
    expect(account.blob_properties).toEqual({
      delete_retention_policy: { days },
      container_delete_retention_policy: { days },
    });
  });

  test.each(azureIds)("%s: every container is private", (id) => {
    const containers = resources(id, "azurerm_storage_container");
    expect(containers.map(([, c]) => c.container_access_type)).toEqual([
      "private",
      "private",
      "private",
      "private",
      "private",
    ]);
  });

  test("azure-prod: the customer-managed key and its vault", () => {
    const [[, vault]] = resources("azure-prod", "azurerm_key_vault") as [[string, Record<string, unknown>]];
    expect(vault).toMatchObject({
      purge_protection_enabled: true,
      rbac_authorization_enabled: true,
      soft_delete_retention_days: 90,
      network_acls: { default_action: "Deny", bypass: "AzureServices" },
    });
    const [[, key]] = resources("azure-prod", "azurerm_key_vault_key") as [[string, Record<string, unknown>]];
    expect(key).toMatchObject({
      key_type: "RSA",
      key_size: 3072,
      key_opts: ["wrapKey", "unwrapKey"],
      rotation_policy: { automatic: { time_after_creation: "P365D" }, expire_after: "P730D" },
    });
    const [[, account]] = resources("azure-prod", "azurerm_storage_account") as [
      [string, Record<string, unknown>],
    ];
    expect(account.customer_managed_key).toMatchObject({
      key_vault_key_id: expect.stringContaining("azurerm_key_vault_key."),
    });
  });

  test.each(azureIds)(
    "%s: Event Hubs take TLS 1.2 and deny by default; the workspace has no public IPs",
    (id) => {
      const [[, namespace]] = resources(id, "azurerm_eventhub_namespace") as [
        [string, Record<string, unknown>],
      ];
      expect(namespace).toMatchObject({
        minimum_tls_version: "1.2",
        network_rulesets: [{ default_action: "Deny" }],
      });
      const [[, workspace]] = resources(id, "azurerm_databricks_workspace") as [
        [string, Record<string, unknown>],
      ];
      expect(workspace).toMatchObject({ custom_parameters: { no_public_ip: true } });
    },
  );
});

describe("S3 and KMS hardening (every AWS stack)", () => {
  /** `${aws_s3_bucket.<name>.id}` of each bucket, as its companion resources reference it. */
  const bucketRefs = (id: string) =>
    resources(id, "aws_s3_bucket").map(([name]) => `\${aws_s3_bucket.${name}.id}`);
  const byBucket = (id: string, type: string) =>
    new Map(resources(id, type).map(([, body]) => [body.bucket as string, body]));

  test.each(awsIds)("%s: every bucket blocks public access (all four settings)", (id) => {
    const blocks = byBucket(id, "aws_s3_bucket_public_access_block");
    for (const bucket of bucketRefs(id)) {
      expect({ bucket, block: blocks.get(bucket) }).toEqual({
        bucket,
        block: {
          bucket,
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        },
      });
    }
  });

  test.each(awsIds)("%s: every bucket is encrypted, versioned and owner-enforced", (id) => {
    const encryption = byBucket(id, "aws_s3_bucket_server_side_encryption_configuration");
    const versioning = byBucket(id, "aws_s3_bucket_versioning");
    const ownership = byBucket(id, "aws_s3_bucket_ownership_controls");
    for (const bucket of bucketRefs(id)) {
      const rule = (
        encryption.get(bucket)?.rule as {
          apply_server_side_encryption_by_default: { sse_algorithm: string };
        }[]
      )[0]!;
      expect(["aws:kms", "AES256"]).toContain(rule.apply_server_side_encryption_by_default.sse_algorithm);
      expect(versioning.get(bucket)?.versioning_configuration).toEqual({ status: "Enabled" });
      expect(ownership.get(bucket)?.rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    }
  });

  test.each(awsIds)("%s: the five layer buckets use the lakehouse KMS key with bucket keys", (id) => {
    const layerBuckets = resources(id, "aws_s3_bucket_server_side_encryption_configuration").filter(
      ([name]) => /^Storage_(Landing|Bronze|Silver|Gold|Checkpoints)_/.test(name),
    );
    expect(layerBuckets).toHaveLength(5);
    for (const [, body] of layerBuckets) {
      expect(body.rule).toEqual([
        {
          apply_server_side_encryption_by_default: {
            kms_master_key_id: expect.stringMatching(
              /^\$\{aws_kms_key\.Storage_StorageKey_[0-9A-F]+\.arn\}$/,
            ),
            sse_algorithm: "aws:kms",
          },
          bucket_key_enabled: true,
        },
      ]);
    }
  });

  test.each(awsIds)("%s: every bucket policy denies plain HTTP and TLS below 1.2", (id) => {
    const documents = dataSources(id, "aws_iam_policy_document");
    const policies = resources(id, "aws_s3_bucket_policy");
    expect(policies.length).toBe(bucketRefs(id).length);
    for (const [name, policy] of policies) {
      const statements = statementsOf(documents, policy.policy as string);
      expect({ name, statements }).toMatchObject({
        name,
        statements: expect.arrayContaining([
          expect.objectContaining({
            effect: "Deny",
            actions: ["s3:*"],
            principals: [{ identifiers: ["*"], type: "*" }],
            condition: [{ test: "Bool", values: ["false"], variable: "aws:SecureTransport" }],
          }),
          expect.objectContaining({
            effect: "Deny",
            condition: [{ test: "NumericLessThan", values: ["1.2"], variable: "s3:TlsVersion" }],
          }),
        ]),
      });
    }
  });

  test.each(awsIds)("%s: KMS keys rotate yearly and wait 30 days before deletion", (id) => {
    const keys = resources(id, "aws_kms_key");
    // Lake buckets and streams everywhere; prod adds the workspace's managed-services and storage keys.
    expect(keys.length).toBe({ "aws-dev": 2, "aws-staging": 2, "aws-prod": 4 }[id]);
    for (const [, key] of keys) {
      expect(key).toMatchObject({
        enable_key_rotation: true,
        rotation_period_in_days: 365,
        deletion_window_in_days: 30,
      });
    }
  });

  test.each(awsIds)("%s: Kinesis streams are encrypted with the stream key", (id) => {
    for (const [, stream] of resources(id, "aws_kinesis_stream")) {
      expect(stream).toMatchObject({
        encryption_type: "KMS",
        kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.Ingest_StreamKey_[0-9A-F]+\.arn\}$/),
      });
    }
  });
});
