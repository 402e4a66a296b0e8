/**
 * Isolation and least-privilege rules: environments of a cloud share one Unity Catalog metastore, so
 * what keeps dev from reading prod is workspace isolation of every securable, ownership by an admin
 * group, and pipelines that run as their environment's own service principal.
 */
import { block, blocks } from "../../terraform-json/values";
import { failed, passed, skipped, type GuardrailContext, type GuardrailRule } from "../types";

/** Isolation mode of storage credentials, external locations and service credentials (sdk catalog model). */
const ISOLATED = "ISOLATION_MODE_ISOLATED";

export const CREDENTIALS_ISOLATED: GuardrailRule = {
  id: "LH-UC-003",
  title: "Unity Catalog credentials and external locations are isolated to their workspace",
  severity: "error",
  resourceTypes: ["databricks_storage_credential", "databricks_external_location", "databricks_credential"],
  rationale:
    "Environments share the region's metastore. An OPEN (default) credential or external location can be used from every workspace on it, so a dev workspace could read prod storage or streams through prod's credential.",
  fix: 'Set isolation_mode = "ISOLATION_MODE_ISOLATED" (UnityCatalog and KinesisServiceCredential do) and bind the environment\'s workspace with databricks_workspace_binding.',
  check(resource) {
    const mode = resource.attributes.isolation_mode;
    return mode === ISOLATED
      ? passed()
      : failed(`isolation_mode is ${String(mode ?? "not set (ISOLATION_MODE_OPEN)")}`);
  },
};

export const SECURABLES_OWNED_BY_GROUP: GuardrailRule = {
  id: "LH-UC-004",
  title: "Unity Catalog objects outside dev are owned by a named admin group",
  severity: "error",
  stages: ["staging", "prod"],
  resourceTypes: [
    "databricks_catalog",
    "databricks_schema",
    "databricks_registered_model",
    "databricks_storage_credential",
    "databricks_external_location",
    "databricks_credential",
  ],
  rationale:
    "Without an owner the identity running Terraform owns the object, and whoever holds that identity (often also working in dev) can use and re-grant every prod location, credential and table.",
  fix: "Set config databricks.adminGroup (a key of databricks.groups); the stacks make that group the owner.",
  check(resource) {
    const owner = resource.attributes.owner;
    return typeof owner === "string" && owner.trim() !== ""
      ? passed()
      : failed("owner is not set: the identity running Terraform owns it");
  },
};

export const RUN_AS_SERVICE_PRINCIPAL: GuardrailRule = {
  id: "LH-PIPE-003",
  title: "Pipelines and jobs outside dev run as a service principal",
  severity: "error",
  stages: ["staging", "prod"],
  resourceTypes: ["databricks_pipeline", "databricks_job"],
  rationale:
    "Without run_as, updates and runs use the owner's rights (the Terraform identity, which owns far more than the pipeline needs), and anyone who can edit the code runs it with them.",
  fix: "Set config pipelines.runAsServicePrincipal to the environment's own service principal (its application id).",
  check(resource) {
    const principal = block(resource.attributes.run_as)?.service_principal_name;
    return typeof principal === "string" && principal !== ""
      ? passed()
      : failed("no run_as.service_principal_name: it runs as its owner");
  },
};

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

export const MANAGE_FOR_ADMINS_ONLY: GuardrailRule = {
  id: "LH-PERM-001",
  title: "Only the admin group may manage pipelines and jobs",
  severity: "error",
  resourceTypes: ["databricks_permissions"],
  rationale:
    "CAN_MANAGE on a pipeline or job lets the holder change its source files, tasks and settings, i.e. run any code with the run-as principal's rights (undoing the read-only SQL folder). Users get CAN_RUN / CAN_VIEW (pipelines) or CAN_MANAGE_RUN / CAN_VIEW (jobs).",
  fix: "Give CAN_MANAGE only to config databricks.adminGroup (the group that owns the Unity Catalog objects); other groups go in runners or viewers.",
  check(permissions, context) {
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
};

/** Principals pipelines and jobs of the stack run as. */
function runAsPrincipals(context: GuardrailContext): Set<string> {
  const runAs = ["databricks_pipeline", "databricks_job"]
    .flatMap((type) => context.resources(type))
    .map((r) => block(r.attributes.run_as))
    .flatMap((b) => [b?.service_principal_name, b?.user_name]);
  return new Set(runAs.filter((p): p is string => typeof p === "string" && p !== ""));
}

export const SECRETS_FOR_RUN_AS_ONLY: GuardrailRule = {
  id: "LH-SEC-001",
  title: "Secret scopes grant READ only to the principals pipelines and jobs run as",
  severity: "error",
  resourceTypes: ["databricks_secret_acl"],
  rationale:
    "The scopes hold connection strings (the Event Hubs listen key): anyone with READ can copy the secret and use it outside the pipeline, unaudited. Only the identity the pipeline runs as needs it; the owner who created the scope manages it.",
  fix: "Grant READ to the run-as service principal only (MedallionPipeline does when runAs is set); no readers for groups.",
  check(acl, context) {
    const principal = String(acl.attributes.principal);
    if (acl.attributes.permission !== "READ") {
      return failed(`${String(acl.attributes.permission)} for ${principal}: only READ is ever needed`);
    }
    return runAsPrincipals(context).has(principal)
      ? passed()
      : failed(`READ for ${principal}, which no pipeline or job of the stack runs as`);
  },
};

export const ISOLATION_RULES: readonly GuardrailRule[] = [
  CREDENTIALS_ISOLATED,
  SECURABLES_OWNED_BY_GROUP,
  RUN_AS_SERVICE_PRINCIPAL,
  MANAGE_FOR_ADMINS_ONLY,
  SECRETS_FOR_RUN_AS_ONLY,
];
