/**
 * The typed description of a lakehouse: one project, many environments, each on one cloud.
 *
 * Zod checks shape and per-field rules here; rules that span fields or need derived names (CIDR
 * overlaps, tiering order, name lengths after defaults) live in `validate.ts`. Both report
 * `<path>: '<value>' <rule>` so a user can fix config without reading code.
 */
import { z } from "zod";
import { MEDALLION_LAYERS } from "../vocabulary/medallion";
import { SQL_WAREHOUSE_SIZES } from "../vocabulary/databricks";
import { STAGES } from "../vocabulary/stage";
import { parseCidr } from "./cidr";
import { customIssue, matching, wholeNumber } from "../vocabulary/config-issues";
import {
  accountGroupName,
  awsRegionCode,
  metastoreName,
  money,
  monthStart,
  nodeTypeList,
  requiredTagValue,
  resourceGroupName,
  s3BucketName,
  tagValue,
  timeZone,
} from "./limits";

const email = matching(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, "must be an email address");

const cidr = z.string().superRefine((value, ctx) => {
  if (!parseCidr(value)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `'${value}' must be an IPv4 CIDR such as 10.20.0.0/16 (octets 0-255, prefix 0-32, no host bits set)`,
    });
  }
});

const tags = z.record(
  matching(/^[A-Za-z][A-Za-z0-9_.:/-]{0,127}$/, "must be a tag key of letters, digits and _ . : / - (≤128)"),
  tagValue,
);

/** Names used inside resource names: lowercase so they are legal for every cloud's naming rules. */
const envName = matching(
  /^[a-z][a-z0-9]{1,9}$/,
  "must be 2–10 lowercase letters or digits, starting with a letter",
);
const sourceName = matching(
  /^[a-z][a-z0-9-]{0,48}[a-z0-9]$/,
  "must be 2–50 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen",
);

export const PROJECT_SCHEMA = z
  .object({
    /** Human-readable project name, written to the `project` tag. */
    name: matching(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, "must be 3–40 lowercase letters, digits or hyphens"),
    /** Short prefix for resource names (storage accounts allow only 24 lowercase characters). */
    prefix: matching(
      /^[a-z][a-z0-9]{1,7}$/,
      "must be 2–8 lowercase letters or digits, starting with a letter",
    ),
    /** Written to the `owner` tag of every resource. */
    owner: requiredTagValue,
    /** Written to the `cost-center` tag of every resource. */
    costCenter: requiredTagValue,
    tags: tags.optional(),
  })
  .strict();

const tiering = z
  .object({
    coolAfterDays: wholeNumber(1, 36500, "days").optional(),
    coldAfterDays: wholeNumber(1, 36500, "days").optional(),
    archiveAfterDays: wholeNumber(1, 36500, "days").optional(),
    expireAfterDays: wholeNumber(1, 36500, "days").optional(),
  })
  .strict();

const layer = z.enum(MEDALLION_LAYERS);

const tieringByLayer = z
  .object(Object.fromEntries(MEDALLION_LAYERS.map((l) => [l, tiering.optional()])))
  .strict() as z.ZodType<Partial<Record<(typeof MEDALLION_LAYERS)[number], z.infer<typeof tiering>>>>;

const network = z
  .object({
    /** Address space of the environment's VNet / VPC (used by the workspace network). */
    cidr,
    /** Named subnets inside `cidr`; they must not overlap. */
    subnets: z.record(
      matching(/^[a-z][a-zA-Z0-9-]{0,39}$/, "must be a subnet name of letters, digits or hyphens"),
      cidr,
    ),
    /**
     * Public egress ranges (office, CI runners, the Terraform deployer) let through the storage,
     * Key Vault and Event Hubs firewalls. Everything else is denied.
     * @default []
     */
    allowedPublicIpRanges: z.array(cidr).default([]),
    /**
     * The widest range `allowedPublicIpRanges` may list, as a prefix length. Lowering it admits wider
     * ranges: every address in them reaches the storage, Key Vault and Event Hubs endpoints.
     * @default 24
     */
    minimumPublicPrefixLength: wholeNumber(8, 32, "bits").default(24),
  })
  .strict();

const stage = z.enum(STAGES, {
  errorMap: () => ({ message: `must be one of ${STAGES.join(", ")}` }),
});

const localBackend = z.object({ type: z.literal("local") }).strict();

const azurermBackend = z
  .object({
    type: z.literal("azurerm"),
    resourceGroupName,
    storageAccountName: matching(/^[a-z0-9]{3,24}$/, "must be 3–24 lowercase letters or digits"),
    containerName: matching(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, "must be a valid container name"),
    /** @default "<stack id>.tfstate" */
    key: matching(
      /^[A-Za-z0-9._/-]{1,1024}$/,
      "must be a state key of letters, digits, '.', '_', '-' or '/'",
    ).optional(),
  })
  .strict();

const s3Backend = z
  .object({
    type: z.literal("s3"),
    bucket: s3BucketName,
    /** @default "<stack id>/terraform.tfstate" */
    key: matching(
      /^[A-Za-z0-9!_.*'()-][A-Za-z0-9!_.*'()/-]{0,1023}$/,
      "must be a state key of letters, digits, '/' and ! _ . * ' ( ) - (not starting with '/')",
    ).optional(),
    /** @default the environment's region */
    region: awsRegionCode.optional(),
  })
  .strict();

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

const groupRole = matching(
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

const azureDatabricks = z
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

const awsDatabricks = z
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

/**
 * How the environment runs the medallion pipeline generated from the cloud's dataset spec. Absent:
 * no pipeline, orchestration or maintenance job is deployed.
 */
const pipelines = z
  .object({
    /** Serverless, or classic clusters under the pipelines cluster policy. */
    compute: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("serverless") }).strict(),
      z
        .object({
          kind: z.literal("classic"),
          minWorkers: wholeNumber(1, 1000, "workers"),
          maxWorkers: wholeNumber(1, 1000, "workers"),
          /**
           * Run the pipeline clusters on Photon: faster for most SQL, billed at a higher DBU rate;
           * turn it off for light or UDF-heavy pipelines. (Serverless pipelines always use Photon.)
           * @default true
           */
          photon: z.boolean().default(true),
        })
        .strict(),
    ]),
    /** Run continuously (streaming latency) instead of triggered updates. @default false */
    continuous: z.boolean().default(false),
    /** Quartz schedule of the orchestration job (pipeline update, then gold). Required unless continuous. */
    schedule: z
      .object({
        cron: z.string(),
        /** IANA time zone of the cron expression. @default "UTC" */
        timezone: timeZone.default("UTC"),
      })
      .strict()
      .optional(),
    /** Who is emailed when a pipeline update or job run fails (at least one). */
    failureEmails: z.array(email),
    /**
     * Service principal (application id) the pipeline and its jobs run as, instead of their owner (the
     * Terraform identity, which holds far broader rights). It gets exactly what the pipeline needs:
     * USE_CATALOG, the write privileges on bronze/silver/gold, READ_FILES on landing, READ on the
     * Event Hubs secret (Azure) or ACCESS on the Kinesis service credential (AWS), CAN_USE on the SQL
     * warehouse. Required outside dev, and one per environment: an environment's principal must not
     * be able to use another environment's grants. Assign it to the workspace (account console or
     * `databricks_mws_permission_assignment`) and give the deployer the Service Principal User role
     * on it. @default none (dev only: run as the owner)
     */
    runAsServicePrincipal: matching(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      "must be a service principal application id (a lowercase UUID)",
    ).optional(),
    /**
     * Publish the spec's `onlineServing` features to an online feature store. Turn it on once the
     * pipeline has run: the synced tables need their gold source tables to exist.
     * @default false
     */
    onlineServing: z.boolean().default(false),
  })
  .strict();

/** A monthly budget for the environment with alerts; absent: no budget resource. */
const budget = z
  .object({
    /** Monthly limit: USD on AWS, the billing account's currency on Azure. */
    monthlyLimit: money,
    /** AWS only, and only "USD" (see `validate/budget.ts`); Azure budgets use the billing currency. @default "USD" on AWS */
    currency: z.string().optional(),
    emailRecipients: z.array(email).min(1).max(10),
    /** First day of the first budgeted month (deterministic synth). */
    startDate: monthStart,
    /** @default 80 % and 100 % of actual, 100 % of forecast */
    alerts: z
      .array(
        z.object({ percent: z.number().positive().max(1000), on: z.enum(["actual", "forecasted"]) }).strict(),
      )
      .min(1)
      .max(5)
      .optional(),
  })
  .strict();

/** Exceptions to the guardrails for the whole environment; each needs a known rule id and a reason. */
const guardrails = z
  .object({
    suppressions: z
      .array(
        z
          .object({
            ruleId: z.string(),
            reason: z.string().trim().min(1, "must say why the exception is acceptable"),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

const commonEnvironment = {
  name: envName,
  budget: budget.optional(),
  guardrails: guardrails.default({}),
  pipelines: pipelines.optional(),
  /** Drives protection defaults: everything but `dev` gets prevent_destroy on stateful resources. */
  stage,
  network,
  tags: tags.optional(),
};

const azureStorage = z
  .object({
    /** @default `<prefix><env>lake` */
    accountName: z.string().optional(),
    replication: z.enum(["LRS", "ZRS", "GRS", "GZRS", "RAGRS", "RAGZRS"]),
    /** Blob and container soft delete, in days. */
    softDeleteDays: wholeNumber(1, 365, "days"),
    tiering: tieringByLayer.default({}),
    /** Encrypt with a key in a dedicated Key Vault instead of a Microsoft-managed key. @default true in prod */
    customerManagedKey: z.boolean().optional(),
    /** @default `<prefix>-<env>-kv` */
    keyVaultName: z.string().optional(),
    /**
     * Time-based retention (WORM) on containers that hold raw files. Only `landing` is accepted on
     * Azure: Delta commits on ADLS write a temp file and rename it, and overwrite `_last_checkpoint`,
     * both of which a container retention policy blocks (see validate.ts). @default none
     */
    immutability: z
      .object({
        /** @default ["landing"] */
        layers: z.array(layer).min(1).default(["landing"]),
        days: wholeNumber(1, 146000, "days"),
        /**
         * Lock the policy. IRREVERSIBLE: once applied, the policy can never be unlocked, shortened or
         * removed, and neither the container nor the storage account can be deleted until every blob's
         * retention has run out. Unlocked policies can be deleted by anyone with the right role, so
         * they are for trying the setup out; lock in production. @default false
         */
        locked: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /**
     * Keep the public endpoint (behind the default-deny firewall). `false` (production) creates blob
     * and dfs private endpoints in `network.subnets.privateEndpoints` (with their private DNS zones
     * linked to the VNet) for classic clusters, and serverless private endpoint rules on the
     * environment's NCC, whose connections must be approved on the account after the first deploy
     * (README runbook).
     * @default true
     */
    publicNetworkAccess: z.boolean().default(true),
    /**
     * Keep the Key Vault's public endpoint behind its default-deny firewall, which admits
     * `network.allowedPublicIpRanges` (list the runner's stable egress there). The vault also gets a
     * private endpoint whenever `network.subnets.privateEndpoints` exists. `false` leaves only that
     * endpoint: every later run must come from the VNet or a peered network resolving
     * `privatelink.vaultcore.azure.net` (turn it off once such a runner exists; the first deploy
     * creates the VNet). @default true
     */
    keyVaultPublicNetworkAccess: z.boolean().default(true),
  })
  .strict();

const azureStreaming = z
  .object({
    /** @default `<prefix>-<env>-ingest` */
    namespaceName: z.string().optional(),
    /** Basic has no Kafka endpoint, so it is not offered. */
    sku: z.enum(["Standard", "Premium"]),
    /** Throughput units (Standard, 1–40) or processing units (Premium: 1, 2, 4, 8 or 16). */
    capacity: wholeNumber(1, 40, "capacity units"),
    /** Standard only: auto-inflate up to this many throughput units. @default off */
    autoInflateMaxThroughputUnits: wholeNumber(1, 40, "throughput units").optional(),
    /** @default "databricks" */
    consumerGroup: matching(/^[a-z][a-z0-9._-]{0,49}$/, "must be a consumer group name").default(
      "databricks",
    ),
    sources: z.array(
      z
        .object({
          name: sourceName,
          partitions: wholeNumber(1, 100, "partitions"),
          retentionHours: wholeNumber(1, 2160, "hours"),
        })
        .strict(),
    ),
  })
  .strict();

const awsStorage = z
  .object({
    /** Bucket names are `<bucketPrefix>-<layer>-<account id>-<region>`. @default `<prefix>-<env>` */
    bucketPrefix: z.string().optional(),
    /** How long overwritten or deleted object versions are kept in the landing (raw files) bucket. */
    noncurrentVersionDays: wholeNumber(1, 3650, "days"),
    /**
     * Noncurrent versions in the Delta buckets (bronze, silver, gold, checkpoints). Delta keeps its
     * own history; many S3 versions slow down listing (Databricks KB: ≤ 7 days and ≤ 3 versions), so
     * both are capped there. An object's newest `newerVersions` noncurrent versions stay; older ones
     * expire `days` after becoming noncurrent.
     * @default { days: 7, newerVersions: 3 }
     */
    deltaNoncurrentVersions: z
      .object({
        days: wholeNumber(1, 7, "days"),
        newerVersions: wholeNumber(1, 3, "versions"),
      })
      .strict()
      .default({ days: 7, newerVersions: 3 }),
    /** How long S3 server access logs are kept. */
    accessLogRetentionDays: wholeNumber(1, 3650, "days"),
    tiering: tieringByLayer.default({}),
    /**
     * S3 Object Lock default retention on the raw-data buckets. `landing` is the natural choice. Bronze is
     * allowed (Delta on S3 never renames, so writes keep working) but every version of every rewritten
     * Delta file (OPTIMIZE, VACUUM, checkpoints) is then kept for the whole retention period.
     * Object Lock can only be enabled when a bucket is created. @default none
     */
    objectLock: z
      .object({
        /** @default ["landing"] */
        layers: z.array(layer).min(1).default(["landing"]),
        days: wholeNumber(1, 36500, "days"),
        /** COMPLIANCE cannot be bypassed even by root; GOVERNANCE can with a special permission. @default "GOVERNANCE" */
        mode: z.enum(["GOVERNANCE", "COMPLIANCE"]).default("GOVERNANCE"),
      })
      .strict()
      .optional(),
    /** Waiting period before a scheduled KMS key deletion. @default 30 */
    kmsDeletionWindowDays: wholeNumber(7, 30, "days").default(30),
  })
  .strict();

const kinesisMode = z.enum(["on-demand", "provisioned"]);

const awsStreaming = z
  .object({
    /**
     * Capacity mode of the streams that do not set their own: `on-demand` scales itself and bills per
     * GB, `provisioned` bills per shard-hour. @default "on-demand"
     */
    mode: kinesisMode.default("on-demand"),
    sources: z.array(
      z
        .object({
          name: sourceName,
          /** This stream's capacity mode (a hot stream provisioned, a cold one on demand). @default streaming.mode */
          mode: kinesisMode.optional(),
          /** Required in provisioned mode, not allowed on-demand. */
          shards: wholeNumber(1, 10000, "shards").optional(),
          retentionHours: wholeNumber(24, 8760, "hours"),
        })
        .strict(),
    ),
  })
  .strict();

export const AZURE_ENVIRONMENT_SCHEMA = z
  .object({
    cloud: z.literal("azure"),
    ...commonEnvironment,
    region: z.string(),
    storage: azureStorage,
    streaming: azureStreaming,
    databricks: azureDatabricks,
    backend: z.discriminatedUnion("type", [localBackend, azurermBackend]).default({ type: "local" }),
  })
  .strict();

export const AWS_ENVIRONMENT_SCHEMA = z
  .object({
    cloud: z.literal("aws"),
    ...commonEnvironment,
    region: z.string(),
    storage: awsStorage,
    streaming: awsStreaming,
    databricks: awsDatabricks,
    backend: z.discriminatedUnion("type", [localBackend, s3Backend]).default({ type: "local" }),
  })
  .strict();

/** A Unity Catalog metastore the config creates: one per cloud and region, in a stack of its own. */
const metastoreCommon = {
  region: z.string(),
  /** @default `<prefix>-<region>` */
  name: matching(
    /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,254}$/,
    "must be a metastore name of letters, digits, spaces, _ . -",
  ).optional(),
};

export const METASTORE_SCHEMA = z.discriminatedUnion("cloud", [
  z
    .object({
      cloud: z.literal("azure"),
      ...metastoreCommon,
      backend: z.discriminatedUnion("type", [localBackend, azurermBackend]).default({ type: "local" }),
    })
    .strict(),
  z
    .object({
      cloud: z.literal("aws"),
      ...metastoreCommon,
      backend: z.discriminatedUnion("type", [localBackend, s3Backend]).default({ type: "local" }),
    })
    .strict(),
]);

export const LAKEHOUSE_CONFIG_SCHEMA = z
  .object({
    /**
     * Path or URL of the JSON Schema (`schema/lakehouse.schema.json`) for editors that complete and
     * check the file; ignored by the loader.
     * @default none
     */
    $schema: z.string().optional(),
    project: PROJECT_SCHEMA,
    /**
     * Unity Catalog metastores to create, one per (cloud, region), each in a stack of its own
     * (`<cloud>-<region>-metastore`, always protected from destroy) that the environments of that
     * region reference, so it deploys first. Leave empty when the account already has one per region
     * (automatic Unity Catalog enablement): environments then look theirs up.
     * @default []
     */
    metastores: z.array(METASTORE_SCHEMA).default([]),
    /**
     * The dataset spec (sources, tables, features, maintenance), one for every cloud: a `stream` source
     * names a `streaming.sources` entry and is read from Event Hubs on Azure and Kinesis on AWS.
     * Validated by `pipelines/spec/` for each cloud that deploys pipelines (`config/datasets.ts`; the
     * deprecated per-cloud shape `{ azure, aws }` is still read). Environments with `pipelines` deploy it.
     * @default none
     */
    datasets: z.unknown().optional(),
    environments: z
      .array(z.discriminatedUnion("cloud", [AZURE_ENVIRONMENT_SCHEMA, AWS_ENVIRONMENT_SCHEMA]))
      .min(1, "must list at least one environment"),
  })
  .strict();

/** What a user writes (defaults may be omitted). */
export type LakehouseConfigInput = z.input<typeof LAKEHOUSE_CONFIG_SCHEMA>;
/** Parsed config with schema defaults applied. */
export type ParsedLakehouseConfig = z.output<typeof LAKEHOUSE_CONFIG_SCHEMA>;
export type ParsedAzureEnvironment = z.output<typeof AZURE_ENVIRONMENT_SCHEMA>;
export type ParsedAwsEnvironment = z.output<typeof AWS_ENVIRONMENT_SCHEMA>;
export type ParsedEnvironment = ParsedAzureEnvironment | ParsedAwsEnvironment;
export type ProjectConfig = z.output<typeof PROJECT_SCHEMA>;
export type ParsedMetastore = z.output<typeof METASTORE_SCHEMA>;
