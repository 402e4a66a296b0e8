/**
 * Isolation and least-privilege rules: environments of a cloud share one Unity Catalog metastore, so
 * what keeps dev from reading prod is workspace isolation of every securable, ownership by an admin
 * group, and pipelines that run as their environment's own service principal.
 */
import { block, blocks } from "../../terraform-json/values";
import { failed, passed, skipped, type GuardrailContext, type GuardrailRule } from "../types";
import { guardrailRule } from "./catalog";

/** Isolation mode of storage credentials, external locations and service credentials (sdk catalog model). */
const ISOLATED = "ISOLATION_MODE_ISOLATED";

export const CREDENTIALS_ISOLATED = guardrailRule(
  "LH-UC-003",
  ["databricks_storage_credential", "databricks_external_location", "databricks_credential"],
  (resource) => {
    const mode = resource.attributes.isolation_mode;
    return mode === ISOLATED
      ? passed()
      : failed(`isolation_mode is ${String(mode ?? "not set (ISOLATION_MODE_OPEN)")}`);
  },
);

export const SECURABLES_OWNED_BY_GROUP = guardrailRule(
  "LH-UC-004",
  [
    "databricks_catalog",
    "databricks_schema",
    "databricks_registered_model",
    "databricks_storage_credential",
    "databricks_external_location",
    "databricks_credential",
  ],
  (resource) => {
    const owner = resource.attributes.owner;
    return typeof owner === "string" && owner.trim() !== ""
      ? passed()
      : failed("owner is not set: the identity running Terraform owns it");
  },
);

export const RUN_AS_SERVICE_PRINCIPAL = guardrailRule(
  "LH-PIPE-003",
  ["databricks_pipeline", "databricks_job"],
  (resource) => {
    const principal = block(resource.attributes.run_as)?.service_principal_name;
    return typeof principal === "string" && principal !== ""
      ? passed()
      : failed("no run_as.service_principal_name: it runs as its owner");
  },
);

/** Unity Catalog types whose `owner` names the environment's admin group. */
const OWNED_TYPES = [
  "databricks_catalog",
  "databricks_schema",
  "databricks_storage_credential",
  "databricks_external_location",
  "databricks_credential",
];

/** The admin principals of a stack: the owners of its Unity Catalog objects (config databricks.adminGroup). */
function adminPrincipals(context: GuardrailContext): Set<string> {
  const owners = OWNED_TYPES.flatMap((type) => context.resources(type)).map((r) => r.attributes.owner);
  return new Set(owners.filter((o): o is string => typeof o === "string" && o !== ""));
}

/** Permission levels that change what a pipeline or job runs, or as whom. */
const MANAGE_LEVELS = new Set(["CAN_MANAGE", "IS_OWNER"]);

export const MANAGE_FOR_ADMINS_ONLY = guardrailRule(
  "LH-PERM-001",
  ["databricks_permissions"],
  (permissions, context) => {
    const target = ["pipeline_id", "job_id"].find((key) => permissions.attributes[key] !== undefined);
    if (!target) return skipped("not a pipeline or job");
    const admins = adminPrincipals(context);
    const offenders = blocks(permissions.attributes.access_control)
      .filter((entry) => MANAGE_LEVELS.has(String(entry.permission_level)))
      .map((entry) => String(entry.group_name ?? entry.user_name ?? entry.service_principal_name))
      .filter((principal) => !admins.has(principal));
    if (offenders.length === 0) return passed();
    const known =
      admins.size === 0
        ? "no admin group owns this stack's Unity Catalog objects"
        : `admins: ${[...admins].sort().join(", ")}`;
    return failed(`${target.replace("_id", "")} manage rights for ${offenders.join(", ")} (${known})`);
  },
);

/** Principals pipelines and jobs of the stack run as. */
function runAsPrincipals(context: GuardrailContext): Set<string> {
  const runAs = ["databricks_pipeline", "databricks_job"]
    .flatMap((type) => context.resources(type))
    .map((r) => block(r.attributes.run_as))
    .flatMap((b) => [b?.service_principal_name, b?.user_name]);
  return new Set(runAs.filter((p): p is string => typeof p === "string" && p !== ""));
}

export const SECRETS_FOR_RUN_AS_ONLY = guardrailRule(
  "LH-SEC-001",
  ["databricks_secret_acl"],
  (acl, context) => {
    const principal = String(acl.attributes.principal);
    if (acl.attributes.permission !== "READ") {
      return failed(`${String(acl.attributes.permission)} for ${principal}: only READ is ever needed`);
    }
    return runAsPrincipals(context).has(principal)
      ? passed()
      : failed(`READ for ${principal}, which no pipeline or job of the stack runs as`);
  },
);

export const ISOLATION_RULES: readonly GuardrailRule[] = [
  CREDENTIALS_ISOLATED,
  SECURABLES_OWNED_BY_GROUP,
  RUN_AS_SERVICE_PRINCIPAL,
  MANAGE_FOR_ADMINS_ONLY,
  SECRETS_FOR_RUN_AS_ONLY,
];
