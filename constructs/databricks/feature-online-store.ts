import { DatabaseSyncedDatabaseTable } from "@cdktf/provider-databricks/lib/database-synced-database-table";
import { OnlineStore } from "@cdktf/provider-databricks/lib/online-store";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** One gold feature table served online. */
export interface OnlineFeatureTable {
  /** Table name in the feature schema, e.g. `customer_features`. */
  readonly name: string;
  /** The table's primary key columns (what lookups are made by). */
  readonly primaryKeys: readonly string[];
  /** Timeseries key of the primary key, if any. @default none */
  readonly timeseriesKey?: string;
}

/** Props of {@link FeatureOnlineStore}. */
export interface FeatureOnlineStoreProps {
  /** Online store name, e.g. `frdlh-prod-features`. */
  readonly name: string;
  /** Catalog of the source feature tables (and of the synced tables), e.g. `fraud_lakehouse_prod`. */
  readonly catalog: string;
  /** Schema of the source feature tables (and of the synced tables), e.g. `gold`. */
  readonly schema: string;
  /** The feature tables to serve (at least one), one synced table each. */
  readonly tables: readonly OnlineFeatureTable[];
  /**
   * Capacity of the online store (Lakebase compute units).
   * @default "CU_1"
   */
  readonly capacity?: "CU_1" | "CU_2" | "CU_4" | "CU_8";
  /**
   * `SNAPSHOT` copies the whole table on each sync and works for any source, including the materialized
   * views the generator writes gold features as. `TRIGGERED` and `CONTINUOUS` sync incrementally from
   * the source's change data feed, which materialized views only offer on the pipeline PREVIEW channel.
   * A SNAPSHOT or TRIGGERED sync runs when its pipeline is started (see `syncPipelineIds`).
   * @default "SNAPSHOT"
   */
  readonly schedulingPolicy?: "CONTINUOUS" | "TRIGGERED" | "SNAPSHOT";
  /**
   * Postgres database inside the store that holds the synced tables.
   * @default "databricks_postgres"
   */
  readonly logicalDatabaseName?: string;
  /** What the synced tables wait for: the pipeline that creates the source tables. @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Workspace-level provider. @default the scope's default databricks provider */
  readonly provider?: TerraformProvider;
}

/**
 * Millisecond feature lookups for model serving: a Databricks online feature store (Lakebase) and one
 * synced table per served gold feature table, `<table>_online` next to its source. Replaces the legacy
 * online tables, which Databricks retired on 2026-01-15. The source tables must exist when the synced
 * tables are created, i.e. after the pipeline's first update: deploy it in a second step.
 *
 * Served = offline: a synced table copies every column of its source, looked up by the source's
 * primary key; with a timeseries key it keeps each key's latest row. Syncs do not follow the source
 * by themselves (SNAPSHOT): run `syncPipelineIds` after every refresh (the orchestration job's
 * `onlineSyncs`).
 *
 * @example
 * // `pipeline` is the MedallionPipeline that writes the gold feature tables.
 * new FeatureOnlineStore(this, "FeatureOnlineStore", {
 *   name: "frdlh-prod-features",
 *   catalog: "fraud_lakehouse_prod",
 *   schema: "gold",
 *   tables: [{ name: "customer_features", primaryKeys: ["customer_id"], timeseriesKey: "feature_timestamp" }],
 *   dependsOn: [pipeline.pipeline],
 * });
 */
export class FeatureOnlineStore extends Construct {
  readonly store: OnlineStore;
  /** Synced tables by source table name. */
  readonly syncedTables: Readonly<Record<string, DatabaseSyncedDatabaseTable>>;
  /**
   * Id (token) of each synced table's sync pipeline, by source table name: what a job's
   * `pipeline_task` runs to sync it (`data_synchronization_status.pipeline_id`).
   */
  readonly syncPipelineIds: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: FeatureOnlineStoreProps) {
    super(scope, id);
    if (props.tables.length === 0) {
      throw new Error(`FeatureOnlineStore.tables: [] must list at least one feature table to serve`);
    }
    this.store = new OnlineStore(this, "Store", {
      provider: props.provider,
      name: props.name,
      capacity: props.capacity ?? "CU_1",
    });
    const synced: Record<string, DatabaseSyncedDatabaseTable> = {};
    for (const table of props.tables) {
      synced[table.name] = new DatabaseSyncedDatabaseTable(this, `Synced-${table.name}`, {
        provider: props.provider,
        name: `${props.catalog}.${props.schema}.${table.name}_online`,
        databaseInstanceName: this.store.name,
        // The Postgres database of the store that holds the synced tables (required in a standard catalog).
        logicalDatabaseName: props.logicalDatabaseName ?? "databricks_postgres",
        spec: {
          sourceTableFullName: `${props.catalog}.${props.schema}.${table.name}`,
          primaryKeyColumns: [...table.primaryKeys],
          timeseriesKey: table.timeseriesKey,
          schedulingPolicy: props.schedulingPolicy ?? "SNAPSHOT",
          // The Postgres schema named after the source schema does not exist in a new store.
          createDatabaseObjectsIfMissing: true,
          // The sync pipeline keeps its state next to the source tables.
          newPipelineSpec: { storageCatalog: props.catalog, storageSchema: props.schema },
        },
        dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
      });
    }
    this.syncedTables = synced;
    this.syncPipelineIds = Object.fromEntries(
      Object.entries(synced).map(([name, table]) => [name, table.dataSynchronizationStatus.pipelineId]),
    );
  }
}
