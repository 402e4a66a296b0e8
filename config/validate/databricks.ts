/**
 * Databricks: workspace name, one metastore per region, grants and the groups they name, warehouse,
 * workspace subnets, and the cloud-specific options that need other settings.
 */
import { parseCidr } from "../cidr";
import { AWS_REGIONS, AZURE_REGIONS } from "../regions";
import type { ResolvedEnvironment, ResolvedLakehouseConfig } from "../resolve";
import { PRIVILEGES_BY_SECURABLE } from "../schema";
import { checkDuplicates, type Report } from "./report";

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
export function checkMetastores(config: ResolvedLakehouseConfig, issues: string[]): Map<string, string> {
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

export function checkDatabricks(
  env: ResolvedEnvironment,
  createdMetastores: ReadonlyMap<string, string>,
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

  const roleKeys = Object.keys(dbx.groups).join(", ") || "none defined";
  if (dbx.adminGroup !== undefined && !Object.hasOwn(dbx.groups, dbx.adminGroup)) {
    report("databricks.adminGroup", `'${dbx.adminGroup}' is not a key of databricks.groups (${roleKeys})`);
  } else if (dbx.adminGroup === undefined && env.stage !== "dev") {
    report(
      "databricks.adminGroup",
      `is required outside dev (stage ${env.stage}): the Unity Catalog objects need an owning admin group, and only that group may manage pipelines and jobs; name a key of databricks.groups (${roleKeys})`,
    );
  }

  const modelNames = dbx.models.map((model) => model.name);
  checkDuplicates(modelNames, (name) =>
    report("databricks.models", `'${name}' is listed more than once; registered model names must be unique`),
  );
  const seenGrants = new Set<string>();
  const invalidGrants = new Set<number>();
  dbx.grants.forEach((grant, i) => {
    // Own keys only: `in` would accept Object.prototype names such as `constructor`.
    if (!Object.hasOwn(dbx.groups, grant.group)) {
      invalidGrants.add(i);
      report(
        `databricks.grants[${i}].group`,
        `'${grant.group}' is not a key of databricks.groups (${Object.keys(dbx.groups).join(", ") || "none defined"})`,
      );
    }
    if (grant.on.startsWith("model:") && !modelNames.includes(grant.on.slice("model:".length))) {
      invalidGrants.add(i);
      report(
        `databricks.grants[${i}].on`,
        `'${grant.on}' names no model of databricks.models (${modelNames.join(", ") || "none defined"})`,
      );
    }
    const securable = grant.on === "catalog" ? "catalog" : grant.on.startsWith("model:") ? "model" : "schema";
    grant.privileges.forEach((privilege, j) => {
      if (!PRIVILEGES_BY_SECURABLE[securable].includes(privilege)) {
        invalidGrants.add(i);
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

  // Grants already reported (unknown group, model or privilege) are not also checked for parents.
  checkGrantParents(dbx.grants, (i) => !invalidGrants.has(i), report);

  const roleUsers: [string, readonly string[]][] = [
    ["databricks.warehouse.users", dbx.warehouse.users],
    ["databricks.clusterPolicy.users.jobs", dbx.clusterPolicy.users.jobs],
    ["databricks.clusterPolicy.users.interactive", dbx.clusterPolicy.users.interactive],
    ["databricks.clusterPolicy.users.pipelines", dbx.clusterPolicy.users.pipelines],
  ];
  for (const [field, roles] of roleUsers) {
    roles.forEach((role, i) => {
      if (!Object.hasOwn(dbx.groups, role)) {
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
    if (!env.storage.publicNetworkAccess && subnets.privateEndpoints === undefined) {
      report(
        "storage.publicNetworkAccess",
        "false needs network.subnets.privateEndpoints, the subnet for the storage account's blob and dfs private endpoints (clusters would lose the lake)",
      );
    }
    if (env.storage.customerManagedKey) {
      if (!env.storage.keyVaultPublicNetworkAccess && subnets.privateEndpoints === undefined) {
        report(
          "storage.keyVaultPublicNetworkAccess",
          "false needs network.subnets.privateEndpoints, the subnet for the Key Vault's private endpoint (nobody could reach the key)",
        );
      }
      // The key is created and read over the vault's data plane: the runner needs a listed range or
      // the vault's private endpoint (which needs the subnet).
      if (env.network.allowedPublicIpRanges.length === 0 && subnets.privateEndpoints === undefined) {
        report(
          "network.allowedPublicIpRanges",
          "is empty and there is no network.subnets.privateEndpoints, so no runner can reach the Key Vault to create the storage key (a data-plane call); list the runner's stable egress range, or add the subnet and run from the VNet",
        );
      }
    } else if (!env.storage.keyVaultPublicNetworkAccess) {
      report(
        "storage.keyVaultPublicNetworkAccess",
        "false has no effect: without storage.customerManagedKey there is no Key Vault",
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
    if (env.databricks.natGateways === "per-zone") {
      const publicB = subnets.publicB;
      if (publicB === undefined) {
        report(
          "network.subnets.publicB",
          `is required: databricks.natGateways is 'per-zone'${env.stage === "prod" ? " (the prod default)" : ""}, which puts a second NAT gateway in a public subnet in ${b}; add the subnet or set natGateways 'single'`,
        );
      } else {
        const range = parseCidr(publicB);
        if (range && (range.prefix > 28 || range.prefix < 16)) {
          report(
            "network.subnets.publicB",
            `'${publicB}' must be between /16 and /28 for a NAT gateway subnet`,
          );
        }
      }
    }
    if (env.databricks.customerManagedKeys && env.databricks.pricingTier !== "ENTERPRISE") {
      report(
        "databricks.customerManagedKeys",
        `true needs pricingTier ENTERPRISE (workspace customer-managed keys are an Enterprise feature), got '${env.databricks.pricingTier}'`,
      );
    }
    const link = env.databricks.privateLink;
    if (link && !link.publicAccess && link.frontEndClientCidrs.length === 0) {
      report(
        "databricks.privateLink.frontEndClientCidrs",
        "is empty but privateLink.publicAccess is false: nobody could reach the workspace UI or API; list the networks (VPN, peered VPC) users and the workspace-layer runner come from",
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

/** Privileges that need no parent privilege to be of use: discovering metadata, and USE_CATALOG itself. */
const WITHOUT_PARENT = new Set(["BROWSE", "USE_CATALOG"]);

/**
 * A privilege is of no use without its parents: any object of a schema needs USE_CATALOG on the
 * catalog and USE_SCHEMA on the schema (the registered models live in `ml`); a catalog privilege other
 * than BROWSE needs USE_CATALOG. ALL_PRIVILEGES includes the USE_* of its own securable, and catalog
 * grants are inherited by every schema (Databricks "Unity Catalog privileges and securable objects").
 */
function checkGrantParents(
  grants: ResolvedEnvironment["databricks"]["grants"],
  check: (index: number) => boolean,
  report: Report,
): void {
  const on = (group: string, target: string) =>
    new Set(grants.filter((g) => g.group === group && g.on === target).flatMap((g) => g.privileges));
  const has = (privileges: ReadonlySet<string>, privilege: string) =>
    privileges.has(privilege) || privileges.has("ALL_PRIVILEGES");
  grants.forEach((grant, i) => {
    if (!check(i)) return;
    const catalog = on(grant.group, "catalog");
    const schema = grant.on.startsWith("model:")
      ? "ml"
      : grant.on.startsWith("schema:")
        ? grant.on.slice(7)
        : undefined;
    const needing =
      schema === undefined
        ? grant.privileges.filter((p) => !WITHOUT_PARENT.has(p) && p !== "ALL_PRIVILEGES")
        : grant.privileges;
    if (needing.length === 0) return;
    const missing: string[] = [];
    // A model grant always needs USE_SCHEMA on ml; a schema grant needs it for anything but itself.
    const needsSchema =
      schema !== undefined &&
      (grant.on.startsWith("model:") || grant.privileges.some((p) => p !== "USE_SCHEMA"));
    if (
      needsSchema &&
      !has(on(grant.group, `schema:${schema}`), "USE_SCHEMA") &&
      !has(catalog, "USE_SCHEMA")
    ) {
      missing.push(`USE_SCHEMA on schema:${schema}`);
    }
    if (!has(catalog, "USE_CATALOG")) missing.push("USE_CATALOG on catalog");
    if (missing.length === 0) return;
    report(
      `databricks.grants[${i}].privileges`,
      `${needing.map((p) => `'${p}'`).join(", ")} for '${grant.group}' on '${grant.on}' cannot be used without ${missing.join(" and ")}: Unity Catalog checks every parent securable; grant ${missing.length === 1 ? "it" : "them"} to '${grant.group}' too`,
    );
  });
}
