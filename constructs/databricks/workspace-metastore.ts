import { DataDatabricksMetastore } from "@cdktf/provider-databricks/lib/data-databricks-metastore";
import { MetastoreAssignment } from "@cdktf/provider-databricks/lib/metastore-assignment";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { toWorkspaceId } from "./workspace-id";

/** Which metastore a workspace is assigned to. Creating one is {@link RegionalMetastore}'s job. */
export type WorkspaceMetastoreSource =
  /**
   * The account's metastore of the region, looked up at plan time. Accounts with automatic Unity
   * Catalog enablement already have one per region. The lookup fails when the region has none or
   * several (provider v1.99.0 `catalog/data_metastore.go`: "a metastore with name '' or in region
   * '…' is not found" / "there are N metastores …").
   */
  | { readonly mode: "region"; readonly region: string }
  /** A metastore by id: a literal UUID, or a token (e.g. the id a metastore stack outputs). */
  | { readonly mode: "existing"; readonly metastoreId: string };

/** Props of {@link WorkspaceMetastore}. */
export interface WorkspaceMetastoreProps {
  /** The metastore to assign. */
  readonly metastore: WorkspaceMetastoreSource;
  /** Numeric workspace id (literal or token, e.g. `azurerm_databricks_workspace.workspace_id`). */
  readonly workspaceId: string | number;
  /** Account-level provider: the metastore lookup and the assignment are account APIs. */
  readonly accountProvider: TerraformProvider;
}

/**
 * Assigns the region's Unity Catalog metastore to one workspace, at account level. A workspace without
 * a metastore cannot create Unity Catalog objects, and is not identity-federated, so account groups
 * cannot be assigned to it before this.
 *
 * @example
 * // `workspace` is the environment's workspace construct, `accountProvider` the account-level provider.
 * const metastore = new WorkspaceMetastore(this, "Metastore", {
 *   metastore: { mode: "region", region: "westeurope" },
 *   workspaceId: workspace.workspaceId,
 *   accountProvider,
 * });
 */
export class WorkspaceMetastore extends Construct {
  /** The metastore id (a token unless `existing` with a literal). */
  readonly metastoreId: string;
  readonly assignment: MetastoreAssignment;
  /** The lookup, in `region` mode. */
  readonly lookup?: DataDatabricksMetastore;

  constructor(scope: Construct, id: string, props: WorkspaceMetastoreProps) {
    super(scope, id);
    if (props.metastore.mode === "region") {
      this.lookup = new DataDatabricksMetastore(this, "RegionMetastore", {
        provider: props.accountProvider,
        region: props.metastore.region,
      });
      this.metastoreId = this.lookup.metastoreId;
    } else {
      this.metastoreId = props.metastore.metastoreId;
    }
    this.assignment = new MetastoreAssignment(this, "Assignment", {
      provider: props.accountProvider,
      metastoreId: this.metastoreId,
      workspaceId: toWorkspaceId(props.workspaceId, "WorkspaceMetastore"),
    });
  }
}
