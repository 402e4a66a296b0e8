/** Azure rules: storage accounts, Key Vault, Event Hubs. (Workspaces are in databricks.ts.) */
import { block, blocks, isFalse, isTrue } from "../../terraform-json/values";
import { failed, passed, skipped } from "../types";
import type { CheckResult, GuardrailContext, GuardrailRule, TerraformElementView } from "../types";
import { guardrailRule } from "./catalog";

/**
 * An attribute as Terraform will use it: the value when set, otherwise the azurerm 4.x default
 * (documented per call site), so an argument left out is judged like the provider will apply it.
 */
function withDefault(resource: TerraformElementView, attribute: string, providerDefault: unknown): unknown {
  const value = resource.attributes[attribute];
  return value === undefined || value === null ? providerDefault : value;
}

/**
 * Passes when the resource's minimum TLS version (`attribute`, or `providerDefault`, azurerm 4's default,
 * when unset) is one of `accepted` (TLS 1.2 and 1.3, each service spelling them its own way).
 */
function minimumTls(
  resource: TerraformElementView,
  attribute: string,
  providerDefault: string,
  accepted: readonly string[],
): CheckResult {
  const version = withDefault(resource, attribute, providerDefault);
  return accepted.includes(version as string) ? passed() : failed(`${attribute} is ${String(version)}`);
}

/**
 * A firewall that denies by default: passes when public network access is off, or when one of the
 * firewall's rule blocks (read only then) sets `default_action = "Deny"`; otherwise fails with
 * `noRules` or with what `<what>.default_action` is.
 */
function firewallDeniesByDefault(
  resource: TerraformElementView,
  what: string,
  rules: () => readonly Readonly<Record<string, unknown>>[],
  noRules: string,
): CheckResult {
  if (isFalse(resource.attributes.public_network_access_enabled)) {
    return passed("public network access is disabled");
  }
  const found = rules();
  if (found.length === 0) return failed(noRules);
  return found.some((r) => r.default_action === "Deny")
    ? passed()
    : failed(`${what}.default_action is ${found.map((r) => String(r.default_action)).join(", ")}`);
}

/** Network rules of an account: the inline block or a separate azurerm_storage_account_network_rules. */
function storageNetworkRules(account: TerraformElementView, context: GuardrailContext) {
  return [
    ...blocks(account.attributes.network_rules),
    ...context
      .linked(account, "azurerm_storage_account_network_rules", "storage_account_id")
      .map((r) => r.attributes),
  ];
}

export const STORAGE_TLS12 = guardrailRule("LH-AZST-001", ["azurerm_storage_account"], (account) =>
  minimumTls(account, "min_tls_version", "TLS1_2", ["TLS1_2", "TLS1_3"]),
);

export const STORAGE_NO_PUBLIC_BLOBS = guardrailRule(
  "LH-AZST-002",
  ["azurerm_storage_account", "azurerm_storage_container"],
  (resource) => {
    if (resource.type === "azurerm_storage_container") {
      const access = withDefault(resource, "container_access_type", "private");
      return access === "private" ? passed() : failed(`container_access_type is ${String(access)}`);
    }
    // azurerm 4 default: true (nested items may be made public)
    return isFalse(withDefault(resource, "allow_nested_items_to_be_public", true))
      ? passed()
      : failed("allow_nested_items_to_be_public is not false");
  },
);

export const STORAGE_HTTPS_ONLY = guardrailRule("LH-AZST-003", ["azurerm_storage_account"], (account) =>
  isTrue(withDefault(account, "https_traffic_only_enabled", true))
    ? passed()
    : failed("https_traffic_only_enabled is false"),
);

export const STORAGE_INFRASTRUCTURE_ENCRYPTION = guardrailRule(
  "LH-AZST-004",
  ["azurerm_storage_account"],
  (account) =>
    isTrue(account.attributes.infrastructure_encryption_enabled)
      ? passed()
      : failed("infrastructure_encryption_enabled is not true"),
);

/** Shortest blob and container soft-delete retention accepted, in days. */
export const MIN_SOFT_DELETE_DAYS = 7;

export const STORAGE_SOFT_DELETE = guardrailRule(
  "LH-AZST-005",
  ["azurerm_storage_account"],
  (account) => {
    const props = block(account.attributes.blob_properties);
    const days = (policy: unknown) => {
      const b = block(policy);
      return b ? (typeof b.days === "number" ? b.days : 7) : undefined; // provider default 7 days
    };
    const blobDays = days(props?.delete_retention_policy);
    const containerDays = days(props?.container_delete_retention_policy);
    const problems: string[] = [];
    if (blobDays === undefined || blobDays < MIN_SOFT_DELETE_DAYS)
      problems.push(`blob soft delete ${blobDays ?? "off"}`);
    if (containerDays === undefined || containerDays < MIN_SOFT_DELETE_DAYS)
      problems.push(`container soft delete ${containerDays ?? "off"}`);
    return problems.length === 0
      ? passed()
      : failed(`${problems.join(", ")} (need ≥ ${MIN_SOFT_DELETE_DAYS} days)`);
  },
  { MIN_SOFT_DELETE_DAYS },
);

export const STORAGE_NETWORK_DENY = guardrailRule(
  "LH-AZST-006",
  ["azurerm_storage_account"],
  (account, context) =>
    firewallDeniesByDefault(
      account,
      "network_rules",
      () => storageNetworkRules(account, context),
      "no network rules: the firewall allows every network",
    ),
);

export const STORAGE_NO_PUBLIC_NETWORK_PROD = guardrailRule(
  "LH-AZST-007",
  ["azurerm_storage_account"],
  (account, context) => {
    if (isFalse(account.attributes.public_network_access_enabled)) return passed();
    const denied = storageNetworkRules(account, context).some((r) => r.default_action === "Deny");
    return failed(
      denied
        ? "public network access is enabled (behind a default-deny firewall)"
        : "public network access is enabled and the firewall does not deny by default",
    );
  },
);

export const STORAGE_CMK_PROD = guardrailRule(
  "LH-AZST-008",
  ["azurerm_storage_account"],
  (account, context) => {
    if (block(account.attributes.customer_managed_key)) return passed();
    const separate = context.linked(
      account,
      "azurerm_storage_account_customer_managed_key",
      "storage_account_id",
    );
    return separate.length > 0 ? passed() : failed("encrypted with a Microsoft-managed key");
  },
);

export const KEY_VAULT_PURGE_PROTECTION = guardrailRule("LH-KV-001", ["azurerm_key_vault"], (vault) =>
  isTrue(vault.attributes.purge_protection_enabled)
    ? passed()
    : failed("purge_protection_enabled is not true"),
);

export const KEY_VAULT_NETWORK_ACLS = guardrailRule("LH-KV-002", ["azurerm_key_vault"], (vault) =>
  firewallDeniesByDefault(
    vault,
    "network_acls",
    // One block at most (azurerm 4.55 key_vault_resource.go:143-186, MaxItems 1): the first is the one applied.
    () => blocks(vault.attributes.network_acls).slice(0, 1),
    "no network_acls: the vault accepts every network",
  ),
);

export const EVENT_HUBS_TLS12 = guardrailRule("LH-EH-001", ["azurerm_eventhub_namespace"], (namespace) =>
  minimumTls(namespace, "minimum_tls_version", "1.2", ["1.2", "1.3"]),
);

export const EVENT_HUBS_KAFKA_SKU = guardrailRule(
  "LH-EH-002",
  ["azurerm_eventhub_namespace"],
  (namespace) => {
    const sku = namespace.attributes.sku;
    if (sku === "Standard" || sku === "Premium") return passed();
    return typeof sku === "string" && sku.includes("${")
      ? skipped("sku is only known at deploy time")
      : failed(`sku is ${String(sku)}: no Kafka endpoint`);
  },
);

export const AZURE_RULES: readonly GuardrailRule[] = [
  STORAGE_TLS12,
  STORAGE_NO_PUBLIC_BLOBS,
  STORAGE_HTTPS_ONLY,
  STORAGE_INFRASTRUCTURE_ENCRYPTION,
  STORAGE_SOFT_DELETE,
  STORAGE_NETWORK_DENY,
  STORAGE_NO_PUBLIC_NETWORK_PROD,
  STORAGE_CMK_PROD,
  KEY_VAULT_PURGE_PROTECTION,
  KEY_VAULT_NETWORK_ACLS,
  EVENT_HUBS_TLS12,
  EVENT_HUBS_KAFKA_SKU,
];
