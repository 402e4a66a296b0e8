/**
 * Databricks: workspace name, one metastore per region, grants and the groups they name, warehouse,
 * workspace subnets, and the cloud-specific options that need other settings.
 */
import { parseCidr } from "../cidr";
import { AWS_REGIONS } from "../regions";
import type { ResolvedEnvironment } from "../resolve";
import { PRIVILEGES_BY_SECURABLE } from "../schema";
import { checkDuplicates, type Report } from "./report";

const WORKSPACE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,63}$/;

/** Subnets each cloud's workspace network is built from, and the prefix lengths Databricks accepts. */
const WORKSPACE_SUBNETS = {
  azure: { host: [16, 26], container: [16, 26] },
  aws: { privateA: [17, 26], privateB: [17, 26], public: [16, 28] },
} as const;

export function checkDatabricks(
  env: ResolvedEnvironment,
  metastoreCreators: Map<string, string>,
  report: Report,
): void {
  const dbx = env.databricks;
  if (!WORKSPACE_NAME.test(dbx.workspaceName)) {
    report(
      "databricks.workspaceName",
      `'${dbx.workspaceName}' must be 3–64 letters, digits, hyphens or underscores, starting with a letter or digit`,
    );
  }

  // One metastore per region per account: a second `create` would fail at apply.
  if (dbx.metastore.mode === "create") {
    const key = `${env.cloud}:${env.region}`;
    const creator = metastoreCreators.get(key);
    if (creator !== undefined) {
      report(
        "databricks.metastore.mode",
        `'create' in ${env.region}, where environments.${creator} already creates the metastore; Databricks allows one metastore per region per account: use mode 'region' or 'existing'`,
      );
    } else {
      metastoreCreators.set(key, env.id);
    }
  }

  const modelNames = dbx.models.map((model) => model.name);
  checkDuplicates(modelNames, (name) =>
    report("databricks.models", `'${name}' is listed more than once; registered model names must be unique`),
  );
  const seenGrants = new Set<string>();
  const invalidGrants = new Set<number>();
  dbx.grants.forEach((grant, i) => {
    if (!(grant.group in dbx.groups)) {
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
