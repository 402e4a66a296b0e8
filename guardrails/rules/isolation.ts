/**
 * Isolation and least-privilege rules: environments of a cloud share one Unity Catalog metastore, so
 * what keeps dev from reading prod is workspace isolation of every securable, ownership by an admin
 * group, and pipelines that run as their environment's own service principal.
 */
import { block } from "../terraform-json";
import { fail, pass, type GuardrailRule } from "../types";

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
      ? pass()
      : fail(`isolation_mode is ${String(mode ?? "not set (ISOLATION_MODE_OPEN)")}`);
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
      ? pass()
      : fail("owner is not set: the identity running Terraform owns it");
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
      ? pass()
      : fail("no run_as.service_principal_name: it runs as its owner");
  },
};

export const ISOLATION_RULES: readonly GuardrailRule[] = [
  CREDENTIALS_ISOLATED,
  SECURABLES_OWNED_BY_GROUP,
  RUN_AS_SERVICE_PRINCIPAL,
];
