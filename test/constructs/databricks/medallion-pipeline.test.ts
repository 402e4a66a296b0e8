import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import {
  MedallionPipeline,
  PIPELINE_FAILURE_ALERTS,
  type MedallionPipelineProps,
} from "../../../constructs/databricks/medallion-pipeline";
import {
  onlyResource,
  resourcesOf,
  synthJson,
  unresolvedReferences,
  type TerraformJson,
} from "../../support/terraform-json";

const FILES: MedallionPipelineProps["files"] = [
  {
    name: "bronze.sql",
    layer: "bronze",
    content:
      "CREATE OR REFRESH STREAMING TABLE `c`.`bronze`.`transactions`\nAS SELECT * FROM STREAM read_files('s3://x/');\n",
  },
  {
    name: "silver.sql",
    layer: "silver",
    content:
      "CREATE OR REFRESH STREAMING TABLE `c`.`silver`.`transactions` (\n  CONSTRAINT ok EXPECT (id IS NOT NULL) ON VIOLATION DROP ROW\n) AS SELECT * FROM STREAM `c`.`bronze`.`transactions`; -- ü\n",
  },
  {
    name: "gold.sql",
    layer: "gold",
    content: "CREATE OR REFRESH MATERIALIZED VIEW `c`.`gold`.`customer_features` AS SELECT 1;\n",
  },
];

const PROD: MedallionPipelineProps = {
  name: "frdlh-prod-medallion",
  files: FILES,
  workspaceRoot: "/Shared/cdktf-lakehouse",
  catalog: "fraud_lakehouse_prod",
  compute: { kind: "serverless" },
  failureEmails: ["data-oncall@example.com"],
  tags: { project: "frdlh", environment: "prod", "cost-center": "cc-1234" },
};

const CLASSIC: MedallionPipelineProps["compute"] = {
  kind: "classic",
  minWorkers: 1,
  maxWorkers: 4,
  nodeTypeId: "Standard_D4ds_v5",
  policyId: "policy-123",
};

function build(
  props: MedallionPipelineProps,
  extend?: (stack: TerraformStack) => Partial<MedallionPipelineProps>,
): TerraformJson {
  const stack = new TerraformStack(Testing.app(), "test");
  new DatabricksProvider(stack, "databricks", { host: "https://example.cloud.databricks.com" });
  const pipeline = new MedallionPipeline(stack, "Pipeline", { ...props, ...extend?.(stack) });
  new TerraformOutput(stack, "pipeline_id", { value: pipeline.pipelineId });
  return synthJson(stack);
}

function pipelineOf(json: TerraformJson): Record<string, unknown> {
  return onlyResource(json, "databricks_pipeline");
}

function decoded(file: Record<string, unknown>): string {
  return Buffer.from(file.content_base64 as string, "base64").toString("utf8");
}

/** Resolves `${databricks_workspace_file.<id>.path}` to the file resource it names. */
function fileReferencedBy(json: TerraformJson, reference: string): Record<string, unknown> {
  const match = /^\$\{databricks_workspace_file\.([A-Za-z0-9_-]+)\.path\}$/.exec(reference);
  if (!match) throw new Error(`not a workspace file path reference: ${reference}`);
  const file = resourcesOf(json, "databricks_workspace_file")[match[1]!];
  if (!file) throw new Error(`no workspace file ${match[1]}`);
  return file;
}

describe("MedallionPipeline", () => {
  test("uploads every generated file byte for byte under <workspaceRoot>/<name>/", () => {
    const files = Object.values(resourcesOf(build(PROD), "databricks_workspace_file"));
    expect(files.map((file) => file.path).sort()).toEqual([
      "/Shared/cdktf-lakehouse/frdlh-prod-medallion/bronze.sql",
      "/Shared/cdktf-lakehouse/frdlh-prod-medallion/gold.sql",
      "/Shared/cdktf-lakehouse/frdlh-prod-medallion/silver.sql",
    ]);
    for (const source of FILES) {
      const file = files.find((candidate) => (candidate.path as string).endsWith(`/${source.name}`))!;
      expect(decoded(file)).toBe(source.content);
    }
  });

  test("one file library per uploaded file, in order, referencing the workspace file", () => {
    const json = build(PROD);
    const libraries = pipelineOf(json).library as { file: { path: string } }[];
    expect(libraries).toHaveLength(3);
    expect(libraries.map((library) => decoded(fileReferencedBy(json, library.file.path)))).toEqual(
      FILES.map((file) => file.content),
    );
  });

  test("prod: Unity Catalog, ADVANCED edition, current channel, production mode, triggered", () => {
    const pipeline = pipelineOf(build(PROD));
    expect(pipeline).toMatchObject({
      name: "frdlh-prod-medallion",
      catalog: "fraud_lakehouse_prod",
      schema: "bronze",
      edition: "ADVANCED",
      channel: "CURRENT",
      development: false,
      continuous: false,
    });
    expect(pipeline.target).toBeUndefined();
  });

  test("development mode only when asked; continuous when asked", () => {
    expect(pipelineOf(build({ ...PROD, development: true })).development).toBe(true);
    expect(pipelineOf(build({ ...PROD, continuous: true })).continuous).toBe(true);
  });

  test("serverless: no clusters, no photon flag, optional budget policy", () => {
    const pipeline = pipelineOf(build({ ...PROD, compute: { kind: "serverless", budgetPolicyId: "bp-1" } }));
    expect(pipeline.serverless).toBe(true);
    expect(pipeline.budget_policy_id).toBe("bp-1");
    expect(pipeline.cluster).toBeUndefined();
    expect(pipeline.photon).toBeUndefined();
  });

  test("classic: Photon, enhanced autoscaling, policy and cost tags on update and maintenance clusters", () => {
    const pipeline = pipelineOf(build({ ...PROD, compute: CLASSIC }));
    expect(pipeline.serverless).toBeUndefined();
    expect(pipeline.photon).toBe(true);
    const tags = { "cost-center": "cc-1234", environment: "prod", project: "frdlh" };
    expect(pipeline.cluster).toEqual([
      {
        label: "default",
        policy_id: "policy-123",
        apply_policy_default_values: true,
        custom_tags: tags,
        node_type_id: "Standard_D4ds_v5",
        autoscale: { min_workers: 1, max_workers: 4, mode: "ENHANCED" },
      },
      { label: "maintenance", policy_id: "policy-123", apply_policy_default_values: true, custom_tags: tags },
    ]);
    expect(pipelineOf(build({ ...PROD, compute: { ...CLASSIC, photon: false } })).photon).toBe(false);
  });

  test("notifies the recipients of failed updates and flows", () => {
    expect(pipelineOf(build(PROD)).notification).toEqual([
      { email_recipients: ["data-oncall@example.com"], alerts: PIPELINE_FAILURE_ALERTS },
    ]);
    expect(PIPELINE_FAILURE_ALERTS).toEqual([
      "on-update-failure",
      "on-update-fatal-failure",
      "on-flow-failure",
    ]);
  });

  test("tags and configuration, sorted by key", () => {
    const pipeline = pipelineOf(
      build({ ...PROD, configuration: { "pipelines.trigger.interval": "5 minutes", a: "b" } }),
    );
    expect(JSON.stringify(pipeline.tags)).toBe(
      '{"cost-center":"cc-1234","environment":"prod","project":"frdlh"}',
    );
    expect(JSON.stringify(pipeline.configuration)).toBe('{"a":"b","pipelines.trigger.interval":"5 minutes"}');
  });

  test("permissions by group on the pipeline", () => {
    const json = build({
      ...PROD,
      permissions: { managers: ["platform-admins"], runners: ["data-engineers"], viewers: ["analysts"] },
    });
    const permissions = onlyResource(json, "databricks_permissions");
    expect(permissions.pipeline_id).toMatch(/^\$\{databricks_pipeline\.[^.]+\.id\}$/);
    expect(permissions.access_control).toEqual([
      { group_name: "platform-admins", permission_level: "CAN_MANAGE" },
      { group_name: "data-engineers", permission_level: "CAN_RUN" },
      { group_name: "analysts", permission_level: "CAN_VIEW" },
    ]);
    expect(resourcesOf(build(PROD), "databricks_permissions")).toEqual({});
  });

  test("Event Hubs secret: value from a Terraform reference, READ for the run-as principal", () => {
    const json = build(
      { ...PROD, runAs: { servicePrincipalName: "11111111-2222-3333-4444-555555555555" } },
      (stack) => ({
        eventHubsSecret: {
          scope: "frdlh-prod-ingest",
          key: "eventhubs-connection-string",
          value: new TerraformVariable(stack, "eventhubs_connection_string", {
            sensitive: true,
            type: "string",
          }).stringValue,
          readers: ["data-engineers"],
        },
      }),
    );
    const scope = onlyResource(json, "databricks_secret_scope");
    expect(scope).toMatchObject({ name: "frdlh-prod-ingest", backend_type: "DATABRICKS" });
    const secret = onlyResource(json, "databricks_secret");
    expect(secret.key).toBe("eventhubs-connection-string");
    expect(secret.string_value).toBe("${var.eventhubs_connection_string}");
    expect(secret.scope).toMatch(/^\$\{databricks_secret_scope\.[^.]+\.name\}$/);
    const acls = Object.values(resourcesOf(json, "databricks_secret_acl"));
    expect(acls.map((acl) => [acl.principal, acl.permission]).sort()).toEqual([
      ["11111111-2222-3333-4444-555555555555", "READ"],
      ["data-engineers", "READ"],
    ]);
    const pipeline = pipelineOf(json);
    expect(pipeline.run_as).toEqual({ service_principal_name: "11111111-2222-3333-4444-555555555555" });
    // The pipeline waits for the secret and its grants.
    expect(pipeline.depends_on).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^databricks_secret\./),
        expect.stringMatching(/^databricks_secret_acl\./),
      ]),
    );
  });

  test("rejects a literal secret value", () => {
    expect(() =>
      build({
        ...PROD,
        eventHubsSecret: { scope: "s", key: "k", value: "Endpoint=sb://x/;SharedAccessKey=abc" },
      }),
    ).toThrow(/eventHubsSecret\.value: must be a Terraform reference/);
  });

  test("no secret resources without a secret", () => {
    const json = build(PROD);
    expect(resourcesOf(json, "databricks_secret_scope")).toEqual({});
    expect(resourcesOf(json, "databricks_secret")).toEqual({});
  });

  test("rejects bad input with the field named", () => {
    expect(() => build({ ...PROD, failureEmails: [] })).toThrow(/failureEmails: .* outside development mode/);
    expect(() => build({ ...PROD, development: true, failureEmails: [] })).not.toThrow();
    expect(() => build({ ...PROD, files: [] })).toThrow(/files: .* at least one/);
    expect(() => build({ ...PROD, files: [{ ...FILES[0]!, name: "../x.sql" }] })).toThrow(
      /files: "\.\.\/x\.sql"/,
    );
    expect(() => build({ ...PROD, files: [FILES[0]!, FILES[0]!] })).toThrow(/given twice/);
    // Whitespace only (JavaScript's: what trim() removes, no-break space and line separators too) is no SQL.
    for (const content of ["", " \n\t\r ", "\u00a0\u2028\ufeff"])
      expect(() => build({ ...PROD, files: [{ ...FILES[0]!, content }] })).toThrow(/files: .*has no SQL/);
    expect(() => build({ ...PROD, files: [{ ...FILES[0]!, content: "\n SELECT 1;\n" }] })).not.toThrow();
    expect(() => build({ ...PROD, workspaceRoot: "Shared" })).toThrow(/workspaceRoot/);
    expect(() => build({ ...PROD, compute: { ...CLASSIC, minWorkers: 5 } })).toThrow(
      /compute\.maxWorkers: 4/,
    );
    expect(() => build({ ...PROD, compute: { ...CLASSIC, minWorkers: 0 } })).toThrow(
      /compute\.minWorkers: 0/,
    );
  });

  test("every reference resolves", () => {
    const json = build(
      { ...PROD, compute: CLASSIC, permissions: { runners: ["data-engineers"] } },
      (stack) => ({
        runAs: { userName: "etl@example.com" },
        eventHubsSecret: {
          scope: "ingest",
          key: "eh",
          value: new TerraformVariable(stack, "eh", { sensitive: true, type: "string" }).stringValue,
        },
      }),
    );
    expect(unresolvedReferences(json)).toEqual([]);
  });
});
