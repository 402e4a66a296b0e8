/**
 * Deployability rules: what makes a first `terraform apply` fail although every stack plans, found in
 * review against the providers' source (issue 10). Where the security rules judge what is built,
 * these judge whether it can be built in one pass: ordering, propagation delays and where a resource's
 * API can be reached from (like tflint rulesets beside Checkov).
 */
import { referencedAddresses } from "../../terraform-json/references";
import { blocks, isFalse, strings } from "../../terraform-json/values";
import { failed, passed, skipped } from "../types";
import type { GuardrailContext, GuardrailRule, TerraformElementView } from "../types";
import { guardrailRule } from "./catalog";

/** Shortest wait after an identity change (SRA waits 60 s after IAM roles; Entra and Databricks alike). */
export const MIN_PROPAGATION_SECONDS = 60;

/** Principals every workspace has without any assignment. */
const BUILT_IN_PRINCIPALS = new Set(["account users", "users", "admins", "all users"]);

/** Addresses a resource lists in `depends_on` (bare `type.name`, or `${…}` forms). */
function dependsOnAddresses(resource: TerraformElementView): string[] {
  return strings(resource.attributes.depends_on).flatMap((entry) =>
    entry.includes("${") ? referencedAddresses(entry) : [entry],
  );
}

function element(context: GuardrailContext, address: string): TerraformElementView | undefined {
  return context.lookup(`\${${address}}`);
}

/** Seconds of a Go duration (`60s`, `1m30s`, `2m`), or undefined when it is not a literal. */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value !== "string" || !/^(\d+(\.\d+)?(h|m|s|ms))+$/.test(value)) return undefined;
  const factor: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  for (const [, amount, , unit] of value.matchAll(/(\d+(\.\d+)?)(h|ms|m|s)/g)) {
    total += Number(amount) * factor[unit!]!;
  }
  return total;
}

/** What a `time_sleep` waits after: its depends_on and triggers, as text (local addresses or remote outputs). */
function sleepSubjects(sleep: TerraformElementView): string {
  return JSON.stringify([sleep.attributes.depends_on ?? [], sleep.attributes.triggers ?? {}]);
}

/**
 * Whether `resource` waits for a resource of `type`: through a `time_sleep` of at least a minute whose
 * depends_on or triggers name one (in this stack, or a remote-state output of another stack named after
 * it), or, unless `delayRequired`, by depending on one directly.
 */
function waitsFor(
  resource: TerraformElementView,
  context: GuardrailContext,
  type: string,
  delayRequired: boolean,
): boolean {
  return dependsOnAddresses(resource).some((address) => {
    if (!delayRequired && address.startsWith(`${type}.`)) return true;
    const dependency = element(context, address);
    return (
      dependency?.type === "time_sleep" &&
      (durationSeconds(dependency.attributes.create_duration) ?? 0) >= MIN_PROPAGATION_SECONDS &&
      sleepSubjects(dependency).includes(type)
    );
  });
}

/** Principals an ACL resource names that need an assignment to the workspace (groups, service principals). */
function assignedPrincipals(acl: TerraformElementView): string[] {
  const names =
    acl.type === "databricks_permissions"
      ? blocks(acl.attributes.access_control).flatMap((entry) =>
          strings(entry.group_name).concat(strings(entry.service_principal_name)),
        )
      : acl.type === "databricks_grants"
        ? blocks(acl.attributes.grant).flatMap((entry) => strings(entry.principal))
        : strings(acl.attributes.principal);
  // Users (e-mail names) come with the workspace's identity federation on first login.
  return names.filter((name) => !BUILT_IN_PRINCIPALS.has(name.toLowerCase()) && !name.includes("@"));
}

/** Whether a workspace resource is private-only, and how that shows. */
function privateOnly(workspace: TerraformElementView, context: GuardrailContext): boolean {
  if (workspace.type === "azurerm_databricks_workspace") {
    return isFalse(workspace.attributes.public_network_access_enabled);
  }
  const settings = context.lookup(workspace.attributes.private_access_settings_id);
  return settings !== undefined && isFalse(settings.attributes.public_access_enabled);
}

export const PRIVATE_WORKSPACE_CONFIGURED_ELSEWHERE = guardrailRule(
  "LH-DEP-001",
  ["azurerm_databricks_workspace", "databricks_mws_workspaces"],
  (workspace, context) => {
    if (!privateOnly(workspace, context)) return skipped("public access is on: reachable from any runner");
    const targeting = context
      .providers("databricks")
      .filter((provider) => referencedAddresses(provider.host).includes(workspace.address));
    return targeting.length === 0
      ? passed()
      : failed(
          `this stack configures a databricks provider on the workspace it creates (${targeting
            .map((p) => (typeof p.alias === "string" ? `databricks.${p.alias}` : "databricks"))
            .join(", ")})`,
        );
  },
);

export const ACLS_AFTER_GROUP_ASSIGNMENT = guardrailRule(
  "LH-DEP-002",
  ["databricks_permissions", "databricks_secret_acl", "databricks_grants", "databricks_grant"],
  (acl, context) => {
    const principals = assignedPrincipals(acl);
    if (principals.length === 0) return skipped("names only built-in principals or users");
    return waitsFor(acl, context, "databricks_mws_permission_assignment", false)
      ? passed()
      : failed(`names ${principals.join(", ")} without waiting for their assignment to the workspace`);
  },
);

export const CREDENTIALS_AFTER_METASTORE_ASSIGNMENT = guardrailRule(
  "LH-DEP-003",
  ["databricks_storage_credential", "databricks_credential"],
  (credential, context) => {
    if (credential.attributes.metastore_id !== undefined) return skipped("account-level credential");
    return waitsFor(credential, context, "databricks_metastore_assignment", true)
      ? passed()
      : failed("does not wait for a propagation delay after the metastore assignment");
  },
);

export const BROWSER_AUTH_AFTER_UI_API = guardrailRule(
  "LH-DEP-004",
  ["azurerm_private_endpoint"],
  (endpoint, context) => {
    const connection = blocks(endpoint.attributes.private_service_connection)[0];
    if (!strings(connection?.subresource_names).includes("browser_authentication")) {
      return skipped("not a browser_authentication endpoint");
    }
    const target = connection?.private_connection_resource_id;
    const uiApi = context.resources("azurerm_private_endpoint").filter((candidate) => {
      const other = blocks(candidate.attributes.private_service_connection)[0];
      return (
        strings(other?.subresource_names).includes("databricks_ui_api") &&
        other?.private_connection_resource_id === target
      );
    });
    if (uiApi.length === 0) return passed("no databricks_ui_api endpoint of the workspace in this stack");
    const dependsOn = dependsOnAddresses(endpoint);
    const missing = uiApi.filter((candidate) => !dependsOn.includes(candidate.address));
    return missing.length === 0
      ? passed()
      : failed(`does not depend on ${missing.map((m) => m.constructPath).join(", ")}`);
  },
);

const KEY_USER_ROLE = "Key Vault Crypto Service Encryption User";

export const WORKSPACE_AFTER_SERVICES_KEY_GRANT = guardrailRule(
  "LH-DEP-005",
  ["azurerm_databricks_workspace"],
  (workspace, context) => {
    if (workspace.attributes.managed_services_cmk_key_vault_key_id === undefined) {
      return skipped("no managed-services CMK");
    }
    // The AzureDatabricks application's grant: its principal is no resource of the stack (a variable
    // or a literal), unlike the storage identity's or the workspace's own disk identity's grants.
    const grants = context
      .resources("azurerm_role_assignment")
      .filter(
        (grant) =>
          grant.attributes.role_definition_name === KEY_USER_ROLE &&
          referencedAddresses(grant.attributes.principal_id).every((address) => address.startsWith("var.")),
      );
    if (grants.length === 0) return passed("the key grant is made outside this stack");
    const delays = dependsOnAddresses(workspace)
      .map((address) => element(context, address))
      .filter(
        (dependency): dependency is TerraformElementView =>
          dependency?.type === "time_sleep" &&
          (durationSeconds(dependency.attributes.create_duration) ?? 0) >= MIN_PROPAGATION_SECONDS,
      );
    const waited = grants.filter((grant) =>
      delays.some((delay) => sleepSubjects(delay).includes(grant.address)),
    );
    return waited.length === grants.length
      ? passed()
      : failed(
          `no ${MIN_PROPAGATION_SECONDS} s delay after ${grants
            .filter((g) => !waited.includes(g))
            .map((g) => g.constructPath)
            .join(", ")}`,
        );
  },
);

/** Resource types whose changes propagate eventually: a delay after them is a propagation delay. */
const IDENTITY_TYPES = [
  "aws_iam_role",
  "aws_iam_role_policy",
  "aws_iam_policy",
  "azurerm_role_assignment",
  "databricks_mws_permission_assignment",
  "databricks_metastore_assignment",
];

export const PROPAGATION_DELAY_LENGTH = guardrailRule(
  "LH-DEP-006",
  ["time_sleep"],
  (sleep) => {
    const subjects = sleepSubjects(sleep);
    if (!IDENTITY_TYPES.some((type) => subjects.includes(type)))
      return skipped("not after an identity change");
    const seconds = durationSeconds(sleep.attributes.create_duration);
    if (seconds === undefined)
      return failed(`create_duration ${String(sleep.attributes.create_duration)} is not a literal duration`);
    return seconds >= MIN_PROPAGATION_SECONDS ? passed() : failed(`waits ${seconds} s`);
  },
  { MIN_PROPAGATION_SECONDS },
);

export const DEPLOYABILITY_RULES: readonly GuardrailRule[] = [
  PRIVATE_WORKSPACE_CONFIGURED_ELSEWHERE,
  ACLS_AFTER_GROUP_ASSIGNMENT,
  CREDENTIALS_AFTER_METASTORE_ASSIGNMENT,
  BROWSER_AUTH_AFTER_UI_API,
  WORKSPACE_AFTER_SERVICES_KEY_GRANT,
  PROPAGATION_DELAY_LENGTH,
];
