import { Catalog } from "@cdktf/provider-databricks/lib/catalog";
import { ExternalLocation } from "@cdktf/provider-databricks/lib/external-location";
import { Grants, type GrantsConfig } from "@cdktf/provider-databricks/lib/grants";
import { RegisteredModel } from "@cdktf/provider-databricks/lib/registered-model";
import { Schema } from "@cdktf/provider-databricks/lib/schema";
import { StorageCredential } from "@cdktf/provider-databricks/lib/storage-credential";
import { WorkspaceBinding } from "@cdktf/provider-databricks/lib/workspace-binding";
import { dependable, TerraformStack, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { MEDALLION_LAYERS, type MedallionLayer } from "../../vocabulary/medallion";
import { toWorkspaceId } from "./workspace-id";
import { capitalize } from "../core/logical-ids";

/** The cloud identity behind the storage credential. */
export type StorageCredentialSource =
  /** Azure Databricks access connector (its managed identity needs data access on the storage account). */
  | { readonly kind: "azure-managed-identity"; readonly accessConnectorId: string }
  /** IAM role trusted by the Unity Catalog master role, with the credential's external id. */
  | { readonly kind: "aws-iam-role"; readonly roleArn: string };

/** Privileges of one principal on one securable. */
export interface UnityCatalogGrant {
  /** User name, service principal application id or group name, e.g. `data-engineers`. */
  readonly principal: string;
  /** Unity Catalog privileges, e.g. `USE_CATALOG`, `SELECT`, `EXECUTE`. */
  readonly privileges: readonly string[];
}

/** A registered model (MLflow in Unity Catalog) in schema `ml`. */
export interface RegisteredModelSpec {
  /** Model name, e.g. `churn_model` (a Unity Catalog identifier). */
  readonly name: string;
  /** @default "<name> (managed by cdktf-lakehouse)" */
  readonly comment?: string;
}

/** Schemas of the catalog: one per Delta layer, plus `ml` for models and features. */
export const UNITY_CATALOG_SCHEMAS = ["bronze", "silver", "gold", "ml"] as const;
export type UnityCatalogSchemaName = (typeof UNITY_CATALOG_SCHEMAS)[number];

/** Schemas the medallion pipeline writes, and what its run-as principal needs on each. */
const PIPELINE_SCHEMAS = ["bronze", "silver", "gold"] as const;
const PIPELINE_SCHEMA_PRIVILEGES = [
  "USE_SCHEMA",
  "SELECT",
  "MODIFY",
  "CREATE_TABLE",
  "CREATE_MATERIALIZED_VIEW",
];

/** The group every account identity belongs to. */
export const ACCOUNT_USERS = "account users";

/** Props of {@link UnityCatalog}. */
export interface UnityCatalogProps {
  /**
   * Id of the workspace the catalog is bound to: a numeric string, a number, or a token (e.g.
   * `DatabricksAwsWorkspace.workspaceId`, `azurerm_databricks_workspace.workspace_id`). The workspace
   * must already have a metastore ({@link WorkspaceMetastore}, in the environment's account layer).
   */
  readonly workspaceId: string | number;
  /**
   * Workspace-level provider (credential, locations, catalog, schemas, model, grants, binding).
   * @default the scope's default `databricks` provider
   */
  readonly workspaceProvider?: TerraformProvider;
  /**
   * What the storage credential (the first Unity Catalog call) waits for, e.g. a propagation delay
   * after the metastore assignment (databricks/terraform-provider-databricks#5282).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * Prefix of the Unity Catalog securables this construct names (a SQL identifier, so `_` rather than
   * `-`), e.g. `fraud_lakehouse_prod`: the storage credential `<prefix>_storage` and the external
   * locations `<prefix>_<layer>`.
   */
  readonly securableNamePrefix: string;
  /** Identity Unity Catalog uses to reach the layer storage. */
  readonly storageCredential: StorageCredentialSource;
  /**
   * URL of each medallion layer's storage: `abfss://<layer>@<account>.dfs.core.windows.net/` or
   * `s3://<bucket>/`. Each becomes an external location.
   */
  readonly layerUrls: Readonly<Record<MedallionLayer, string>>;
  /** Catalog name, e.g. `fraud_lakehouse_prod`. */
  readonly catalogName: string;
  /**
   * Predictive optimization (automatic OPTIMIZE/VACUUM/ANALYZE) of the catalog's managed tables.
   * @default "INHERIT" (the metastore's setting)
   */
  readonly predictiveOptimization?: "ENABLE" | "DISABLE" | "INHERIT";
  /**
   * Authoritative grants: on the catalog, per schema (keys `bronze`, `silver`, `gold`, `ml`) and per
   * registered model (keys: names of {@link registeredModels}). Privileges not listed are revoked on
   * apply; a securable with no grants gets no `databricks_grants` resource (and its grants are then not
   * managed).
   */
  readonly grants: {
    readonly catalog: readonly UnityCatalogGrant[];
    readonly schemas: Readonly<Record<string, readonly UnityCatalogGrant[]>>;
    /** @default none */
    readonly models?: Readonly<Record<string, readonly UnityCatalogGrant[]>>;
  };
  /**
   * Authoritative grants per external location (e.g. `READ_FILES` on landing for ingestion). Layers
   * not listed get no grants: only owners and metastore admins use the locations directly.
   * @default none
   */
  readonly externalLocationGrants?: Readonly<Partial<Record<MedallionLayer, readonly UnityCatalogGrant[]>>>;
  /**
   * Authoritative grants on the storage credential (e.g. `CREATE_EXTERNAL_LOCATION`).
   * @default none
   */
  readonly storageCredentialGrants?: readonly UnityCatalogGrant[];
  /**
   * Grants `BROWSE` on the catalog to `account users`, so everyone can discover its objects and
   * request access without reading any data.
   * @default true
   */
  readonly browseForAllUsers?: boolean;
  /**
   * Registered models created in schema `ml` (names unique). The first one (and its grants) takes over
   * the state of the single model this construct created before models were listed (logical ids
   * `<construct>_RegisteredModel_<hash>` and `<construct>_RegisteredModelGrants_<hash>`) through
   * `moved` blocks, so an existing deployment renames it instead of replacing it (see
   * {@link adoptSingleModelState}).
   * @default none
   */
  readonly registeredModels?: readonly RegisteredModelSpec[];
  /**
   * Whether the first registered model takes over the single model's state (a `moved` block from the
   * old address to the new one, for the model and for its grants). A `moved` block whose old address
   * is not in the state does nothing, so this is harmless on a new deployment; turn it off when the
   * first model is not the one deployed before (else it would inherit that model's state and be renamed).
   * @default true
   */
  readonly adoptSingleModelState?: boolean;
  /**
   * Group that owns the catalog, its schemas, the registered model, the storage credential and the
   * external locations (an admin group). The identity running Terraform must be a member, or a
   * metastore admin, to keep managing them after the ownership change.
   * @default not set: the identity running Terraform owns them
   */
  readonly ownerGroup?: string;
  /**
   * Principal (a service principal's application id) the environment's pipelines and jobs run as. It
   * gets what the medallion pipeline needs and nothing more: USE_CATALOG; USE_SCHEMA, SELECT, MODIFY,
   * CREATE_TABLE and CREATE_MATERIALIZED_VIEW on `bronze`, `silver` and `gold`; READ_FILES on the
   * landing location (Auto Loader reads raw files there).
   * @default none
   */
  readonly pipelineRunAs?: string;
  /**
   * Key/value properties of the catalog.
   * @default none
   */
  readonly catalogProperties?: Readonly<Record<string, string>>;
}

/**
 * Unity Catalog for one environment, cloud-neutral and workspace-level (the metastore and its
 * assignment are account-level: {@link WorkspaceMetastore}): a storage credential, one external
 * location per medallion layer, a catalog bound to this environment's workspace only, schemas
 * `bronze`/`silver`/`gold`/`ml` with managed storage in their layer, the registered models asked for
 * in `ml`, and authoritative grants.
 *
 * Managed storage layout (managed locations may not overlap each other, and each must lie inside an
 * external location): catalog `<gold>catalog/`, schemas `bronze` and `silver` at their layer's root,
 * `gold` at `<gold>gold/`, `ml` at `<gold>ml/`.
 *
 * Guardrail: `account users` may get `BROWSE` and nothing else on any securable; any other privilege
 * for it fails at construction.
 *
 * @example
 * // `workspace` is the AzureDatabricksWorkspace, `storage` the AdlsMedallionStorage, `connector` its
 * // UnityCatalogAccessConnector; `workspaceProvider` the workspace-level Databricks provider (the
 * // workspace's metastore is assigned at account level, see WorkspaceMetastore).
 * new UnityCatalog(this, "UnityCatalog", {
 *   workspaceId: workspace.workspaceId,
 *   workspaceProvider,
 *   securableNamePrefix: "fraud_lakehouse_prod",
 *   storageCredential: { kind: "azure-managed-identity", accessConnectorId: connector.connectorId },
 *   layerUrls: storage.layerUrls,
 *   catalogName: "fraud_lakehouse_prod",
 *   grants: {
 *     catalog: [{ principal: "data-engineers", privileges: ["USE_CATALOG"] }],
 *     schemas: { gold: [{ principal: "analysts", privileges: ["USE_SCHEMA", "SELECT"] }] },
 *   },
 * });
 */
export class UnityCatalog extends Construct {
  readonly storageCredential: StorageCredential;
  /** External id Unity Catalog uses when assuming the IAM role (aws kind only), for the role's trust policy. */
  readonly awsExternalId?: string;
  /** ARN of the Unity Catalog master role that assumes the IAM role (aws kind only), for its trust policy. */
  readonly awsUnityCatalogIamArn?: string;
  readonly externalLocations: Readonly<Record<MedallionLayer, ExternalLocation>>;
  readonly catalog: Catalog;
  readonly workspaceBinding: WorkspaceBinding;
  /**
   * Bindings of the storage credential (`credential`) and of each external location (`location:<layer>`)
   * to this environment's workspace: the only workspace that may use them (isolation mode ISOLATED).
   */
  readonly securableBindings: Readonly<Record<string, WorkspaceBinding>>;
  readonly schemas: Readonly<Record<UnityCatalogSchemaName, Schema>>;
  /** Registered models by name. */
  readonly registeredModels: Readonly<Record<string, RegisteredModel>>;
  /** Grants resources by securable (`catalog`, `schema:<name>`, `model:<name>`, `location:<layer>`, `credential`). */
  readonly grants: Readonly<Record<string, Grants>>;
  private readonly locationDependencies = new Set<string>();

  constructor(scope: Construct, id: string, props: UnityCatalogProps) {
    super(scope, id);
    const grantsBySecurable = validateGrants(props);
    const provider = props.workspaceProvider;
    const workspaceId = toWorkspaceId(props.workspaceId, "UnityCatalog");

    // --- Storage credential: a workspace without a metastore cannot create Unity Catalog objects.
    // ISOLATED (not OPEN, the default): environments share the region's metastore, and an OPEN
    // credential or location is usable from every workspace on it, so dev could read prod's storage.
    // The provider applies isolation_mode in an update right after create and binds the workspace it
    // runs against (catalog/bindings/bindings.go AddCurrentWorkspaceBindings; storage credential only
    // with a workspace-level provider, resource_storage_credential.go:138 at v1.99.0).
    const isolationMode = "ISOLATION_MODE_ISOLATED";
    const credentialSource = props.storageCredential;
    this.storageCredential = new StorageCredential(this, "StorageCredential", {
      provider,
      name: `${props.securableNamePrefix}_storage`,
      comment: "Access to the medallion layer storage (managed by cdktf-lakehouse)",
      isolationMode,
      owner: props.ownerGroup,
      ...(credentialSource.kind === "azure-managed-identity"
        ? { azureManagedIdentity: { accessConnectorId: credentialSource.accessConnectorId } }
        : { awsIamRole: { roleArn: credentialSource.roleArn } }),
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
    if (credentialSource.kind === "aws-iam-role") {
      this.awsExternalId = this.storageCredential.awsIamRole.externalId;
      this.awsUnityCatalogIamArn = this.storageCredential.awsIamRole.unityCatalogIamArn;
    }

    // --- One external location per layer (writable: pipelines write every layer but landing, and
    // ingestion writes landing).
    const locations = {} as Record<MedallionLayer, ExternalLocation>;
    for (const layer of MEDALLION_LAYERS) {
      locations[layer] = new ExternalLocation(this, `${capitalize(layer)}Location`, {
        provider,
        name: `${props.securableNamePrefix}_${layer}`,
        url: props.layerUrls[layer],
        credentialName: this.storageCredential.name,
        comment: `Medallion ${layer} layer (managed by cdktf-lakehouse)`,
        isolationMode,
        owner: props.ownerGroup,
      });
    }
    this.externalLocations = locations;

    // The provider already binds the creating workspace; declaring the bindings puts them in state, so a
    // plan shows it if someone removes one. Adding an existing binding is a no-op (UpdateBindings with
    // `add`, resource_workspace_binding.go Create at v1.99.0).
    const bind = (logicalId: string, securableName: string, securableType: string): WorkspaceBinding =>
      new WorkspaceBinding(this, logicalId, {
        provider,
        securableName,
        securableType,
        workspaceId,
        bindingType: "BINDING_TYPE_READ_WRITE",
      });
    const securableBindings: Record<string, WorkspaceBinding> = {
      credential: bind(
        "StorageCredentialWorkspaceBinding",
        this.storageCredential.name,
        "storage_credential",
      ),
    };
    for (const layer of MEDALLION_LAYERS) {
      securableBindings[`location:${layer}`] = bind(
        `${capitalize(layer)}LocationWorkspaceBinding`,
        locations[layer].name,
        "external_location",
      );
    }
    this.securableBindings = securableBindings;

    // --- Catalog, visible only in this environment's workspace.
    const gold = props.layerUrls.gold;
    this.catalog = new Catalog(this, "Catalog", {
      provider,
      name: props.catalogName,
      // Managed tables created without a schema location; a sibling of the schemas' roots.
      storageRoot: under(gold, "catalog/"),
      isolationMode: "ISOLATED",
      enablePredictiveOptimization: props.predictiveOptimization ?? "INHERIT",
      comment: "Medallion lakehouse catalog (managed by cdktf-lakehouse)",
      properties: props.catalogProperties ? { ...props.catalogProperties } : undefined,
      owner: props.ownerGroup,
      // The storage root must lie inside an existing external location; the URL alone is no reference.
      dependsOn: [locations.gold],
    });
    // ISOLATED already binds the catalog to the workspace that creates it; the explicit binding puts
    // that in state, so a plan shows it if someone unbinds it (bindings added by hand are not removed).
    this.workspaceBinding = new WorkspaceBinding(this, "CatalogWorkspaceBinding", {
      provider,
      securableName: this.catalog.name,
      securableType: "catalog",
      workspaceId,
      bindingType: "BINDING_TYPE_READ_WRITE",
    });

    // --- Schemas with managed storage in their layer.
    const schemaRoots: Record<UnityCatalogSchemaName, { url: string; location: ExternalLocation }> = {
      bronze: { url: props.layerUrls.bronze, location: locations.bronze },
      silver: { url: props.layerUrls.silver, location: locations.silver },
      // Not the gold root: the catalog's and ml's managed locations live there and may not overlap.
      gold: { url: under(gold, "gold/"), location: locations.gold },
      ml: { url: under(gold, "ml/"), location: locations.gold },
    };
    const schemas = {} as Record<UnityCatalogSchemaName, Schema>;
    for (const name of UNITY_CATALOG_SCHEMAS) {
      schemas[name] = new Schema(this, `${capitalize(name)}Schema`, {
        provider,
        catalogName: this.catalog.name,
        name,
        storageRoot: schemaRoots[name].url,
        comment: `Medallion ${name} schema (managed by cdktf-lakehouse)`,
        owner: props.ownerGroup,
        dependsOn: [schemaRoots[name].location],
      });
    }
    this.schemas = schemas;

    // Logical ids follow the model name, so adding or reordering models never replaces another one.
    // Before models were listed there was one, created as `RegisteredModel` (grants
    // `RegisteredModelGrants`): the first model takes over its state rather than replacing it (which
    // prevent_destroy would block outside dev, and which would lose its versions).
    const adopt = (props.adoptSingleModelState ?? true) && (props.registeredModels ?? []).length > 0;
    const models: Record<string, RegisteredModel> = {};
    for (const model of props.registeredModels ?? []) {
      models[model.name] = new RegisteredModel(this, `RegisteredModel_${model.name}`, {
        provider,
        catalogName: this.catalog.name,
        schemaName: schemas.ml.name,
        name: model.name,
        comment: `${model.comment ?? model.name} (managed by cdktf-lakehouse)`,
        owner: props.ownerGroup,
      });
    }
    const firstModel = props.registeredModels?.[0]?.name;
    if (adopt && firstModel) {
      models[firstModel]!.moveFromId(
        `databricks_registered_model.${this.formerLogicalId("RegisteredModel")}`,
      );
    }
    this.registeredModels = models;

    // --- Authoritative grants, one resource per securable.
    const grants: Record<string, Grants> = {};
    const grant = (securable: string, logicalId: string, target: Partial<GrantsConfig>): void => {
      const entries = grantsBySecurable.get(securable);
      if (!entries || entries.length === 0) return;
      grants[securable] = new Grants(this, logicalId, {
        provider,
        ...target,
        grant: entries.map((entry) => ({ principal: entry.principal, privileges: [...entry.privileges] })),
      });
    };
    grant("catalog", "CatalogGrants", { catalog: this.catalog.name });
    for (const name of UNITY_CATALOG_SCHEMAS) {
      grant(`schema:${name}`, `${capitalize(name)}SchemaGrants`, { schema: schemas[name].id });
    }
    for (const [name, model] of Object.entries(models)) {
      grant(`model:${name}`, `RegisteredModelGrants_${name}`, { model: model.fullName });
    }
    // Grants are authoritative: destroying the old resource after creating the new one would revoke
    // what the new one granted, so the first model's grants take over the old grants' state too.
    const firstGrants = firstModel && grants[`model:${firstModel}`];
    if (adopt && firstGrants) {
      firstGrants.moveFromId(`databricks_grants.${this.formerLogicalId("RegisteredModelGrants")}`);
    }
    for (const layer of MEDALLION_LAYERS) {
      grant(`location:${layer}`, `${capitalize(layer)}LocationGrants`, {
        externalLocation: locations[layer].name,
      });
    }
    grant("credential", "StorageCredentialGrants", { storageCredential: this.storageCredential.name });
    this.grants = grants;
  }

  /**
   * The logical id cdktf gave a resource created as `id` directly in this construct: what a `moved`
   * block names as the old address. Allocated by the stack's own naming scheme (public
   * `getLogicalId`) for a probe construct, removed again so nothing of it is synthesized.
   */
  private formerLogicalId(id: string): string {
    const probe = new Construct(this, id);
    try {
      return TerraformStack.of(this).getLogicalId(probe.node);
    } finally {
      this.node.tryRemoveChild(id);
    }
  }

  /**
   * Makes the external locations wait for `deps`. Databricks validates a location's access when
   * creating it, so whatever grants the credential its storage access (the AWS IAM role and policy,
   * which need the credential's external id; the access connector's role assignment) must exist first.
   */
  dependOn(...deps: ITerraformDependable[]): void {
    for (const dep of deps) {
      if (this.locationDependencies.has(dep.fqn)) continue;
      this.locationDependencies.add(dep.fqn);
      for (const location of Object.values(this.externalLocations)) {
        location.dependsOn = [...(location.dependsOn ?? []), dependable(dep)];
      }
    }
  }
}

/**
 * Checks every grant list and returns them by securable key, with `BROWSE` for `account users` added
 * to the catalog when `browseForAllUsers` (default true). Repeated principals are merged.
 */
function validateGrants(props: UnityCatalogProps): Map<string, UnityCatalogGrant[]> {
  const modelNames = (props.registeredModels ?? []).map((model) => model.name);
  modelNames.forEach((name, i) => {
    if (modelNames.indexOf(name) !== i) {
      throw new Error(`UnityCatalog: registeredModels names '${name}' more than once`);
    }
  });
  for (const name of Object.keys(props.grants.models ?? {})) {
    if (!modelNames.includes(name)) {
      throw new Error(
        `UnityCatalog: grants.models has '${name}', which is not in registeredModels (${modelNames.join(", ") || "none"})`,
      );
    }
  }
  for (const name of Object.keys(props.grants.schemas)) {
    if (!(UNITY_CATALOG_SCHEMAS as readonly string[]).includes(name)) {
      throw new Error(
        `UnityCatalog: grants.schemas has unknown schema '${name}' (expected one of ${UNITY_CATALOG_SCHEMAS.join(", ")})`,
      );
    }
  }
  const catalogGrants = [...props.grants.catalog];
  if (props.browseForAllUsers ?? true)
    catalogGrants.push({ principal: ACCOUNT_USERS, privileges: ["BROWSE"] });
  const runAs = props.pipelineRunAs;
  const schemaGrants = (name: UnityCatalogSchemaName): readonly UnityCatalogGrant[] => [
    ...(props.grants.schemas[name] ?? []),
    ...(runAs !== undefined && (PIPELINE_SCHEMAS as readonly string[]).includes(name)
      ? [{ principal: runAs, privileges: PIPELINE_SCHEMA_PRIVILEGES }]
      : []),
  ];
  if (runAs !== undefined) catalogGrants.push({ principal: runAs, privileges: ["USE_CATALOG"] });
  const locationGrants = (layer: MedallionLayer): readonly UnityCatalogGrant[] => [
    ...(props.externalLocationGrants?.[layer] ?? []),
    ...(runAs !== undefined && layer === "landing" ? [{ principal: runAs, privileges: ["READ_FILES"] }] : []),
  ];

  const lists: [string, string, readonly UnityCatalogGrant[]][] = [
    ["catalog", `catalog '${props.catalogName}'`, catalogGrants],
    ...UNITY_CATALOG_SCHEMAS.map((name): [string, string, readonly UnityCatalogGrant[]] => [
      `schema:${name}`,
      `schema '${props.catalogName}.${name}'`,
      schemaGrants(name),
    ]),
    ...(props.registeredModels ?? []).map((model): [string, string, readonly UnityCatalogGrant[]] => [
      `model:${model.name}`,
      `registered model '${model.name}'`,
      props.grants.models?.[model.name] ?? [],
    ]),
    ...MEDALLION_LAYERS.map((layer): [string, string, readonly UnityCatalogGrant[]] => [
      `location:${layer}`,
      `external location '${props.securableNamePrefix}_${layer}'`,
      locationGrants(layer),
    ]),
    [
      "credential",
      `storage credential '${props.securableNamePrefix}_storage'`,
      props.storageCredentialGrants ?? [],
    ],
  ];

  const result = new Map<string, UnityCatalogGrant[]>();
  for (const [key, label, entries] of lists) {
    const merged = new Map<string, string[]>();
    for (const entry of entries) {
      if (entry.privileges.length === 0) {
        throw new Error(`UnityCatalog: grant on ${label} to '${entry.principal}' lists no privileges`);
      }
      const privileges = entry.privileges.map((privilege) =>
        privilege.trim().toUpperCase().replace(/\s+/g, "_"),
      );
      if (entry.principal.trim().toLowerCase() === ACCOUNT_USERS) {
        const forbidden = privileges.find((privilege) => privilege !== "BROWSE");
        if (forbidden) {
          throw new Error(
            `UnityCatalog: grant on ${label} gives '${entry.principal}' privilege '${forbidden}'; ` +
              `account users may only get BROWSE (grant to a group instead)`,
          );
        }
      }
      const existing = merged.get(entry.principal) ?? [];
      merged.set(entry.principal, [...existing, ...privileges.filter((p) => !existing.includes(p))]);
    }
    result.set(
      key,
      [...merged].map(([principal, privileges]) => ({ principal, privileges })),
    );
  }
  return result;
}

/** A path under a storage URL, whether or not the URL ends with a slash. */
function under(url: string, path: string): string {
  return url.endsWith("/") ? `${url}${path}` : `${url}/${path}`;
}
