/**
 * Rules that span fields, or that apply to names after defaults are derived. Each issue reads
 * `environments.<id>.<field>: '<value>' <rule>` so it can be fixed without reading code.
 */
import { MEDALLION_LAYERS, type LayerTiering, type MedallionTiering } from "../vocabulary/medallion";
import { isNonPublic, parseCidr, rangeContains, rangesOverlap, type Ipv4Range } from "./cidr";
import { AWS_REGIONS, AZURE_REGIONS } from "./regions";
import { LAKEHOUSE_RULES } from "../guardrails/rules";
import { quartzCronError, type DatasetSpec } from "../pipelines/datasets";
import { PRIVILEGES_BY_SECURABLE } from "./schema";
import type {
  ResolvedAwsEnvironment,
  ResolvedAzureEnvironment,
  ResolvedEnvironment,
  ResolvedLakehouseConfig,
} from "./resolve";

type Report = (field: string, message: string) => void;

const GUARDRAIL_RULE_IDS: ReadonlySet<string> = new Set(LAKEHOUSE_RULES.map((rule) => rule.id));

const STORAGE_ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;
// Key Vault: 3–24 alphanumerics and hyphens, starts with a letter, ends with a letter or digit, no "--".
const KEY_VAULT_NAME = /^(?!.*--)[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
// Event Hubs namespace: 6–50, starts with a letter, ends with a letter or digit, letters/digits/hyphens.
const EVENT_HUBS_NAMESPACE = /^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$/;
// S3 bucket label without dots (dots break TLS for virtual-hosted requests): lowercase, digits, hyphens.
const BUCKET_PREFIX = /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*--)[a-z0-9][a-z0-9-]*[a-z0-9]$/;
/** Longest suffix appended to a bucket prefix: `-checkpoints-<12-digit account>-<region>`. */
const LONGEST_BUCKET_SUFFIX = "-checkpoints-123456789012-".length;

/** Event Hubs limits per tier (Azure quotas page): partitions per hub, retention hours, capacity units. */
const EVENT_HUBS_LIMITS = {
  Standard: { partitions: 32, retentionHours: 168, capacities: "1 to 40 throughput units" },
  Premium: { partitions: 100, retentionHours: 2160, capacities: "1, 2, 4, 8 or 16 processing units" },
} as const;

/** Replication kinds whose accounts cannot hold blobs in the Archive tier. */
const NO_ARCHIVE_REPLICATION = new Set(["ZRS", "GZRS", "RAGZRS"]);

/**
 * @param invalidSpecs clouds whose dataset spec failed its own validation: their pipelines are not
 *   checked against it (the spec's issues are reported instead of a misleading "missing spec").
 */
export function validateResolvedConfig(
  config: ResolvedLakehouseConfig,
  invalidSpecs: ReadonlySet<"azure" | "aws"> = new Set(),
): string[] {
  const issues: string[] = [];
  const seen = new Map<string, number>();
  const globalNames = new Map<string, string>();
  const createdMetastores = checkMetastores(config, issues);
  config.environments.forEach((env, index) => {
    const report: Report = (field, message) => issues.push(`environments.${env.id}.${field}: ${message}`);
    const first = seen.get(env.id);
    if (first !== undefined) {
      report(
        "name",
        `'${env.name}' is used by environments[${first}] and environments[${index}] on ${env.cloud}; each (cloud, name) pair must be unique`,
      );
    } else {
      seen.set(env.id, index);
      // A duplicated environment is reported once, above, not again for each of its names.
      checkGlobalNames(env, globalNames, report);
      checkDatabricks(env, createdMetastores, report);
      if (!invalidSpecs.has(env.cloud)) checkPipelines(env, config.datasets[env.cloud], report);
      env.guardrails.suppressions.forEach((suppression, i) => {
        if (!GUARDRAIL_RULE_IDS.has(suppression.ruleId)) {
          report(
            `guardrails.suppressions[${i}].ruleId`,
            `'${suppression.ruleId}' is not a guardrail rule (see README: Guardrails and budgets)`,
          );
        }
      });
    }
    checkNetwork(env.network, env.cloud, report);
    checkDuplicates(
      env.streaming.sources.map((s) => s.name),
      (name) =>
        report("streaming.sources", `'${name}' is listed more than once; stream source names must be unique`),
    );
    if (env.cloud === "azure") checkAzure(env, report);
    else checkAws(env, report);
  });
  return issues;
}

/**
 * Names that are global per cloud (storage accounts, Key Vaults, Event Hubs namespaces, bucket
 * prefixes) must differ between environments, or the second deploy fails or, worse, shares data.
 */
function checkGlobalNames(env: ResolvedEnvironment, taken: Map<string, string>, report: Report): void {
  const names: [string, string | undefined][] =
    env.cloud === "azure"
      ? [
          ["storage.accountName", env.storage.accountName],
          ["storage.keyVaultName", env.storage.customerManagedKey ? env.storage.keyVaultName : undefined],
          ["streaming.namespaceName", env.streaming.namespaceName],
        ]
      : [["storage.bucketPrefix", env.storage.bucketPrefix]];
  for (const [field, name] of names) {
    if (name === undefined) continue;
    const key = `${env.cloud}:${field}:${name.toLowerCase()}`;
    const owner = taken.get(key);
    if (owner !== undefined) {
      report(
        field,
        `'${name}' is already used by environments.${owner}; these names are global and must differ per environment`,
      );
    } else {
      taken.set(key, env.id);
    }
  }
}

const WORKSPACE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,63}$/;

/** Subnets each cloud's workspace network is built from, and the prefix lengths Databricks accepts. */
const WORKSPACE_SUBNETS = {
  azure: { host: [16, 26], container: [16, 26] },
  aws: { privateA: [17, 26], privateB: [17, 26], public: [16, 28] },
} as const;

/**
 * The metastores the config creates: a known region of their cloud, one per (cloud, region). Returns
 * the stack id of each by `<cloud>:<region>`.
 */
function checkMetastores(config: ResolvedLakehouseConfig, issues: string[]): Map<string, string> {
  const created = new Map<string, string>();
  config.metastores.forEach((metastore, index) => {
    const report: Report = (field, message) => issues.push(`metastores[${index}].${field}: ${message}`);
    const regions: readonly string[] = metastore.cloud === "azure" ? AZURE_REGIONS : AWS_REGIONS;
    if (!regions.includes(metastore.region)) {
      report("region", `'${metastore.region}' is not a ${metastore.cloud} region with Databricks`);
    }
    const key = `${metastore.cloud}:${metastore.region}`;
    const first = created.get(key);
    if (first !== undefined) {
      report(
        "region",
        `'${metastore.region}' already has a ${metastore.cloud} metastore in this list (${first}); Databricks allows one metastore per region per account`,
      );
    } else {
      created.set(key, metastore.id);
    }
  });
  return created;
}

function checkDatabricks(
  env: ResolvedEnvironment,
  createdMetastores: Map<string, string>,
  report: Report,
): void {
  const dbx = env.databricks;
  if (!WORKSPACE_NAME.test(dbx.workspaceName)) {
    report(
      "databricks.workspaceName",
      `'${dbx.workspaceName}' must be 3–64 letters, digits, hyphens or underscores, starting with a letter or digit`,
    );
  }

  // A metastore is created once per region, by a stack of its own (`metastores`), never by an
  // environment: dev and staging would otherwise depend on the creating environment being deployed.
  const regionMetastore = createdMetastores.get(`${env.cloud}:${env.region}`);
  if (dbx.metastore.mode === "create") {
    report(
      "databricks.metastore.mode",
      `'create' is not an environment's choice: add { cloud: "${env.cloud}", region: "${env.region}" } to metastores (its own stack, deployed before the environments of the region, which then use it) and leave databricks.metastore at its default { mode: "region" }`,
    );
  } else if (dbx.metastore.mode === "existing" && regionMetastore !== undefined) {
    report(
      "databricks.metastore.mode",
      `'existing' in ${env.region}, where metastores creates the region's metastore (${regionMetastore}); Databricks allows one metastore per region per account: leave the default { mode: "region" } to use it`,
    );
  }
  if (
    env.cloud === "azure" &&
    env.databricks.privateDnsZoneId !== undefined &&
    !env.databricks.privateEndpoints
  ) {
    report(
      "databricks.privateDnsZoneId",
      `'${env.databricks.privateDnsZoneId}' is set but databricks.privateEndpoints is false; the zone only holds the workspace's private endpoint records`,
    );
  }

  const seenGrants = new Set<string>();
  dbx.grants.forEach((grant, i) => {
    if (!(grant.group in dbx.groups)) {
      report(
        `databricks.grants[${i}].group`,
        `'${grant.group}' is not a key of databricks.groups (${Object.keys(dbx.groups).join(", ") || "none defined"})`,
      );
    }
    const securable = grant.on === "catalog" || grant.on === "model" ? grant.on : "schema";
    grant.privileges.forEach((privilege, j) => {
      if (!PRIVILEGES_BY_SECURABLE[securable].includes(privilege)) {
        report(
          `databricks.grants[${i}].privileges[${j}]`,
          `'${privilege}' is not a ${securable} privilege; use one of ${PRIVILEGES_BY_SECURABLE[securable].join(", ")}`,
        );
      }
    });
    const key = `${grant.group}@${grant.on}`;
    if (seenGrants.has(key)) {
      report(
        `databricks.grants[${i}]`,
        `'${grant.group}' on '${grant.on}' is granted twice; list all its privileges in one entry`,
      );
    }
    seenGrants.add(key);
  });

  const roleUsers: [string, readonly string[]][] = [
    ["databricks.warehouse.users", dbx.warehouse.users],
    ["databricks.clusterPolicy.users.jobs", dbx.clusterPolicy.users.jobs],
    ["databricks.clusterPolicy.users.interactive", dbx.clusterPolicy.users.interactive],
    ["databricks.clusterPolicy.users.pipelines", dbx.clusterPolicy.users.pipelines],
  ];
  for (const [field, roles] of roleUsers) {
    roles.forEach((role, i) => {
      if (!(role in dbx.groups)) {
        report(
          `${field}[${i}]`,
          `'${role}' is not a key of databricks.groups (${Object.keys(dbx.groups).join(", ") || "none defined"})`,
        );
      }
    });
  }

  if (!dbx.warehouse.serverless && dbx.warehouse.autoStopMinutes < 10) {
    report(
      "databricks.warehouse.autoStopMinutes",
      `${dbx.warehouse.autoStopMinutes} is under 10, the minimum auto-stop of a classic (non-serverless) SQL warehouse`,
    );
  }

  const subnets = env.network.subnets;
  for (const [name, [widest, narrowest]] of Object.entries(WORKSPACE_SUBNETS[env.cloud])) {
    const cidr = subnets[name];
    if (cidr === undefined) {
      report(
        `network.subnets.${name}`,
        `is required: the Databricks workspace network uses subnets ${Object.keys(WORKSPACE_SUBNETS[env.cloud]).join(", ")}`,
      );
      continue;
    }
    const range = parseCidr(cidr);
    if (range && (range.prefix > narrowest || range.prefix < widest)) {
      report(
        `network.subnets.${name}`,
        `'${cidr}' must be between /${widest} and /${narrowest} for a Databricks workspace subnet`,
      );
    }
  }

  if (env.cloud === "azure") {
    if (env.databricks.privateEndpoints && subnets.privateEndpoints === undefined) {
      report(
        "databricks.privateEndpoints",
        "true needs network.subnets.privateEndpoints, the subnet the workspace's private endpoints are placed in",
      );
    }
    if (env.databricks.customerManagedKeys && !env.storage.customerManagedKey) {
      report(
        "databricks.customerManagedKeys",
        "true needs storage.customerManagedKey: the workspace keys come from the storage Key Vault",
      );
    }
  } else {
    const [a, b] = env.databricks.availabilityZones;
    env.databricks.availabilityZones.forEach((zone, i) => {
      // An unknown region is reported on its own; its zones would only repeat the problem.
      if (
        (AWS_REGIONS as readonly string[]).includes(env.region) &&
        !new RegExp(`^${env.region}[a-z]$`).test(zone)
      ) {
        report(
          `databricks.availabilityZones[${i}]`,
          `'${zone}' is not an availability zone of ${env.region} (e.g. ${env.region}a)`,
        );
      }
    });
    if (a === b) {
      report(
        "databricks.availabilityZones",
        `['${a}', '${b}'] must be two different zones: Databricks needs private subnets in two availability zones`,
      );
    }
    if (env.databricks.privateLink) {
      if (subnets.privateLink === undefined) {
        report(
          "databricks.privateLink",
          "is set but network.subnets.privateLink, the subnet for the PrivateLink endpoints, is missing",
        );
      }
      if (env.databricks.pricingTier !== "ENTERPRISE") {
        report(
          "databricks.pricingTier",
          `'${env.databricks.pricingTier}' does not include PrivateLink; use ENTERPRISE or remove databricks.privateLink`,
        );
      }
    }
  }
}

/** A pipeline setting that cannot work at deploy time, or would run without anyone noticing failures. */
function checkPipelines(env: ResolvedEnvironment, spec: DatasetSpec | undefined, report: Report): void {
  const p = env.pipelines;
  if (!p) return;
  if (!spec) {
    report("pipelines", `are configured but datasets.${env.cloud} is missing: there is nothing to deploy`);
    return;
  }
  if (p.continuous && p.schedule) {
    report(
      "pipelines.schedule",
      "is set but the pipeline is continuous: it never waits for a trigger; remove the schedule",
    );
  }
  if (!p.continuous && !p.schedule) {
    report("pipelines.schedule", "is required for a triggered pipeline (or set continuous: true)");
  }
  if (p.schedule) {
    const cronError = quartzCronError(p.schedule.cron);
    if (cronError) report("pipelines.schedule.cron", `'${p.schedule.cron}' ${cronError}`);
  }
  if (p.compute.kind === "classic") {
    if (p.compute.minWorkers > p.compute.maxWorkers) {
      report(
        "pipelines.compute.minWorkers",
        `${p.compute.minWorkers} is more than maxWorkers (${p.compute.maxWorkers})`,
      );
    }
    if (p.compute.maxWorkers > env.databricks.clusterPolicy.maxWorkers) {
      report(
        "pipelines.compute.maxWorkers",
        `${p.compute.maxWorkers} exceeds the cluster policy's maxWorkers (${env.databricks.clusterPolicy.maxWorkers})`,
      );
    }
  }
  if (p.failureEmails.length === 0) {
    report("pipelines.failureEmails", "is empty: failed pipeline updates and job runs must notify someone");
  }
  const streams = new Set(env.streaming.sources.map((source) => source.name));
  spec.sources.forEach((source) => {
    const stream =
      source.type === "event-hubs" ? source.eventHub : source.type === "kinesis" ? source.stream : undefined;
    if (stream !== undefined && !streams.has(stream)) {
      report(
        "pipelines",
        `read '${stream}' (datasets.${env.cloud} source '${source.name}'), which is not in streaming.sources (${[...streams].join(", ")})`,
      );
    }
  });
  // Serverless compute reaches Event Hubs from Databricks' network, which the namespace firewall
  // (workspace subnets only) does not let in.
  if (
    env.cloud === "azure" &&
    p.compute.kind === "serverless" &&
    spec.sources.some((s) => s.type === "event-hubs")
  ) {
    report(
      "pipelines.compute.kind",
      "'serverless' cannot read the Event Hubs sources through the namespace firewall, which admits the workspace subnets; use classic compute",
    );
  }
}

function checkDuplicates(names: readonly string[], onDuplicate: (name: string) => void): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) onDuplicate(name);
    seen.add(name);
  }
}

function checkNetwork(
  network: { cidr: string; subnets: Record<string, string>; allowedPublicIpRanges: string[] },
  cloud: "azure" | "aws",
  report: Report,
): void {
  const vnet = parseCidr(network.cidr);
  const subnets: [string, Ipv4Range][] = [];
  for (const [name, cidr] of Object.entries(network.subnets)) {
    const range = parseCidr(cidr);
    if (!range) continue; // already reported by the schema
    if (vnet && !rangeContains(vnet, range)) {
      report(`network.subnets.${name}`, `'${cidr}' must lie inside network.cidr '${network.cidr}'`);
    }
    for (const [otherName, other] of subnets) {
      if (rangesOverlap(range, other)) {
        report(
          `network.subnets.${name}`,
          `'${cidr}' overlaps subnet '${otherName}' (${network.subnets[otherName]}); subnets must not overlap`,
        );
      }
    }
    subnets.push([name, range]);
  }
  network.allowedPublicIpRanges.forEach((cidr, i) => {
    const range = parseCidr(cidr);
    if (!range) return;
    if (isNonPublic(range)) {
      report(
        `network.allowedPublicIpRanges[${i}]`,
        `'${cidr}' is not a public range; firewall IP rules take public egress ranges only (use subnets for private traffic)`,
      );
    } else if (cloud === "azure" && range.prefix === 31) {
      report(
        `network.allowedPublicIpRanges[${i}]`,
        `'${cidr}' is a /31, which Azure IP rules reject; list the two addresses as /32 entries`,
      );
    }
  });
}

/**
 * Tiering rules that hold on both clouds:
 * - steps in increasing order (cool < cold < archive < expire);
 * - archive and expire only on `landing`: bronze, silver, gold and checkpoints hold Delta tables and
 *   stream state, whose every referenced file must stay online and present (VACUUM, not lifecycle,
 *   removes unreferenced files).
 */
function checkTiering(
  tiering: MedallionTiering,
  report: Report,
  extra?: (layer: string, t: LayerTiering) => void,
): void {
  for (const layer of MEDALLION_LAYERS) {
    const t = tiering[layer];
    if (!t) continue;
    const steps = (["coolAfterDays", "coldAfterDays", "archiveAfterDays", "expireAfterDays"] as const).filter(
      (k) => t[k] !== undefined,
    );
    // Compare each step with the latest step before it, so every out-of-order step is reported.
    let latest: (typeof steps)[number] | undefined;
    for (const step of steps) {
      if (latest !== undefined && t[step]! <= t[latest]!) {
        report(
          `storage.tiering.${layer}.${step}`,
          `${t[step]} must be greater than ${latest} (${t[latest]}); tiering steps go cool < cold < archive < expire`,
        );
      }
      if (latest === undefined || t[step]! > t[latest]!) latest = step;
    }
    if (layer !== "landing") {
      for (const k of ["archiveAfterDays", "expireAfterDays"] as const) {
        if (t[k] !== undefined) {
          report(
            `storage.tiering.${layer}.${k}`,
            `${t[k]} is not allowed on ${layer}: it holds Delta tables or stream state whose files must stay online; only landing may be archived or expired (VACUUM removes unreferenced files)`,
          );
        }
      }
    }
    extra?.(layer, t);
  }
}

/**
 * A lifecycle expiry shorter than the retention of an immutable layer would be refused by the store
 * every day until retention ends: say so now instead.
 */
function checkExpiryOutlivesRetention(
  tiering: MedallionTiering,
  retention: { layers: readonly string[]; days: number } | undefined,
  field: string,
  report: Report,
): void {
  for (const layer of new Set(retention?.layers ?? [])) {
    const expire = tiering[layer as keyof MedallionTiering]?.expireAfterDays;
    if (retention && expire !== undefined && expire < retention.days) {
      report(
        `storage.tiering.${layer}.expireAfterDays`,
        `${expire} is shorter than the ${retention.days}-day ${field} retention on ${layer}; objects cannot be deleted before retention ends`,
      );
    }
  }
}

function checkAzure(env: ResolvedAzureEnvironment, report: Report): void {
  if (!(AZURE_REGIONS as readonly string[]).includes(env.region)) {
    report(
      "region",
      `'${env.region}' is not an Azure region with Azure Databricks (e.g. eastus, westeurope)`,
    );
  }
  const storage = env.storage;
  if (!STORAGE_ACCOUNT_NAME.test(storage.accountName)) {
    report(
      "storage.accountName",
      `'${storage.accountName}' must be 3–24 lowercase letters or digits (globally unique)`,
    );
  }
  if (storage.customerManagedKey && !KEY_VAULT_NAME.test(storage.keyVaultName)) {
    report(
      "storage.keyVaultName",
      `'${storage.keyVaultName}' must be 3–24 letters, digits or hyphens, start with a letter, end with a letter or digit, and have no '--'`,
    );
  }
  checkTiering(storage.tiering, report, (layer, t) => {
    if (t.archiveAfterDays !== undefined && NO_ARCHIVE_REPLICATION.has(storage.replication)) {
      report(
        `storage.tiering.${layer}.archiveAfterDays`,
        `${t.archiveAfterDays} needs the Archive tier, which ${storage.replication} accounts do not support; use LRS, GRS or RAGRS, or drop the archive step`,
      );
    }
  });

  checkExpiryOutlivesRetention(storage.tiering, storage.immutability, "immutability", report);
  storage.immutability?.layers.forEach((layer, i) => {
    if (layer !== "landing") {
      report(
        `storage.immutability.layers[${i}]`,
        `'${layer}' cannot be immutable on ADLS: Delta commits write a temp file and rename it and overwrite _last_checkpoint, which a container retention policy blocks; keep raw files immutable in landing`,
      );
    }
  });

  const streaming = env.streaming;
  if (!EVENT_HUBS_NAMESPACE.test(streaming.namespaceName) || /-(sb|mgmt)$/.test(streaming.namespaceName)) {
    report(
      "streaming.namespaceName",
      `'${streaming.namespaceName}' must be 6–50 letters, digits or hyphens, start with a letter, end with a letter or digit, and not end in -sb or -mgmt`,
    );
  }
  const limits = EVENT_HUBS_LIMITS[streaming.sku];
  const validCapacity =
    streaming.sku === "Standard"
      ? streaming.capacity >= 1 && streaming.capacity <= 40
      : [1, 2, 4, 8, 16].includes(streaming.capacity);
  if (!validCapacity) {
    report(
      "streaming.capacity",
      `${streaming.capacity} is not valid for ${streaming.sku}; use ${limits.capacities}`,
    );
  }
  if (streaming.autoInflateMaxThroughputUnits !== undefined) {
    if (streaming.sku !== "Standard") {
      report(
        "streaming.autoInflateMaxThroughputUnits",
        `${streaming.autoInflateMaxThroughputUnits} is set but auto-inflate exists only on the Standard tier`,
      );
    } else if (
      streaming.autoInflateMaxThroughputUnits < streaming.capacity ||
      streaming.autoInflateMaxThroughputUnits > 40
    ) {
      report(
        "streaming.autoInflateMaxThroughputUnits",
        `${streaming.autoInflateMaxThroughputUnits} must be between capacity (${streaming.capacity}) and 40`,
      );
    }
  }
  streaming.sources.forEach((source, i) => {
    if (source.partitions > limits.partitions) {
      report(
        `streaming.sources[${i}].partitions`,
        `${source.partitions} exceeds the ${streaming.sku} tier's ${limits.partitions} partitions per event hub`,
      );
    }
    if (source.retentionHours > limits.retentionHours) {
      report(
        `streaming.sources[${i}].retentionHours`,
        `${source.retentionHours} exceeds the ${streaming.sku} tier's ${limits.retentionHours}-hour retention`,
      );
    } else if (source.retentionHours % 24 !== 0) {
      report(
        `streaming.sources[${i}].retentionHours`,
        `${source.retentionHours} must be a multiple of 24: Event Hubs retention is set in whole days`,
      );
    }
  });
}

function checkAws(env: ResolvedAwsEnvironment, report: Report): void {
  if (!(AWS_REGIONS as readonly string[]).includes(env.region)) {
    report("region", `'${env.region}' is not an AWS region with Databricks (e.g. us-east-1, eu-west-1)`);
  }
  const prefix = env.storage.bucketPrefix;
  const longest = prefix.length + LONGEST_BUCKET_SUFFIX + env.region.length;
  if (!BUCKET_PREFIX.test(prefix)) {
    report(
      "storage.bucketPrefix",
      `'${prefix}' must be lowercase letters, digits and single hyphens, start and end with a letter or digit, contain no dots, and not start with xn--, sthree- or amzn-s3-demo-`,
    );
  } else if (longest > 63) {
    report(
      "storage.bucketPrefix",
      `'${prefix}' makes bucket names of ${longest} characters ('${prefix}-checkpoints-<account id>-${env.region}'); S3 allows 63`,
    );
  }
  checkTiering(env.storage.tiering, report, (layer, t) => {
    // S3 lifecycle: an object must spend 30 days in STANDARD before Standard-IA, and 30 days in
    // Standard-IA before any later transition.
    if (t.coolAfterDays !== undefined && t.coolAfterDays < 30) {
      report(
        `storage.tiering.${layer}.coolAfterDays`,
        `${t.coolAfterDays} is under 30: S3 moves objects to Standard-IA no earlier than 30 days after creation`,
      );
    }
    if (t.coolAfterDays !== undefined) {
      for (const k of ["coldAfterDays", "archiveAfterDays"] as const) {
        const days = t[k];
        if (days !== undefined && days < t.coolAfterDays + 30) {
          report(
            `storage.tiering.${layer}.${k}`,
            `${days} must be at least coolAfterDays + 30 (${t.coolAfterDays + 30}): S3 keeps objects 30 days in Standard-IA before the next transition`,
          );
        }
      }
    }
  });
  checkExpiryOutlivesRetention(env.storage.tiering, env.storage.objectLock, "Object Lock", report);
  env.storage.objectLock?.layers.forEach((layer, i) => {
    if (layer !== "landing" && layer !== "bronze") {
      report(
        `storage.objectLock.layers[${i}]`,
        `'${layer}' cannot take Object Lock: only raw data (landing, bronze) is kept immutable; curated layers and stream checkpoints are rewritten by design`,
      );
    }
  });
  env.streaming.sources.forEach((source, i) => {
    if (env.streaming.mode === "provisioned" && source.shards === undefined) {
      report(
        `streaming.sources[${i}].shards`,
        `is required for '${source.name}' because streaming.mode is provisioned`,
      );
    }
    if (env.streaming.mode === "on-demand" && source.shards !== undefined) {
      report(
        `streaming.sources[${i}].shards`,
        `${source.shards} is set for '${source.name}' but streaming.mode is on-demand, which scales shards itself; remove it or use provisioned`,
      );
    }
  });
}
