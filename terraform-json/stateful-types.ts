/** The resource types whose loss is data loss: one list for the prevent-destroy aspect, the guardrails and the plan review. */

/**
 * Terraform resource types whose destruction loses data (or makes it unreadable: a deleted key
 * leaves everything encrypted with it unreadable). Shared with the plan review's data-loss guard.
 */
export const STATEFUL_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  "aws_s3_bucket",
  "aws_kms_key",
  "aws_kinesis_stream",
  "azurerm_resource_group",
  "azurerm_storage_account",
  "azurerm_storage_container",
  "azurerm_key_vault",
  "azurerm_key_vault_key",
  "azurerm_eventhub_namespace",
  "azurerm_eventhub",
  // Workspaces hold notebooks, jobs and secrets; Unity Catalog objects hold table metadata, grants and
  // model versions (dropping a managed table's schema or catalog deletes its data).
  "azurerm_databricks_workspace",
  "databricks_mws_workspaces",
  "databricks_metastore",
  "databricks_catalog",
  "databricks_schema",
  "databricks_registered_model",
]);
