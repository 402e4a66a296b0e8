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
  /** Name of the metastore this environment creates (used only in `create` mode). */
  readonly metastoreName: string;
  readonly warehouse: ParsedEnvironment["databricks"]["warehouse"] & {
    /** Group roles that may use the warehouse: as configured, else every role of `groups`. */
    readonly users: string[];
  };
}

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
  readonly environments: readonly ResolvedEnvironment[];
  /** Validated dataset spec per cloud, for environments that deploy pipelines. */
  readonly datasets: Readonly<Partial<Record<"azure" | "aws", DatasetSpec>>>;
}

export function environmentId(env: Pick<ParsedEnvironment, "cloud" | "name">): string {
  return `${env.cloud}-${env.name}`;
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
  const metastore = env.databricks.metastore;
  return {
    workspaceName: env.databricks.workspaceName ?? `${project.prefix}-${env.name}-dbw`,
    catalogName: env.databricks.catalogName ?? `${project.name.replace(/-/g, "_")}_${env.name}`,
    metastoreName:
      (metastore.mode === "create" ? metastore.name : undefined) ?? `${project.prefix}-${env.region}`,
    warehouse: {
      ...env.databricks.warehouse,
      users: env.databricks.warehouse.users ?? Object.keys(env.databricks.groups),
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
    environments: config.environments.map((env) => resolveEnvironment(config.project, env)),
    datasets,
  };
}
