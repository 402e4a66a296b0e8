/**
 * Isolation and least privilege across the six example environments: every Unity Catalog credential
 * and external location is ISOLATED and bound to its own environment's workspace and owned by the
 * admin group; pipelines and jobs outside dev run as their environment's own service principal.
 * Resources are gathered per environment from all of its stacks (`<env>` and any `<env>-…` layer).
 */
import { Testing } from "cdktf";
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import { addLakehouseStacks } from "../../stacks/lakehouse-app";
import { resourcesOf, synthJson, type TerraformJson } from "../support/terraform-json";

const config = loadConfig(EXAMPLE_CONFIG);
const stacks = addLakehouseStacks(Testing.app(), config).map((stack) => ({
  id: stack.node.id,
  json: synthJson(stack),
}));

/** Resources of `type` in every stack of environment `envId`. */
function resources(envId: string, type: string): Record<string, unknown>[] {
  return stacks
    .filter((s) => s.id === envId || s.id.startsWith(`${envId}-`))
    .flatMap((s: { json: TerraformJson }) => Object.values(resourcesOf(s.json, type)));
}

const SECURABLES = {
  databricks_storage_credential: "storage_credential",
  databricks_external_location: "external_location",
  databricks_credential: "credential",
} as const;

describe.each(config.environments.map((env) => [env.id, env] as const))("%s", (envId, env) => {
  test("every credential and external location is ISOLATED, bound to this workspace and owned by the admins", () => {
    const bindings = resources(envId, "databricks_workspace_binding");
    let count = 0;
    for (const [type, securableType] of Object.entries(SECURABLES)) {
      for (const securable of resources(envId, type)) {
        count++;
        expect({ type, name: securable.name, mode: securable.isolation_mode }).toEqual({
          type,
          name: securable.name,
          mode: "ISOLATION_MODE_ISOLATED",
        });
        expect(securable.owner).toBe("fraud-platform-admins");
        // Bound by reference to the securable's name, so the binding follows it.
        const bound = bindings.filter((b) => b.securable_type === securableType);
        expect(
          bound.every((b) => /^\$\{databricks_[a-z_]+\.\S+\.name\}$/.test(String(b.securable_name))),
        ).toBe(true);
      }
    }
    // One storage credential, five locations, and on AWS the Kinesis service credential.
    expect(count).toBe(env.cloud === "aws" ? 7 : 6);
    const expectedBindings = { catalog: 1, storage_credential: 1, external_location: 5 } as Record<
      string,
      number
    >;
    if (env.cloud === "aws") expectedBindings.credential = 1;
    const byType: Record<string, number> = {};
    for (const b of bindings) byType[String(b.securable_type)] = (byType[String(b.securable_type)] ?? 0) + 1;
    expect(byType).toEqual(expectedBindings);
    // All bindings point at this environment's workspace (a reference, never a literal id).
    expect(new Set(bindings.map((b) => String(b.workspace_id))).size).toBe(1);
  });

  test("pipelines and jobs run as the environment's own service principal outside dev", () => {
    const runAs = [...resources(envId, "databricks_pipeline"), ...resources(envId, "databricks_job")].map(
      (r) => r.run_as,
    );
    expect(runAs.length).toBeGreaterThanOrEqual(3);
    const expected =
      env.stage === "dev" ? undefined : { service_principal_name: env.pipelines?.runAsServicePrincipal };
    expect(runAs).toEqual(runAs.map(() => expected));
  });
});

describe.each(config.environments.map((env) => [env.id, env] as const))(
  "%s least privilege",
  (envId, env) => {
    test("pipelines and jobs: admins manage, engineers run; no CAN_MANAGE for any other group", () => {
      const levels = resources(envId, "databricks_permissions")
        .filter((p) => p.pipeline_id !== undefined || p.job_id !== undefined)
        .map((p) => [p.pipeline_id !== undefined ? "pipeline" : "job", p.access_control]);
      expect(levels).toEqual([
        [
          "pipeline",
          [
            { group_name: "fraud-platform-admins", permission_level: "CAN_MANAGE" },
            { group_name: "fraud-data-engineers", permission_level: "CAN_RUN" },
          ],
        ],
        ...(env.pipelines?.schedule ? [["job", expect.anything()]] : []),
        ["job", expect.anything()],
      ]);
      for (const [kind, acl] of levels.filter(([kind]) => kind === "job")) {
        expect({ kind, acl }).toEqual({
          kind,
          acl: [
            { group_name: "fraud-platform-admins", permission_level: "CAN_MANAGE" },
            { group_name: "fraud-data-engineers", permission_level: "CAN_MANAGE_RUN" },
          ],
        });
      }
    });

    test("the Event Hubs secret is readable by the run-as principal only (none in dev: the owner reads it)", () => {
      const acls = resources(envId, "databricks_secret_acl").map((a) => [a.principal, a.permission]);
      const expected =
        env.cloud === "azure" && env.pipelines?.runAsServicePrincipal
          ? [[env.pipelines.runAsServicePrincipal, "READ"]]
          : [];
      expect(acls).toEqual(expected);
    });
  },
);

describe.each(config.environments.map((env) => [env.id] as const))("%s bronze", (envId) => {
  test("the stream-fed bronze table refuses a full refresh; file-fed bronze tables may be reset", () => {
    const bronze = resources(envId, "databricks_workspace_file")
      .filter((f) => String(f.path).endsWith("/bronze.sql"))
      .map((f) => Buffer.from(String(f.content_base64), "base64").toString("utf8"));
    expect(bronze).toHaveLength(1);
    const tables = bronze[0]!.split(/^(?=CREATE OR REFRESH STREAMING TABLE)/m).slice(1);
    const protectedTables = tables
      .filter((t) => t.includes("'pipelines.reset.allowed' = 'false'"))
      .map((t) => /`bronze`\.`(\w+)`/.exec(t)![1]);
    // transactions comes from Event Hubs (Azure) or Kinesis (AWS); the other tables from landing files.
    expect(protectedTables).toEqual(["transactions"]);
    expect(tables.length).toBeGreaterThan(1);
  });
});

test("no two environments share a run-as principal", () => {
  const principals = config.environments.flatMap((env) =>
    env.pipelines?.runAsServicePrincipal ? [env.pipelines.runAsServicePrincipal] : [],
  );
  expect(principals).toHaveLength(4);
  expect(new Set(principals).size).toBe(4);
});
