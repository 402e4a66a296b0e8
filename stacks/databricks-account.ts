import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TerraformVariable, type TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import type { ResolvedEnvironment } from "../config";
import { WorkspaceIdentityAssignments } from "../constructs/databricks/workspace-identity-assignments";
import {
  WorkspaceMetastore,
  type WorkspaceMetastoreSource,
} from "../constructs/databricks/workspace-metastore";

/** Account console host per cloud: account-level APIs (metastores, workspaces on AWS) live there. */
const ACCOUNT_HOSTS = {
  azure: "https://accounts.azuredatabricks.net",
  aws: "https://accounts.cloud.databricks.com",
} as const;

/**
 * The `databricks_account_id` variable and an account-level provider. Credentials come from the
 * environment at deploy time (Azure: the signed-in identity; AWS: DATABRICKS_CLIENT_ID/SECRET OAuth),
 * so nothing secret is in the synthesized output.
 */
export function addDatabricksAccountProvider(
  scope: Construct,
  cloud: "azure" | "aws",
): { readonly provider: DatabricksProvider; readonly accountId: string } {
  const accountId = new TerraformVariable(scope, "databricks_account_id", {
    type: "string",
    description: "Databricks account id (a UUID, shown in the account console).",
    validation: [
      {
        condition:
          '${can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.databricks_account_id))}',
        errorMessage: "databricks_account_id must be the account's UUID (lowercase, with hyphens).",
      },
    ],
  });
  const provider = new DatabricksProvider(scope, "DatabricksAccount", {
    alias: "account",
    host: ACCOUNT_HOSTS[cloud],
    accountId: accountId.stringValue,
  });
  return { provider, accountId: accountId.stringValue };
}

/** What the environment layer builds at Databricks account level for its workspace. */
export interface AccountLevelDatabricks {
  readonly metastore: WorkspaceMetastore;
  /** Every configured group (and the pipelines' run-as principal) assigned to the workspace. */
  readonly identities: WorkspaceIdentityAssignments;
  /**
   * Account-level assignments to the workspace by name (`metastore`, …) → id: the workspace layer
   * waits for them to propagate.
   */
  readonly assignments: Readonly<Record<string, string>>;
}

function metastoreSource(env: ResolvedEnvironment, createdMetastoreId?: string): WorkspaceMetastoreSource {
  // Validation rejects `create` (and `existing` where the config creates the region's metastore).
  if (createdMetastoreId !== undefined) return { mode: "existing", metastoreId: createdMetastoreId };
  const metastore = env.databricks.metastore;
  return metastore.mode === "existing"
    ? { mode: "existing", metastoreId: metastore.id }
    : { mode: "region", region: env.region };
}

/**
 * The account-level Databricks part of an environment layer, the same on both clouds: the region's
 * metastore (looked up, by id, or the one a metastore stack creates) assigned to the workspace, then
 * every group of `databricks.groups` (the `databricks.adminGroup` role's as ADMIN, the others as USER)
 * and the pipelines' run-as service principal assigned to it, so the workspace layer's ACLs can name them.
 */
export function addAccountLevelDatabricks(
  scope: Construct,
  env: ResolvedEnvironment,
  wiring: {
    readonly workspaceId: string | number;
    readonly accountProvider: TerraformProvider;
    /** Id of the metastore the config creates for the region (a metastore stack's), if any. */
    readonly createdMetastoreId?: string;
  },
): AccountLevelDatabricks {
  const metastore = new WorkspaceMetastore(scope, "Metastore", {
    metastore: metastoreSource(env, wiring.createdMetastoreId),
    workspaceId: wiring.workspaceId,
    accountProvider: wiring.accountProvider,
  });
  const groups = env.databricks.groups;
  const identities = new WorkspaceIdentityAssignments(scope, "WorkspaceIdentities", {
    workspaceId: wiring.workspaceId,
    accountProvider: wiring.accountProvider,
    groups: Object.entries(groups).map(([role, displayName]) => ({
      displayName,
      permission: role === env.databricks.adminGroup ? "ADMIN" : "USER",
    })),
    servicePrincipals: env.pipelines?.runAsServicePrincipal ? [env.pipelines.runAsServicePrincipal] : [],
    // Only an identity-federated workspace (one with a metastore) accepts permission assignments.
    dependsOn: [metastore.assignment],
  });
  const assignments: Record<string, string> = { metastore: metastore.assignment.id };
  for (const [name, assignment] of Object.entries(identities.groupAssignments)) {
    assignments[`group:${name}`] = assignment.id;
  }
  for (const [applicationId, assignment] of Object.entries(identities.servicePrincipalAssignments)) {
    assignments[`service-principal:${applicationId}`] = assignment.id;
  }
  return { metastore, identities, assignments };
}
