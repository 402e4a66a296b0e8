/**
 * What the split into deploy layers must guarantee for every example environment, whatever the
 * snapshots say: nothing inside the workspace is configured by the apply that creates it; every group
 * an ACL names is assigned to the workspace first; the workspace layer waits for the assignments.
 */
import { Testing } from "cdktf";
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import { addLakehouseLayers } from "../../stacks/lakehouse-app";
import { prepareStacks } from "../support/layers";
import { dataOf, resourcesOf, synthJson, type TerraformJson } from "../support/terraform-json";

const config = loadConfig(EXAMPLE_CONFIG);
const layers = addLakehouseLayers(Testing.app(), config);
prepareStacks(layers.flatMap((l) => [l.environment, l.workspace]));
const built = layers.map((l) => ({
  env: config.environments.find((e) => e.id === l.environment.node.id)!,
  environment: synthJson(l.environment),
  workspace: synthJson(l.workspace),
  workspaceDependencies: l.workspace.dependencies.map((d) => d.node.id),
}));

/** Workspace-level ACL resource types: they name principals that must exist in the workspace. */
const ACL_TYPES = ["databricks_permissions", "databricks_secret_acl", "databricks_grants"];
/** Built-in principals that need no assignment. */
const BUILT_IN = new Set(["account users", "users", "admins"]);

/** The group (or other principal) names an ACL resource grants to. */
function principals(type: string, body: Record<string, unknown>): string[] {
  if (type === "databricks_permissions") {
    return (body.access_control as { group_name?: string; service_principal_name?: string }[]).map(
      (entry) => entry.group_name ?? entry.service_principal_name!,
    );
  }
  if (type === "databricks_secret_acl") return [body.principal as string];
  return (body.grant as { principal: string }[]).map((entry) => entry.principal);
}

function aclsOf(doc: TerraformJson): [string, Record<string, unknown>][] {
  return ACL_TYPES.flatMap((type) =>
    Object.entries(resourcesOf(doc, type)).map(([id, body]): [string, Record<string, unknown>] => [
      `${type}.${id}`,
      body,
    ]),
  );
}

describe.each(built.map((b) => [b.env.id, b] as const))(
  "%s",
  (id, { env, environment, workspace, workspaceDependencies }) => {
    test("each configured group is looked up at account level and assigned to the workspace (admins as ADMIN)", () => {
      const lookups = dataOf(environment, "databricks_group");
      const assignments = Object.values(resourcesOf(environment, "databricks_mws_permission_assignment"));
      const spLookups = dataOf(environment, "databricks_service_principal");
      const byGroup = Object.fromEntries(
        assignments.flatMap((assignment) => {
          const lookupId = /data\.databricks_group\.([\w-]+)\.id/.exec(String(assignment.principal_id))?.[1];
          return lookupId ? [[lookups[lookupId]!.display_name as string, assignment.permissions]] : [];
        }),
      );
      // The pipelines' run-as service principal (outside dev) is assigned as USER.
      const bySp = Object.fromEntries(
        assignments.flatMap((assignment) => {
          const lookupId = /data\.databricks_service_principal\.([\w-]+)\./.exec(
            String(assignment.principal_id),
          )?.[1];
          return lookupId ? [[spLookups[lookupId]!.application_id as string, assignment.permissions]] : [];
        }),
      );
      const runAs = env.pipelines?.runAsServicePrincipal;
      expect(bySp).toEqual(runAs ? { [runAs]: ["USER"] } : {});
      expect(byGroup).toEqual({
        "fraud-platform-admins": ["ADMIN"],
        "fraud-data-engineers": ["USER"],
        "fraud-analysts": ["USER"],
        "fraud-data-scientists": ["USER"],
        "fraud-ml-serving": ["USER"],
      });
      for (const assignment of assignments) {
        expect(assignment).toMatchObject({
          provider: "databricks.account",
          depends_on: [expect.stringMatching(/^databricks_metastore_assignment\./)],
        });
      }
      expect(Object.keys(env.databricks.groups).sort()).toEqual(
        ["admins", "analysts", "dataScientists", "engineers", "mlServing"].sort(),
      );
    });

    test("no ACL is in the environment layer; every ACL names only groups assigned there", () => {
      expect(aclsOf(environment)).toEqual([]);
      const assigned = new Set([
        ...Object.values(dataOf(environment, "databricks_group")).map((g) => g.display_name),
        ...Object.values(dataOf(environment, "databricks_service_principal")).map((sp) => sp.application_id),
      ]);
      const acls = aclsOf(workspace);
      expect(acls.length).toBeGreaterThan(10);
      for (const [address, body] of acls) {
        const unassigned = principals(address.split(".")[0]!, body).filter(
          (p) => !assigned.has(p) && !BUILT_IN.has(p),
        );
        expect({ address, unassigned }).toEqual({ address, unassigned: [] });
      }
    });

    test("every ACL waits for a delay that the group assignments trigger, in a stack deployed after them", () => {
      expect(workspaceDependencies).toEqual([id]);
      const sleeps = resourcesOf(workspace, "time_sleep");
      const [delayId, delay] = Object.entries(sleeps).find(([key]) =>
        key.startsWith("AccountAssignmentsPropagation"),
      )!;
      expect(delay.create_duration).toBe("60s");
      const triggers = delay.triggers as Record<string, string>;
      expect(Object.keys(triggers).sort()).toEqual(
        [
          "metastore",
          ...[...new Set(Object.values(env.databricks.groups))].map((group) => `group:${group}`),
          ...(env.pipelines?.runAsServicePrincipal
            ? [`service-principal:${env.pipelines.runAsServicePrincipal}`]
            : []),
        ].sort(),
      );
      for (const [key, value] of Object.entries(triggers)) {
        const type =
          key === "metastore" ? "databricks_metastore_assignment" : "databricks_mws_permission_assignment";
        expect(value).toMatch(
          new RegExp(
            `^\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-${id}\\.outputs\\.cross-stack-output-${type}\\w`,
          ),
        );
      }
      for (const [address, body] of aclsOf(workspace)) {
        expect({ address, dependsOn: body.depends_on }).toEqual({
          address,
          dependsOn: expect.arrayContaining([`time_sleep.${delayId}`]),
        });
      }
    });

    test("every workspace-level resource is in the workspace layer and waits for the delay", () => {
      for (const [type, byId] of Object.entries(environment.resource ?? {})) {
        if (!type.startsWith("databricks_")) continue;
        for (const body of Object.values(byId)) {
          expect({ type, provider: body.provider }).toEqual({ type, provider: "databricks.account" });
        }
      }
      expect(environment.provider?.databricks).toEqual([expect.objectContaining({ alias: "account" })]);
      const delay = Object.keys(resourcesOf(workspace, "time_sleep")).find((key) =>
        key.startsWith("AccountAssignmentsPropagation"),
      )!;
      for (const [type, byId] of Object.entries(workspace.resource ?? {})) {
        if (!type.startsWith("databricks_")) continue;
        for (const [logicalId, body] of Object.entries(byId)) {
          expect({ address: `${type}.${logicalId}`, provider: body.provider }).toEqual({
            address: `${type}.${logicalId}`,
            provider: "databricks",
          });
          expect(body.depends_on).toEqual(expect.arrayContaining([`time_sleep.${delay}`]));
        }
      }
      expect(workspace.provider?.databricks).toHaveLength(1);
      expect(workspace.resource?.azurerm_databricks_workspace).toBeUndefined();
      expect(workspace.resource?.databricks_mws_workspaces).toBeUndefined();
    });
  },
);

test("the run-as service principal is assigned to the workspace, and the layer waits for it", () => {
  const sp = "5f0c8a7e-1b2c-4d3e-9f10-112233445566";
  const input = structuredClone(EXAMPLE_CONFIG);
  const staging = input.environments.find((e) => e.cloud === "aws" && e.name === "staging")!;
  staging.pipelines!.runAsServicePrincipal = sp;
  const [pair] = addLakehouseLayers(Testing.app(), {
    ...loadConfig(input),
    environments: loadConfig(input).environments.filter((e) => e.id === "aws-staging"),
  });
  prepareStacks([pair!.environment, pair!.workspace]);
  const environment = synthJson(pair!.environment);
  const lookups = dataOf(environment, "databricks_service_principal");
  expect(Object.values(lookups)).toEqual([{ provider: "databricks.account", application_id: sp }]);
  const assignment = Object.values(resourcesOf(environment, "databricks_mws_permission_assignment")).find(
    (a) => String(a.principal_id).includes("databricks_service_principal"),
  );
  expect(assignment).toMatchObject({ permissions: ["USER"] });
  const delay = Object.values(resourcesOf(synthJson(pair!.workspace), "time_sleep")).find(
    (s) => (s.triggers as Record<string, string> | undefined)?.metastore !== undefined,
  )!;
  expect(Object.keys(delay.triggers as Record<string, string>)).toContain(`service-principal:${sp}`);
});

describe("ordering and propagation in the example stacks", () => {
  const azureProd = built.find((b) => b.env.id === "azure-prod")!.environment;

  test("azure-prod creates browser_authentication after databricks_ui_api", () => {
    const endpoints = resourcesOf(azureProd, "azurerm_private_endpoint");
    const idOf = (subresource: string) =>
      Object.entries(endpoints).find(
        ([, e]) =>
          (e.private_service_connection as { subresource_names: string[] }).subresource_names[0] ===
          subresource,
      )![0];
    expect(endpoints[idOf("browser_authentication")]!.depends_on).toEqual([
      `azurerm_private_endpoint.${idOf("databricks_ui_api")}`,
    ]);
  });

  test("azure-prod's workspace waits 60 s after the managed-services key grant; the disk grant gets 60 s too", () => {
    const sleeps = resourcesOf(azureProd, "time_sleep");
    const workspace = Object.values(resourcesOf(azureProd, "azurerm_databricks_workspace"))[0]!;
    const servicesDelay = Object.keys(sleeps).find((id) =>
      id.startsWith("Workspace_ManagedServicesKeyGrantPropagation"),
    )!;
    expect(workspace.depends_on).toContain(`time_sleep.${servicesDelay}`);
    expect(sleeps[servicesDelay]).toEqual({
      create_duration: "60s",
      depends_on: [expect.stringMatching(/^azurerm_role_assignment\.Workspace_ManagedServicesKeyGrant_\w+$/)],
    });
    const diskDelay = Object.entries(sleeps).find(([id]) =>
      id.startsWith("Workspace_ManagedDiskKeyGrantPropagation"),
    )!;
    expect(diskDelay[1]).toEqual({
      create_duration: "60s",
      depends_on: [expect.stringMatching(/^azurerm_role_assignment\.Workspace_ManagedDiskKeyGrant_\w+$/)],
    });
  });

  test("every delay in every stack waits 60 s (IAM roles for Unity Catalog and the cross-account role included)", () => {
    for (const { environment, workspace } of built) {
      for (const doc of [environment, workspace]) {
        for (const [id, sleep] of Object.entries(resourcesOf(doc, "time_sleep"))) {
          expect({ id, duration: sleep.create_duration }).toEqual({ id, duration: "60s" });
        }
      }
    }
    const awsWorkspace = built.find((b) => b.env.id === "aws-prod")!.workspace;
    const ucDelay = Object.entries(resourcesOf(awsWorkspace, "time_sleep")).find(([id]) =>
      id.startsWith("UnityCatalogRole_Propagation"),
    )!;
    expect(ucDelay[1].depends_on).toEqual([
      expect.stringMatching(/^aws_iam_role\.UnityCatalogRole_\w+$/),
      expect.stringMatching(/^aws_iam_role_policy\.UnityCatalogRole_Policy_\w+$/),
    ]);
  });
});
