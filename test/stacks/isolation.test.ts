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

test("no two environments share a run-as principal", () => {
  const principals = config.environments.flatMap((env) =>
    env.pipelines?.runAsServicePrincipal ? [env.pipelines.runAsServicePrincipal] : [],
  );
  expect(principals).toHaveLength(4);
  expect(new Set(principals).size).toBe(4);
});
