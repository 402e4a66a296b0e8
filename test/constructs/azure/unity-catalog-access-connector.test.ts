import { TerraformOutput } from "cdktf";
import { UnityCatalogAccessConnector } from "../../../constructs/azure/unity-catalog-access-connector";
import { azureTestStack } from "../../support/stacks";
import { onlyResource, synthJson } from "../../support/terraform-json";

describe("UnityCatalogAccessConnector", () => {
  test("is an access connector with a system-assigned identity, exposing its id and principal", () => {
    const stack = azureTestStack();
    const connector = new UnityCatalogAccessConnector(stack, "Uc", {
      name: "lake-dev-uc",
      resourceGroupName: "rg-lake-dev",
      location: "westeurope",
    });
    new TerraformOutput(stack, "id", { value: connector.connectorId });
    new TerraformOutput(stack, "principal", { value: connector.principalId });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_databricks_access_connector")).toEqual({
      name: "lake-dev-uc",
      resource_group_name: "rg-lake-dev",
      location: "westeurope",
      identity: { type: "SystemAssigned" },
      tags: { layer: "platform" },
    });
    const logicalId = stack.getLogicalId(connector.connector);
    expect(json.output?.id?.value).toBe(`\${azurerm_databricks_access_connector.${logicalId}.id}`);
    expect(json.output?.principal?.value).toBe(
      `\${azurerm_databricks_access_connector.${logicalId}.identity[0].principal_id}`,
    );
  });
});
