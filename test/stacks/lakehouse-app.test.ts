/**
 * Every stack of the example config: a reviewed snapshot each, plus properties that must hold in every
 * stack whatever the snapshot says (references resolve, tags, protection, backend, deploy layers).
 */
import { Testing, type TerraformStack } from "cdktf";
import { EXAMPLE_CONFIG, loadConfig, type LakehouseConfigInput } from "../../config";
import { STATEFUL_RESOURCE_TYPES } from "../../terraform-json/stateful-types";
import { scaledConfig } from "../../scripts/bench";
import { addLakehouseStacks, estimatedConstructs } from "../../stacks/lakehouse-app";
import { prepareStacks } from "../support/layers";
import { synthJson, unresolvedReferences, type TerraformJson } from "../support/terraform-json";

const config = loadConfig(EXAMPLE_CONFIG);
const stacks: TerraformStack[] = addLakehouseStacks(Testing.app(), config);
prepareStacks(stacks);
const synthesized = new Map<string, string>(stacks.map((s) => [s.node.id, Testing.synth(s)]));
const json = (id: string): TerraformJson => JSON.parse(synthesized.get(id)!) as TerraformJson;
const ids = [...synthesized.keys()];
const environmentIds = config.environments.map((e) => e.id);

const REQUIRED_TAG_KEYS = ["project", "environment", "owner", "cost-center", "layer", "managed-by"];
/** Resource types whose provider schema has `tags`; each instance must carry the required ones. */
const TAGGABLE_TYPES = new Set([
  "azurerm_resource_group",
  "azurerm_storage_account",
  "azurerm_key_vault",
  "azurerm_key_vault_key",
  "azurerm_user_assigned_identity",
  "azurerm_eventhub_namespace",
  "aws_s3_bucket",
  "aws_kms_key",
  "aws_kinesis_stream",
  "azurerm_databricks_workspace",
  "azurerm_databricks_access_connector",
  "azurerm_virtual_network",
  "azurerm_nat_gateway",
  "azurerm_public_ip",
  "azurerm_network_security_group",
  "aws_vpc",
  "aws_subnet",
  "aws_nat_gateway",
  "aws_iam_role",
]);

function allResources(doc: TerraformJson): [string, Record<string, unknown>][] {
  return Object.entries(doc.resource ?? {}).flatMap(([type, byId]) =>
    Object.entries(byId).map(([id, body]) => [`${type}.${id}`, body] as [string, Record<string, unknown>]),
  );
}

test("two stacks (deploy layers) per (cloud, environment) of the example", () => {
  expect([...ids].sort()).toEqual([
    "aws-dev",
    "aws-dev-workspace",
    "aws-prod",
    "aws-prod-workspace",
    "aws-staging",
    "aws-staging-workspace",
    "azure-dev",
    "azure-dev-workspace",
    "azure-prod",
    "azure-prod-workspace",
    "azure-staging",
    "azure-staging-workspace",
  ]);
});

test("each workspace layer depends on its environment layer only, so cdktf deploys it second", () => {
  const dependencies = Object.fromEntries(
    stacks.map((s) => [s.node.id, s.dependencies.map((d) => d.node.id)]),
  );
  for (const id of environmentIds) {
    expect(dependencies[id]).toEqual([]);
    expect(dependencies[`${id}-workspace`]).toEqual([id]);
  }
});

describe.each(ids)("stack %s", (id) => {
  // Unity Catalog, compute, pipelines and jobs are in the workspace layer only.
  const workspaceTest = (name: string, fn: () => void) => {
    if (id.endsWith("-workspace")) test(name, fn);
  };
  const doc = json(id);
  const environmentId = id.replace(/-workspace$/, "");
  const layer = id.endsWith("-workspace") ? "workspace" : "environment";
  const env = config.environments.find((e) => e.id === environmentId)!;

  test("matches the reviewed snapshot", () => {
    expect(synthesized.get(id)).toMatchSnapshot();
  });

  test("every reference resolves to something declared in the same stack", () => {
    expect(unresolvedReferences(doc)).toEqual([]);
  });

  test("every tagged resource carries environment, owner, cost-center and layer tags", () => {
    // Databricks resources have no tag map (their cost tags are custom_tags, checked below).
    const tagged = allResources(doc).filter(
      ([address, body]) =>
        /^(aws|azurerm)_/.test(address) &&
        (body.tags !== undefined || TAGGABLE_TYPES.has(address.split(".")[0]!)),
    );
    // The Azure workspace layer has no Azure resource; the AWS one has the Unity Catalog IAM roles.
    expect(tagged.length).toBeGreaterThanOrEqual(layer === "environment" ? 3 : env.cloud === "aws" ? 2 : 0);
    for (const [address, body] of tagged) {
      const tags = (body.tags ?? {}) as Record<string, string>;
      expect({ address, keys: REQUIRED_TAG_KEYS.filter((k) => !(k in tags)) }).toEqual({ address, keys: [] });
      expect(tags.environment).toBe(env.name);
      expect(tags["cost-center"]).toBe(EXAMPLE_CONFIG.project.costCenter);
    }
  });

  test(`stateful resources are ${env.stage === "dev" ? "destroyable in dev" : "protected from destroy"}`, () => {
    const stateful = allResources(doc).filter(([address]) =>
      STATEFUL_RESOURCE_TYPES.has(address.split(".")[0]!),
    );
    expect(stateful.length).toBeGreaterThan(layer === "workspace" ? 4 : 5);
    for (const [address, body] of stateful) {
      const protectedFlag =
        (body.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true;
      expect({ address, protected: protectedFlag }).toEqual({ address, protected: env.stage !== "dev" });
    }
  });

  workspaceTest("the catalog is isolated and bound to this environment's workspace only", () => {
    const catalog = Object.values(doc.resource?.databricks_catalog ?? {})[0]!;
    expect(catalog).toMatchObject({ name: env.databricks.catalogName, isolation_mode: "ISOLATED" });
    const bindings = Object.values(doc.resource?.databricks_workspace_binding ?? {}).filter(
      (b) => b.securable_type === "catalog",
    );
    expect(bindings).toHaveLength(1);
    expect(bindings[0]).toMatchObject({ securable_type: "catalog", binding_type: "BINDING_TYPE_READ_WRITE" });
  });

  workspaceTest(
    "grants follow the layers: engineers own bronze and silver, analysts read gold, all users only browse",
    () => {
      const grants = Object.entries(doc.resource?.databricks_grants ?? {});
      const grantsOf = (prefix: string) =>
        grants.find(([id]) => id.startsWith(prefix))![1].grant as {
          principal: string;
          privileges: string[];
        }[];
      // Outside dev the pipelines' run-as principal writes the layers too (and nothing else).
      const runAs = env.pipelines?.runAsServicePrincipal;
      for (const layer of ["Bronze", "Silver"]) {
        expect(grantsOf(`UnityCatalog_${layer}SchemaGrants`)).toEqual([
          { principal: "fraud-data-engineers", privileges: ["ALL_PRIVILEGES"] },
          ...(runAs
            ? [
                {
                  principal: runAs,
                  privileges: ["USE_SCHEMA", "SELECT", "MODIFY", "CREATE_TABLE", "CREATE_MATERIALIZED_VIEW"],
                },
              ]
            : []),
        ]);
      }
      expect(grantsOf("UnityCatalog_GoldSchemaGrants")).toContainEqual({
        principal: "fraud-analysts",
        privileges: ["USE_SCHEMA", "SELECT"],
      });
      expect(grantsOf("UnityCatalog_RegisteredModelGrants")).toContainEqual({
        principal: "fraud-ml-serving",
        privileges: ["EXECUTE"],
      });
      const allUsers = grants.flatMap(([, g]) =>
        (g.grant as { principal: string; privileges: string[] }[]).filter(
          (x) => x.principal === "account users",
        ),
      );
      expect(allUsers).toEqual([{ principal: "account users", privileges: ["BROWSE"] }]);
    },
  );

  workspaceTest(
    "DBU spend is attributable: the warehouse and every cluster policy carry the environment's tags",
    () => {
      const warehouse = Object.values(doc.resource?.databricks_sql_endpoint ?? {})[0]!;
      const tags = (warehouse.tags as { custom_tags: { key: string; value: string }[] }).custom_tags;
      expect(tags).toContainEqual({ key: "environment", value: env.name });
      expect(tags).toContainEqual({ key: "cost-center", value: "cc-4410" });
      const policies = Object.values(doc.resource?.databricks_cluster_policy ?? {});
      expect(policies).toHaveLength(3);
      for (const policy of policies) {
        const definition = JSON.parse(policy.definition as string) as Record<
          string,
          { type: string; value?: unknown }
        >;
        expect(definition["custom_tags.environment"]).toMatchObject({ type: "fixed", value: env.name });
        expect(definition["custom_tags.cost-center"]).toMatchObject({ type: "fixed", value: "cc-4410" });
      }
    },
  );

  workspaceTest(
    "deploys the generated pipeline: dev mode only in dev, failures notify, gold in the same update",
    () => {
      const pipeline = Object.values(doc.resource?.databricks_pipeline ?? {})[0]!;
      expect(pipeline).toMatchObject({
        catalog: env.databricks.catalogName,
        edition: "ADVANCED",
        development: env.stage === "dev",
        continuous: false,
      });
      expect(pipeline.notification).toEqual([
        expect.objectContaining({ email_recipients: env.pipelines!.failureEmails }),
      ]);
      const files = Object.values(doc.resource?.databricks_workspace_file ?? {}).filter((f) =>
        String(f.path).includes("-medallion/"),
      );
      const sql = Object.fromEntries(
        files.map((f) => [
          String(f.path).split("/").pop(),
          Buffer.from(String(f.content_base64), "base64").toString(),
        ]),
      );
      expect(Object.keys(sql).sort()).toEqual(["bronze.sql", "gold.sql", "silver.sql"]);
      expect(sql["bronze.sql"]).toContain(env.cloud === "azure" ? "read_kafka(" : "read_kinesis(");
      expect(sql["bronze.sql"]).toContain("'${lakehouse.landing_url}/customers/'");
      expect(sql["gold.sql"]).toContain("CREATE OR REFRESH MATERIALIZED VIEW");
    },
  );

  workspaceTest("schedules the pipeline and the table maintenance, one run at a time", () => {
    const jobs = Object.values(doc.resource?.databricks_job ?? {});
    expect(jobs.map((j) => j.name).sort()).toEqual([
      `${env.shortNamePrefix}-medallion-maintenance`,
      `${env.shortNamePrefix}-medallion-orchestration`,
    ]);
    for (const job of jobs) {
      expect(job.max_concurrent_runs).toBe(1);
      expect((job.email_notifications as { on_failure: string[] }).on_failure).toEqual(
        env.pipelines!.failureEmails,
      );
    }
    const maintenance = jobs.find((j) => String(j.name).endsWith("-maintenance"))!;
    for (const task of maintenance.task as { sql_task: { warehouse_id: string } }[]) {
      expect(task.sql_task.warehouse_id).toMatch(/^\$\{databricks_sql_endpoint\.SqlWarehouse_\w+\.id\}$/);
    }
  });

  workspaceTest(
    "serves features online only when the environment opts in (after the first pipeline run)",
    () => {
      expect(doc.resource?.databricks_online_store).toBeUndefined();
      expect(doc.resource?.databricks_database_synced_database_table).toBeUndefined();
    },
  );

  test("keeps state locally, per stack, for trying it out (a path the next layer can read too)", () => {
    expect(doc.terraform?.backend).toEqual({ local: { path: `../${id}/terraform.${id}.tfstate` } });
  });

  test("pins the provider versions", () => {
    const providers = doc.terraform?.required_providers as Record<string, { version: string }>;
    const cloud = env.cloud === "azure" ? { azurerm: "4.55.0" } : { aws: "6.25.0" };
    // The Azure workspace layer makes no Azure call: only Databricks (and time).
    const expected = {
      ...(layer === "environment" || env.cloud === "aws" ? cloud : {}),
      databricks: "1.99.0",
      time: "0.13.1",
    };
    expect(Object.fromEntries(Object.entries(providers).map(([name, p]) => [name, p.version]))).toEqual(
      expected,
    );
  });

  workspaceTest("reads the environment layer's state, and nothing else", () => {
    expect(Object.keys(doc.data?.terraform_remote_state ?? {})).toEqual([
      `cross-stack-reference-input-${environmentId}`,
    ]);
  });

  test("contains no literal account, subscription or tenant id", () => {
    // Public identifiers are fine: Databricks' AWS account (endpoint and key policies) and the run-as
    // service principal's application id from config.
    const text = synthesized
      .get(id)!
      .replaceAll("414351767826", "<databricks-aws-account>")
      .replaceAll(env.pipelines?.runAsServicePrincipal ?? "<none>", "<run-as>");
    expect(text).not.toMatch(/\b\d{12}\b/); // AWS account ids
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i); // Azure GUIDs
  });
});

test("synthesizing the same config twice gives byte-identical output", () => {
  const again = addLakehouseStacks(Testing.app(), loadConfig(EXAMPLE_CONFIG));
  prepareStacks(again);
  for (const stack of again) expect(Testing.synth(stack)).toBe(synthesized.get(stack.node.id));
});

test("synthJson agrees with the raw synth", () => {
  expect(synthJson(stacks[0]!)).toEqual(json(stacks[0]!.node.id));
});

describe("the construct estimate (what main.ts sizes V8's young generation by)", () => {
  /** The constructs an app of `input` has (its root included) and their estimate. */
  const actualAndEstimate = (input: LakehouseConfigInput) => {
    const resolved = loadConfig(input);
    const app = Testing.app();
    addLakehouseStacks(app, resolved);
    return { actual: app.node.findAll().length, estimate: estimatedConstructs(input) };
  };

  it.each([
    ["the example", EXAMPLE_CONFIG],
    ["the example with 100 tables per cloud", scaledConfig(100)],
  ])("is within 10 %% of the constructs built for %s", (_, input) => {
    const { actual, estimate } = actualAndEstimate(input);
    expect(Math.abs(estimate - actual) / actual).toBeLessThan(0.1);
  });

  it("puts the example under the large-app line (2,000) and the bench's scaling config over it", () => {
    expect(estimatedConstructs(EXAMPLE_CONFIG)).toBeLessThan(2_000);
    expect(estimatedConstructs(scaledConfig(252))).toBeGreaterThan(2_000);
  });

  it("reads the per-cloud dataset shape, and counts what it does not recognise as nothing", () => {
    const environments = [{ cloud: "azure" }, { cloud: "aws" }, { cloud: "aws" }];
    const tables = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `t${i}` }));
    expect(estimatedConstructs({ environments, datasets: { tables: tables(10) } })).toBe(600);
    expect(
      estimatedConstructs({
        environments,
        datasets: { azure: { tables: tables(5) }, aws: { tables: tables(2) } },
      }),
    ).toBe(579);
    const unrecognised: [unknown, number][] = [
      [undefined, 0],
      [null, 0],
      [42, 0],
      ["x", 0],
      [[], 0],
      [{}, 0],
      [{ environments: "x" }, 0],
      [{ environments: [null, 7], datasets: "x" }, 380],
    ];
    for (const [input, expected] of unrecognised) expect(estimatedConstructs(input)).toBe(expected);
  });
});
