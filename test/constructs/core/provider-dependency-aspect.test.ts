import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { SqlEndpoint } from "@cdktf/provider-databricks/lib/sql-endpoint";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { ProviderDependencyAspect } from "../../../constructs/core/provider-dependency-aspect";
import { resourcesOf, synthJson } from "../../support/terraform-json";

describe("ProviderDependencyAspect", () => {
  test("makes only the given provider's resources wait, with bare addresses, keeping their own dependencies", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const workspace = new DatabricksProvider(stack, "workspace", { host: "https://ws.example.com" });
    const account = new DatabricksProvider(stack, "account", {
      alias: "account",
      host: "https://accounts.example.com",
    });
    const endpoint = new Sleep(stack, "PrivateEndpoint", { createDuration: "1s" });
    const earlier = new Sleep(stack, "Earlier", { createDuration: "1s" });
    new SqlEndpoint(stack, "OnWorkspace", {
      provider: workspace,
      name: "w",
      clusterSize: "Small",
      dependsOn: [earlier],
    });
    new SqlEndpoint(stack, "OnAccount", { provider: account, name: "a", clusterSize: "Small" });
    Aspects.of(stack).add(new ProviderDependencyAspect(workspace, [endpoint]));

    const endpoints = resourcesOf(synthJson(stack), "databricks_sql_endpoint");
    expect(endpoints.OnWorkspace!.depends_on).toEqual(["time_sleep.Earlier", "time_sleep.PrivateEndpoint"]);
    expect(endpoints.OnAccount!.depends_on).toBeUndefined();
  });

  test("does not list a dependency the resource already names", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const workspace = new DatabricksProvider(stack, "workspace", { host: "https://ws.example.com" });
    const delay = new Sleep(stack, "Delay", { createDuration: "60s" });
    new SqlEndpoint(stack, "Warehouse", {
      provider: workspace,
      name: "w",
      clusterSize: "Small",
      dependsOn: [delay],
    });
    Aspects.of(stack).add(new ProviderDependencyAspect(workspace, [delay]));
    expect(resourcesOf(synthJson(stack), "databricks_sql_endpoint").Warehouse!.depends_on).toEqual([
      "time_sleep.Delay",
    ]);
  });
});
