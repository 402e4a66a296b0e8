import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TerraformVariable, type TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import type { ResolvedEnvironment } from "../config";
import { type MedallionLayer } from "../vocabulary/medallion";
import { environmentTagMap } from "../vocabulary/tags";
import { LakehouseClusterPolicies } from "../constructs/databricks/lakehouse-cluster-policies";
import { LakehouseSqlWarehouse } from "../constructs/databricks/lakehouse-sql-warehouse";
import {
  UnityCatalog,
  type MetastoreSource,
  type StorageCredentialSource,
  type UnityCatalogGrant,
  type UnityCatalogProps,
} from "../constructs/databricks/unity-catalog";

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

/** What the cloud stack hands over once its workspace and storage exist. */
export interface DatabricksPlatformWiring {
  readonly workspaceId: string | number;
  readonly accountProvider: TerraformProvider;
  readonly workspaceProvider: TerraformProvider;
  readonly storageCredential: StorageCredentialSource;
  readonly layerUrls: Readonly<Record<MedallionLayer, string>>;
}

/** The cloud-neutral Databricks layer of one environment. */
export interface DatabricksPlatform {
  readonly unityCatalog: UnityCatalog;
  readonly clusterPolicies: LakehouseClusterPolicies;
  readonly warehouse: LakehouseSqlWarehouse;
}

/** The workspace group names of config group roles (`databricks.groups` maps each role to its group). */
export function groupNamesOf(
  databricks: ResolvedEnvironment["databricks"],
  roles: readonly string[],
): string[] {
  return roles.map((role) => databricks.groups[role]!);
}

/** Config grants (by group role and securable) as the UnityCatalog construct takes them (by group name). */
export function unityCatalogGrants(
  databricks: ResolvedEnvironment["databricks"],
): UnityCatalogProps["grants"] {
  const catalog: UnityCatalogGrant[] = [];
  const models: Record<string, UnityCatalogGrant[]> = {};
  const schemas: Record<string, UnityCatalogGrant[]> = {};
  for (const grant of databricks.grants) {
    const entry = { principal: databricks.groups[grant.group]!, privileges: grant.privileges };
    if (grant.on === "catalog") catalog.push(entry);
    else if (grant.on.startsWith("model:")) (models[grant.on.slice("model:".length)] ??= []).push(entry);
    else (schemas[grant.on.slice("schema:".length)] ??= []).push(entry);
  }
  return { catalog, schemas, models };
}

/** The account group name of the environment's admin group, if it names one. */
export function adminGroupOf(env: ResolvedEnvironment): string | undefined {
  const role = env.databricks.adminGroup;
  return role === undefined ? undefined : env.databricks.groups[role];
}

function metastoreSource(env: ResolvedEnvironment): MetastoreSource {
  const metastore = env.databricks.metastore;
  switch (metastore.mode) {
    case "create":
      return { mode: "create", name: env.databricks.metastoreName, region: env.region };
    case "existing":
      return { mode: "existing", metastoreId: metastore.id };
    case "region":
      return { mode: "region", region: env.region };
  }
}

/**
 * Unity Catalog, cluster policies and the SQL warehouse of one environment: the same composition on
 * both clouds, fed with what each cloud stack built.
 */
export function addDatabricksPlatform(
  scope: Construct,
  env: ResolvedEnvironment,
  wiring: DatabricksPlatformWiring,
): DatabricksPlatform {
  const dbx = env.databricks;
  const groupsOf = (roles: readonly string[]) => groupNamesOf(dbx, roles);
  const customTags = environmentTagMap(env.tags);

  const unityCatalog = new UnityCatalog(scope, "UnityCatalog", {
    metastore: metastoreSource(env),
    workspaceId: wiring.workspaceId,
    accountProvider: wiring.accountProvider,
    workspaceProvider: wiring.workspaceProvider,
    securableNamePrefix: dbx.catalogName,
    storageCredential: wiring.storageCredential,
    layerUrls: wiring.layerUrls,
    catalogName: dbx.catalogName,
    predictiveOptimization: dbx.predictiveOptimization ? "ENABLE" : "INHERIT",
    grants: unityCatalogGrants(dbx),
    registeredModels: dbx.models,
    ownerGroup: adminGroupOf(env),
    pipelineRunAs: env.pipelines?.runAsServicePrincipal,
  });

  const clusterPolicies = new LakehouseClusterPolicies(scope, "ClusterPolicies", {
    cloud: env.cloud,
    resourceNamePrefix: env.fullNamePrefix,
    allowedNodeTypes: dbx.clusterPolicy.allowedNodeTypes,
    maxWorkers: dbx.clusterPolicy.maxWorkers,
    autoterminationMinutes: dbx.clusterPolicy.autoterminationMinutes,
    spotWithFallback: dbx.clusterPolicy.spotWithFallback,
    customTags,
    users: {
      jobs: groupsOf(dbx.clusterPolicy.users.jobs),
      interactive: groupsOf(dbx.clusterPolicy.users.interactive),
      pipelines: groupsOf(dbx.clusterPolicy.users.pipelines),
    },
    provider: wiring.workspaceProvider,
  });

  const warehouse = new LakehouseSqlWarehouse(scope, "SqlWarehouse", {
    name: `${env.fullNamePrefix}-warehouse`,
    size: dbx.warehouse.size,
    serverless: dbx.warehouse.serverless,
    autoStopMinutes: dbx.warehouse.autoStopMinutes,
    maxClusters: dbx.warehouse.maxClusters,
    customTags,
    users: groupsOf(dbx.warehouse.users),
    servicePrincipals: env.pipelines?.runAsServicePrincipal ? [env.pipelines.runAsServicePrincipal] : [],
    provider: wiring.workspaceProvider,
  });

  return { unityCatalog, clusterPolicies, warehouse };
}
