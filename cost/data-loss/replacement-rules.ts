/**
 * Which attribute changes make Terraform replace (destroy + create) a resource, per resource type, taken
 * from the provider source at the pinned versions. Each rule cites where the provider decides it.
 *
 * Read with two SDKv2 conventions in mind:
 * - ForceNew on a block fires only when the block is added or removed (its element count changes);
 *   a change inside the block counts only if that nested field is itself ForceNew
 *   (terraform-plugin-sdk/v2 helper/schema/schema.go:1396-1399, vendored in both providers).
 * - A databricks resource without an Update function is ForceNew on every non-computed attribute
 *   (terraform-provider-databricks@v1.99.0 common/resource.go:107-128).
 */
import { pathValue, sameValue } from "./values";

/** Where a provider decides a replacement: repository, tag, file and lines. */
export interface SourceRef {
  readonly repo:
    | "hashicorp/terraform-provider-azurerm"
    | "databricks/terraform-provider-databricks"
    | "hashicorp/terraform-provider-aws";
  readonly tag: string;
  readonly path: string;
  /** `123` or `120-130`; absent when the line could not be checked at the tag. */
  readonly lines?: string;
  /**
   * False for hashicorp/aws: the v6.25.0 tag could not be checked out here (the repository is over the
   * mirror's size limit); the rule was read from stored file versions of the same era (see the note).
   */
  readonly verified: boolean;
  readonly note?: string;
}

export interface ReplacementRule {
  /** Dotted attribute path; blocks are entered whether cdktf wrote them as an object or a list. */
  readonly attribute: string;
  /** Only these value changes force replacement; absent: any change does. */
  readonly when?: {
    readonly description: string;
    readonly test: (before: unknown, after: unknown) => boolean;
  };
  /**
   * `force-new`: the schema or CustomizeDiff forces a new resource. `breaks-in-place`: the provider
   * plans an in-place update of something the service cannot change in place (the data stays with the
   * old parent); reviewed like a replacement.
   */
  readonly effect: "force-new" | "breaks-in-place";
  readonly source: SourceRef;
}

const AZURERM = { repo: "hashicorp/terraform-provider-azurerm", tag: "v4.55.0", verified: true } as const;
const DATABRICKS = {
  repo: "databricks/terraform-provider-databricks",
  tag: "v1.99.0",
  verified: true,
} as const;
const AWS = {
  repo: "hashicorp/terraform-provider-aws",
  tag: "v6.25.0",
  verified: false,
  note: "schema read from stored file versions of the late-v5/v6 era, not at the tag; stable for years, confirm with a plan",
} as const;

const az = (path: string, lines: string): SourceRef => ({ ...AZURERM, path, lines });
const dbx = (path: string, lines: string): SourceRef => ({ ...DATABRICKS, path, lines });
const aws = (path: string): SourceRef => ({ ...AWS, path });

function always(attribute: string, source: SourceRef): ReplacementRule {
  return { attribute, effect: "force-new", source };
}

function upper(v: unknown): string {
  return typeof v === "string" ? v.toUpperCase() : "";
}

function present(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

const NON_ZONAL = new Set(["LRS", "GRS", "RAGRS"]);
const ZONAL = new Set(["ZRS", "GZRS", "RAGZRS"]);

const STORAGE_ACCOUNT = "internal/services/storage/storage_account_resource.go";
const DATABRICKS_WORKSPACE = "internal/services/databricks/databricks_workspace_resource.go";
const EVENTHUB_NAMESPACE = "internal/services/eventhub/eventhub_namespace_resource.go";
const MWS_WORKSPACES = "mws/resource_mws_workspaces.go";

/** Replacement rules per Terraform resource type. Types not listed are never predicted to be replaced. */
export const REPLACEMENT_RULES: Readonly<Record<string, readonly ReplacementRule[]>> = {
  // ---------------------------------------------------------------- azurerm v4.55.0
  azurerm_resource_group: [
    always("name", az("internal/services/resource/resource_group_resource.go", "47")),
    always("location", az("internal/services/resource/resource_group_resource.go", "49")),
  ],
  azurerm_storage_account: [
    always("name", az(STORAGE_ACCOUNT, "100-103")),
    always("resource_group_name", az(STORAGE_ACCOUNT, "107")),
    always("location", az(STORAGE_ACCOUNT, "109")),
    always("account_tier", az(STORAGE_ACCOUNT, "118-121")),
    always("provisioned_billing_model_version", az(STORAGE_ACCOUNT, "125-127")),
    always("edge_zone", az(STORAGE_ACCOUNT, "290")),
    {
      attribute: "immutability_policy",
      effect: "force-new",
      when: {
        description:
          "when the block is added or removed (ForceNew on a block fires on its element count only)",
        test: (b, a) => present(b) !== present(a),
      },
      source: az(STORAGE_ACCOUNT, "298-302"),
    },
    {
      attribute: "immutability_policy.state",
      effect: "force-new",
      when: { description: "when the old state is Locked", test: (b) => b === "Locked" },
      source: az(STORAGE_ACCOUNT, "1162-1184"),
    },
    always("is_hns_enabled", az(STORAGE_ACCOUNT, "331-335")),
    always("nfsv3_enabled", az(STORAGE_ACCOUNT, "338-342")),
    always("dns_endpoint_type", az(STORAGE_ACCOUNT, "363-366")),
    always("queue_encryption_key_type", az(STORAGE_ACCOUNT, "668-671")),
    always("table_encryption_key_type", az(STORAGE_ACCOUNT, "676-679")),
    always("infrastructure_encryption_enabled", az(STORAGE_ACCOUNT, "684-688")),
    {
      attribute: "account_kind",
      effect: "force-new",
      when: {
        description:
          "when the old kind is not Storage and the new one is not StorageV2 (other changes upgrade in place)",
        test: (b, a) => b !== undefined && b !== "Storage" && a !== "StorageV2",
      },
      source: az(STORAGE_ACCOUNT, "1115-1125"),
    },
    {
      attribute: "large_file_share_enabled",
      effect: "force-new",
      when: { description: "when it goes from true to false", test: (b, a) => b === true && a !== true },
      source: az(STORAGE_ACCOUNT, "1127-1132"),
    },
    {
      attribute: "account_replication_type",
      effect: "force-new",
      when: {
        description: "when it moves between non-zonal {LRS, GRS, RAGRS} and zonal {ZRS, GZRS, RAGZRS}",
        test: (b, a) =>
          (NON_ZONAL.has(upper(b)) && ZONAL.has(upper(a))) ||
          (ZONAL.has(upper(b)) && NON_ZONAL.has(upper(a))),
      },
      source: az(STORAGE_ACCOUNT, "1188-1202"),
    },
  ],
  azurerm_storage_container: [
    always("name", az("internal/services/storage/storage_container_resource.go", "75-78")),
    {
      // 4.x overrides the schema without ForceNew (:139-144); the CustomizeDiff forces new for containers
      // with a Resource Manager id, which is what `storage_account_id` creates.
      attribute: "storage_account_id",
      effect: "force-new",
      source: az("internal/services/storage/storage_container_resource.go", "152-156"),
    },
    {
      attribute: "storage_account_name",
      effect: "force-new",
      when: {
        description: "when it changes between two set values",
        test: (b, a) => present(b) && present(a),
      },
      source: az("internal/services/storage/storage_container_resource.go", "159-170"),
    },
    always(
      "default_encryption_scope",
      az("internal/services/storage/storage_container_resource.go", "100-104"),
    ),
    always(
      "encryption_scope_override_enabled",
      az("internal/services/storage/storage_container_resource.go", "108-112"),
    ),
  ],
  azurerm_storage_container_immutability_policy: [
    always(
      "storage_container_resource_manager_id",
      az("internal/services/storage/storage_container_immutability_policy_resource.go", "49-53"),
    ),
  ],
  azurerm_storage_management_policy: [
    always(
      "storage_account_id",
      az("internal/services/storage/storage_management_policy_resource.go", "45-50"),
    ),
  ],
  azurerm_key_vault: [
    always("name", az("internal/services/keyvault/key_vault_resource.go", "66-69")),
    always("location", az("internal/services/keyvault/key_vault_resource.go", "73")),
    always("resource_group_name", az("internal/services/keyvault/key_vault_resource.go", "75")),
  ],
  azurerm_key_vault_key: [
    always("name", az("internal/services/keyvault/key_vault_key_resource.go", "62-65")),
    always("key_vault_id", az("internal/services/keyvault/key_vault_key_resource.go", "69")),
    always("key_type", az("internal/services/keyvault/key_vault_key_resource.go", "71-74")),
    always("key_size", az("internal/services/keyvault/key_vault_key_resource.go", "85-88")),
    always("curve", az("internal/services/keyvault/key_vault_key_resource.go", "110-114")),
    {
      attribute: "expiration_date",
      effect: "force-new",
      when: { description: "when it is removed", test: (b, a) => present(b) && !present(a) },
      source: az("internal/services/keyvault/key_vault_key_resource.go", "261-275"),
    },
  ],
  azurerm_eventhub_namespace: [
    always("name", az(EVENTHUB_NAMESPACE, "63-66")),
    always("location", az(EVENTHUB_NAMESPACE, "70")),
    always("resource_group_name", az(EVENTHUB_NAMESPACE, "72")),
    always("dedicated_cluster_id", az(EVENTHUB_NAMESPACE, "96-99")),
    {
      attribute: "sku",
      effect: "force-new",
      when: {
        description: "when it goes to or from Premium (Basic↔Standard is in place)",
        test: (b, a) => upper(b) === "PREMIUM" || upper(a) === "PREMIUM",
      },
      source: az(EVENTHUB_NAMESPACE, "252-258"),
    },
  ],
  azurerm_eventhub: [
    always("name", az("internal/services/eventhub/eventhub_resource.go", "49-52")),
    {
      // 4.x drops ForceNew from namespace_id (Optional+Computed, :201-208), but a hub cannot move to
      // another namespace: its events stay with (and die with) the old one.
      attribute: "namespace_id",
      effect: "breaks-in-place",
      source: az("internal/services/eventhub/eventhub_resource.go", "201-208"),
    },
    always(
      "retention_description.cleanup_policy",
      az("internal/services/eventhub/eventhub_resource.go", "84-87"),
    ),
  ],
  azurerm_databricks_workspace: [
    always("name", az(DATABRICKS_WORKSPACE, "58-61")),
    always("location", az(DATABRICKS_WORKSPACE, "65")),
    always("resource_group_name", az(DATABRICKS_WORKSPACE, "67")),
    always("managed_resource_group_name", az(DATABRICKS_WORKSPACE, "79-82")),
    always("infrastructure_encryption_enabled", az(DATABRICKS_WORKSPACE, "119-121")),
    always("load_balancer_backend_address_pool_id", az(DATABRICKS_WORKSPACE, "154-157")),
    always("custom_parameters.machine_learning_workspace_id", az(DATABRICKS_WORKSPACE, "169-171")),
    always("custom_parameters.nat_gateway_name", az(DATABRICKS_WORKSPACE, "177-179")),
    always("custom_parameters.public_ip_name", az(DATABRICKS_WORKSPACE, "192-194")),
    always("custom_parameters.public_subnet_name", az(DATABRICKS_WORKSPACE, "200-202")),
    always("custom_parameters.private_subnet_name", az(DATABRICKS_WORKSPACE, "214-216")),
    always("custom_parameters.virtual_network_id", az(DATABRICKS_WORKSPACE, "228-230")),
    always("custom_parameters.storage_account_name", az(DATABRICKS_WORKSPACE, "236-238")),
    always("custom_parameters.vnet_address_prefix", az(DATABRICKS_WORKSPACE, "252-254")),
    {
      attribute: "sku",
      effect: "force-new",
      when: {
        description: "when the new sku is trial (standard↔premium is in place)",
        test: (_b, a) => a === "trial",
      },
      source: az(DATABRICKS_WORKSPACE, "403-410"),
    },
    {
      attribute: "enhanced_security_compliance.compliance_security_profile_enabled",
      effect: "force-new",
      when: { description: "when it goes from true to false", test: (b, a) => b === true && a !== true },
      source: az(DATABRICKS_WORKSPACE, "419-422"),
    },
    {
      attribute: "enhanced_security_compliance.compliance_security_profile_standards",
      effect: "force-new",
      when: {
        description: "when a standard is removed",
        test: (b, a) => {
          const after = Array.isArray(a) ? a : [];
          return Array.isArray(b) && b.some((s) => !after.some((x) => sameValue(x, s)));
        },
      },
      source: az(DATABRICKS_WORKSPACE, "424-428"),
    },
  ],
  azurerm_databricks_access_connector: [
    always("name", az("internal/services/databricks/databricks_access_connector_resource.go", "35-38")),
    always("location", az("internal/services/databricks/databricks_access_connector_resource.go", "42")),
    always(
      "resource_group_name",
      az("internal/services/databricks/databricks_access_connector_resource.go", "44"),
    ),
  ],

  // ---------------------------------------------------------------- databricks v1.99.0
  // Every non-computed top-level field is ForceNew except the 7 updatable ones (schema loop :535-549,
  // allow-list :288-296: credentials_id, network_id, storage_customer_managed_key_id,
  // private_access_settings_id, managed_services_customer_managed_key_id, custom_tags,
  // expected_workspace_status). Field lines are the struct's (:82-111). is_no_public_ip_enabled is
  // ForceNew too, but its diff is suppressed once created (:562-564), so it never replaces.
  databricks_mws_workspaces: [
    always("account_id", dbx(MWS_WORKSPACES, "83")),
    always("workspace_name", dbx(MWS_WORKSPACES, "84")),
    always("deployment_name", dbx(MWS_WORKSPACES, "85")),
    always("aws_region", dbx(MWS_WORKSPACES, "86")),
    always("customer_managed_key_id", dbx(MWS_WORKSPACES, "88")),
    always("storage_configuration_id", dbx(MWS_WORKSPACES, "89")),
    always("external_customer_info", dbx(MWS_WORKSPACES, "102")),
    always("cloud_resource_container", dbx(MWS_WORKSPACES, "103")),
    always("gcp_managed_network_config", dbx(MWS_WORKSPACES, "104")),
    always("gke_config", dbx(MWS_WORKSPACES, "105")),
    always("location", dbx(MWS_WORKSPACES, "107")),
    always("compute_mode", dbx(MWS_WORKSPACES, "109")),
  ],
  // No Update function: every non-computed attribute is ForceNew (common/resource.go:107-128).
  databricks_mws_storage_configurations: [
    always("account_id", dbx("mws/resource_mws_storage_configurations.go", "58-92")),
    always("storage_configuration_name", dbx("mws/resource_mws_storage_configurations.go", "58-92")),
    always("bucket_name", dbx("mws/resource_mws_storage_configurations.go", "58-92")),
  ],
  databricks_mws_credentials: [
    always("account_id", dbx("mws/resource_mws_credentials.go", "34")),
    always("credentials_name", dbx("mws/resource_mws_credentials.go", "36")),
    always("role_arn", dbx("mws/resource_mws_credentials.go", "38")),
  ],
  databricks_mws_networks: [
    always("account_id", dbx("mws/mws.go", "76")),
    always("network_name", dbx("mws/mws.go", "78")),
    always("vpc_id", dbx("mws/mws.go", "79")),
    always("subnet_ids", dbx("mws/mws.go", "80")),
    always("security_group_ids", dbx("mws/mws.go", "82")),
  ],
  databricks_metastore: [always("storage_root", dbx("catalog/resource_metastore.go", "18"))],
  databricks_metastore_assignment: [
    always("workspace_id", dbx("catalog/resource_metastore_assignment.go", "18")),
    always("metastore_id", dbx("catalog/resource_metastore_assignment.go", "19")),
  ],
  databricks_catalog: [
    always("connection_name", dbx("catalog/resource_catalog.go", "48")),
    always("provider_name", dbx("catalog/resource_catalog.go", "49-51")),
    always("share_name", dbx("catalog/resource_catalog.go", "49-51")),
    always("storage_root", dbx("catalog/resource_catalog.go", "52")),
    {
      attribute: "options",
      effect: "force-new",
      when: {
        description: "when a key other than authorized_paths changes",
        test: (b, a) => {
          const bo = (b ?? {}) as Record<string, unknown>;
          const ao = (a ?? {}) as Record<string, unknown>;
          const keys = new Set([...Object.keys(bo), ...Object.keys(ao)]);
          return [...keys].some((k) => k !== "authorized_paths" && !sameValue(bo[k], ao[k]));
        },
      },
      source: dbx("catalog/resource_catalog.go", "225-252"),
    },
  ],
  databricks_schema: [
    always("name", dbx("catalog/resource_schema.go", "13")),
    always("catalog_name", dbx("catalog/resource_schema.go", "14")),
    always("storage_root", dbx("catalog/resource_schema.go", "15")),
  ],
  databricks_registered_model: [
    always("name", dbx("catalog/resource_registered_model.go", "19")),
    always("catalog_name", dbx("catalog/resource_registered_model.go", "20")),
    always("schema_name", dbx("catalog/resource_registered_model.go", "21")),
    always("storage_location", dbx("catalog/resource_registered_model.go", "22")),
  ],
  databricks_volume: [
    always("catalog_name", dbx("catalog/resource_volume.go", "19")),
    always("schema_name", dbx("catalog/resource_volume.go", "23")),
    always("storage_location", dbx("catalog/resource_volume.go", "30")),
    always("volume_type", dbx("catalog/resource_volume.go", "31")),
  ],
  databricks_storage_credential: [always("name", dbx("catalog/resource_storage_credential.go", "16"))],
  databricks_external_location: [always("name", dbx("catalog/resource_external_location.go", "33"))],
  databricks_pipeline: [
    always("storage", dbx("pipelines/resource_pipeline.go", "200")),
    always("gateway_definition.connection_id", dbx("pipelines/resource_pipeline.go", "203")),
    always("gateway_definition.gateway_storage_catalog", dbx("pipelines/resource_pipeline.go", "204")),
    always("gateway_definition.gateway_storage_schema", dbx("pipelines/resource_pipeline.go", "205")),
    always("ingestion_definition.connection_name", dbx("pipelines/resource_pipeline.go", "206")),
    always("ingestion_definition.ingestion_gateway_id", dbx("pipelines/resource_pipeline.go", "207")),
    // `catalog` alone updates in place; storage and catalog changing together (switching modes) replace.
  ],

  // ---------------------------------------------------------------- aws v6.25.0 (see AWS note)
  aws_s3_bucket: [
    always("bucket", aws("internal/service/s3/bucket.go")),
    always("bucket_prefix", aws("internal/service/s3/bucket.go")),
    always("object_lock_enabled", aws("internal/service/s3/bucket.go")),
    always("object_lock_configuration.object_lock_enabled", aws("internal/service/s3/bucket.go")),
    // v6 injects `region` into every regional resource; changing it replaces ("" ↔ provider region is a no-op).
    always("region", aws("internal/provider/sdkv2/region.go")),
  ],
  aws_s3_bucket_object_lock_configuration: [
    always("bucket", aws("internal/service/s3/bucket_object_lock_configuration.go")),
    always("expected_bucket_owner", aws("internal/service/s3/bucket_object_lock_configuration.go")),
    always("object_lock_enabled", aws("internal/service/s3/bucket_object_lock_configuration.go")),
  ],
  aws_s3_bucket_versioning: [
    always("bucket", aws("internal/service/s3/bucket_versioning.go")),
    always("expected_bucket_owner", aws("internal/service/s3/bucket_versioning.go")),
  ],
  aws_s3_bucket_lifecycle_configuration: [
    always("bucket", aws("internal/service/s3/bucket_lifecycle_configuration.go")),
    always("expected_bucket_owner", aws("internal/service/s3/bucket_lifecycle_configuration.go")),
  ],
  aws_kms_key: [
    always("customer_master_key_spec", aws("internal/service/kms/key.go")),
    always("key_usage", aws("internal/service/kms/key.go")),
    always("multi_region", aws("internal/service/kms/key.go")),
    always("custom_key_store_id", aws("internal/service/kms/key.go")),
    always("xks_key_id", aws("internal/service/kms/key.go")),
  ],
  aws_kinesis_stream: [always("name", aws("internal/service/kinesis/stream.go"))],
};

/** A rule that fires for one change, with the values it saw. */
export interface ReplacementReason {
  readonly attribute: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly rule: ReplacementRule;
}

/**
 * The rules that make a change from `before` to `after` replace a resource of `type`. Values must be
 * comparable as they are (references already resolved to what they carry).
 */
export function replacementReasons(
  type: string,
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): ReplacementReason[] {
  const out: ReplacementReason[] = [];
  for (const rule of REPLACEMENT_RULES[type] ?? []) {
    const b = pathValue(before, rule.attribute);
    const a = pathValue(after, rule.attribute);
    if (sameValue(b, a)) continue;
    if (rule.when && !rule.when.test(b, a)) continue;
    out.push({ attribute: rule.attribute, before: b, after: a, rule });
  }
  return out;
}

/** `repo@tag path:lines` (with `(unverified at tag)` for the AWS rules). */
export function cite(source: SourceRef): string {
  const where = source.lines ? `${source.path}:${source.lines}` : source.path;
  return `${source.repo}@${source.tag} ${where}${source.verified ? "" : " (unverified at tag)"}`;
}
