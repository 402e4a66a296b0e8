import { DatabricksAccessConnector } from "@cdktf/provider-azurerm/lib/databricks-access-connector";
import { Construct } from "constructs";
import { layerTags } from "../../vocabulary/tags";
import type { AzureResourcePlacement } from "./azure-resource-placement";

/** Props of {@link UnityCatalogAccessConnector}. */
export interface UnityCatalogAccessConnectorProps extends AzureResourcePlacement {
  /** Connector name, unique in the resource group, e.g. `frdlh-prod-uc-connector`. */
  readonly name: string;
}

/**
 * The Azure Databricks access connector: the managed identity a Unity Catalog storage credential uses
 * to reach ADLS. Separate from the workspace so the storage account can grant it access (role and
 * resource-instance firewall rule) before any workspace exists, without a construction cycle.
 *
 * @example
 * // `rg` is the environment's ResourceGroup.
 * new UnityCatalogAccessConnector(this, "UnityCatalogAccessConnector", {
 *   name: "frdlh-prod-uc-connector",
 *   resourceGroupName: rg.name,
 *   location: rg.location,
 * });
 */
export class UnityCatalogAccessConnector extends Construct {
  readonly connector: DatabricksAccessConnector;
  /** Resource id, for the storage credential and the storage firewall's resource access rule. */
  readonly connectorId: string;
  /** Object id of the system-assigned identity, for role assignments. */
  readonly principalId: string;

  constructor(scope: Construct, id: string, props: UnityCatalogAccessConnectorProps) {
    super(scope, id);
    const { name, resourceGroupName, location } = props;
    this.connector = new DatabricksAccessConnector(this, "Connector", {
      name,
      resourceGroupName,
      location,
      // System-assigned: its lifetime is the connector's, and no other resource can borrow it.
      identity: { type: "SystemAssigned" },
      tags: layerTags("platform"),
    });
    this.connectorId = this.connector.id;
    this.principalId = this.connector.identity.principalId;
  }
}
