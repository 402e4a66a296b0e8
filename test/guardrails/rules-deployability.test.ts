import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { DatabricksWorkspace } from "@cdktf/provider-azurerm/lib/databricks-workspace";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Credential } from "@cdktf/provider-databricks/lib/credential";
import { Grants } from "@cdktf/provider-databricks/lib/grants";
import { MetastoreAssignment } from "@cdktf/provider-databricks/lib/metastore-assignment";
import { MwsPermissionAssignment } from "@cdktf/provider-databricks/lib/mws-permission-assignment";
import { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { SecretAcl } from "@cdktf/provider-databricks/lib/secret-acl";
import { StorageCredential } from "@cdktf/provider-databricks/lib/storage-credential";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { TerraformVariable, type ITerraformDependable, type TerraformStack } from "cdktf";
import { durationSeconds } from "../../guardrails/rules/deployability";
import { evaluate, guardrailStack, outcome } from "./guardrails-helpers";

function azureWorkspace(
  stack: TerraformStack,
  publicAccess: boolean,
  extra: { dependsOn?: ITerraformDependable[]; cmk?: string } = {},
) {
  return new DatabricksWorkspace(stack, "Workspace", {
    name: "dbw",
    resourceGroupName: "rg",
    location: "westeurope",
    sku: "premium",
    publicNetworkAccessEnabled: publicAccess,
    customParameters: { noPublicIp: true },
    managedServicesCmkKeyVaultKeyId: extra.cmk,
    dependsOn: extra.dependsOn,
  });
}

describe("LH-DEP-001 private-only workspaces are configured by a later layer", () => {
  test("fails when the stack that creates a private-only workspace also configures a provider on it", () => {
    const stack = guardrailStack();
    const workspace = azureWorkspace(stack, false);
    new DatabricksProvider(stack, "inside", {
      alias: "workspace",
      host: `https://${workspace.workspaceUrl}`,
    });
    expect(outcome(evaluate(stack), "LH-DEP-001")).toMatchObject({
      failed: 1,
      messages: [
        "this stack configures a databricks provider on the workspace it creates (databricks.workspace)",
      ],
    });
  });

  test("passes when only account-level providers are in that stack; skips public workspaces", () => {
    const stack = guardrailStack();
    azureWorkspace(stack, false);
    expect(outcome(evaluate(stack), "LH-DEP-001")).toMatchObject({ passed: 1, failed: 0 });
    const open = guardrailStack();
    const workspace = azureWorkspace(open, true);
    new DatabricksProvider(open, "inside", { alias: "workspace", host: `https://${workspace.workspaceUrl}` });
    expect(outcome(evaluate(open), "LH-DEP-001")).toMatchObject({ skipped: 1, failed: 0 });
  });
});

describe("LH-DEP-002 ACLs wait for their groups' assignment", () => {
  function acls(stack: TerraformStack, dependsOn?: ITerraformDependable[]) {
    new Permissions(stack, "Warehouse", {
      sqlEndpointId: "wh",
      accessControl: [{ groupName: "fraud-analysts", permissionLevel: "CAN_USE" }],
      dependsOn,
    });
    new SecretAcl(stack, "SecretReader", {
      scope: "s",
      principal: "fraud-data-engineers",
      permission: "READ",
      dependsOn,
    });
    new Grants(stack, "Catalog", {
      catalog: "c",
      grant: [
        { principal: "fraud-analysts", privileges: ["USE_CATALOG"] },
        { principal: "account users", privileges: ["BROWSE"] },
      ],
      dependsOn,
    });
  }

  test("fails for every ACL naming a group without waiting", () => {
    const stack = guardrailStack();
    acls(stack);
    const result = outcome(evaluate(stack), "LH-DEP-002");
    expect(result.failed).toBe(3);
    expect(result.messages).toContain(
      "names fraud-analysts without waiting for their assignment to the workspace",
    );
  });

  test("passes after an assignment in the stack, or a delay triggered by one from another stack", () => {
    const direct = guardrailStack();
    const assignment = new MwsPermissionAssignment(direct, "Assignment", {
      workspaceId: 1,
      principalId: 2,
      permissions: ["USER"],
    });
    acls(direct, [assignment]);
    expect(outcome(evaluate(direct), "LH-DEP-002")).toMatchObject({ passed: 3, failed: 0 });

    const layered = guardrailStack();
    const delay = new Sleep(layered, "Delay", {
      createDuration: "60s",
      triggers: {
        "group:fraud-analysts":
          "${data.terraform_remote_state.env.outputs.cross-stack-output-databricks_mws_permission_assignmentGroupid}",
      },
    });
    acls(layered, [delay]);
    expect(outcome(evaluate(layered), "LH-DEP-002")).toMatchObject({ passed: 3, failed: 0 });
  });

  test("skips ACLs that name only built-in principals or users", () => {
    const stack = guardrailStack();
    new Grants(stack, "Catalog", {
      catalog: "c",
      grant: [
        { principal: "account users", privileges: ["BROWSE"] },
        { principal: "someone@example.com", privileges: ["USE_CATALOG"] },
      ],
    });
    expect(outcome(evaluate(stack), "LH-DEP-002")).toMatchObject({ skipped: 1, failed: 0 });
  });
});

describe("LH-DEP-003 credentials wait a minute after the metastore assignment", () => {
  test("a direct dependency is not enough; a 60 s delay after the assignment is", () => {
    const stack = guardrailStack();
    const assignment = new MetastoreAssignment(stack, "Assignment", { metastoreId: "m", workspaceId: 1 });
    new StorageCredential(stack, "Direct", {
      name: "direct",
      azureManagedIdentity: { accessConnectorId: "/ac" },
      dependsOn: [assignment],
    });
    const short = new Sleep(stack, "Short", { createDuration: "20s", dependsOn: [assignment] });
    new Credential(stack, "AfterShort", { name: "short", purpose: "SERVICE", dependsOn: [short] });
    const delay = new Sleep(stack, "Delay", { createDuration: "1m", dependsOn: [assignment] });
    new Credential(stack, "AfterDelay", { name: "ok", purpose: "SERVICE", dependsOn: [delay] });
    const result = outcome(evaluate(stack), "LH-DEP-003");
    expect(result).toMatchObject({ passed: 1, failed: 2 });
    expect(result.addresses.sort()).toEqual([
      "databricks_credential.AfterShort",
      "databricks_storage_credential.Direct",
    ]);
  });
});

describe("LH-DEP-004 browser_authentication after databricks_ui_api", () => {
  function endpoints(ordered: boolean) {
    const stack = guardrailStack();
    const workspace = azureWorkspace(stack, false);
    const endpoint = (id: string, subresource: string, dependsOn?: ITerraformDependable[]) =>
      new PrivateEndpoint(stack, id, {
        name: id,
        resourceGroupName: "rg",
        location: "westeurope",
        subnetId: "/subnet",
        privateServiceConnection: {
          name: id,
          privateConnectionResourceId: workspace.id,
          subresourceNames: [subresource],
          isManualConnection: false,
        },
        dependsOn,
      });
    const uiApi = endpoint("UiApi", "databricks_ui_api");
    endpoint("BrowserAuth", "browser_authentication", ordered ? [uiApi] : undefined);
    return outcome(evaluate(stack), "LH-DEP-004");
  }

  test("fails when both are created at once, passes when ordered", () => {
    expect(endpoints(false)).toMatchObject({ failed: 1, messages: ["does not depend on t/UiApi"] });
    expect(endpoints(true)).toMatchObject({ passed: 1, failed: 0, skipped: 1 });
  });
});

describe("LH-DEP-005 the workspace waits after its managed-services key grant", () => {
  function workspaceWithGrant(delayed: boolean) {
    const stack = guardrailStack();
    const objectId = new TerraformVariable(stack, "azure_databricks_object_id", { type: "string" });
    const grant = new RoleAssignment(stack, "ServicesGrant", {
      scope: "/key",
      roleDefinitionName: "Key Vault Crypto Service Encryption User",
      principalId: objectId.stringValue,
    });
    const delay = new Sleep(stack, "GrantPropagation", { createDuration: "60s", dependsOn: [grant] });
    azureWorkspace(stack, false, { cmk: "/key/v1", dependsOn: delayed ? [grant, delay] : [grant] });
    return outcome(evaluate(stack), "LH-DEP-005");
  }

  test("fails with the grant alone, passes with a 60 s delay after it", () => {
    expect(workspaceWithGrant(false)).toMatchObject({
      failed: 1,
      messages: ["no 60 s delay after t/ServicesGrant"],
    });
    expect(workspaceWithGrant(true)).toMatchObject({ passed: 1, failed: 0 });
  });
});

describe("LH-DEP-006 identity propagation delays last a minute", () => {
  test("a 20 s wait after an IAM role fails; waits after nothing identity-related are skipped", () => {
    const stack = guardrailStack();
    const role = new IamRole(stack, "Role", { name: "r", assumeRolePolicy: "{}" });
    new Sleep(stack, "Short", { createDuration: "20s", dependsOn: [role] });
    new Sleep(stack, "Long", { createDuration: "1m30s", dependsOn: [role] });
    new Sleep(stack, "Unrelated", { createDuration: "5s" });
    expect(outcome(evaluate(stack), "LH-DEP-006")).toMatchObject({
      passed: 1,
      failed: 1,
      skipped: 1,
      messages: ["waits 20 s"],
    });
  });

  test("durations are read as Go durations", () => {
    expect(durationSeconds("60s")).toBe(60);
    expect(durationSeconds("1m30s")).toBe(90);
    expect(durationSeconds("1h")).toBe(3600);
    expect(durationSeconds("500ms")).toBe(0.5);
    expect(durationSeconds("${var.d}")).toBeUndefined();
  });
});
