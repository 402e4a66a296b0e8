/** The data-loss review's findings and which resource types own data. */
import { STATEFUL_RESOURCE_TYPES } from "../../terraform-json/stateful-types";

/**
 * - `destroy`: the resource is deleted (the plan says so, or it left the configuration).
 * - `replace`: the plan destroys and re-creates it.
 * - `likely-replace`: no plan; the provider's rules say this change replaces it.
 * - `protection-downgrade`: nothing is lost yet, but what would save the data is weakened or removed.
 * - `lifecycle-expiry`: a lifecycle rule starts deleting (or archiving) files of a Delta layer.
 */
export type DataLossKind =
  | "destroy"
  | "replace"
  | "likely-replace"
  | "protection-downgrade"
  | "lifecycle-expiry";

export interface DataLossWarning {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly kind: DataLossKind;
  /** The whole finding in one sentence (what happens, why, what is lost). */
  readonly message: string;
  /**
   * What in the change causes it, short: `storage_root "s3://a/" → "s3://b/" (set from aws-prod:
   * aws_s3_bucket.Gold through a cross-stack output)`, `removed from the configuration`, `the plan's
   * action delete (it is no longer in the configuration)`.
   */
  readonly cause: string;
  /** What to do instead, or before applying. */
  readonly remedy: string;
  /** `lifecycle.prevent_destroy` is set: Terraform refuses the apply instead of losing data. */
  readonly preventDestroy: boolean;
  /**
   * Where the finding comes from: the provider source lines behind a predicted replacement
   * (`repo@tag path:lines`), or the plan file and the change it read (`plan.json: <address> …`).
   * Empty when the configuration alone says it (a resource removed, a setting weakened).
   */
  readonly sources: readonly string[];
}

/** What the review saw but does not warn about (moves, imports, forgets). */
export interface DataLossNote {
  readonly stack: string;
  readonly address: string;
  readonly message: string;
}

export interface DataLossReview {
  readonly warnings: readonly DataLossWarning[];
  readonly notes: readonly DataLossNote[];
}

/**
 * Resource types whose deletion or replacement loses data: the stateful types (which also get
 * prevent_destroy) plus objects that own data without being storage. A DLT pipeline owns the tables it
 * publishes: deleting a Unity Catalog pipeline drops its streaming tables and materialized views.
 */
export const DATA_OWNING_TYPES: ReadonlySet<string> = new Set([
  ...STATEFUL_RESOURCE_TYPES,
  "databricks_pipeline",
  "databricks_volume",
]);

/** Why losing a resource of this type loses data, for messages. */
export function lossNote(type: string): string {
  switch (type) {
    case "databricks_pipeline":
      return "the pipeline owns its tables: Unity Catalog drops its streaming tables and materialized views with it";
    case "aws_kms_key":
    case "azurerm_key_vault_key":
      return "data encrypted with the key becomes unreadable";
    case "azurerm_key_vault":
      return "its keys go with it, and data encrypted with them becomes unreadable";
    case "databricks_catalog":
    case "databricks_schema":
      return "managed tables under it are dropped";
    case "databricks_registered_model":
      return "its model versions are deleted";
    case "databricks_mws_workspaces":
    case "azurerm_databricks_workspace":
      return "notebooks, jobs, secrets and workspace files go with it";
    default:
      return "its data is deleted";
  }
}
