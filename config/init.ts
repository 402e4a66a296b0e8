/**
 * `npm run init`: a minimal, valid, commented YAML config for a new lakehouse from a few answers
 * (project, clouds, regions, environments). Nothing of the built-in example: names come from the
 * project, group roles are neutral (`engineering`, `consumers`), no streams, datasets or pipelines
 * until the user adds them. The text is validated with `loadConfig` before it is written.
 */
import { Document, isMap, isScalar, isSeq, visit, type YAMLMap } from "yaml";
import type { LakehouseConfigInput } from "./schema";

export type InitCloud = "azure" | "aws";

/** The answers `npm run init` takes. */
export interface InitOptions {
  /** Company or project name, e.g. `acme` or `acme-retail` (lowercase letters, digits, hyphens). */
  readonly project: string;
  /** Short name prefix (2–8 lowercase letters or digits). @default derived from `project` */
  readonly prefix?: string;
  /** Clouds to deploy to. */
  readonly clouds: readonly InitCloud[];
  /** Region per cloud, e.g. `{ aws: "eu-west-1", azure: "westeurope" }`. */
  readonly regions: Readonly<Partial<Record<InitCloud, string>>>;
  /** Environment names, in deploy order, e.g. `["dev", "prod"]`. */
  readonly environments: readonly string[];
  /** Owning team (the `owner` tag). @default a TODO placeholder */
  readonly owner?: string;
  /** Cost center (the `cost-center` tag). @default a TODO placeholder */
  readonly costCenter?: string;
  /** Path of the JSON Schema relative to the written file, for editors. @default none */
  readonly schemaPath?: string;
}

/** The prefix derived from a project name: its letters and digits, at most 8, starting with a letter. */
export function derivePrefix(project: string): string {
  const letters = project.toLowerCase().replace(/[^a-z0-9]/g, "");
  const start = letters.replace(/^[0-9]+/, "");
  const prefix = (start || "lh").slice(0, 8);
  return prefix.length >= 2 ? prefix : `${prefix}lh`;
}

/** The stage an environment name suggests: prod for production, staging for pre-production, else dev. */
export function stageOf(name: string): "dev" | "staging" | "prod" {
  if (/^(prod|production|prd|live)/.test(name)) return "prod";
  if (/^(stag|stg|uat|qa|test|preprod|acc)/.test(name)) return "staging";
  return "dev";
}

type EnvironmentInput = LakehouseConfigInput["environments"][number];

/** Address space of the `index`-th environment: 10.<10·(index+1)>.0.0/20, so environments never overlap. */
function network(cloud: InitCloud, index: number, prod: boolean): EnvironmentInput["network"] {
  const b = 10 * (index + 1);
  return {
    cidr: `10.${b}.0.0/20`,
    subnets:
      cloud === "azure"
        ? // privateEndpoints: the Key Vault's (and, in prod, the workspace's) private endpoints.
          { host: `10.${b}.0.0/22`, container: `10.${b}.4.0/22`, privateEndpoints: `10.${b}.8.0/24` }
        : {
            privateA: `10.${b}.0.0/22`,
            privateB: `10.${b}.4.0/22`,
            public: `10.${b}.8.0/26`,
            // prod runs a NAT gateway per zone: the second one's public subnet.
            ...(prod ? { publicB: `10.${b}.8.64/26` } : {}),
          },
  };
}

function environment(options: InitOptions, cloud: InitCloud, name: string, index: number): EnvironmentInput {
  const stage = stageOf(name);
  const prod = stage === "prod";
  const region = options.regions[cloud] ?? "";
  const databricksCommon = {
    groups: {
      admins: `${options.project}-lakehouse-admins`,
      engineering: `${options.project}-data-engineering`,
      consumers: `${options.project}-data-consumers`,
    },
    adminGroup: "admins",
    grants: [
      { group: "engineering", on: "catalog" as const, privileges: ["USE_CATALOG"] },
      { group: "consumers", on: "catalog" as const, privileges: ["USE_CATALOG"] },
      { group: "engineering", on: "schema:bronze" as const, privileges: ["ALL_PRIVILEGES"] },
      { group: "engineering", on: "schema:silver" as const, privileges: ["ALL_PRIVILEGES"] },
      { group: "engineering", on: "schema:gold" as const, privileges: ["ALL_PRIVILEGES"] },
      { group: "consumers", on: "schema:gold" as const, privileges: ["USE_SCHEMA", "SELECT"] },
    ],
    warehouse: {
      size: prod ? ("Small" as const) : ("2X-Small" as const),
      serverless: true,
      autoStopMinutes: 10,
    },
    clusterPolicy: {
      allowedNodeTypes: cloud === "azure" ? ["Standard_D4ds_v5"] : ["m5d.large"],
      maxWorkers: prod ? 8 : 4,
      autoterminationMinutes: 30,
      users: { jobs: ["engineering"], interactive: ["engineering"], pipelines: ["engineering"] },
    },
  };
  const common = { name, stage, region, network: network(cloud, index, prod) };
  if (cloud === "azure") {
    return {
      cloud,
      ...common,
      storage: { replication: prod ? "ZRS" : "LRS", softDeleteDays: prod ? 30 : 7 },
      streaming: { sku: "Standard", capacity: 1, sources: [] },
      databricks: databricksCommon,
    };
  }
  return {
    cloud,
    ...common,
    storage: { noncurrentVersionDays: prod ? 30 : 7, accessLogRetentionDays: prod ? 365 : 30 },
    streaming: { mode: "on-demand", sources: [] },
    databricks: { ...databricksCommon, availabilityZones: [`${region}a`, `${region}b`] },
  };
}

/** The config object `init` writes (before comments). */
export function initConfig(options: InitOptions): LakehouseConfigInput {
  const environments: EnvironmentInput[] = [];
  let index = 0;
  for (const cloud of options.clouds) {
    for (const name of options.environments) environments.push(environment(options, cloud, name, index++));
  }
  return {
    ...(options.schemaPath ? { $schema: options.schemaPath } : {}),
    project: {
      name: options.project,
      prefix: options.prefix ?? derivePrefix(options.project),
      owner: options.owner ?? "TODO-owning-team@your-company",
      costCenter: options.costCenter ?? "TODO-cost-center",
    },
    // Environments look up their region's metastore (accounts with automatic Unity Catalog
    // enablement have one per region); the comment says how to create one instead.
    metastores: [],
    environments,
  };
}

/** Sets a comment line above `key` of `map`. */
function commentKey(map: unknown, key: string, comment: string): void {
  if (!isMap(map)) return;
  const pair = (map as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === key);
  if (pair && isScalar(pair.key)) pair.key.commentBefore = comment;
}

/** The commented YAML text of {@link initConfig}. */
export function renderInitConfig(options: InitOptions): string {
  const config = initConfig(options);
  const doc = new Document(config);
  // Short lists of names read best on one line: `privileges: [USE_SCHEMA, SELECT]`.
  visit(doc, {
    Seq(_, seq) {
      if (seq.items.every((item) => isScalar(item))) seq.flow = true;
    },
  });
  const root = doc.contents;
  doc.commentBefore = [
    ` Lakehouse config for ${options.project}, written by \`npm run init\`. Check it with`,
    " `npm run config:print` (every default shown), then `npm run synth`. README: Configuration.",
  ].join("\n");
  commentKey(
    root,
    "project",
    " Names derive from project.prefix (storage accounts, Key Vaults and Event Hubs namespaces are\n" +
      " globally unique on Azure: keep the prefix distinctive). owner and costCenter become tags.",
  );
  commentKey(
    root,
    "metastores",
    " Unity Catalog metastores to create, one per cloud and region, each in a stack of its own that\n" +
      " deploys first. Empty: every environment uses its region's metastore (accounts with automatic\n" +
      ` Unity Catalog enablement have one). If yours has none, add e.g. ${options.clouds
        .map((cloud) => `{ cloud: ${cloud}, region: ${options.regions[cloud]} }`)
        .join(", ")}.`,
  );
  commentKey(
    root,
    "environments",
    [
      " One entry per (cloud, environment); the stack id is <cloud>-<name>. Every stage but dev gets",
      " prevent_destroy on stateful resources. To add pipelines: write a `datasets` spec (README:",
      " Pipelines as code), add streams to streaming.sources, and a `pipelines` section here.",
    ].join("\n"),
  );
  const envs = doc.getIn(["environments"], true);
  if (isSeq(envs)) {
    envs.items.forEach((env, i) => {
      const cloud = config.environments[i]!.cloud;
      commentKey(
        env,
        "network",
        cloud === "azure"
          ? " Address space of the workspace network; environments must not overlap. The Key Vault is\n" +
              " reached through a private endpoint in subnets.privateEndpoints: run Terraform from the\n" +
              " VNet, or list your runner's egress range in allowedPublicIpRanges."
          : " Address space of the workspace network; environments must not overlap.",
      );
      commentKey(
        env,
        "streaming",
        cloud === "azure"
          ? " Event Hubs namespace; add { name, partitions, retentionHours } per stream source."
          : " Kinesis streams; add { name, retentionHours } per stream source (mode per stream optional).",
      );
      const databricks = isMap(env) ? env.get("databricks", true) : undefined;
      commentKey(
        databricks,
        "groups",
        " Account groups by role (create them in the Databricks account, e.g. synced from your IdP).",
      );
      commentKey(
        databricks,
        "adminGroup",
        " Owns the Unity Catalog objects and alone manages pipelines and jobs; the identity running\n" +
          " Terraform must be a member.",
      );
      commentKey(databricks, "grants", " Least privilege: anything not granted is denied.");
    });
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
