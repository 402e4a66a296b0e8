import type { ITerraformDependable, TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import { accountGroupOf, type ResolvedEnvironment } from "../config";
import { type MedallionLayer } from "../vocabulary/medallion";
import { environmentTagMap } from "../vocabulary/tags";
import { LakehouseClusterPolicies } from "../constructs/databricks/lakehouse-cluster-policies";
import { LakehouseSqlWarehouse } from "../constructs/databricks/lakehouse-sql-warehouse";
import {
  UnityCatalog,
  type StorageCredentialSource,
  type UnityCatalogGrant,
  type UnityCatalogProps,
} from "../constructs/databricks/unity-catalog";

/** What the workspace layer hands over: its provider, the environment layer's workspace and storage. */
export interface DatabricksPlatformWiring {
  readonly workspaceId: string | number;
  readonly workspaceProvider: TerraformProvider;
  /** What Unity Catalog's first call waits for (the account assignments' propagation delay). */
  readonly dependsOn?: readonly ITerraformDependable[];
  readonly storageCredential: StorageCredentialSource;
  readonly layerUrls: Readonly<Record<MedallionLayer, string>>;
}

/** The cloud-neutral Databricks layer of one environment. */
export interface DatabricksPlatform {
  readonly unityCatalog: UnityCatalog;
  readonly clusterPolicies: LakehouseClusterPolicies;
  readonly warehouse: LakehouseSqlWarehouse;
}

/**
 * The workspace group names of config group roles (`databricks.groups` maps each role to its group);
 * own keys only, so a role named like an Object.prototype member never finds a function.
 */
export function groupNamesOf(
  databricks: ResolvedEnvironment["databricks"],
  roles: readonly string[],
): string[] {
  return roles.map((role) => accountGroupOf(databricks.groups, role));
}

/** Config grants (by group role and securable) as the UnityCatalog construct takes them (by group name). */
export function unityCatalogGrants(
  databricks: ResolvedEnvironment["databricks"],
): UnityCatalogProps["grants"] {
  const catalog: UnityCatalogGrant[] = [];
  const models: Record<string, UnityCatalogGrant[]> = {};
  const schemas: Record<string, UnityCatalogGrant[]> = {};
  for (const grant of databricks.grants) {
    const entry = { principal: accountGroupOf(databricks.groups, grant.group), privileges: grant.privileges };
    if (grant.on === "catalog") catalog.push(entry);
    else if (grant.on.startsWith("model:")) (models[grant.on.slice("model:".length)] ??= []).push(entry);
    else (schemas[grant.on.slice("schema:".length)] ??= []).push(entry);
  }
  return { catalog, schemas, models };
}

/** The account group name of the environment's admin group, if it names one. */
export function adminGroupOf(env: ResolvedEnvironment): string | undefined {
  const role = env.databricks.adminGroup;
  return role === undefined ? undefined : accountGroupOf(env.databricks.groups, role);
}

/**
 * Unity Catalog, cluster policies and the SQL warehouse of one environment (its workspace layer): the
 * same composition on both clouds, fed with what each cloud's environment layer built.
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
    workspaceId: wiring.workspaceId,
    workspaceProvider: wiring.workspaceProvider,
    dependsOn: wiring.dependsOn,
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
