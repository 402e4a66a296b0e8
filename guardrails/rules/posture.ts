/**
 * Production posture: data that cannot be re-read (stream-fed bronze), and the private networking,
 * keys and lifecycle settings a production environment needs on each cloud.
 */
import { textOfBase64 } from "../../terraform-json/base64-text";
import { referencedAddresses } from "../../terraform-json/references";
import { block, blocks, isFalse, isTrue, strings } from "../../terraform-json/values";
import { policyStatements } from "./iam-policy";
import { failed, passed, skipped } from "../types";
import type { GuardrailContext, GuardrailRule, TerraformElementView } from "../types";
import { guardrailRule } from "./catalog";

/** Table-valued functions that read a stream whose retention is short (days, not years). */
const STREAM_READERS = /\bread_(kafka|kinesis|pubsub|pulsar|eventhubs)\s*\(/i;
const RESET_DISALLOWED = /'pipelines\.reset\.allowed'\s*=\s*'false'/i;

/** `CREATE OR REFRESH STREAMING TABLE` statements of a SQL file, each with its table name. */
function streamingTables(sql: string): { name: string; body: string }[] {
  return sql
    .split(/^(?=CREATE\s)/im)
    .map((body) => ({ body, match: /^CREATE\s+OR\s+REFRESH\s+STREAMING\s+TABLE\s+(\S+)/i.exec(body) }))
    .filter((s) => s.match !== null)
    .map((s) => ({ name: s.match![1]!, body: s.body }));
}

export const STREAM_BRONZE_RESET_PROTECTED = guardrailRule(
  "LH-PIPE-004",
  ["databricks_workspace_file"],
  (file) => {
    const encoded = file.attributes.content_base64;
    const path = String(file.attributes.path ?? "");
    if (typeof encoded !== "string" || encoded.includes("${")) {
      return path.endsWith(".sql")
        ? failed("the SQL is not literal at synth time")
        : skipped("not literal SQL");
    }
    const sql = textOfBase64(encoded);
    const fed = streamingTables(sql).filter((t) => STREAM_READERS.test(t.body));
    if (fed.length === 0) return skipped("no streaming table reads a stream");
    const open = fed.filter((t) => !RESET_DISALLOWED.test(t.body)).map((t) => t.name);
    return open.length === 0
      ? passed()
      : failed(`a full refresh may wipe ${open.join(", ")} (no 'pipelines.reset.allowed' = 'false')`);
  },
);

/** Whether `value` (an attribute) refers to `target`. */
function refersTo(value: unknown, target: TerraformElementView): boolean {
  return referencedAddresses(value).includes(target.address);
}

/** Subresources (group ids) of the private endpoints in the stack that connect to `target`. */
function privateEndpointSubresources(target: TerraformElementView, context: GuardrailContext): Set<string> {
  return new Set(
    context
      .resources("azurerm_private_endpoint")
      .flatMap((pe) => blocks(pe.attributes.private_service_connection))
      .filter((c) => refersTo(c.private_connection_resource_id, target))
      .flatMap((c) => strings(c.subresource_names)),
  );
}

export const PRIVATE_STORAGE_REACHABLE = guardrailRule(
  "LH-AZST-009",
  ["azurerm_storage_account"],
  (account, context) => {
    if (!isFalse(account.attributes.public_network_access_enabled))
      return skipped("public network access is on");
    const wanted = ["blob", "dfs"];
    const endpoints = privateEndpointSubresources(account, context);
    const problems = wanted.filter((g) => !endpoints.has(g)).map((g) => `no ${g} private endpoint`);
    if (context.resources("databricks_mws_network_connectivity_config").length > 0) {
      const rules = new Set(
        context
          .resources("databricks_mws_ncc_private_endpoint_rule")
          .filter((r) => refersTo(r.attributes.resource_id, account))
          .map((r) => String(r.attributes.group_id)),
      );
      problems.push(
        ...wanted.filter((g) => !rules.has(g)).map((g) => `no NCC private endpoint rule for ${g}`),
      );
    }
    return problems.length === 0 ? passed() : failed(problems.join(", "));
  },
);

export const KEY_VAULT_RUNNER_ACCESS = guardrailRule("LH-KV-003", ["azurerm_key_vault"], (vault, context) => {
  const endpoint = privateEndpointSubresources(vault, context).has("vault");
  if (isFalse(vault.attributes.public_network_access_enabled)) {
    return endpoint ? passed() : failed("public network access is off and no vault private endpoint exists");
  }
  const ipRules = block(vault.attributes.network_acls)?.ip_rules;
  const fromVariable = JSON.stringify(ipRules ?? []).match(/var\.[A-Za-z0-9_]+/);
  if (fromVariable) {
    return failed(
      `network_acls.ip_rules come from ${fromVariable[0]}: the runner's address is needed on every run`,
    );
  }
  return strings(ipRules).length > 0 || endpoint
    ? passed()
    : failed("no ip_rules and no vault private endpoint: no runner can reach the keys");
});

/** What a prod workspace leaves on Databricks- or Microsoft-managed keys. */
function missingWorkspaceKeys(workspace: TerraformElementView, context: GuardrailContext): string[] {
  const a = workspace.attributes;
  const set = (key: string) => typeof a[key] === "string" && a[key] !== "";
  if (workspace.type === "azurerm_databricks_workspace") {
    const dbfs =
      isTrue(a.customer_managed_key_enabled) &&
      context
        .resources("azurerm_databricks_workspace_root_dbfs_customer_managed_key")
        .some((k) => refersTo(k.attributes.workspace_id, workspace));
    return [
      ...(set("managed_services_cmk_key_vault_key_id") ? [] : ["managed services"]),
      ...(set("managed_disk_cmk_key_vault_key_id") ? [] : ["managed disks"]),
      ...(dbfs ? [] : ["DBFS root"]),
    ];
  }
  return [
    ...(set("managed_services_customer_managed_key_id") ? [] : ["managed services"]),
    ...(set("storage_customer_managed_key_id") ? [] : ["workspace storage (root bucket, EBS)"]),
  ];
}

export const WORKSPACE_CMK_PROD = guardrailRule(
  "LH-DBW-005",
  ["azurerm_databricks_workspace", "databricks_mws_workspaces"],
  (workspace, context) => {
    const missing = missingWorkspaceKeys(workspace, context);
    return missing.length === 0
      ? passed()
      : failed(`Databricks- or Microsoft-managed keys for ${missing.join(", ")}`);
  },
);

/** Buckets holding Delta tables or stream state (by their `layer` tag). */
const DELTA_LAYERS = new Set(["bronze", "silver", "gold", "checkpoints"]);
export const MAX_DELTA_NONCURRENT_DAYS = 7;
export const MAX_DELTA_NONCURRENT_VERSIONS = 3;

export const DELTA_NONCURRENT_VERSIONS = guardrailRule(
  "LH-S3-008",
  ["aws_s3_bucket"],
  (bucket, context) => {
    const layer = block(bucket.attributes.tags)?.layer;
    if (typeof layer !== "string" || !DELTA_LAYERS.has(layer)) return skipped("not a Delta layer bucket");
    const expirations = context
      .linked(bucket, "aws_s3_bucket_lifecycle_configuration", "bucket", { identifying: ["bucket"] })
      .flatMap((c) => blocks(c.attributes.rule))
      .filter((r) => r.status === "Enabled")
      .flatMap((r) => blocks(r.noncurrent_version_expiration));
    if (expirations.length === 0) return failed("no enabled rule expires noncurrent versions");
    const ok = expirations.some(
      (e) =>
        typeof e.noncurrent_days === "number" &&
        e.noncurrent_days <= MAX_DELTA_NONCURRENT_DAYS &&
        typeof e.newer_noncurrent_versions === "number" &&
        e.newer_noncurrent_versions <= MAX_DELTA_NONCURRENT_VERSIONS,
    );
    return ok
      ? passed()
      : failed(
          `noncurrent versions kept ${expirations
            .map(
              (e) =>
                `${String(e.noncurrent_days)} days / ${String(e.newer_noncurrent_versions ?? "all")} versions`,
            )
            .join(", ")}`,
        );
  },
  { MAX_DELTA_NONCURRENT_DAYS, MAX_DELTA_NONCURRENT_VERSIONS },
);

/** Whether a VPC endpoint is the S3 gateway endpoint (the default endpoint type is Gateway). */
function isS3Gateway(endpoint: TerraformElementView): boolean {
  const type = endpoint.attributes.vpc_endpoint_type ?? "Gateway";
  return type === "Gateway" && /\.s3$/.test(String(endpoint.attributes.service_name));
}

export const S3_ENDPOINT_POLICY = guardrailRule("LH-VPC-001", ["aws_vpc_endpoint"], (endpoint, context) => {
  if (!isS3Gateway(endpoint)) return skipped("not an S3 gateway endpoint");
  if (endpoint.attributes.policy === undefined)
    return failed("no endpoint policy: full access to every bucket");
  const statements = policyStatements(endpoint.attributes.policy, context);
  if (!statements)
    return failed("the endpoint policy is not readable at synth time (use an aws_iam_policy_document)");
  const open = statements.filter(
    (st) =>
      st.effect === "Allow" &&
      st.conditions.length === 0 &&
      st.actions.some((a) => a === "*" || a === "s3:*"),
  );
  return open.length === 0 ? passed() : failed("an Allow statement grants s3:* without a condition");
});

/** The `aws_vpc` a databricks_mws_networks names, if it is in the stack. */
function networkVpc(
  network: TerraformElementView,
  context: GuardrailContext,
): TerraformElementView | undefined {
  const vpc = context.lookup(network.attributes.vpc_id);
  return vpc?.type === "aws_vpc" ? vpc : undefined;
}

export const AWS_INTERFACE_ENDPOINTS_PROD = guardrailRule(
  "LH-VPC-002",
  ["databricks_mws_networks"],
  (network, context) => {
    const vpc = networkVpc(network, context);
    if (!vpc) return skipped("the VPC is not in this stack");
    const services = context
      .resources("aws_vpc_endpoint")
      .filter((e) => refersTo(e.attributes.vpc_id, vpc) && e.attributes.vpc_endpoint_type === "Interface")
      .map((e) => String(e.attributes.service_name));
    const missing = ["sts", "kinesis-streams"].filter(
      (svc) => !services.some((name) => name.endsWith(`.${svc}`)),
    );
    return missing.length === 0 ? passed() : failed(`no interface endpoint for ${missing.join(", ")}`);
  },
);

export const NAT_PER_ZONE_PROD = guardrailRule(
  "LH-VPC-003",
  ["databricks_mws_networks"],
  (network, context) => {
    const problems: string[] = [];
    for (const subnetRef of strings(network.attributes.subnet_ids)) {
      const subnet = context.lookup(subnetRef);
      if (subnet?.type !== "aws_subnet") continue;
      const zone = subnet.attributes.availability_zone;
      const tables = context
        .resources("aws_route_table_association")
        .filter((a) => refersTo(a.attributes.subnet_id, subnet))
        .map((a) => context.lookup(a.attributes.route_table_id))
        .filter((t): t is TerraformElementView => t !== undefined);
      const natZones = context
        .resources("aws_route")
        .filter((r) => tables.some((t) => refersTo(r.attributes.route_table_id, t)))
        .filter((r) => r.attributes.destination_cidr_block === "0.0.0.0/0")
        .map((r) => context.lookup(r.attributes.nat_gateway_id))
        .map((nat) => (nat ? context.lookup(nat.attributes.subnet_id) : undefined))
        .map((s) => s?.attributes.availability_zone);
      if (!natZones.includes(zone)) {
        problems.push(
          `${subnet.constructPath} (${String(zone)}) egresses through ${natZones.map(String).join(", ") || "no NAT gateway"}`,
        );
      }
    }
    return problems.length === 0 ? passed() : failed(problems.join("; "));
  },
);

export const POSTURE_RULES: readonly GuardrailRule[] = [
  S3_ENDPOINT_POLICY,
  AWS_INTERFACE_ENDPOINTS_PROD,
  NAT_PER_ZONE_PROD,
  DELTA_NONCURRENT_VERSIONS,
  STREAM_BRONZE_RESET_PROTECTED,
  PRIVATE_STORAGE_REACHABLE,
  KEY_VAULT_RUNNER_ACCESS,
  WORKSPACE_CMK_PROD,
];
