import { Connection } from "@cdktf/provider-databricks/lib/connection";
import { Pipeline } from "@cdktf/provider-databricks/lib/pipeline";
import { type ITerraformDependable, type TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";

import { invalidPropOf, sortedByKey } from "../core/prop-helpers";

/** A database server, reached through one Unity Catalog connection. */
export interface DatabaseConnectionProps {
  /** Connection name, e.g. `core_banking` (letters, digits, `_`). */
  readonly name: string;
  /** `SQLSERVER`, `POSTGRESQL` or `MYSQL` (`databricks_connection.connection_type`). */
  readonly connectionType: "SQLSERVER" | "POSTGRESQL" | "MYSQL";
  /** Host name or address the ingestion gateway connects to, e.g. `sql.internal`. */
  readonly host: string;
  /** TCP port, 1–65535 (SQL Server 1433, PostgreSQL 5432, MySQL 3306 by default). */
  readonly port: number;
  /**
   * User and password as Terraform references (e.g. sensitive variables, or a cloud secret store's
   * data source). Literals are rejected: they would be written to the synthesized JSON. The connection
   * API takes the values themselves — a `{{secrets/…}}` reference would be stored as text
   * (terraform-provider-databricks issue #4327) —, and the provider marks `options` sensitive and keeps
   * `user`/`password` write-only (`catalog/resource_connection.go:13-14,41` at v1.99.0).
   */
  readonly user: string;
  /** A Terraform reference, never a literal, like {@link user}. */
  readonly password: string;
}

/** One replicated table. */
export interface ReplicatedTableProps {
  /** Name of its connection in {@link LakeflowDatabaseIngestionProps.connections}. */
  readonly connection: string;
  /** Source database (catalog); absent for MySQL. @default none */
  readonly database?: string;
  /** Source schema of the table. */
  readonly schema: string;
  /** Source table name. */
  readonly table: string;
  /** Destination table name in the destination schema. */
  readonly destinationTable: string;
  /** Primary key columns (the spec's `silver.cdc.keys`). */
  readonly primaryKeys: readonly string[];
  /** Sequence column (the spec's `silver.cdc.sequenceBy`): orders changes, and dates SCD 2 versions. */
  readonly sequenceBy: string;
  /** Source columns not replicated. @default [] */
  readonly excludeColumns?: readonly string[];
}

/** Props of {@link LakeflowDatabaseIngestion}. */
export interface LakeflowDatabaseIngestionProps {
  /** Prefix of the pipeline names, e.g. `frdlh-prod`. */
  readonly namePrefix: string;
  /** Catalog of the destination tables and of the gateways' staging volumes. */
  readonly catalog: string;
  /**
   * Schema of the destination tables and staging volumes.
   * @default "bronze"
   */
  readonly schema?: string;
  /** The source databases' connections, at least one, each name once. */
  readonly connections: readonly DatabaseConnectionProps[];
  /** At least one. */
  readonly tables: readonly ReplicatedTableProps[];
  /** Tags of the pipelines (cost attribution; the gateways run classic compute around the clock). */
  readonly tags: Readonly<Record<string, string>>;
  /** Recipients of failure notifications of every pipeline. @default [] */
  readonly failureEmails?: readonly string[];
  /** What the pipelines wait for, e.g. the destination schema and its grants. @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Workspace-level provider. @default the scope's default databricks provider */
  readonly provider?: TerraformProvider;
}

/** The pipelines of one source database. */
export interface DatabaseIngestionPipelines {
  /** Ingestion gateway: classic compute, always on, staging the change log in a volume. */
  readonly gateway: Pipeline;
  /** Ingestion pipeline: serverless, triggered, applying the staged changes to the destination tables. */
  readonly ingestion: Pipeline;
}

/**
 * Lakeflow Connect replication of transactional database tables into bronze: per server a Unity Catalog
 * `databricks_connection`, per server and database an ingestion gateway pipeline (`gateway_definition`)
 * and an ingestion pipeline (`ingestion_definition`) that writes each table to
 * `<catalog>.<schema>.<destinationTable>` with full history (`scd_type` `SCD_TYPE_2`, versions dated by
 * the sequence column, deletes closing the last version).
 *
 * The ingestion pipelines are triggered: run them before the medallion pipeline (`ingestionTasks`, the
 * orchestration job's `ingestions`). Gateways run on classic compute, continuously, so the source's change log is
 * read before it is truncated (learn.microsoft.com/azure/databricks/ingestion/lakeflow-connect/cdc-overview).
 * The ingestion pipelines run on serverless compute, which the workspace must have enabled; provider
 * v1.99.0 forbids `catalog` and `library` next to `ingestion_definition` (docs/resources/pipeline.md).
 *
 * @example
 * new LakeflowDatabaseIngestion(this, "DatabaseIngestion", {
 *   namePrefix: "frdlh-prod",
 *   catalog: "fraud_lakehouse_prod",
 *   connections: [{ name: "core_banking", connectionType: "SQLSERVER", host: "sql.internal", port: 1433,
 *     user: userVariable.stringValue, password: passwordVariable.stringValue }],
 *   tables: [{ connection: "core_banking", database: "core", schema: "dbo", table: "Customers",
 *     destinationTable: "customers", primaryKeys: ["customer_id"], sequenceBy: "updated_at" }],
 *   tags: { project: "fraud-lakehouse", environment: "prod" },
 * });
 */
export class LakeflowDatabaseIngestion extends Construct {
  /** Connections by name. */
  readonly connections: Readonly<Record<string, Connection>>;
  /** Gateway and ingestion pipeline per `<connection>/<database>` (`<connection>` for MySQL). */
  readonly pipelines: Readonly<Record<string, DatabaseIngestionPipelines>>;
  /** The ingestion pipelines as job tasks (`name`: `<connection>_<database>`), in a stable order. */
  readonly ingestionTasks: readonly { readonly name: string; readonly pipelineId: string }[];

  constructor(scope: Construct, id: string, props: LakeflowDatabaseIngestionProps) {
    super(scope, id);
    validate(props);
    const provider = props.provider;
    const schema = props.schema ?? "bronze";
    const tags = Object.keys(props.tags).length > 0 ? { tags: sortedByKey(props.tags) } : {};
    const notification =
      (props.failureEmails?.length ?? 0) > 0
        ? {
            notification: [
              {
                emailRecipients: [...props.failureEmails!],
                alerts: ["on-update-failure", "on-update-fatal-failure", "on-flow-failure"],
              },
            ],
          }
        : {};
    const dependsOn =
      props.dependsOn && props.dependsOn.length > 0 ? { dependsOn: [...props.dependsOn] } : {};

    const connections: Record<string, Connection> = {};
    for (const c of props.connections) {
      connections[c.name] = new Connection(this, `Connection-${c.name}`, {
        provider,
        name: c.name,
        connectionType: c.connectionType,
        comment: `Lakeflow Connect source ${c.host} (managed by cdktf-lakehouse)`,
        options: { host: c.host, port: String(c.port), user: c.user, password: c.password },
      });
    }
    this.connections = connections;

    const groups = new Map<string, ReplicatedTableProps[]>();
    for (const t of props.tables) {
      const key = t.database === undefined ? t.connection : `${t.connection}/${t.database}`;
      groups.set(key, [...(groups.get(key) ?? []), t]);
    }
    const pipelines: Record<string, DatabaseIngestionPipelines> = {};
    for (const [key, tables] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const slug = key.replace(/[^A-Za-z0-9]+/g, "-");
      const connection = connections[tables[0]!.connection]!;
      const gateway = new Pipeline(this, `Gateway-${slug}`, {
        provider,
        name: `${props.namePrefix}-${slug}-gateway`,
        gatewayDefinition: {
          connectionName: connection.name,
          gatewayStorageCatalog: props.catalog,
          gatewayStorageSchema: schema,
          gatewayStorageName: `${slug.replace(/-/g, "_")}_gateway_staging`,
        },
        ...tags,
        ...notification,
        ...dependsOn,
      });
      const ingestion = new Pipeline(this, `Ingestion-${slug}`, {
        provider,
        name: `${props.namePrefix}-${slug}-ingestion`,
        ingestionDefinition: {
          ingestionGatewayId: gateway.id,
          objects: tables.map((t) => ({
            table: {
              ...(t.database === undefined ? {} : { sourceCatalog: t.database }),
              sourceSchema: t.schema,
              sourceTable: t.table,
              destinationCatalog: props.catalog,
              destinationSchema: schema,
              destinationTable: t.destinationTable,
              tableConfiguration: {
                // Bronze keeps every version; silver derives the spec's SCD type from it.
                scdType: "SCD_TYPE_2",
                primaryKeys: [...t.primaryKeys],
                sequenceBy: [t.sequenceBy],
                ...(t.excludeColumns && t.excludeColumns.length > 0
                  ? { excludeColumns: [...t.excludeColumns] }
                  : {}),
              },
            },
          })),
        },
        ...tags,
        ...notification,
        ...dependsOn,
      });
      pipelines[key] = { gateway, ingestion };
    }
    this.pipelines = pipelines;
    this.ingestionTasks = Object.entries(pipelines).map(([key, p]) => ({
      name: key.replace(/[^A-Za-z0-9]+/g, "_"),
      pipelineId: p.ingestion.id,
    }));
  }
}

function validate(props: LakeflowDatabaseIngestionProps): void {
  const invalidProp = invalidPropOf("LakeflowDatabaseIngestion");
  if (props.tables.length === 0) invalidProp("tables", [], "must list at least one table to replicate");
  const names = new Set<string>();
  for (const c of props.connections) {
    if (!/^[A-Za-z0-9_]{1,100}$/.test(c.name))
      invalidProp("connections.name", c.name, "must be letters, digits or '_'");
    if (names.has(c.name)) invalidProp("connections.name", c.name, "is given twice");
    names.add(c.name);
    for (const field of ["user", "password"] as const) {
      if (!Token.isUnresolved(c[field]))
        throw new Error(
          `LakeflowDatabaseIngestion.connections.${field}: must be a Terraform reference (e.g. a sensitive variable), never a literal: a literal would be written to the synthesized JSON`,
        );
    }
    if (!Number.isInteger(c.port) || c.port < 1 || c.port > 65535)
      invalidProp("connections.port", c.port, "must be a port number 1–65535");
  }
  for (const t of props.tables) {
    if (!names.has(t.connection))
      invalidProp("tables.connection", t.connection, `is not a connection (${[...names].join(", ")})`);
    if (t.primaryKeys.length === 0)
      invalidProp("tables.primaryKeys", [], "must name at least one key column");
  }
}
