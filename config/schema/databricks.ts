/** The `databricks` section: workspace, Unity Catalog (metastore, catalog, groups, models, grants) and compute. */
import { z } from "zod";
import { SQL_WAREHOUSE_SIZES } from "../../vocabulary/databricks";
import { customIssue, matching, matchingKey, wholeNumber } from "../../vocabulary/config-issues";
import { accountGroupName, metastoreName, nodeTypeList } from "../limits";
import { cidr } from "./network";

/** Schemas of the catalog a grant can name (`schema:<name>`). */
export const GRANT_SCHEMAS = ["bronze", "silver", "gold", "ml"] as const;

/**
 * Unity Catalog securables a grant can name: the catalog, one of its schemas, or a registered model of
 * `databricks.models` (`model:<name>`).
 */
export const GRANT_TARGET_FORMS = ["catalog", ...GRANT_SCHEMAS.map((s) => `schema:${s}`), "model:<name>"];
const GRANT_TARGET = new RegExp(
  `^(catalog|schema:(${GRANT_SCHEMAS.join("|")})|model:[a-z][a-z0-9_]{0,254})$`,
);
export type GrantTarget = "catalog" | `schema:${(typeof GRANT_SCHEMAS)[number]}` | `model:${string}`;

/** A Unity Catalog name of a registered model (`<catalog>.ml.<name>`). */
const modelName = matching(/^[a-z][a-z0-9_]{0,254}$/, "must be lowercase letters, digits or underscores");

/** Schema-level privileges (Databricks "Unity Catalog privileges" reference). */
const SCHEMA_PRIVILEGES = [
  "ALL_PRIVILEGES",
  "APPLY_TAG",
  "CREATE_FUNCTION",
  "CREATE_MATERIALIZED_VIEW",
  "CREATE_MODEL",
  "CREATE_TABLE",
  "CREATE_VOLUME",
  "EXECUTE",
  "MODIFY",
  "READ_VOLUME",
  "REFRESH",
  "SELECT",
  "USE_SCHEMA",
  "WRITE_VOLUME",
];

/** Privileges Unity Catalog accepts per securable type; a catalog grant also takes every schema privilege (inherited). */
export const PRIVILEGES_BY_SECURABLE: Readonly<Record<"catalog" | "schema" | "model", readonly string[]>> = {
  catalog: [...SCHEMA_PRIVILEGES, "BROWSE", "CREATE_SCHEMA", "USE_CATALOG"].sort(),
  schema: SCHEMA_PRIVILEGES,
  model: ["ALL_PRIVILEGES", "APPLY_TAG", "EXECUTE"],
};

const groupRole = matchingKey(
  /^[a-zA-Z][a-zA-Z0-9]{0,39}$/,
  "must be a group role key of letters and digits, e.g. engineers",
);

const databricksCommon = {
  /** @default `<prefix>-<env>-dbw` */
  workspaceName: z.string().optional(),
  /**
   * The Unity Catalog metastore assigned to the workspace: the region's, looked up by `region` (the
   * default; accounts with automatic Unity Catalog enablement have one per region) or one given by its
   * `existing` id. A metastore the config creates is declared once per cloud and region in the top-level
   * `metastores`, never by an environment ('create' here is rejected with that hint), so no environment
   * has to be deployed before another.
   * @default { mode: "region" }
   */
  metastore: z
    .discriminatedUnion("mode", [
      // Accepted by the schema only so validation can say where creation moved.
      z.object({ mode: z.literal("create"), name: metastoreName.optional() }).strict(),
      z
        .object({
          mode: z.literal("existing"),
          id: matching(
            /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
            "must be a metastore id (a lowercase UUID)",
          ),
        })
        .strict(),
      z.object({ mode: z.literal("region") }).strict(),
    ])
    .default({ mode: "region" }),
  /** @default `<project name with _>_<env>` */
  catalogName: matching(
    /^[a-z][a-z0-9_]{0,254}$/,
    "must be lowercase letters, digits or underscores",
  ).optional(),
  /** Let Databricks run OPTIMIZE/VACUUM/ANALYZE on managed tables of the catalog. @default false */
  predictiveOptimization: z.boolean().default(false),
  /**
   * Account groups by role, e.g. `{ engineers: "fraud-engineers" }`; grants name the role. Each group is
   * assigned to the environment's workspace (so workspace ACLs can name it): the `adminGroup`
   * role's group as workspace ADMIN, the others as USER. The groups must exist in the Databricks account.
   */
  groups: z.record(groupRole, accountGroupName),
  /**
   * Role (a key of `groups`) of the environment's admin group. It owns the Unity Catalog objects
   * (catalog, schemas, storage and service credentials, external locations) and is the only group
   * with CAN_MANAGE on pipelines and jobs; every other group gets run/view rights. The identity
   * running Terraform must be a member (or a metastore admin) to keep managing what the group owns.
   * Required outside dev, so no environment's data is owned by a deployer who also works in dev.
   * @default none (dev only: the identity running Terraform owns everything)
   */
  adminGroup: groupRole.optional(),
  /**
   * Registered models (MLflow in Unity Catalog) created in schema `ml`, e.g. `{ name: "churn_model" }`;
   * grants name them as `model:<name>`. @default [] (none)
   */
  models: z
    .array(
      z
        .object({
          name: modelName,
          /** @default none */
          comment: z.string().max(1024).optional(),
        })
        .strict(),
    )
    .default([]),
  /** Unity Catalog grants by role. Anything not granted here is denied. */
  grants: z.array(
    z
      .object({
        group: z.string(),
        on: z.string().superRefine((value, ctx) => {
          if (!GRANT_TARGET.test(value)) {
            customIssue(
              ctx,
              `'${value}' must be one of ${GRANT_TARGET_FORMS.join(", ")} (a name of databricks.models)`,
            );
          }
        }) as z.ZodType<GrantTarget, z.ZodTypeDef, string>,
        privileges: z.array(z.string()).min(1),
      })
      .strict(),
  ),
  warehouse: z
    .object({
      size: z.enum(SQL_WAREHOUSE_SIZES),
      /** Serverless starts in seconds and bills per second; classic Pro runs in your network. */
      serverless: z.boolean(),
      /** Idle minutes before the warehouse stops (classic: at least 10). */
      autoStopMinutes: wholeNumber(1, 1440, "minutes"),
      /** @default 1 */
      maxClusters: wholeNumber(1, 40, "clusters").default(1),
      /**
       * Group roles (keys of `databricks.groups`) allowed to use the warehouse; what they may read is
       * up to the grants. @default every role of `databricks.groups`
       */
      users: z.array(z.string()).optional(),
    })
    .strict(),
  clusterPolicy: z
    .object({
      allowedNodeTypes: nodeTypeList,
      maxWorkers: wholeNumber(1, 1000, "workers"),
      /** Upper bound and default of auto-termination for interactive clusters. */
      autoterminationMinutes: wholeNumber(10, 10000, "minutes"),
      /** Workers on spot capacity with on-demand fallback; the driver stays on-demand. @default true */
      spotWithFallback: z.boolean().default(true),
      /**
       * Group roles (keys of `databricks.groups`) allowed to use each policy. `pipelines` also manage
       * the environment's pipelines and jobs and may read their SQL. No default: who may start compute
       * is a decision each lakehouse writes down.
       */
      users: z
        .object({
          jobs: z.array(z.string()),
          interactive: z.array(z.string()),
          pipelines: z.array(z.string()),
        })
        .strict(),
    })
    .strict(),
};

export const azureDatabricks = z
  .object({
    ...databricksCommon,
    /** Private endpoints for the workspace (needs `network.subnets.privateEndpoints`). @default false */
    privateEndpoints: z.boolean().default(false),
    /**
     * Resource id of an existing `privatelink.azuredatabricks.net` private DNS zone (e.g. in a hub, linked
     * to the networks your runners and users resolve from) to register the workspace's private endpoints
     * in. Needs `privateEndpoints`. @default a new zone in the environment's resource group, linked to its VNet
     */
    privateDnsZoneId: matching(
      /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateDnsZones\/privatelink\.azuredatabricks\.net$/i,
      "must be the resource id of a privatelink.azuredatabricks.net private DNS zone (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/privatelink.azuredatabricks.net)",
    ).optional(),
    /**
     * Customer-managed keys for managed services, managed disks and the DBFS root storage account,
     * all from the storage Key Vault. @default false
     */
    customerManagedKeys: z.boolean().default(false),
  })
  .strict();

export const awsDatabricks = z
  .object({
    ...databricksCommon,
    /** Two availability zones of the region for the private subnets `privateA` and `privateB`. */
    availabilityZones: z.tuple([z.string(), z.string()]),
    /** PrivateLink needs ENTERPRISE. @default "PREMIUM" */
    pricingTier: z.enum(["PREMIUM", "ENTERPRISE"]).default("PREMIUM"),
    /**
     * Back-end PrivateLink (REST API and secure cluster connectivity relay) through endpoints in
     * `network.subnets.privateLink`. Service names are per region (Databricks "PrivateLink" docs).
     * @default none
     */
    privateLink: z
      .object({
        workspaceServiceName: z.string().min(1),
        relayServiceName: z.string().min(1),
        /**
         * Keep the web UI and REST API reachable from the internet. `false` (production) leaves
         * front-end PrivateLink only, through the REST API endpoint in the workspace VPC: users and the
         * runner of the workspace layer come from `frontEndClientCidrs`. @default true
         */
        publicAccess: z.boolean().default(true),
        /**
         * Networks (VPN, Direct Connect, peered or transit VPCs) whose users and runners reach the
         * workspace through the endpoint; they need a private hosted zone for the workspace URL.
         * @default []
         */
        frontEndClientCidrs: z.array(cidr).default([]),
      })
      .strict()
      .optional(),
    /**
     * Customer-managed keys for managed services and workspace storage (root bucket, EBS), registered
     * with Databricks. Needs ENTERPRISE; can only be set when the workspace is created. @default false
     */
    customerManagedKeys: z.boolean().default(false),
    /**
     * `per-zone`: a NAT gateway in each zone (needs `network.subnets.publicB` in the second zone), so a
     * zone outage leaves the other zone's clusters their egress. `single`: one NAT gateway for both.
     * @default "per-zone" in prod, "single" otherwise
     */
    natGateways: z.enum(["single", "per-zone"]).optional(),
    /**
     * STS and Kinesis interface endpoints in the private subnets: credential exchange and stream reads
     * stay inside AWS's network, under endpoint policies. @default true in prod, false otherwise
     */
    interfaceEndpoints: z.boolean().optional(),
  })
  .strict();
