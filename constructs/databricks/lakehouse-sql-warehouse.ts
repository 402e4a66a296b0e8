import { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import { SqlEndpoint } from "@cdktf/provider-databricks/lib/sql-endpoint";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

import { SQL_WAREHOUSE_SIZES, type SqlWarehouseSize } from "../../vocabulary/databricks";
import { invalidPropOf, sortedEntries } from "../core/prop-helpers";
import { groupAccess } from "./workspace-permissions";

export { SQL_WAREHOUSE_SIZES, type SqlWarehouseSize };

/**
 * Smallest idle time before auto stop. Classic/pro warehouses: the API accepts 0 (never) or ≥ 10.
 * Serverless ones may stop after 1 minute when set through the API (the UI offers ≥ 5). 0 is never
 * allowed here: an idle warehouse that never stops bills DBUs around the clock.
 */
const MIN_AUTO_STOP_MINUTES = { serverless: 1, classic: 10 } as const;

/** Props of {@link LakehouseSqlWarehouse}. */
export interface LakehouseSqlWarehouseProps {
  /** Warehouse name, unique in the workspace. */
  readonly name: string;
  /** "2X-Small" | "X-Small" | "Small" | "Medium" | "Large" | "X-Large" | "2X-Large" | "3X-Large" | "4X-Large" */
  readonly size: string;
  /**
   * Serverless (fast start, billed per second while running, compute in the Databricks account) or
   * classic Pro (VMs in the customer's account, spot where possible). Both are `PRO` warehouses.
   */
  readonly serverless: boolean;
  /** Minutes idle before stopping: ≥ 1 for serverless, ≥ 10 for classic. Never 0 ("never stop"). */
  readonly autoStopMinutes: number;
  /**
   * Upper bound of the warehouse's autoscaling (clusters added under concurrent load); it always
   * starts with one.
   * @default 1
   */
  readonly maxClusters?: number;
  /** Tags on the warehouse and the compute behind it (cost attribution of DBUs). */
  readonly customTags: Readonly<Record<string, string>>;
  /** Groups with CAN_USE. @default [] (no permissions resource; only admins and the creator) */
  readonly users?: readonly string[];
  /**
   * Service principals (application ids) with CAN_USE, e.g. the run-as principal of jobs that run SQL
   * on the warehouse. @default []
   */
  readonly servicePrincipals?: readonly string[];
  /**
   * Databricks provider (workspace-level) the warehouse and its permissions are created with.
   * @default the scope's default databricks provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A Databricks SQL warehouse for BI, dashboards and SQL maintenance jobs: a `PRO` warehouse (needed
 * for serverless, and for Unity Catalog features such as materialized views on classic) with Photon,
 * the current channel, a mandatory auto stop, cost tags and CAN_USE for the given groups.
 *
 * Classic warehouses use the COST_OPTIMIZED spot policy; serverless ones have no spot setting.
 * Tags are sorted by key so the output is byte-identical for the same props.
 *
 * @example
 * new LakehouseSqlWarehouse(this, "SqlWarehouse", {
 *   name: "fraud-lakehouse-prod-warehouse",
 *   size: "Small",
 *   serverless: true,
 *   autoStopMinutes: 10,
 *   maxClusters: 2,
 *   customTags: { project: "fraud-lakehouse", environment: "prod" },
 *   users: ["analysts", "data-engineers"],
 * });
 */
export class LakehouseSqlWarehouse extends Construct {
  readonly warehouse: SqlEndpoint;
  /** Warehouse id (token), e.g. for `warehouse_id` of SQL tasks and dashboards. */
  readonly warehouseId: string;
  /** JDBC URL of the warehouse (token). */
  readonly jdbcUrl: string;
  /** ODBC/JDBC server hostname (token). */
  readonly odbcHostname: string;
  /** ODBC/JDBC HTTP path, `/sql/1.0/warehouses/<id>` (token). */
  readonly odbcHttpPath: string;
  /** CAN_USE grants; absent when no groups are given. */
  readonly permissions?: Permissions;

  constructor(scope: Construct, id: string, props: LakehouseSqlWarehouseProps) {
    super(scope, id);
    validate(props);

    const customTags = sortedEntries(props.customTags).map(([key, value]) => ({ key, value }));

    this.warehouse = new SqlEndpoint(this, "Warehouse", {
      name: props.name,
      clusterSize: props.size,
      minNumClusters: 1,
      maxNumClusters: props.maxClusters ?? 1,
      autoStopMins: props.autoStopMinutes,
      enableServerlessCompute: props.serverless,
      // Serverless requires PRO; for classic, PRO adds UC features (e.g. materialized views, AI functions).
      warehouseType: "PRO",
      enablePhoton: true,
      // Serverless compute ignores the spot policy; classic uses spot VMs where it can.
      ...(props.serverless ? {} : { spotInstancePolicy: "COST_OPTIMIZED" }),
      channel: { name: "CHANNEL_NAME_CURRENT" },
      ...(customTags.length > 0 ? { tags: { customTags } } : {}),
      provider: props.provider,
    });
    this.warehouseId = this.warehouse.id;
    this.jdbcUrl = this.warehouse.jdbcUrl;
    this.odbcHostname = this.warehouse.odbcParams.get(0).hostname;
    this.odbcHttpPath = this.warehouse.odbcParams.get(0).path;

    const accessControl = [
      ...groupAccess(props.users, "CAN_USE"),
      ...[...new Set(props.servicePrincipals ?? [])]
        .sort()
        .map((servicePrincipalName) => ({ servicePrincipalName, permissionLevel: "CAN_USE" })),
    ];
    if (accessControl.length > 0) {
      this.permissions = new Permissions(this, "WarehouseUsers", {
        sqlEndpointId: this.warehouse.id,
        accessControl,
        provider: props.provider,
      });
    }
  }
}

function validate(props: LakehouseSqlWarehouseProps): void {
  const invalidProp = invalidPropOf("LakehouseSqlWarehouse");

  if (props.name.trim() === "") invalidProp("name", props.name, "must not be empty");
  if (!(SQL_WAREHOUSE_SIZES as readonly string[]).includes(props.size))
    invalidProp("size", props.size, `is not a SQL warehouse size (one of ${SQL_WAREHOUSE_SIZES.join(", ")})`);
  const kind = props.serverless ? "serverless" : "classic";
  const minimum = MIN_AUTO_STOP_MINUTES[kind];
  if (!Number.isInteger(props.autoStopMinutes) || props.autoStopMinutes < minimum)
    invalidProp(
      "autoStopMinutes",
      props.autoStopMinutes,
      `must be a whole number ≥ ${minimum} for a ${kind} warehouse (0, never stop, is not allowed)`,
    );
  const maxClusters = props.maxClusters ?? 1;
  if (!Number.isInteger(maxClusters) || maxClusters < 1)
    invalidProp("maxClusters", maxClusters, "must be a whole number ≥ 1");
  for (const key of Object.keys(props.customTags)) {
    if (key.trim() === "") invalidProp("customTags", key, "must not have an empty key");
  }
  for (const group of props.users ?? []) {
    if (group.trim() === "") invalidProp("users", group, "must not contain an empty group name");
  }
}
