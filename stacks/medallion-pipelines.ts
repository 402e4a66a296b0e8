import { Directory } from "@cdktf/provider-databricks/lib/directory";
import { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import { TerraformVariable, type ITerraformDependable, type TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import type { ResolvedEnvironment } from "../config";
import { environmentTagMap } from "../vocabulary/tags";
import {
  DATABASE_ENGINES,
  generateMaintenanceSql,
  generatePipelineSql,
  type DatasetSpec,
  type PipelineSqlContext,
} from "../pipelines";
import { FeatureOnlineStore } from "../constructs/databricks/feature-online-store";
import {
  LakeflowDatabaseIngestion,
  type DatabaseConnectionProps,
  type LakeflowDatabaseIngestionProps,
} from "../constructs/databricks/lakeflow-database-ingestion";
import { MedallionOrchestrationJob } from "../constructs/databricks/medallion-orchestration-job";
import { MedallionPipeline } from "../constructs/databricks/medallion-pipeline";
import { TableMaintenanceJob } from "../constructs/databricks/table-maintenance-job";
import { groupAccess } from "../constructs/databricks/workspace-permissions";
import { groupNamesOf } from "./databricks-platform";

/** Pipeline configuration key the generated SQL reads the landing URL from (`${lakehouse.landing_url}`). */
const LANDING_URL_PARAMETER = "lakehouse.landing_url";

/**
 * Where generated SQL goes in the workspace. Not under /Shared, where every user may edit files that
 * the pipeline and jobs would then run with the deployer's rights: a top-level folder whose ACL gives
 * the pipeline users read access only.
 */
const WORKSPACE_ROOT = "/cdktf-lakehouse";

/** What the cloud stack hands over for the environment's pipelines. */
export interface MedallionPipelinesWiring {
  readonly workspaceProvider: TerraformProvider;
  /** Storage URL of the landing layer (Auto Loader reads files under it). */
  readonly landingUrl: string;
  /** The SQL warehouse that runs maintenance. */
  readonly warehouseId: string;
  /** Cluster policy for classic pipeline clusters. */
  readonly pipelinePolicyId: string;
  /** Azure: the Event Hubs Kafka endpoint and the listen rule's connection string (a reference). */
  readonly eventHubs?: {
    readonly bootstrapServers: string;
    readonly consumerGroup: string;
    readonly connectionString: string;
  };
  /** What the pipeline waits for: the target schemas, their grants, credentials it reads through. */
  readonly pipelineDependencies: readonly ITerraformDependable[];
  /** AWS: the UC service credential's name (a literal) for read_kinesis, and the deployed name of each spec stream. */
  readonly kinesis?: {
    readonly serviceCredential: string;
    readonly streamNames: Readonly<Record<string, string>>;
  };
}

/** The deployed pipeline and its jobs. */
export interface MedallionPipelines {
  readonly pipeline: MedallionPipeline;
  /** Absent for a continuous pipeline, which no job triggers. */
  readonly orchestration?: MedallionOrchestrationJob;
  readonly maintenance: TableMaintenanceJob;
  /** Online feature store with the `onlineServing` feature tables synced into it, if any. */
  readonly onlineStore?: FeatureOnlineStore;
  /** Lakeflow Connect replication of the spec's `database` sources, if any. */
  readonly databaseIngestion?: LakeflowDatabaseIngestion;
}

/**
 * The environment's medallion pipeline from its cloud's dataset spec: generated SQL deployed as
 * workspace files and one pipeline, an orchestration job on the environment's schedule, and the table
 * maintenance job on the spec's schedule, and an online feature store for the features that ask for
 * online serving. Development mode only in dev; failures always notify.
 */
export function addMedallionPipelines(
  scope: Construct,
  env: ResolvedEnvironment,
  spec: DatasetSpec,
  wiring: MedallionPipelinesWiring,
): MedallionPipelines | undefined {
  const settings = env.pipelines;
  if (!settings) return undefined;
  const dbx = env.databricks;
  const engineers = groupNamesOf(dbx, dbx.clusterPolicy.users.pipelines);
  // Manage rights (edit source paths, run_as, settings) for the admin group only: the code runs with
  // the run-as principal's rights. Engineers start, stop and watch runs.
  const admins = dbx.adminGroup === undefined ? [] : groupNamesOf(dbx, [dbx.adminGroup]);
  const tags = environmentTagMap(env.tags);
  const name = `${env.shortNamePrefix}-medallion`;
  const runAs = settings.runAsServicePrincipal
    ? { servicePrincipalName: settings.runAsServicePrincipal }
    : undefined;
  const secret = { scope: `${env.shortNamePrefix}-ingest`, key: "eventhubs-listen-connection-string" };

  // The landing URL holds Terraform references (the account or bucket name): it reaches the SQL as a
  // pipeline parameter, so the generated files stay plain text that a plan shows byte for byte.
  const context: PipelineSqlContext = {
    cloud: env.cloud,
    catalog: dbx.catalogName,
    landingUrl: `\${${LANDING_URL_PARAMETER}}`,
    eventHubs: wiring.eventHubs && {
      bootstrapServers: wiring.eventHubs.bootstrapServers,
      secretScope: secret.scope,
      secretKey: secret.key,
      consumerGroup: wiring.eventHubs.consumerGroup,
    },
    kinesis: wiring.kinesis && {
      region: env.region,
      serviceCredential: wiring.kinesis.serviceCredential,
      streamNames: wiring.kinesis.streamNames,
    },
  };

  const folder = new Directory(scope, "SqlFolder", {
    provider: wiring.workspaceProvider,
    path: `${WORKSPACE_ROOT}/${env.shortNamePrefix}`,
  });
  new Permissions(scope, "SqlFolderReaders", {
    provider: wiring.workspaceProvider,
    directoryPath: folder.path,
    accessControl: groupAccess(engineers, "CAN_READ"),
  });
  // A reference to the folder, so every file is created after it (and its ACL).
  const workspaceRoot = folder.path;

  const pipeline = new MedallionPipeline(scope, "MedallionPipeline", {
    name,
    files: generatePipelineSql(spec, context),
    workspaceRoot,
    catalog: dbx.catalogName,
    compute:
      settings.compute.kind === "serverless"
        ? { kind: "serverless" }
        : {
            kind: "classic",
            minWorkers: settings.compute.minWorkers,
            maxWorkers: settings.compute.maxWorkers,
            nodeTypeId: dbx.clusterPolicy.allowedNodeTypes[0],
            policyId: wiring.pipelinePolicyId,
            photon: settings.compute.photon,
          },
    // The generator joins the URL and each source path with "/".
    configuration: { [LANDING_URL_PARAMETER]: wiring.landingUrl.replace(/\/$/, "") },
    development: env.stage === "dev",
    continuous: settings.continuous,
    failureEmails: settings.failureEmails,
    tags,
    permissions: { managers: admins, runners: engineers },
    runAs,
    dependsOn: wiring.pipelineDependencies,
    // READ for the run-as principal only (the construct adds it); engineers never see the string.
    eventHubsSecret: wiring.eventHubs && { ...secret, value: wiring.eventHubs.connectionString },
    provider: wiring.workspaceProvider,
  });

  // Who hears of failures, cost tags, who may run them and as whom: the same for both jobs.
  const jobSettings = {
    failureEmails: settings.failureEmails,
    tags,
    permissions: { managers: admins, runners: engineers },
    runAs,
    provider: wiring.workspaceProvider,
  };

  // Opt-in per environment: the synced tables need their gold source tables, which exist only after
  // the pipeline's first update, so this is switched on in a second deploy (README).
  const served = settings.onlineServing ? spec.features.filter((feature) => feature.onlineServing) : [];
  const onlineStore =
    served.length > 0
      ? new FeatureOnlineStore(scope, "FeatureOnlineStore", {
          name: `${env.shortNamePrefix}-features`,
          catalog: dbx.catalogName,
          schema: "gold",
          tables: served.map((feature) => ({
            name: feature.name,
            primaryKeys: feature.keys,
            timeseriesKey: feature.featureTimestampColumn,
          })),
          dependsOn: [pipeline.pipeline],
          provider: wiring.workspaceProvider,
        })
      : undefined;

  const databaseIngestion = addDatabaseIngestion(scope, spec, {
    namePrefix: env.shortNamePrefix,
    catalog: dbx.catalogName,
    tags,
    failureEmails: settings.failureEmails,
    dependsOn: wiring.pipelineDependencies,
    provider: wiring.workspaceProvider,
  });

  // Gold materialized views live in the same pipeline, so one update refreshes every layer.
  const orchestration =
    settings.schedule &&
    new MedallionOrchestrationJob(scope, "OrchestrationJob", {
      name: `${name}-orchestration`,
      pipelineId: pipeline.pipelineId,
      schedule: { quartzCronExpression: settings.schedule.cron, timezoneId: settings.schedule.timezone },
      // Database tables are replicated into bronze before each update reads them.
      ingestions: databaseIngestion?.ingestionTasks,
      // The served copies follow every refresh of their gold tables.
      onlineSyncs: onlineStore
        ? served.map((feature) => ({
            table: feature.name,
            pipelineId: onlineStore.syncPipelineIds[feature.name]!,
          }))
        : undefined,
      ...jobSettings,
    });

  const maintenance = new TableMaintenanceJob(scope, "TableMaintenanceJob", {
    name: `${name}-maintenance`,
    statements: generateMaintenanceSql(spec, {
      catalog: dbx.catalogName,
      predictiveOptimization: dbx.predictiveOptimization,
    }),
    warehouseId: wiring.warehouseId,
    workspaceRoot,
    schedule: { quartzCronExpression: spec.maintenance.schedule, timezoneId: spec.maintenance.timezone },
    ...jobSettings,
  });

  return { pipeline, orchestration: orchestration || undefined, maintenance, onlineStore, databaseIngestion };
}

/**
 * Lakeflow Connect for the spec's `database` sources: one connection per named connection, whose user
 * and password the deployer passes as sensitive Terraform variables `<connection>_user` and
 * `<connection>_password` (never in config or the synthesized JSON), and a gateway and ingestion
 * pipeline per database writing the tables to bronze with full history.
 */
function addDatabaseIngestion(
  scope: Construct,
  spec: DatasetSpec,
  settings: Omit<LakeflowDatabaseIngestionProps, "connections" | "tables">,
): LakeflowDatabaseIngestion | undefined {
  const sources = new Map(spec.sources.flatMap((s) => (s.type === "database" ? [[s.name, s] as const] : [])));
  const tables = spec.tables.flatMap((table) => {
    const source = sources.get(table.source);
    const cdc = table.silver?.cdc;
    if (!source || !cdc?.sequenceBy) return [];
    return [
      {
        connection: source.connection,
        database: source.database,
        schema: source.schema,
        table: source.table,
        destinationTable: table.name,
        primaryKeys: cdc.keys,
        sequenceBy: cdc.sequenceBy,
        excludeColumns: cdc.exceptColumns,
      },
    ];
  });
  if (tables.length === 0) return undefined;
  const connections = new Map<string, DatabaseConnectionProps>();
  for (const source of sources.values()) {
    if (connections.has(source.connection)) continue;
    const secret = (what: string) =>
      new TerraformVariable(scope, `${source.connection}_${what}`, {
        type: "string",
        sensitive: true,
        description: `${what} of the Lakeflow Connect connection ${source.connection} (${source.engine} ${source.host})`,
      }).stringValue;
    connections.set(source.connection, {
      name: source.connection,
      connectionType: DATABASE_ENGINES[source.engine].connectionType,
      host: source.host,
      port: source.port ?? DATABASE_ENGINES[source.engine].defaultPort,
      user: secret("user"),
      password: secret("password"),
    });
  }
  return new LakeflowDatabaseIngestion(scope, "DatabaseIngestion", {
    ...settings,
    connections: [...connections.values()],
    tables,
  });
}
