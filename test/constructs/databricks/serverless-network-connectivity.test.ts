import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import {
  ServerlessNetworkConnectivity,
  type ServerlessNetworkConnectivityProps,
} from "../../../constructs/databricks/serverless-network-connectivity";
import { onlyResource, resourcesOf, synthJson, unresolvedReferences } from "../../support/terraform-json";

/** A bare stack with an account-level Databricks provider and the NCC on it. */
function nccStack(props: Omit<ServerlessNetworkConnectivityProps, "accountProvider">) {
  const stack = new TerraformStack(Testing.app(), "test");
  const account = new DatabricksProvider(stack, "account", {
    alias: "account",
    host: "https://accounts.azuredatabricks.net",
    accountId: "00000000-0000-0000-0000-000000000000",
  });
  const ncc = new ServerlessNetworkConnectivity(stack, "Ncc", { ...props, accountProvider: account });
  return { stack, ncc };
}

function build(workspaceId: string | number) {
  const { stack, ncc } = nccStack({ name: "lake-dev-ncc", region: "westeurope", workspaceId });
  new TerraformOutput(stack, "subnets", { value: ncc.azureServiceEndpointSubnetIds });
  new TerraformOutput(stack, "cidrs", { value: ncc.awsStableCidrBlocks });
  return synthJson(stack);
}

describe("ServerlessNetworkConnectivity", () => {
  test("creates a regional NCC on the account provider and binds it to the workspace", () => {
    const json = build(1234567890123456);
    expect(onlyResource(json, "databricks_mws_network_connectivity_config")).toEqual({
      name: "lake-dev-ncc",
      region: "westeurope",
      provider: "databricks.account",
    });
    expect(onlyResource(json, "databricks_mws_ncc_binding")).toEqual({
      network_connectivity_config_id: expect.stringMatching(
        /^\$\{databricks_mws_network_connectivity_config\.Ncc_Config_\w+\.network_connectivity_config_id\}$/,
      ),
      workspace_id: 1234567890123456,
      provider: "databricks.account",
    });
    expect(unresolvedReferences(json)).toEqual([]);
  });

  test("accepts a workspace id token and exposes the serverless egress identities", () => {
    const json = build("${azurerm_databricks_workspace.ws.workspace_id}");
    expect(onlyResource(json, "databricks_mws_ncc_binding").workspace_id).toBe(
      "${azurerm_databricks_workspace.ws.workspace_id}",
    );
    expect(json.output?.subnets?.value).toMatch(
      /egress_config\[0\]\.default_rules\[0\]\.azure_service_endpoint_rule\[0\]\.subnets\}$/,
    );
    expect(json.output?.cidrs?.value).toMatch(
      /egress_config\[0\]\.default_rules\[0\]\.aws_stable_ip_rule\[0\]\.cidr_blocks\}$/,
    );
  });

  test("private endpoint rules: one per group id, on the account provider, by prop or added later", () => {
    const { stack, ncc } = nccStack({
      name: "lake-prod-ncc",
      region: "westeurope",
      workspaceId: 1,
      privateEndpointRules: { vault: { resourceId: "/vaults/kv", groupIds: ["vault"] } },
    });
    ncc.addPrivateEndpointRules("storage", "/storageAccounts/lake", ["blob", "dfs", "blob"]);
    const json = synthJson(stack);
    const rules = resourcesOf(json, "databricks_mws_ncc_private_endpoint_rule");
    // Synthesized by logical id.
    expect(Object.keys(rules).map((id) => id.replace(/_[0-9A-F]{8}$/, ""))).toEqual([
      "Ncc_StorageBlobPrivateEndpointRule",
      "Ncc_StorageDfsPrivateEndpointRule",
      "Ncc_VaultVaultPrivateEndpointRule",
    ]);
    const nccId = "${databricks_mws_network_connectivity_config.Ncc_Config_";
    expect(Object.values(rules).map((r) => [r.resource_id, r.group_id, r.provider])).toEqual([
      ["/storageAccounts/lake", "blob", "databricks.account"],
      ["/storageAccounts/lake", "dfs", "databricks.account"],
      ["/vaults/kv", "vault", "databricks.account"],
    ]);
    for (const rule of Object.values(rules)) {
      expect(String(rule.network_connectivity_config_id).startsWith(nccId)).toBe(true);
    }
    expect(ncc.privateEndpointRules).toHaveLength(3);
  });
});
