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

/**
 * The unconditional rules of one provider file, as rows `attribute: lines` (any change of the attribute
 * forces a new resource; `lines` is where that file says so).
 */
function forceNew(
  cite: (path: string, lines: string) => SourceRef,
  path: string,
  rows: Readonly<Record<string, string>>,
): ReplacementRule[] {
  return Object.entries(rows).map(([attribute, lines]) => ({
    attribute,
    effect: "force-new",
    source: cite(path, lines),
  }));
}

/** Unconditional AWS rules of one file (no line numbers: see the AWS note). */
function awsForceNew(path: string, attributes: readonly string[]): ReplacementRule[] {
  return attributes.map((attribute) => ({ attribute, effect: "force-new", source: aws(path) }));
}

/** A rule that forces a new resource only for some value changes. */
function forceNewWhen(
  attribute: string,
  description: string,
  test: (before: unknown, after: unknown) => boolean,
  source: SourceRef,
  effect: ReplacementRule["effect"] = "force-new",
): ReplacementRule {
  return { attribute, effect, when: { description, test }, source };
}

function upper(v: unknown): string {
  return typeof v === "string" ? v.toUpperCase() : "";
}

function present(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

const TRUE_TO_FALSE = "when it goes from true to false";
const trueToFalse = (b: unknown, a: unknown) => b === true && a !== true;

const NON_ZONAL = new Set(["LRS", "GRS", "RAGRS"]);
const ZONAL = new Set(["ZRS", "GZRS", "RAGZRS"]);

const STORAGE_ACCOUNT = "internal/services/storage/storage_account_resource.go";
const STORAGE_CONTAINER = "internal/services/storage/storage_container_resource.go";
const KEY_VAULT = "internal/services/keyvault/key_vault_resource.go";
const KEY_VAULT_KEY = "internal/services/keyvault/key_vault_key_resource.go";
const DATABRICKS_WORKSPACE = "internal/services/databricks/databricks_workspace_resource.go";
const ACCESS_CONNECTOR = "internal/services/databricks/databricks_access_connector_resource.go";
const EVENTHUB_NAMESPACE = "internal/services/eventhub/eventhub_namespace_resource.go";
const EVENTHUB = "internal/services/eventhub/eventhub_resource.go";
const MWS_WORKSPACES = "mws/resource_mws_workspaces.go";
const PIPELINE = "pipelines/resource_pipeline.go";

/** Replacement rules per Terraform resource type. Types not listed are never predicted to be replaced. */
export const REPLACEMENT_RULES: Readonly<Record<string, readonly ReplacementRule[]>> = {
  // ---------------------------------------------------------------- azurerm v4.55.0
  azurerm_resource_group: forceNew(az, "internal/services/resource/resource_group_resource.go", {
    name: "47",
    location: "49",
  }),
  azurerm_storage_account: [
    ...forceNew(az, STORAGE_ACCOUNT, {
      name: "100-103",
      resource_group_name: "107",
      location: "109",
      account_tier: "118-121",
      provisioned_billing_model_version: "125-127",
      edge_zone: "290",
    }),
    forceNewWhen(
      "immutability_policy",
      "when the block is added or removed (ForceNew on a block fires on its element count only)",
      (b, a) => present(b) !== present(a),
      az(STORAGE_ACCOUNT, "298-302"),
    ),
    forceNewWhen(
      "immutability_policy.state",
      "when the old state is Locked",
      (b) => b === "Locked",
      az(STORAGE_ACCOUNT, "1162-1184"),
    ),
    ...forceNew(az, STORAGE_ACCOUNT, {
      is_hns_enabled: "331-335",
      nfsv3_enabled: "338-342",
      dns_endpoint_type: "363-366",
      queue_encryption_key_type: "668-671",
      table_encryption_key_type: "676-679",
      infrastructure_encryption_enabled: "684-688",
    }),
    forceNewWhen(
      "account_kind",
      "when the old kind is not Storage and the new one is not StorageV2 (other changes upgrade in place)",
      (b, a) => b !== undefined && b !== "Storage" && a !== "StorageV2",
      az(STORAGE_ACCOUNT, "1115-1125"),
    ),
    forceNewWhen("large_file_share_enabled", TRUE_TO_FALSE, trueToFalse, az(STORAGE_ACCOUNT, "1127-1132")),
    forceNewWhen(
      "account_replication_type",
      "when it moves between non-zonal {LRS, GRS, RAGRS} and zonal {ZRS, GZRS, RAGZRS}",
      (b, a) =>
        (NON_ZONAL.has(upper(b)) && ZONAL.has(upper(a))) || (ZONAL.has(upper(b)) && NON_ZONAL.has(upper(a))),
      az(STORAGE_ACCOUNT, "1188-1202"),
    ),
  ],
  azurerm_storage_container: [
    ...forceNew(az, STORAGE_CONTAINER, {
      name: "75-78",
      // 4.x overrides the schema without ForceNew (:139-144); the CustomizeDiff forces new for
      // containers with a Resource Manager id, which is what `storage_account_id` creates.
      storage_account_id: "152-156",
    }),
    forceNewWhen(
      "storage_account_name",
      "when it changes between two set values",
      (b, a) => present(b) && present(a),
      az(STORAGE_CONTAINER, "159-170"),
    ),
    ...forceNew(az, STORAGE_CONTAINER, {
      default_encryption_scope: "100-104",
      encryption_scope_override_enabled: "108-112",
    }),
  ],
  azurerm_storage_container_immutability_policy: forceNew(
    az,
    "internal/services/storage/storage_container_immutability_policy_resource.go",
    { storage_container_resource_manager_id: "49-53" },
  ),
  azurerm_storage_management_policy: forceNew(
    az,
    "internal/services/storage/storage_management_policy_resource.go",
    { storage_account_id: "45-50" },
  ),
  azurerm_key_vault: forceNew(az, KEY_VAULT, { name: "66-69", location: "73", resource_group_name: "75" }),
  azurerm_key_vault_key: [
    ...forceNew(az, KEY_VAULT_KEY, {
      name: "62-65",
      key_vault_id: "69",
      key_type: "71-74",
      key_size: "85-88",
      curve: "110-114",
    }),
    forceNewWhen(
      "expiration_date",
      "when it is removed",
      (b, a) => present(b) && !present(a),
      az(KEY_VAULT_KEY, "261-275"),
    ),
  ],
  azurerm_eventhub_namespace: [
    ...forceNew(az, EVENTHUB_NAMESPACE, {
      name: "63-66",
      location: "70",
      resource_group_name: "72",
      dedicated_cluster_id: "96-99",
    }),
    forceNewWhen(
      "sku",
      "when it goes to or from Premium (Basic↔Standard is in place)",
      (b, a) => upper(b) === "PREMIUM" || upper(a) === "PREMIUM",
      az(EVENTHUB_NAMESPACE, "252-258"),
    ),
  ],
  azurerm_eventhub: [
    ...forceNew(az, EVENTHUB, { name: "49-52" }),
    {
      // 4.x drops ForceNew from namespace_id (Optional+Computed, :201-208), but a hub cannot move to
      // another namespace: its events stay with (and die with) the old one.
      attribute: "namespace_id",
      effect: "breaks-in-place",
      source: az(EVENTHUB, "201-208"),
    },
    ...forceNew(az, EVENTHUB, { "retention_description.cleanup_policy": "84-87" }),
  ],
  azurerm_databricks_workspace: [
    ...forceNew(az, DATABRICKS_WORKSPACE, {
      name: "58-61",
      location: "65",
      resource_group_name: "67",
      managed_resource_group_name: "79-82",
      infrastructure_encryption_enabled: "119-121",
      load_balancer_backend_address_pool_id: "154-157",
      "custom_parameters.machine_learning_workspace_id": "169-171",
      "custom_parameters.nat_gateway_name": "177-179",
      "custom_parameters.public_ip_name": "192-194",
      "custom_parameters.public_subnet_name": "200-202",
      "custom_parameters.private_subnet_name": "214-216",
      "custom_parameters.virtual_network_id": "228-230",
      "custom_parameters.storage_account_name": "236-238",
      "custom_parameters.vnet_address_prefix": "252-254",
    }),
    forceNewWhen(
      "sku",
      "when the new sku is trial (standard↔premium is in place)",
      (_b, a) => a === "trial",
      az(DATABRICKS_WORKSPACE, "403-410"),
    ),
    forceNewWhen(
      "enhanced_security_compliance.compliance_security_profile_enabled",
      TRUE_TO_FALSE,
      trueToFalse,
      az(DATABRICKS_WORKSPACE, "419-422"),
    ),
    forceNewWhen(
      "enhanced_security_compliance.compliance_security_profile_standards",
      "when a standard is removed",
      (b, a) => {
        const after = Array.isArray(a) ? a : [];
        return Array.isArray(b) && b.some((s) => !after.some((x) => sameValue(x, s)));
      },
      az(DATABRICKS_WORKSPACE, "424-428"),
    ),
  ],
  azurerm_databricks_access_connector: forceNew(az, ACCESS_CONNECTOR, {
    name: "35-38",
    location: "42",
    resource_group_name: "44",
  }),

  // ---------------------------------------------------------------- databricks v1.99.0
  // Every non-computed top-level field is ForceNew except the 7 updatable ones (schema loop :535-549,
  // allow-list :288-296: credentials_id, network_id, storage_customer_managed_key_id,
  // private_access_settings_id, managed_services_customer_managed_key_id, custom_tags,
  // expected_workspace_status). Field lines are the struct's (:82-111). is_no_public_ip_enabled is
  // ForceNew too, but its diff is suppressed once created (:562-564), so it never replaces.
  databricks_mws_workspaces: forceNew(dbx, MWS_WORKSPACES, {
    account_id: "83",
    workspace_name: "84",
    deployment_name: "85",
    aws_region: "86",
    customer_managed_key_id: "88",
    storage_configuration_id: "89",
    external_customer_info: "102",
    cloud_resource_container: "103",
    gcp_managed_network_config: "104",
    gke_config: "105",
    location: "107",
    compute_mode: "109",
  }),
  // No Update function: every non-computed attribute is ForceNew (common/resource.go:107-128).
  databricks_mws_storage_configurations: forceNew(dbx, "mws/resource_mws_storage_configurations.go", {
    account_id: "58-92",
    storage_configuration_name: "58-92",
    bucket_name: "58-92",
  }),
  databricks_mws_credentials: forceNew(dbx, "mws/resource_mws_credentials.go", {
    account_id: "34",
    credentials_name: "36",
    role_arn: "38",
  }),
  databricks_mws_networks: forceNew(dbx, "mws/mws.go", {
    account_id: "76",
    network_name: "78",
    vpc_id: "79",
    subnet_ids: "80",
    security_group_ids: "82",
  }),
  databricks_metastore: forceNew(dbx, "catalog/resource_metastore.go", { storage_root: "18" }),
  databricks_metastore_assignment: forceNew(dbx, "catalog/resource_metastore_assignment.go", {
    workspace_id: "18",
    metastore_id: "19",
  }),
  databricks_catalog: [
    ...forceNew(dbx, "catalog/resource_catalog.go", {
      connection_name: "48",
      provider_name: "49-51",
      share_name: "49-51",
      storage_root: "52",
    }),
    forceNewWhen(
      "options",
      "when a key other than authorized_paths changes",
      (b, a) => {
        const bo = (b ?? {}) as Record<string, unknown>;
        const ao = (a ?? {}) as Record<string, unknown>;
        const keys = new Set([...Object.keys(bo), ...Object.keys(ao)]);
        return [...keys].some((k) => k !== "authorized_paths" && !sameValue(bo[k], ao[k]));
      },
      dbx("catalog/resource_catalog.go", "225-252"),
    ),
  ],
  databricks_schema: forceNew(dbx, "catalog/resource_schema.go", {
    name: "13",
    catalog_name: "14",
    storage_root: "15",
  }),
  databricks_storage_credential: forceNew(dbx, "catalog/resource_storage_credential.go", { name: "16" }),
  databricks_external_location: forceNew(dbx, "catalog/resource_external_location.go", { name: "33" }),
  databricks_registered_model: forceNew(dbx, "catalog/resource_registered_model.go", {
    name: "19",
    catalog_name: "20",
    schema_name: "21",
    storage_location: "22",
  }),
  databricks_volume: forceNew(dbx, "catalog/resource_volume.go", {
    catalog_name: "19",
    schema_name: "23",
    storage_location: "30",
    volume_type: "31",
  }),
  // `catalog` alone updates in place; storage and catalog changing together (switching modes) replace.
  databricks_pipeline: forceNew(dbx, PIPELINE, {
    storage: "200",
    "gateway_definition.connection_id": "203",
    "gateway_definition.gateway_storage_catalog": "204",
    "gateway_definition.gateway_storage_schema": "205",
    "ingestion_definition.connection_name": "206",
    "ingestion_definition.ingestion_gateway_id": "207",
  }),

  // ---------------------------------------------------------------- aws v6.25.0 (see AWS note)
  aws_s3_bucket: [
    ...awsForceNew("internal/service/s3/bucket.go", [
      "bucket",
      "bucket_prefix",
      "object_lock_enabled",
      "object_lock_configuration.object_lock_enabled",
    ]),
    // v6 injects `region` into every regional resource; changing it replaces ("" ↔ provider region is a no-op).
    ...awsForceNew("internal/provider/sdkv2/region.go", ["region"]),
  ],
  aws_s3_bucket_object_lock_configuration: awsForceNew(
    "internal/service/s3/bucket_object_lock_configuration.go",
    ["bucket", "expected_bucket_owner", "object_lock_enabled"],
  ),
  aws_s3_bucket_versioning: awsForceNew("internal/service/s3/bucket_versioning.go", [
    "bucket",
    "expected_bucket_owner",
  ]),
  aws_s3_bucket_lifecycle_configuration: awsForceNew(
    "internal/service/s3/bucket_lifecycle_configuration.go",
    ["bucket", "expected_bucket_owner"],
  ),
  aws_kms_key: awsForceNew("internal/service/kms/key.go", [
    "customer_master_key_spec",
    "key_usage",
    "multi_region",
    "custom_key_store_id",
    "xks_key_id",
  ]),
  aws_kinesis_stream: awsForceNew("internal/service/kinesis/stream.go", ["name"]),
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
