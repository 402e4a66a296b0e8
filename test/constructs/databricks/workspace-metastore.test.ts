import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { RegionalMetastore } from "../../../constructs/databricks/regional-metastore";
import {
  WorkspaceMetastore,
  type WorkspaceMetastoreProps,
} from "../../../constructs/databricks/workspace-metastore";
import { dataOf, onlyResource, resourcesOf, synthJson } from "../../support/terraform-json";

function stackWithAccount() {
  const stack = new TerraformStack(Testing.app(), "test");
  const accounts = new DatabricksProvider(stack, "accounts", {
    alias: "accounts",
    host: "https://accounts.cloud.databricks.com",
  });
  return { stack, accounts };
}

function build(props: Omit<WorkspaceMetastoreProps, "accountProvider">) {
  const { stack, accounts } = stackWithAccount();
  const construct = new WorkspaceMetastore(stack, "Metastore", { ...props, accountProvider: accounts });
  return { json: synthJson(stack), construct };
}

describe("WorkspaceMetastore", () => {
  test("region: the region's metastore is looked up and assigned, both with the account provider", () => {
    const { json } = build({
      metastore: { mode: "region", region: "westeurope" },
      workspaceId: "1234567890123456",
    });
    expect(resourcesOf(json, "databricks_metastore")).toEqual({});
    const lookups = dataOf(json, "databricks_metastore");
    expect(Object.values(lookups)).toEqual([{ provider: "databricks.accounts", region: "westeurope" }]);
    expect(onlyResource(json, "databricks_metastore_assignment")).toEqual({
      provider: "databricks.accounts",
      metastore_id: `\${data.databricks_metastore.${Object.keys(lookups)[0]}.metastore_id}`,
      workspace_id: "1234567890123456",
    });
  });

  test("existing: no lookup, the id is assigned as given", () => {
    const { json, construct } = build({
      metastore: { mode: "existing", metastoreId: "11111111-2222-3333-4444-555555555555" },
      workspaceId: 42,
    });
    expect(dataOf(json, "databricks_metastore")).toEqual({});
    expect(onlyResource(json, "databricks_metastore_assignment")).toMatchObject({
      metastore_id: "11111111-2222-3333-4444-555555555555",
      workspace_id: 42,
    });
    expect(construct.metastoreId).toBe("11111111-2222-3333-4444-555555555555");
    expect(construct.lookup).toBeUndefined();
  });

  test("a token workspace id is passed through; a non-numeric literal is rejected", () => {
    const { stack, accounts } = stackWithAccount();
    const workspaceId = new TerraformVariable(stack, "workspace_id", { type: "string" });
    new WorkspaceMetastore(stack, "Metastore", {
      metastore: { mode: "region", region: "us-east-1" },
      workspaceId: workspaceId.stringValue,
      accountProvider: accounts,
    });
    expect(onlyResource(synthJson(stack), "databricks_metastore_assignment").workspace_id).toBe(
      "${var.workspace_id}",
    );
    expect(() =>
      build({ metastore: { mode: "region", region: "us-east-1" }, workspaceId: "adb-1.2" }),
    ).toThrow("WorkspaceMetastore: workspaceId 'adb-1.2' is not a numeric workspace id");
  });
});

describe("RegionalMetastore", () => {
  test("an account-level metastore without root storage that never deletes its catalogs", () => {
    const { stack, accounts } = stackWithAccount();
    const metastore = new RegionalMetastore(stack, "Metastore", {
      name: "frdlh-westeurope",
      region: "westeurope",
      accountProvider: accounts,
    });
    new TerraformOutput(stack, "metastore_id", { value: metastore.metastoreId });
    const json = synthJson(stack);
    expect(onlyResource(json, "databricks_metastore")).toEqual({
      provider: "databricks.accounts",
      name: "frdlh-westeurope",
      region: "westeurope",
      force_destroy: false,
    });
    expect(json.output?.metastore_id?.value).toMatch(/^\$\{databricks_metastore\.Metastore_\w+\.id\}$/);
  });
});
