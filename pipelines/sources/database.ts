/**
 * A table of a transactional database (SQL Server, PostgreSQL, MySQL), replicated by Lakeflow Connect:
 * a Unity Catalog connection to the server, an ingestion gateway pipeline (classic compute, always on,
 * reading the database's change log into a staging volume) and an ingestion pipeline (serverless)
 * applying the changes to a destination table in bronze. The medallion pipeline does not read the
 * database itself: bronze's table is the ingestion pipeline's, and silver reads it.
 *
 * CDC semantics stay the spec's: the table's `silver.cdc` keys and sequence column become the
 * connector's `primary_keys` and `sequence_by`, its excluded columns `exclude_columns`. Bronze keeps the
 * full history (`SCD_TYPE_2`: `__START_AT`/`__END_AT` from the sequence column, deletes close the last
 * version), so bronze stays the raw record; silver is a materialized view over it: every version for
 * `scdType: 2`, the current ones (`__END_AT IS NULL`) for `scdType: 1`. A streaming read could not be
 * used: the destination table is updated in place, which a streaming source rejects.
 *
 * Credentials never appear in the spec or the synthesized JSON: the deployment asks for them as
 * sensitive Terraform variables (see `constructs/databricks/lakeflow-database-ingestion.ts`).
 */
import { z } from "zod";
import { matching } from "../../vocabulary/config-issues";
import { identifier } from "../syntax/identifiers";
import { sourceEntrySchema, type SourceKind } from "./source-kind";

/** Engines of the Lakeflow Connect database connectors and the connection type of each. */
export const DATABASE_ENGINES = {
  sqlserver: { connectionType: "SQLSERVER", defaultPort: 1433, hasCatalog: true },
  postgresql: { connectionType: "POSTGRESQL", defaultPort: 5432, hasCatalog: true },
  mysql: { connectionType: "MYSQL", defaultPort: 3306, hasCatalog: false },
} as const;

export type DatabaseEngine = keyof typeof DATABASE_ENGINES;

/**
 * Connectors Databricks offers as Public Preview, on request from the account team, with the page that
 * says so. A spec must opt in (`preview: true`) to use them.
 */
export const PREVIEW_ENGINES: Partial<Record<DatabaseEngine, string>> = {
  // "The MySQL connector is in Public Preview. Contact your … account team to request access."
  mysql: "learn.microsoft.com/azure/databricks/ingestion/lakeflow-connect/mysql-pipeline",
};

/** A name in the source database: letters, digits, `_`, `$` or `-`, as the connector passes it on. */
const sourceObjectName = matching(
  /^[A-Za-z_][A-Za-z0-9_$-]{0,127}$/,
  "must be a database object name: letters, digits, '_', '$' or '-', starting with a letter or '_', at most 128 characters",
);

const schema = sourceEntrySchema("database", {
  engine: z.enum(["sqlserver", "postgresql", "mysql"]),
  /**
   * Unity Catalog connection to the server (created by the deployment). Sources of one server share it,
   * and one gateway per connection and database reads all their tables.
   */
  connection: identifier,
  host: matching(/^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/, "must be a host name or IP address"),
  /** @default the engine's port (1433, 5432, 3306) */
  port: z.number().int().min(1).max(65535).optional(),
  /** Database (catalog) of the table; required for SQL Server and PostgreSQL, absent for MySQL. */
  database: sourceObjectName.optional(),
  /** Schema of the table (for MySQL: its database). */
  schema: sourceObjectName,
  table: sourceObjectName,
  /** Opt in to a connector that is in Public Preview ({@link PREVIEW_ENGINES}). @default false */
  preview: z.boolean().default(false),
});

export type DatabaseSource = z.output<typeof schema>;

export const DATABASE_SOURCE = {
  type: "database",
  schema,
  // SQL Server, PostgreSQL and MySQL connectors are documented for both clouds' workspaces.
  clouds: ["azure", "aws"],
  // The ingestion pipeline writes the bronze table; it adds no columns the spec would have to avoid.
  metadataColumns: () => [],
  ingestion: "lakeflow-connect",
  validate(source, report) {
    const engine = DATABASE_ENGINES[source.engine];
    if (engine.hasCatalog && source.database === undefined) {
      report(
        ["database"],
        `is required for '${source.engine}': the connector addresses tables as database.schema.table`,
      );
    }
    if (!engine.hasCatalog && source.database !== undefined) {
      report(
        ["database"],
        `'${source.database}' is set but MySQL has no database level above the schema; put the MySQL database in 'schema'`,
      );
    }
    const page = PREVIEW_ENGINES[source.engine];
    if (page && !source.preview) {
      report(
        ["engine"],
        `'${source.engine}' is a Public Preview connector that Databricks enables on request (${page}); set preview: true once the workspace has it`,
      );
    }
  },
  bronzeReader(_table, source) {
    throw new Error(
      `source '${source.name}' is replicated by Lakeflow Connect: its bronze table is written by the ingestion pipeline, not by the medallion pipeline's SQL`,
    );
  },
  infrastructure: {},
} as const satisfies SourceKind<DatabaseSource>;
