/**
 * The built-in example: a card-fraud lakehouse with dev, staging and prod on Azure and on AWS.
 * `npm run synth` builds every stack from it with no input and no cloud login. Copy and edit it for a
 * real deployment; names derived from `project.prefix` must be globally unique for storage accounts,
 * Key Vaults and Event Hubs namespaces, so pick a distinctive prefix.
 *
 * Every environment uses its region's existing Unity Catalog metastore (`databricks.metastore` defaults
 * to a lookup by region): accounts with automatic Unity Catalog enablement have one. An account without
 * one declares it in `metastores` (e.g. `[{ cloud: "azure", region: "westeurope" }]`), which adds a
 * `<cloud>-<region>-metastore` stack deployed before the environments.
 */
import { EXAMPLE_DATASETS } from "./example-datasets";
import type { LakehouseConfigInput } from "./schema";

type EnvironmentInput = LakehouseConfigInput["environments"][number];
type DatabricksInput = EnvironmentInput["databricks"];

/**
 * Account groups per role (created in the Databricks account, e.g. synced from Entra ID / IdP). Each is
 * assigned to the environment's workspace; `admins` (the environments' `adminGroup`) as workspace
 * administrators.
 */
const GROUPS: DatabricksInput["groups"] = {
  admins: "fraud-platform-admins",
  engineers: "fraud-data-engineers",
  analysts: "fraud-analysts",
  dataScientists: "fraud-data-scientists",
  mlServing: "fraud-ml-serving",
};

/**
 * Service principals (application ids) the pipelines of each environment outside dev run as: one per
 * environment, so no environment's pipelines carry another's grants. Placeholders: replace them with
 * service principals of your Databricks account.
 */
const RUN_AS = {
  azureStaging: "6b1f2c7e-4d3a-4e8b-9a1c-5f0e2d3c4b21",
  azureProd: "9d4e3a2b-1c0f-4a5e-8b7d-6c5b4a3e2d31",
  awsStaging: "2c7a9e4f-8b1d-4f3a-a6e5-0d9c8b7a6f41",
  awsProd: "7e5d4c3b-2a1f-4e0d-9c8b-a7f6e5d4c351",
} as const;

/**
 * Least-privilege grants (the admin group owns the Unity Catalog objects and needs none): engineers own the pipelines' schemas; analysts and data scientists read gold;
 * ML serving reads gold features and executes the model. `account users` get BROWSE only.
 */
const GRANTS: DatabricksInput["grants"] = [
  { group: "engineers", on: "catalog", privileges: ["USE_CATALOG"] },
  { group: "analysts", on: "catalog", privileges: ["USE_CATALOG"] },
  { group: "dataScientists", on: "catalog", privileges: ["USE_CATALOG"] },
  { group: "mlServing", on: "catalog", privileges: ["USE_CATALOG"] },
  { group: "engineers", on: "schema:bronze", privileges: ["ALL_PRIVILEGES"] },
  { group: "engineers", on: "schema:silver", privileges: ["ALL_PRIVILEGES"] },
  { group: "engineers", on: "schema:gold", privileges: ["ALL_PRIVILEGES"] },
  { group: "analysts", on: "schema:gold", privileges: ["USE_SCHEMA", "SELECT"] },
  { group: "dataScientists", on: "schema:gold", privileges: ["USE_SCHEMA", "SELECT"] },
  { group: "mlServing", on: "schema:gold", privileges: ["USE_SCHEMA", "SELECT"] },
  { group: "engineers", on: "schema:ml", privileges: ["USE_SCHEMA"] },
  { group: "dataScientists", on: "schema:ml", privileges: ["USE_SCHEMA", "CREATE_MODEL", "CREATE_FUNCTION"] },
  { group: "mlServing", on: "schema:ml", privileges: ["USE_SCHEMA"] },
  { group: "dataScientists", on: "model:fraud_model", privileges: ["ALL_PRIVILEGES"] },
  { group: "mlServing", on: "model:fraud_model", privileges: ["EXECUTE"] },
];

/** The fraud scoring model, registered in each environment's `ml` schema. */
const MODELS: DatabricksInput["models"] = [{ name: "fraud_model", comment: "Fraud scoring model" }];

/** Who may start compute: engineers run jobs and pipelines; data scientists get interactive clusters. */
const POLICY_USERS: DatabricksInput["clusterPolicy"]["users"] = {
  jobs: ["engineers"],
  interactive: ["engineers", "dataScientists"],
  pipelines: ["engineers"],
};

/** Roles that query through the SQL warehouse (ML serving reads features through its own endpoint). */
const WAREHOUSE_USERS = ["engineers", "analysts", "dataScientists"];

/** Databricks access, the same in every environment: groups, the owning admin group, grants, models. */
const ACCESS = { groups: GROUPS, adminGroup: "admins", grants: GRANTS, models: MODELS } as const;

/** The SQL warehouse of a stage (the same on both clouds); a new object per environment. */
function warehouse(stage: Stage): DatabricksInput["warehouse"] {
  if (stage === "prod") {
    // Auto-stop 5 min (the smallest the Databricks UI offers a serverless warehouse; serverless restarts in
    // seconds): idle billing per session is the biggest lever of the savings review. One cluster (the
    // provider default): peaks queue for seconds instead of doubling the DBU rate; raise maxClusters when
    // query history shows queueing.
    return { size: "Small", serverless: true, autoStopMinutes: 5, maxClusters: 1, users: WAREHOUSE_USERS };
  }
  return {
    size: stage === "dev" ? "2X-Small" : "X-Small",
    serverless: true,
    autoStopMinutes: 10,
    users: WAREHOUSE_USERS,
  };
}

/** Cluster policy limits per stage (the allowed node types are the cloud's). */
const POLICY_LIMITS = {
  dev: { maxWorkers: 4, autoterminationMinutes: 30, users: POLICY_USERS },
  staging: { maxWorkers: 8, autoterminationMinutes: 30, users: POLICY_USERS },
  // Prod: 10 min, Databricks' smallest auto-termination: every session's idle tail is billed.
  prod: { maxWorkers: 16, autoterminationMinutes: 10, users: POLICY_USERS },
};

type Stage = "dev" | "staging" | "prod";

/**
 * The budget of an environment: FinOps hears of every alert, counted from the same month. The limits sit
 * about 1.3–1.8× each environment's list-price estimate (`npm run cost`: the estimate is a lower bound
 * where resources are unpriced, e.g. Azure GZRS storage), so the 80 % forecast alert means the spend left
 * the plan, not that the plan was never affordable.
 */
function budget(monthlyLimit: number): EnvironmentInput["budget"] {
  return { monthlyLimit, emailRecipients: ["finops@example.com"], startDate: "2026-12-01" };
}

/** When each stage's pipelines run (Quartz, in the cloud's timezone) and who hears of failures; both clouds alike. */
const PIPELINE_RUNS = {
  dev: { cron: "0 0 6 * * ?", failureEmails: ["data-platform-dev@example.com"] },
  staging: { cron: "0 0 * * * ?", failureEmails: ["data-platform-alerts@example.com"] },
  prod: {
    cron: "0 0/15 * * * ?",
    failureEmails: ["data-platform-alerts@example.com", "fraud-oncall@example.com"],
  },
};

/**
 * The serverless pipelines of a stage, scheduled in `timezone`, run as `runAsServicePrincipal` (outside
 * dev); a new object per environment.
 */
function pipelines(
  stage: Stage,
  timezone: string,
  runAsServicePrincipal?: string,
): EnvironmentInput["pipelines"] {
  const { cron, failureEmails } = PIPELINE_RUNS[stage];
  return {
    compute: { kind: "serverless" },
    schedule: { cron, timezone },
    failureEmails: [...failureEmails],
    ...(runAsServicePrincipal === undefined ? {} : { runAsServicePrincipal }),
  };
}

/** What the Databricks settings of a stage's environments share on both clouds: access, warehouse, policy limits. */
function databricks(stage: Stage, allowedNodeTypes: readonly string[]) {
  return {
    ...ACCESS,
    warehouse: warehouse(stage),
    clusterPolicy: { allowedNodeTypes: [...allowedNodeTypes], ...POLICY_LIMITS[stage] },
  };
}

/** Node types the cluster policies allow, per cloud. */
const AZURE_NODE_TYPES = ["Standard_D4ds_v5", "Standard_D8ds_v5"];
const AWS_NODE_TYPES = ["m5d.large", "m5d.xlarge", "i3.xlarge"];

type AzureEnvironmentInput = Extract<EnvironmentInput, { cloud: "azure" }>;
type AwsEnvironmentInput = Extract<EnvironmentInput, { cloud: "aws" }>;

/** What an environment of the example writes for itself; the rest follows from its cloud and stage. */
interface EnvironmentSettings<E extends EnvironmentInput> {
  /** The budget's monthly limit (see {@link budget}). */
  readonly monthlyBudget: number;
  readonly network: E["network"];
  readonly storage: E["storage"];
  readonly streaming: E["streaming"];
  /** The service principal the pipelines run as (outside dev). */
  readonly runAs?: string;
  /** Databricks settings beyond the stage's access, warehouse and policy limits (see {@link databricks}). */
  readonly databricks?: Partial<E["databricks"]>;
}

/** The cloud-neutral part of an environment named after its stage, its pipelines scheduled in `timezone`. */
function environment<E extends EnvironmentInput>(
  stage: Stage,
  env: EnvironmentSettings<E>,
  timezone: string,
) {
  return {
    name: stage,
    stage,
    budget: budget(env.monthlyBudget),
    network: env.network,
    storage: env.storage,
    streaming: env.streaming,
    pipelines: pipelines(stage, timezone, env.runAs),
  };
}

/** An Azure environment in West Europe, pipelines on Amsterdam time. */
function azure(stage: Stage, env: EnvironmentSettings<AzureEnvironmentInput>): AzureEnvironmentInput {
  return {
    cloud: "azure",
    region: "westeurope",
    ...environment(stage, env, "Europe/Amsterdam"),
    databricks: { ...databricks(stage, AZURE_NODE_TYPES), ...env.databricks },
  };
}

/** An AWS environment in us-east-1, pipelines on New York time, workspaces in two availability zones. */
function aws(stage: Stage, env: EnvironmentSettings<AwsEnvironmentInput>): AwsEnvironmentInput {
  return {
    cloud: "aws",
    region: "us-east-1",
    ...environment(stage, env, "America/New_York"),
    databricks: {
      ...databricks(stage, AWS_NODE_TYPES),
      availabilityZones: ["us-east-1a", "us-east-1b"],
      ...env.databricks,
    },
  };
}

/**
 * An environment's network: the /20 `<prefix>.0.0/20` (prefix: its first two octets) and its subnets, each
 * written as the rest of its address.
 */
function network(prefix: string, subnets: Readonly<Record<string, string>>) {
  const cidr = (rest: string) => `${prefix}.${rest}`;
  return {
    cidr: cidr("0.0/20"),
    subnets: Object.fromEntries(Object.entries(subnets).map(([name, rest]) => [name, cidr(rest)])),
  };
}

/** Azure: /22s for the workspace's host and container subnets, a /24 for private endpoints. */
const AZURE_SUBNETS = { host: "0.0/22", container: "4.0/22", privateEndpoints: "8.0/24" };
/** AWS: two private /22s for the workspace, a /26 for the NAT gateway. */
const AWS_SUBNETS = { privateA: "0.0/22", privateB: "4.0/22", public: "8.0/26" };

export const EXAMPLE_CONFIG: LakehouseConfigInput = {
  project: {
    name: "fraud-lakehouse",
    prefix: "frdlh",
    owner: "data-platform@example.com",
    costCenter: "cc-4410",
    tags: { "data-classification": "confidential" },
  },
  datasets: EXAMPLE_DATASETS,
  environments: [
    azure("dev", {
      monthlyBudget: 750,
      network: network("10.10", AZURE_SUBNETS),
      storage: {
        replication: "LRS",
        softDeleteDays: 7,
        tiering: { landing: { coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 180 } },
      },
      streaming: {
        sku: "Standard",
        capacity: 1,
        sources: [{ name: "card-transactions", partitions: 4, retentionHours: 24 }],
      },
    }),
    azure("staging", {
      monthlyBudget: 2000,
      network: network("10.20", AZURE_SUBNETS),
      storage: {
        replication: "ZRS",
        softDeleteDays: 14,
        tiering: {
          landing: { coolAfterDays: 30, coldAfterDays: 90, expireAfterDays: 365 },
          bronze: { coolAfterDays: 90 },
        },
      },
      streaming: {
        sku: "Standard",
        capacity: 2,
        autoInflateMaxThroughputUnits: 8,
        sources: [{ name: "card-transactions", partitions: 8, retentionHours: 72 }],
      },
      runAs: RUN_AS.azureStaging,
    }),
    azure("prod", {
      monthlyBudget: 12000,
      network: {
        ...network("10.30", AZURE_SUBNETS),
        // The deploy runner's stable egress (a documentation range: replace it with your CI runner's NAT
        // address). The Key Vault firewall admits it so the runner can create and read the storage key.
        allowedPublicIpRanges: ["203.0.113.0/28"],
      },
      storage: {
        replication: "GZRS",
        softDeleteDays: 30,
        tiering: {
          landing: { coolAfterDays: 30, coldAfterDays: 90, expireAfterDays: 730 },
          bronze: { coolAfterDays: 90, coldAfterDays: 365 },
          silver: { coolAfterDays: 180 },
        },
        customerManagedKey: true,
        // Locked WORM is IRREVERSIBLE: the policy can never be removed or shortened, and the account
        // cannot be deleted while any landing blob is retained. Unlocked policies protect nothing.
        immutability: { layers: ["landing"], days: 365, locked: true },
        // Private endpoints only (blob, dfs; serverless through approved NCC private endpoint rules).
        publicNetworkAccess: false,
      },
      // Standard with auto-inflate: 1 TU carries the steady card traffic, bursts inflate to 4 (a Premium
      // processing unit costs ~34× a TU-hour).
      streaming: {
        sku: "Standard",
        capacity: 1,
        autoInflateMaxThroughputUnits: 4,
        sources: [{ name: "card-transactions", partitions: 16, retentionHours: 168 }],
      },
      // Serverless pipelines read Event Hubs through the serverless network's private endpoint (approve
      // it on the namespace after the first deploy): no idle or start-up billing, and the gold
      // materialized views refresh incrementally.
      runAs: RUN_AS.azureProd,
      databricks: { predictiveOptimization: true, privateEndpoints: true, customerManagedKeys: true },
    }),
    aws("dev", {
      monthlyBudget: 500,
      network: network("10.110", AWS_SUBNETS),
      storage: {
        tiering: { landing: { coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 180 } },
        noncurrentVersionDays: 7,
        accessLogRetentionDays: 30,
      },
      streaming: {
        mode: "on-demand",
        sources: [{ name: "card-transactions", retentionHours: 24 }],
      },
    }),
    aws("staging", {
      monthlyBudget: 1500,
      network: network("10.120", AWS_SUBNETS),
      storage: {
        tiering: {
          landing: { coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 365 },
          bronze: { coolAfterDays: 90 },
        },
        noncurrentVersionDays: 14,
        accessLogRetentionDays: 90,
      },
      streaming: {
        mode: "provisioned",
        sources: [{ name: "card-transactions", shards: 2, retentionHours: 72 }],
      },
      runAs: RUN_AS.awsStaging,
    }),
    aws("prod", {
      monthlyBudget: 10000,
      // Second NAT gateway (per-zone egress, the prod default) and the PrivateLink endpoints.
      network: network("10.130", { ...AWS_SUBNETS, publicB: "8.64/26", privateLink: "8.128/27" }),
      storage: {
        tiering: {
          landing: { coolAfterDays: 30, archiveAfterDays: 120, expireAfterDays: 730 },
          bronze: { coolAfterDays: 90, coldAfterDays: 365 },
          silver: { coolAfterDays: 180 },
        },
        noncurrentVersionDays: 30,
        accessLogRetentionDays: 365,
        // Raw files only: bronze is Delta, whose rewritten files (OPTIMIZE, VACUUM, checkpoints) would
        // all be kept for the retention period under Object Lock.
        objectLock: { layers: ["landing"], days: 365, mode: "GOVERNANCE" },
      },
      // Card traffic is steady around the clock: two provisioned shards carry 4× the average rate for
      // a fraction of on-demand's per-GB charges (`npm run cost -- --savings` prices both).
      streaming: {
        mode: "provisioned",
        sources: [{ name: "card-transactions", shards: 2, retentionHours: 168 }],
      },
      runAs: RUN_AS.awsProd,
      databricks: {
        predictiveOptimization: true,
        // PrivateLink and workspace CMKs are Enterprise features.
        pricingTier: "ENTERPRISE",
        // us-east-1 endpoint services (Databricks "PrivateLink VPC endpoint services" table). No public
        // access: users and the workspace-layer runner come from the corporate network over VPN/peering.
        privateLink: {
          workspaceServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-09143d1e626de2f04",
          relayServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-00018a8c3ff62ffdf",
          publicAccess: false,
          frontEndClientCidrs: ["10.200.0.0/16"],
        },
        customerManagedKeys: true,
      },
    }),
  ],
};
