import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import type { MedallionLayer } from "../../../vocabulary/medallion";
import { UnityCatalog, type UnityCatalogProps } from "../../../constructs/databricks/unity-catalog";
import {
  onlyResource,
  resourcesOf,
  synthJson,
  unresolvedReferences,
  type TerraformJson,
} from "../../support/terraform-json";

const LAYER_URLS: Record<MedallionLayer, string> = {
  landing: "abfss://landing@frdlhprodlake.dfs.core.windows.net/",
  bronze: "abfss://bronze@frdlhprodlake.dfs.core.windows.net/",
  silver: "abfss://silver@frdlhprodlake.dfs.core.windows.net/",
  gold: "abfss://gold@frdlhprodlake.dfs.core.windows.net/",
  checkpoints: "abfss://checkpoints@frdlhprodlake.dfs.core.windows.net/",
};
const ACCESS_CONNECTOR_ID =
  "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Databricks/accessConnectors/frdlh-prod-uc";

const CATALOG_GRANTS = [
  { principal: "data-engineers", privileges: ["USE_CATALOG", "CREATE_SCHEMA"] },
  { principal: "analysts", privileges: ["USE_CATALOG"] },
];
const SCHEMA_GRANTS = {
  bronze: [{ principal: "data-engineers", privileges: ["USE_SCHEMA", "SELECT", "MODIFY", "CREATE_TABLE"] }],
  silver: [{ principal: "data-engineers", privileges: ["USE_SCHEMA", "SELECT", "MODIFY"] }],
  gold: [
    { principal: "data-engineers", privileges: ["USE_SCHEMA", "SELECT", "MODIFY"] },
    { principal: "analysts", privileges: ["USE_SCHEMA", "SELECT"] },
  ],
  ml: [{ principal: "ml-engineers", privileges: ["USE_SCHEMA", "CREATE_MODEL", "SELECT"] }],
};
const MODEL_GRANTS = [{ principal: "ml-serving", privileges: ["EXECUTE"] }];

type Overrides = Partial<Omit<UnityCatalogProps, "workspaceProvider">>;

interface Synthesized {
  json: TerraformJson;
  construct: UnityCatalog;
  stack: TerraformStack;
}

function baseProps(overrides: Overrides): UnityCatalogProps {
  return {
    workspaceId: "1234567890123456",
    securableNamePrefix: "frdlh_prod",
    storageCredential: { kind: "azure-managed-identity", accessConnectorId: ACCESS_CONNECTOR_ID },
    layerUrls: LAYER_URLS,
    catalogName: "fraud_lakehouse_prod",
    registeredModels: [{ name: "fraud_model", comment: "Fraud scoring model" }],
    grants: { catalog: CATALOG_GRANTS, schemas: SCHEMA_GRANTS, models: { fraud_model: MODEL_GRANTS } },
    ...overrides,
  };
}

/** A stack with a default workspace provider. */
function build(
  overrides: Overrides = {},
  extend?: (stack: TerraformStack, construct: UnityCatalog) => void,
): Synthesized {
  const stack = new TerraformStack(Testing.app(), "test");
  new DatabricksProvider(stack, "databricks", { host: "https://example.cloud.databricks.com" });
  const construct = new UnityCatalog(stack, "UnityCatalog", baseProps(overrides));
  extend?.(stack, construct);
  return { json: synthJson(stack), construct, stack };
}

/** Constructs the catalog in a fresh stack and returns the error message (or fails). */
function errorOf(overrides: Overrides): string {
  try {
    build(overrides);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the construct to throw");
}

function onlyId(json: TerraformJson, type: string): string {
  const ids = Object.keys(resourcesOf(json, type));
  if (ids.length !== 1) throw new Error(`expected exactly one ${type}, found ${ids.length}`);
  return ids[0]!;
}

function byName(json: TerraformJson, type: string): Record<string, Record<string, unknown> & { id: string }> {
  return Object.fromEntries(
    Object.entries(resourcesOf(json, type)).map(([id, body]) => [body.name as string, { ...body, id }]),
  );
}

/** The grants resource whose securable argument (`catalog`, `schema`, …) equals `value`. */
function grantsOn(json: TerraformJson, argument: string, value: string): unknown {
  const matches = Object.values(resourcesOf(json, "databricks_grants")).filter((g) => g[argument] === value);
  if (matches.length !== 1)
    throw new Error(`expected one databricks_grants with ${argument}=${value}, found ${matches.length}`);
  return matches[0]!.grant;
}

const WORKSPACE_LEVEL_TYPES = [
  "databricks_storage_credential",
  "databricks_external_location",
  "databricks_catalog",
  "databricks_workspace_binding",
  "databricks_schema",
  "databricks_registered_model",
  "databricks_grants",
];

describe("UnityCatalog workspace", () => {
  test("a token workspace id is passed through to the binding", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const workspaceId = new TerraformVariable(stack, "workspace_id", { type: "string" });
    new UnityCatalog(stack, "UnityCatalog", baseProps({ workspaceId: workspaceId.stringValue }));
    const tokenJson = synthJson(stack);
    // The catalog's binding and, since isolation, every credential's and external location's.
    const bindings = Object.values(resourcesOf(tokenJson, "databricks_workspace_binding"));
    expect(bindings).toHaveLength(7);
    expect(bindings.map((b) => b.workspace_id)).toEqual(bindings.map(() => "${var.workspace_id}"));
  });

  test("a workspace id that is not a number is rejected", () => {
    expect(errorOf({ workspaceId: "adb-123.4" })).toBe(
      "UnityCatalog: workspaceId 'adb-123.4' is not a numeric workspace id",
    );
  });

  test("every resource uses the workspace (default) provider: nothing here is account-level", () => {
    const { json } = build();
    for (const type of WORKSPACE_LEVEL_TYPES) {
      const resources = Object.values(resourcesOf(json, type));
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) expect(resource.provider).toBeUndefined();
    }
  });
});

describe("UnityCatalog storage credential", () => {
  test("azure: the access connector's managed identity, created after what it is told to wait for", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new DatabricksProvider(stack, "databricks", { host: "https://example.cloud.databricks.com" });
    const propagation = new Sleep(stack, "AssignmentPropagation", { createDuration: "60s" });
    const construct = new UnityCatalog(stack, "UnityCatalog", baseProps({ dependsOn: [propagation] }));
    const credential = onlyResource(synthJson(stack), "databricks_storage_credential");
    expect(credential).toMatchObject({
      name: "frdlh_prod_storage",
      azure_managed_identity: { access_connector_id: ACCESS_CONNECTOR_ID },
      depends_on: ["time_sleep.AssignmentPropagation"],
    });
    expect(credential.aws_iam_role).toBeUndefined();
    expect(construct.awsExternalId).toBeUndefined();
    expect(onlyResource(build().json, "databricks_storage_credential").depends_on).toBeUndefined();
  });

  test("aws: the IAM role, with its external id exposed for the role's trust policy", () => {
    const roleArn = "arn:aws:iam::123456789012:role/frdlh-prod-uc";
    const { json } = build({ storageCredential: { kind: "aws-iam-role", roleArn } }, (stack, construct) => {
      new TerraformOutput(stack, "external_id", { value: construct.awsExternalId });
      new TerraformOutput(stack, "uc_master_role", { value: construct.awsUnityCatalogIamArn });
    });
    const credential = onlyResource(json, "databricks_storage_credential");
    expect(credential.aws_iam_role).toEqual({ role_arn: roleArn });
    expect(credential.azure_managed_identity).toBeUndefined();
    const credentialId = onlyId(json, "databricks_storage_credential");
    expect(json.output?.external_id?.value).toBe(
      `\${databricks_storage_credential.${credentialId}.aws_iam_role[0].external_id}`,
    );
    expect(json.output?.uc_master_role?.value).toBe(
      `\${databricks_storage_credential.${credentialId}.aws_iam_role[0].unity_catalog_iam_arn}`,
    );
  });
});

describe("UnityCatalog external locations", () => {
  test("one writable location per layer, on the storage credential", () => {
    const { json } = build();
    const credentialName = `\${databricks_storage_credential.${onlyId(json, "databricks_storage_credential")}.name}`;
    const locations = byName(json, "databricks_external_location");
    expect(Object.keys(locations).sort()).toEqual([
      "frdlh_prod_bronze",
      "frdlh_prod_checkpoints",
      "frdlh_prod_gold",
      "frdlh_prod_landing",
      "frdlh_prod_silver",
    ]);
    for (const [layer, url] of Object.entries(LAYER_URLS)) {
      const location = locations[`frdlh_prod_${layer}`]!;
      expect(location.url).toBe(url);
      expect(location.credential_name).toBe(credentialName);
      expect(location.read_only).toBeUndefined();
      expect(location.comment).toContain(layer);
    }
  });

  test("dependOn makes every location wait for the given resources, once each", () => {
    const { json } = build({}, (stack, construct) => {
      const role = new IamRole(stack, "UcRole", { name: "frdlh-prod-uc", assumeRolePolicy: "{}" });
      const policy = new IamRolePolicy(stack, "UcRolePolicy", { role: role.id, policy: "{}" });
      construct.dependOn(role, policy);
      construct.dependOn(policy);
    });
    for (const location of Object.values(resourcesOf(json, "databricks_external_location"))) {
      expect(location.depends_on).toEqual(["aws_iam_role.UcRole", "aws_iam_role_policy.UcRolePolicy"]);
    }
    expect(onlyResource(json, "databricks_catalog").depends_on).not.toContain("aws_iam_role.UcRole");
    expect(onlyResource(json, "databricks_storage_credential").depends_on).toBeUndefined();
  });
});

describe("UnityCatalog catalog and schemas", () => {
  test("the catalog is isolated, managed in gold, and bound to this workspace only", () => {
    const { json } = build();
    const catalogId = onlyId(json, "databricks_catalog");
    const gold = byName(json, "databricks_external_location").frdlh_prod_gold!;
    expect(onlyResource(json, "databricks_catalog")).toEqual({
      name: "fraud_lakehouse_prod",
      storage_root: "abfss://gold@frdlhprodlake.dfs.core.windows.net/catalog/",
      isolation_mode: "ISOLATED",
      enable_predictive_optimization: "INHERIT",
      comment: expect.any(String),
      depends_on: [`databricks_external_location.${gold.id}`],
    });
    const catalogBindings = Object.values(resourcesOf(json, "databricks_workspace_binding")).filter(
      (b) => b.securable_type === "catalog",
    );
    expect(catalogBindings).toHaveLength(1);
    expect(catalogBindings[0]).toEqual({
      securable_name: `\${databricks_catalog.${catalogId}.name}`,
      securable_type: "catalog",
      workspace_id: "1234567890123456",
      binding_type: "BINDING_TYPE_READ_WRITE",
    });
  });

  test("predictive optimization, owner group and properties are passed on", () => {
    const { json } = build({
      predictiveOptimization: "ENABLE",
      ownerGroup: "lakehouse-admins",
      catalogProperties: { purpose: "fraud" },
    });
    expect(onlyResource(json, "databricks_catalog")).toMatchObject({
      enable_predictive_optimization: "ENABLE",
      owner: "lakehouse-admins",
      properties: { purpose: "fraud" },
    });
    for (const schema of Object.values(resourcesOf(json, "databricks_schema"))) {
      expect(schema.owner).toBe("lakehouse-admins");
    }
  });

  test("schemas have managed storage in their layer, after that layer's external location", () => {
    const { json } = build();
    const catalogName = `\${databricks_catalog.${onlyId(json, "databricks_catalog")}.name}`;
    const locations = byName(json, "databricks_external_location");
    const schemas = byName(json, "databricks_schema");
    const expected: Record<string, [string, string]> = {
      bronze: ["abfss://bronze@frdlhprodlake.dfs.core.windows.net/", "frdlh_prod_bronze"],
      silver: ["abfss://silver@frdlhprodlake.dfs.core.windows.net/", "frdlh_prod_silver"],
      gold: ["abfss://gold@frdlhprodlake.dfs.core.windows.net/gold/", "frdlh_prod_gold"],
      ml: ["abfss://gold@frdlhprodlake.dfs.core.windows.net/ml/", "frdlh_prod_gold"],
    };
    expect(Object.keys(schemas).sort()).toEqual(["bronze", "gold", "ml", "silver"]);
    for (const [name, [root, location]] of Object.entries(expected)) {
      expect(schemas[name]).toMatchObject({ catalog_name: catalogName, storage_root: root });
      expect(schemas[name]!.depends_on).toEqual([`databricks_external_location.${locations[location]!.id}`]);
      expect(schemas[name]!.owner).toBeUndefined();
    }
  });

  test("S3 URLs without a trailing slash still give well-formed storage roots", () => {
    const s3 = Object.fromEntries(
      Object.keys(LAYER_URLS).map((layer) => [layer, `s3://frdlh-prod-${layer}-123456789012-us-east-1`]),
    ) as Record<MedallionLayer, string>;
    const { json } = build({ layerUrls: s3 });
    expect(onlyResource(json, "databricks_catalog").storage_root).toBe(
      "s3://frdlh-prod-gold-123456789012-us-east-1/catalog/",
    );
    expect(byName(json, "databricks_schema").ml!.storage_root).toBe(
      "s3://frdlh-prod-gold-123456789012-us-east-1/ml/",
    );
  });

  test("the registered models live in schema ml, named and commented as given", () => {
    const { json } = build();
    const catalogId = onlyId(json, "databricks_catalog");
    const ml = byName(json, "databricks_schema").ml!;
    expect(onlyResource(json, "databricks_registered_model")).toMatchObject({
      catalog_name: `\${databricks_catalog.${catalogId}.name}`,
      schema_name: `\${databricks_schema.${ml.id}.name}`,
      name: "fraud_model",
      comment: "Fraud scoring model (managed by cdktf-lakehouse)",
    });
    const two = build({
      registeredModels: [{ name: "churn_model" }, { name: "demand_model", comment: "Demand forecast" }],
      grants: { catalog: [], schemas: {} },
    }).json;
    expect(
      Object.values(resourcesOf(two, "databricks_registered_model")).map((m) => [m.name, m.comment]),
    ).toEqual([
      ["churn_model", "churn_model (managed by cdktf-lakehouse)"],
      ["demand_model", "Demand forecast (managed by cdktf-lakehouse)"],
    ]);
  });

  test("no registered model unless asked for", () => {
    const { json } = build({ registeredModels: undefined, grants: { catalog: [], schemas: {} } });
    expect(resourcesOf(json, "databricks_registered_model")).toEqual({});
  });

  test("the first model and its grants take over the single model's state (moved blocks from the old ids)", () => {
    const { json } = build({
      registeredModels: [{ name: "fraud_model" }, { name: "churn_model" }],
      grants: { catalog: [], schemas: {}, models: { fraud_model: MODEL_GRANTS, churn_model: MODEL_GRANTS } },
    });
    expect((json as { moved?: unknown }).moved).toEqual([
      {
        from: "databricks_registered_model.UnityCatalog_RegisteredModel_8D5D444D",
        to: "databricks_registered_model.UnityCatalog_RegisteredModel_fraud_model_A21613B7",
      },
      {
        from: "databricks_grants.UnityCatalog_RegisteredModelGrants_906630E9",
        to: "databricks_grants.UnityCatalog_RegisteredModelGrants_fraud_model_A83BA23F",
      },
    ]);
    // The probe that computed the old ids synthesizes nothing.
    expect(Object.keys(resourcesOf(json, "databricks_registered_model")).sort()).toEqual([
      "UnityCatalog_RegisteredModel_churn_model_0C2555F3",
      "UnityCatalog_RegisteredModel_fraud_model_A21613B7",
    ]);
  });

  test("the old ids follow the construct's own path; adoptSingleModelState false or no model: no moved block", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new DatabricksProvider(stack, "databricks", { host: "https://example.cloud.databricks.com" });
    new UnityCatalog(stack, "Catalog", baseProps({}));
    expect((synthJson(stack) as { moved?: { from: string }[] }).moved?.map((m) => m.from)).toEqual([
      expect.stringMatching(/^databricks_registered_model\.Catalog_RegisteredModel_[0-9A-F]{8}$/),
      expect.stringMatching(/^databricks_grants\.Catalog_RegisteredModelGrants_[0-9A-F]{8}$/),
    ]);
    expect((build({ adoptSingleModelState: false }).json as { moved?: unknown }).moved).toBeUndefined();
    expect(
      (build({ registeredModels: [], grants: { catalog: [], schemas: {} } }).json as { moved?: unknown })
        .moved,
    ).toBeUndefined();
  });

  test("model grants must name a registered model, and model names are unique", () => {
    expect(errorOf({ grants: { catalog: [], schemas: {}, models: { churn_model: MODEL_GRANTS } } })).toBe(
      "UnityCatalog: grants.models has 'churn_model', which is not in registeredModels (fraud_model)",
    );
    expect(
      errorOf({ registeredModels: [{ name: "m" }, { name: "m" }], grants: { catalog: [], schemas: {} } }),
    ).toBe("UnityCatalog: registeredModels names 'm' more than once");
  });
});

describe("UnityCatalog grants", () => {
  test("catalog, schema and model grants are exactly as given, plus BROWSE for account users on the catalog", () => {
    const { json } = build();
    const catalogId = onlyId(json, "databricks_catalog");
    expect(grantsOn(json, "catalog", `\${databricks_catalog.${catalogId}.name}`)).toEqual([
      { principal: "data-engineers", privileges: ["USE_CATALOG", "CREATE_SCHEMA"] },
      { principal: "analysts", privileges: ["USE_CATALOG"] },
      { principal: "account users", privileges: ["BROWSE"] },
    ]);
    const schemas = byName(json, "databricks_schema");
    for (const [name, grants] of Object.entries(SCHEMA_GRANTS)) {
      expect(grantsOn(json, "schema", `\${databricks_schema.${schemas[name]!.id}.id}`)).toEqual(grants);
    }
    const modelId = onlyId(json, "databricks_registered_model");
    expect(grantsOn(json, "model", `\${databricks_registered_model.${modelId}.full_name}`)).toEqual(
      MODEL_GRANTS,
    );
    // catalog + 4 schemas + model; nothing on locations or the credential by default.
    expect(Object.keys(resourcesOf(json, "databricks_grants"))).toHaveLength(6);
  });

  test("browseForAllUsers false leaves account users out; empty lists create no grants resource", () => {
    const { json } = build({
      browseForAllUsers: false,
      grants: { catalog: CATALOG_GRANTS, schemas: { gold: SCHEMA_GRANTS.gold } },
    });
    const grants = Object.values(resourcesOf(json, "databricks_grants"));
    expect(grants).toHaveLength(2);
    expect(grants.find((g) => g.catalog)!.grant).toEqual(CATALOG_GRANTS);
    expect(grants.find((g) => g.schema)!.grant).toEqual(SCHEMA_GRANTS.gold);
  });

  test("external location and credential grants only where given", () => {
    const { json } = build({
      externalLocationGrants: {
        landing: [{ principal: "ingest-sp", privileges: ["READ_FILES", "WRITE_FILES"] }],
      },
      storageCredentialGrants: [{ principal: "lakehouse-admins", privileges: ["CREATE_EXTERNAL_LOCATION"] }],
    });
    const locations = byName(json, "databricks_external_location");
    const located = Object.values(resourcesOf(json, "databricks_grants")).filter((g) => g.external_location);
    expect(located).toHaveLength(1);
    expect(located[0]).toMatchObject({
      external_location: `\${databricks_external_location.${locations.frdlh_prod_landing!.id}.name}`,
      grant: [{ principal: "ingest-sp", privileges: ["READ_FILES", "WRITE_FILES"] }],
    });
    const credentialId = onlyId(json, "databricks_storage_credential");
    expect(
      grantsOn(json, "storage_credential", `\${databricks_storage_credential.${credentialId}.name}`),
    ).toEqual([{ principal: "lakehouse-admins", privileges: ["CREATE_EXTERNAL_LOCATION"] }]);
  });

  test("a principal listed twice is merged into one grant block", () => {
    const { json } = build({
      browseForAllUsers: false,
      grants: {
        catalog: [
          { principal: "analysts", privileges: ["USE_CATALOG"] },
          { principal: "analysts", privileges: ["USE_CATALOG", "BROWSE"] },
        ],
        schemas: {},
      },
    });
    expect(onlyResource(json, "databricks_grants").grant).toEqual([
      { principal: "analysts", privileges: ["USE_CATALOG", "BROWSE"] },
    ]);
  });

  test("account users may get BROWSE explicitly without duplicating the default", () => {
    const { json } = build({
      grants: {
        catalog: [{ principal: "account users", privileges: ["BROWSE"] }],
        schemas: { gold: [{ principal: "account users", privileges: ["BROWSE"] }] },
      },
    });
    const grants = Object.values(resourcesOf(json, "databricks_grants"));
    expect(grants.find((g) => g.catalog)!.grant).toEqual([
      { principal: "account users", privileges: ["BROWSE"] },
    ]);
    expect(grants.find((g) => g.schema)!.grant).toEqual([
      { principal: "account users", privileges: ["BROWSE"] },
    ]);
  });

  test.each([
    [
      "catalog",
      {
        grants: {
          catalog: [{ principal: "account users", privileges: ["BROWSE", "USE_CATALOG"] }],
          schemas: {},
        },
      },
      "UnityCatalog: grant on catalog 'fraud_lakehouse_prod' gives 'account users' privilege 'USE_CATALOG'; account users may only get BROWSE (grant to a group instead)",
    ],
    [
      "schema",
      {
        grants: {
          catalog: [],
          schemas: { silver: [{ principal: "Account Users", privileges: ["SELECT"] }] },
        },
      },
      "UnityCatalog: grant on schema 'fraud_lakehouse_prod.silver' gives 'Account Users' privilege 'SELECT'; account users may only get BROWSE (grant to a group instead)",
    ],
    [
      "model",
      {
        grants: {
          catalog: [],
          schemas: {},
          models: { fraud_model: [{ principal: "account users", privileges: ["EXECUTE"] }] },
        },
      },
      "UnityCatalog: grant on registered model 'fraud_model' gives 'account users' privilege 'EXECUTE'; account users may only get BROWSE (grant to a group instead)",
    ],
    [
      "external location",
      {
        externalLocationGrants: { landing: [{ principal: "account users", privileges: ["read files"] }] },
      },
      "UnityCatalog: grant on external location 'frdlh_prod_landing' gives 'account users' privilege 'READ_FILES'; account users may only get BROWSE (grant to a group instead)",
    ],
    [
      "storage credential",
      { storageCredentialGrants: [{ principal: "account users", privileges: ["ALL_PRIVILEGES"] }] },
      "UnityCatalog: grant on storage credential 'frdlh_prod_storage' gives 'account users' privilege 'ALL_PRIVILEGES'; account users may only get BROWSE (grant to a group instead)",
    ],
  ] as [string, Overrides, string][])(
    "account users beyond BROWSE on the %s throws",
    (_securable, overrides, message) => {
      expect(errorOf(overrides)).toBe(message);
    },
  );

  test("grants for an unknown schema or without privileges are rejected", () => {
    expect(
      errorOf({
        grants: {
          catalog: [],
          schemas: { platinum: [{ principal: "a", privileges: ["SELECT"] }] },
        },
      }),
    ).toBe(
      "UnityCatalog: grants.schemas has unknown schema 'platinum' (expected one of bronze, silver, gold, ml)",
    );
    expect(errorOf({ grants: { catalog: [{ principal: "analysts", privileges: [] }], schemas: {} } })).toBe(
      "UnityCatalog: grant on catalog 'fraud_lakehouse_prod' to 'analysts' lists no privileges",
    );
  });
});

describe("UnityCatalog references", () => {
  test.each([
    ["azure", {}],
    ["aws", { storageCredential: { kind: "aws-iam-role", roleArn: "arn:aws:iam::1:role/r" } }],
  ] as [string, Overrides][])("%s: every reference resolves", (_cloud, overrides) => {
    const { json } = build({
      ...overrides,
      externalLocationGrants: { checkpoints: [{ principal: "pipelines", privileges: ["READ_FILES"] }] },
      storageCredentialGrants: [{ principal: "admins", privileges: ["CREATE_EXTERNAL_LOCATION"] }],
    });
    expect(unresolvedReferences(json)).toEqual([]);
  });
});

describe("UnityCatalog isolation (environments share the metastore)", () => {
  test("the credential and every location are ISOLATED and bound to this workspace only", () => {
    const { json } = build();
    expect(onlyResource(json, "databricks_storage_credential").isolation_mode).toBe(
      "ISOLATION_MODE_ISOLATED",
    );
    for (const location of Object.values(resourcesOf(json, "databricks_external_location"))) {
      expect(location.isolation_mode).toBe("ISOLATION_MODE_ISOLATED");
    }
    const bindings = Object.values(resourcesOf(json, "databricks_workspace_binding"))
      .map((b) => [b.securable_type, b.securable_name, b.workspace_id, b.binding_type])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    const credentialId = onlyId(json, "databricks_storage_credential");
    const locations = byName(json, "databricks_external_location");
    const expected = [
      ["catalog", `\${databricks_catalog.${onlyId(json, "databricks_catalog")}.name}`],
      ["storage_credential", `\${databricks_storage_credential.${credentialId}.name}`],
      ...["bronze", "checkpoints", "gold", "landing", "silver"].map((layer) => [
        "external_location",
        `\${databricks_external_location.${locations[`frdlh_prod_${layer}`]!.id}.name}`,
      ]),
    ]
      .map(([type, name]) => [type, name, "1234567890123456", "BINDING_TYPE_READ_WRITE"])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    expect(bindings).toEqual(expected);
  });

  test("the owner group owns the credential, the locations, the catalog, its schemas and the model", () => {
    const { json } = build({ ownerGroup: "fraud-platform-admins" });
    for (const type of [
      "databricks_storage_credential",
      "databricks_external_location",
      "databricks_catalog",
      "databricks_schema",
      "databricks_registered_model",
    ]) {
      const owners = Object.values(resourcesOf(json, type)).map((r) => r.owner);
      expect({ type, owners: [...new Set(owners)] }).toEqual({ type, owners: ["fraud-platform-admins"] });
    }
  });

  test("the pipeline's run-as principal gets exactly what the pipeline needs", () => {
    const sp = "7e5d4c3b-2a1f-4e0d-9c8b-a7f6e5d4c351";
    const { json } = build({ pipelineRunAs: sp });
    const catalogId = onlyId(json, "databricks_catalog");
    expect(grantsOn(json, "catalog", `\${databricks_catalog.${catalogId}.name}`)).toEqual([
      { principal: "data-engineers", privileges: ["USE_CATALOG", "CREATE_SCHEMA"] },
      { principal: "analysts", privileges: ["USE_CATALOG"] },
      { principal: "account users", privileges: ["BROWSE"] },
      { principal: sp, privileges: ["USE_CATALOG"] },
    ]);
    const schemas = byName(json, "databricks_schema");
    const write = ["USE_SCHEMA", "SELECT", "MODIFY", "CREATE_TABLE", "CREATE_MATERIALIZED_VIEW"];
    for (const name of ["bronze", "silver", "gold"]) {
      expect(grantsOn(json, "schema", `\${databricks_schema.${schemas[name]!.id}.id}`)).toEqual([
        ...SCHEMA_GRANTS[name as "bronze" | "silver" | "gold"],
        { principal: sp, privileges: write },
      ]);
    }
    expect(grantsOn(json, "schema", `\${databricks_schema.${schemas.ml!.id}.id}`)).toEqual(SCHEMA_GRANTS.ml);
    const landing = byName(json, "databricks_external_location").frdlh_prod_landing!;
    expect(
      grantsOn(json, "external_location", `\${databricks_external_location.${landing.id}.name}`),
    ).toEqual([{ principal: sp, privileges: ["READ_FILES"] }]);
    // landing only: no grant resource on any other location or the credential.
    expect(Object.keys(resourcesOf(json, "databricks_grants"))).toHaveLength(7);
  });
});
