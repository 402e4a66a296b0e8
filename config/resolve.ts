/**
 * Turns parsed config into what stacks consume: derived names filled in, stage defaults applied, tags
 * assembled. Pure and deterministic, so validation can check the final names before anything is built.
 */
import type { EnvironmentTags } from "../vocabulary/tags";
import type { DatasetSpec } from "../pipelines";
import type {
  ParsedAwsEnvironment,
  ParsedAzureEnvironment,
  ParsedEnvironment,
  ParsedLakehouseConfig,
  ParsedMetastore,
  ProjectConfig,
} from "./schema";

interface ResolvedCommon {
  /** Stack id and state key: `<cloud>-<name>`, e.g. `azure-prod`. */
  readonly id: string;
  readonly tags: EnvironmentTags;
  /** prevent_destroy on stateful resources: every stage but dev. */
  readonly protectStatefulResources: boolean;
  /**
   * Prefix of the names with tight length limits, from the short project prefix: `<project.prefix>-<name>`,
   * e.g. `frdlh-prod` (pipeline, jobs, budgets, network, connectors, the workspace SQL folder).
   */
  readonly shortNamePrefix: string;
  /**
   * Prefix of the names that may be longer, from the full project name: `<project.name>-<name>`, e.g.
   * `fraud-lakehouse-prod` (resource group, cluster policies, SQL warehouse).
   */
  readonly fullNamePrefix: string;
}

/** Databricks names filled in from the project prefix when config leaves them out, and role defaults. */
interface ResolvedDatabricksNames {
  readonly workspaceName: string;
  readonly catalogName: string;
  readonly warehouse: ParsedEnvironment["databricks"]["warehouse"] & {
    /** Group roles that may use the warehouse: as configured, else every role of `groups`. */
    readonly users: string[];
  };
}

/** A metastore the config creates (top-level `metastores`), with its stack id and name. */
export type ResolvedMetastore = ParsedMetastore & {
  /** Stack id: `<cloud>-<region>-metastore`, e.g. `azure-westeurope-metastore`. */
  readonly id: string;
  readonly name: string;
  /** Tags of the metastore stack (it holds no taggable resource; kept for the baseline). */
  readonly tags: EnvironmentTags;
};

export type ResolvedAzureEnvironment = Omit<
  ParsedAzureEnvironment,
  "storage" | "streaming" | "tags" | "databricks"
> &
  ResolvedCommon & {
    readonly storage: ParsedAzureEnvironment["storage"] & {
      readonly accountName: string;
      readonly keyVaultName: string;
      readonly customerManagedKey: boolean;
    };
    readonly streaming: ParsedAzureEnvironment["streaming"] & { readonly namespaceName: string };
    readonly databricks: Omit<ParsedAzureEnvironment["databricks"], "warehouse"> & ResolvedDatabricksNames;
  };

export type ResolvedAwsEnvironment = Omit<ParsedAwsEnvironment, "storage" | "tags" | "databricks"> &
  ResolvedCommon & {
    readonly storage: ParsedAwsEnvironment["storage"] & { readonly bucketPrefix: string };
    readonly databricks: Omit<
      ParsedAwsEnvironment["databricks"],
      "warehouse" | "natGateways" | "interfaceEndpoints"
    > &
      ResolvedDatabricksNames & {
        readonly natGateways: "single" | "per-zone";
        readonly interfaceEndpoints: boolean;
      };
  };

export type ResolvedEnvironment = ResolvedAzureEnvironment | ResolvedAwsEnvironment;

export interface ResolvedLakehouseConfig {
  readonly project: ProjectConfig;
  /** Metastores the config creates, each deployed before the environments of its cloud and region. */
  readonly metastores: readonly ResolvedMetastore[];
  readonly environments: readonly ResolvedEnvironment[];
  /** Validated dataset spec per cloud, for environments that deploy pipelines. */
  readonly datasets: Readonly<Partial<Record<"azure" | "aws", DatasetSpec>>>;
}

/**
 * The account group name of a group role. Only the config's own keys count: `role in groups` would also
 * match `constructor` or `toString` from Object.prototype. Validation reports unknown roles first, so
 * this throws only on a programming error.
 */
export function accountGroupOf(groups: Readonly<Record<string, string>>, role: string): string {
  if (!Object.hasOwn(groups, role)) {
    throw new Error(`databricks.groups has no role '${role}' (config validation should have reported it)`);
  }
  return groups[role]!;
}

export function environmentId(env: Pick<ParsedEnvironment, "cloud" | "name">): string {
  return `${env.cloud}-${env.name}`;
}

/** Stack id of the metastore the config creates for a cloud and region. */
export function metastoreStackId(cloud: "azure" | "aws", region: string): string {
  return `${cloud}-${region}-metastore`;
}

function common(project: ProjectConfig, env: ParsedEnvironment): ResolvedCommon {
  return {
    id: environmentId(env),
    tags: {
      project: project.name,
      environment: env.name,
      owner: project.owner,
      costCenter: project.costCenter,
      extra: { ...(project.tags ?? {}), ...(env.tags ?? {}) },
    },
    protectStatefulResources: env.stage !== "dev",
    shortNamePrefix: `${project.prefix}-${env.name}`,
    fullNamePrefix: `${project.name}-${env.name}`,
  };
}

function databricksNames(project: ProjectConfig, env: ParsedEnvironment): ResolvedDatabricksNames {
  return {
    workspaceName: env.databricks.workspaceName ?? `${project.prefix}-${env.name}-dbw`,
    catalogName: env.databricks.catalogName ?? `${project.name.replace(/-/g, "_")}_${env.name}`,
    warehouse: {
      ...env.databricks.warehouse,
      users: env.databricks.warehouse.users ?? Object.keys(env.databricks.groups),
    },
  };
}

function resolveMetastore(project: ProjectConfig, metastore: ParsedMetastore): ResolvedMetastore {
  return {
    ...metastore,
    id: metastoreStackId(metastore.cloud, metastore.region),
    name: metastore.name ?? `${project.prefix}-${metastore.region}`,
    tags: {
      project: project.name,
      environment: "shared",
      owner: project.owner,
      costCenter: project.costCenter,
      extra: { ...(project.tags ?? {}) },
    },
  };
}

export function resolveEnvironment(project: ProjectConfig, env: ParsedEnvironment): ResolvedEnvironment {
  if (env.cloud === "azure") {
    return {
      ...env,
      ...common(project, env),
      storage: {
        ...env.storage,
        accountName: env.storage.accountName ?? `${project.prefix}${env.name}lake`,
        keyVaultName: env.storage.keyVaultName ?? `${project.prefix}-${env.name}-kv`,
        customerManagedKey: env.storage.customerManagedKey ?? env.stage === "prod",
      },
      streaming: {
        ...env.streaming,
        namespaceName: env.streaming.namespaceName ?? `${project.prefix}-${env.name}-ingest`,
      },
      databricks: { ...env.databricks, ...databricksNames(project, env) },
    };
  }
  return {
    ...env,
    ...common(project, env),
    storage: { ...env.storage, bucketPrefix: env.storage.bucketPrefix ?? `${project.prefix}-${env.name}` },
    databricks: {
      ...env.databricks,
      ...databricksNames(project, env),
      // Production defaults: zone-redundant egress and private AWS service endpoints.
      natGateways: env.databricks.natGateways ?? (env.stage === "prod" ? "per-zone" : "single"),
      interfaceEndpoints: env.databricks.interfaceEndpoints ?? env.stage === "prod",
    },
  };
}

export function resolveConfig(
  config: ParsedLakehouseConfig,
  datasets: ResolvedLakehouseConfig["datasets"] = {},
): ResolvedLakehouseConfig {
  return {
    project: config.project,
    metastores: config.metastores.map((metastore) => resolveMetastore(config.project, metastore)),
    environments: config.environments.map((env) => resolveEnvironment(config.project, env)),
    datasets,
  };
}
