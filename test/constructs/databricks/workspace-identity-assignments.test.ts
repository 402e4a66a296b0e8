import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { TerraformStack, Testing } from "cdktf";
import {
  WorkspaceIdentityAssignments,
  type WorkspaceIdentityAssignmentsProps,
} from "../../../constructs/databricks/workspace-identity-assignments";
import { dataOf, resourcesOf, synthJson } from "../../support/terraform-json";

function build(props: Omit<WorkspaceIdentityAssignmentsProps, "accountProvider" | "workspaceId">) {
  const stack = new TerraformStack(Testing.app(), "test");
  const account = new DatabricksProvider(stack, "account", {
    alias: "account",
    host: "https://accounts.azuredatabricks.net",
  });
  const metastoreAssignment = new Sleep(stack, "MetastoreAssignment", { createDuration: "1s" });
  const construct = new WorkspaceIdentityAssignments(stack, "Identities", {
    workspaceId: "1234567890123456",
    accountProvider: account,
    dependsOn: [metastoreAssignment],
    ...props,
  });
  return { json: synthJson(stack), construct };
}

describe("WorkspaceIdentityAssignments", () => {
  test("looks each group up at account level by name and assigns it to the workspace", () => {
    const { json, construct } = build({
      groups: [
        { displayName: "fraud-data-engineers" },
        { displayName: "fraud-platform-admins", permission: "ADMIN" },
      ],
    });
    const groups = dataOf(json, "databricks_group");
    expect(Object.values(groups)).toEqual([
      { provider: "databricks.account", display_name: "fraud-data-engineers", recursive: false },
      { provider: "databricks.account", display_name: "fraud-platform-admins", recursive: false },
    ]);
    const [engineersLookup, adminsLookup] = Object.keys(groups);
    expect(Object.values(resourcesOf(json, "databricks_mws_permission_assignment"))).toEqual([
      {
        provider: "databricks.account",
        workspace_id: "1234567890123456",
        principal_id: `\${data.databricks_group.${engineersLookup}.id}`,
        permissions: ["USER"],
        depends_on: ["time_sleep.MetastoreAssignment"],
      },
      {
        provider: "databricks.account",
        workspace_id: "1234567890123456",
        principal_id: `\${data.databricks_group.${adminsLookup}.id}`,
        permissions: ["ADMIN"],
        depends_on: ["time_sleep.MetastoreAssignment"],
      },
    ]);
    expect(Object.keys(construct.groupAssignments)).toEqual([
      "fraud-data-engineers",
      "fraud-platform-admins",
    ]);
    expect(construct.assignmentIds).toHaveLength(2);
  });

  test("a group named under two roles is assigned once, with the higher permission", () => {
    const { json } = build({
      groups: [
        { displayName: "platform", permission: "USER" },
        { displayName: "platform", permission: "ADMIN" },
        { displayName: "platform" },
      ],
    });
    const assignments = Object.values(resourcesOf(json, "databricks_mws_permission_assignment"));
    expect(assignments.map((a) => a.permissions)).toEqual([["ADMIN"]]);
  });

  test("service principals are looked up by application id and assigned as USER", () => {
    const sp = "5f0c8a7e-1b2c-4d3e-9f10-112233445566";
    const { json, construct } = build({ groups: [], servicePrincipals: [sp, sp] });
    const lookups = dataOf(json, "databricks_service_principal");
    expect(Object.values(lookups)).toEqual([{ provider: "databricks.account", application_id: sp }]);
    expect(Object.values(resourcesOf(json, "databricks_mws_permission_assignment"))).toEqual([
      expect.objectContaining({
        principal_id: `\${data.databricks_service_principal.${Object.keys(lookups)[0]}.id}`,
        permissions: ["USER"],
      }),
    ]);
    expect(Object.keys(construct.servicePrincipalAssignments)).toEqual([sp]);
  });

  test("names that differ only in characters a construct id cannot hold are rejected; empty names too", () => {
    expect(() => build({ groups: [{ displayName: "data eng" }, { displayName: "data_eng" }] })).toThrow(
      "WorkspaceIdentityAssignments: 'data eng' and 'data_eng' map to the same construct id 'Group-data_eng'",
    );
    expect(() => build({ groups: [{ displayName: " " }] })).toThrow(
      "WorkspaceIdentityAssignments: a group display name is empty",
    );
  });
});
