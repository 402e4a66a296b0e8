/** Where an Azure construct puts its resources: one resource group, one region. */
export interface AzureResourcePlacement {
  /** Resource group of the resources (the environment's), e.g. `frdlh-prod-rg`. */
  readonly resourceGroupName: string;
  /** Azure region of the resources, e.g. `westeurope`. */
  readonly location: string;
}
