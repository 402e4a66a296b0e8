/** Azure rules: storage accounts, Key Vault, Event Hubs. (Workspaces are in databricks.ts.) */
import { block, blocks, isFalse, isTrue } from "../../terraform-json/values";
import { failed, passed, skipped } from "../types";
import type { CheckResult, GuardrailContext, GuardrailRule, TerraformElementView } from "../types";

/**
 * An attribute as Terraform will use it: the value when set, otherwise the azurerm 4.x default
 * (documented per call site), so an argument left out is judged like the provider will apply it.
 */
function withDefault(resource: TerraformElementView, attribute: string, providerDefault: unknown): unknown {
  const value = resource.attributes[attribute];
  return value === undefined || value === null ? providerDefault : value;
}

/**
 * Passes when the resource's minimum TLS version (`attribute`, or the provider's default when unset) is
 * one of `accepted` (TLS 1.2 and 1.3, each service spelling them its own way).
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

export const STORAGE_TLS12: GuardrailRule = {
  id: "LH-AZST-001",
  title: "Storage accounts require TLS 1.2",
  severity: "error",
  resourceTypes: ["azurerm_storage_account"],
  rationale: "TLS 1.0 and 1.1 have known weaknesses; the account should refuse them.",
  fix: 'Set min_tls_version = "TLS1_2" (the azurerm 4 default; do not lower it).',
  equivalents: { checkov: ["CKV_AZURE_44"], trivy: ["AVD-AZU-0011"] },
  check(account) {
    return minimumTls(account, "min_tls_version", "TLS1_2", ["TLS1_2", "TLS1_3"]); // azurerm 4 default
  },
};

export const STORAGE_NO_PUBLIC_BLOBS: GuardrailRule = {
  id: "LH-AZST-002",
  title: "Storage accounts and containers allow no anonymous (public) blob access",
  severity: "error",
  resourceTypes: ["azurerm_storage_account", "azurerm_storage_container"],
  rationale:
    "Anonymous read on a container publishes its blobs to the internet; the account-level switch prevents any container from enabling it.",
  fix: 'Set allow_nested_items_to_be_public = false on the account and keep container_access_type = "private".',
  equivalents: { checkov: ["CKV_AZURE_190", "CKV2_AZURE_47", "CKV_AZURE_34"], trivy: ["AVD-AZU-0007"] },
  check(resource) {
    if (resource.type === "azurerm_storage_container") {
      const access = withDefault(resource, "container_access_type", "private");
      return access === "private" ? passed() : failed(`container_access_type is ${String(access)}`);
    }
    // azurerm 4 default: true (nested items may be made public)
    return isFalse(withDefault(resource, "allow_nested_items_to_be_public", true))
      ? passed()
      : failed("allow_nested_items_to_be_public is not false");
  },
};

export const STORAGE_HTTPS_ONLY: GuardrailRule = {
  id: "LH-AZST-003",
  title: "Storage accounts accept HTTPS only",
  severity: "error",
  resourceTypes: ["azurerm_storage_account"],
  rationale: "Secure transfer required rejects plain-HTTP requests that would expose data and SAS tokens.",
  fix: "Keep https_traffic_only_enabled = true (the default).",
  equivalents: { checkov: ["CKV_AZURE_3", "CKV_AZURE_60"], trivy: ["AVD-AZU-0008"] },
  check(account) {
    return isTrue(withDefault(account, "https_traffic_only_enabled", true))
      ? passed()
      : failed("https_traffic_only_enabled is false");
  },
};

export const STORAGE_INFRASTRUCTURE_ENCRYPTION: GuardrailRule = {
  id: "LH-AZST-004",
  title: "Storage accounts use infrastructure (double) encryption",
  severity: "error",
  resourceTypes: ["azurerm_storage_account"],
  rationale:
    "A second, independent encryption layer at the infrastructure level; it can only be chosen when the account is created.",
  fix: "Set infrastructure_encryption_enabled = true (forces a new account: decide before the first deploy).",
  equivalents: { trivy: ["AVD-AZU-0061"] },
  check(account) {
    return isTrue(account.attributes.infrastructure_encryption_enabled)
      ? passed()
      : failed("infrastructure_encryption_enabled is not true");
  },
};

/** Shortest blob and container soft-delete retention accepted, in days. */
export const MIN_SOFT_DELETE_DAYS = 7;

export const STORAGE_SOFT_DELETE: GuardrailRule = {
  id: "LH-AZST-005",
  title: `Storage accounts keep deleted blobs and containers (soft delete ≥ ${MIN_SOFT_DELETE_DAYS} days)`,
  severity: "error",
  resourceTypes: ["azurerm_storage_account"],
  rationale:
    "HNS accounts cannot use blob versioning, so soft delete is the only way back from a deleted file or container.",
  fix: "Set blob_properties.delete_retention_policy.days and container_delete_retention_policy.days (config storage.softDeleteDays).",
  equivalents: { checkov: ["CKV2_AZURE_38"] },
  check(account) {
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
};

export const STORAGE_NETWORK_DENY: GuardrailRule = {
  id: "LH-AZST-006",
  title: "Storage account firewalls deny by default",
  severity: "error",
  resourceTypes: ["azurerm_storage_account"],
  rationale:
    "Only the workspace subnets, the access connector and listed egress ranges should reach the lake.",
  fix: 'Set network_rules.default_action = "Deny" and allow subnets / private link access explicitly.',
  equivalents: { checkov: ["CKV_AZURE_35"], trivy: ["AVD-AZU-0012"] },
  check(account, context) {
    return firewallDeniesByDefault(
      account,
      "network_rules",
      () => storageNetworkRules(account, context),
      "no network rules: the firewall allows every network",
    );
  },
};

export const STORAGE_NO_PUBLIC_NETWORK_PROD: GuardrailRule = {
  id: "LH-AZST-007",
  title: "Prod storage accounts have public network access disabled",
  severity: "warning",
  stages: ["prod"],
  resourceTypes: ["azurerm_storage_account"],
  rationale:
    "With public network access off, the account is reachable only through private endpoints. It is a warning, not an error: " +
    "the lakehouse keeps the public endpoint on behind a default-deny firewall (LH-AZST-006, an error) until private endpoints " +
    "for every client exist, and the warning keeps that gap visible in every prod synth and report.",
  fix: "Add storage private endpoints (blob, dfs) for every client, then set config storage.publicNetworkAccess = false.",
  equivalents: { checkov: ["CKV_AZURE_59"] },
  check(account, context) {
    if (isFalse(account.attributes.public_network_access_enabled)) return passed();
    const denied = storageNetworkRules(account, context).some((r) => r.default_action === "Deny");
    return failed(
      denied
        ? "public network access is enabled (behind a default-deny firewall)"
        : "public network access is enabled and the firewall does not deny by default",
    );
  },
};

export const STORAGE_CMK_PROD: GuardrailRule = {
  id: "LH-AZST-008",
  title: "Prod storage accounts encrypt with a customer-managed key",
  severity: "error",
  stages: ["prod"],
  resourceTypes: ["azurerm_storage_account"],
  rationale:
    "A key in the lakehouse's own Key Vault lets the owner audit, rotate and revoke access to all prod data at once.",
  fix: "Set config storage.customerManagedKey (true by default in prod): a customer_managed_key block or an azurerm_storage_account_customer_managed_key.",
  equivalents: { checkov: ["CKV2_AZURE_1", "CKV2_AZURE_18"], trivy: ["AVD-AZU-0060"] },
  check(account, context) {
    if (block(account.attributes.customer_managed_key)) return passed();
    const separate = context.linked(
      account,
      "azurerm_storage_account_customer_managed_key",
      "storage_account_id",
    );
    return separate.length > 0 ? passed() : failed("encrypted with a Microsoft-managed key");
  },
};

export const KEY_VAULT_PURGE_PROTECTION: GuardrailRule = {
  id: "LH-KV-001",
  title: "Key Vaults have purge protection",
  severity: "error",
  resourceTypes: ["azurerm_key_vault"],
  rationale:
    "A purged vault destroys the CMK and, with it, every byte encrypted by it; purge protection makes deletion recoverable for the retention period.",
  fix: "Set purge_protection_enabled = true (cannot be turned off again).",
  equivalents: { checkov: ["CKV_AZURE_110"], trivy: ["AVD-AZU-0016"] },
  check(vault) {
    return isTrue(vault.attributes.purge_protection_enabled)
      ? passed()
      : failed("purge_protection_enabled is not true");
  },
};

export const KEY_VAULT_NETWORK_ACLS: GuardrailRule = {
  id: "LH-KV-002",
  title: "Key Vault firewalls deny by default",
  severity: "error",
  resourceTypes: ["azurerm_key_vault"],
  rationale:
    "Keys should be reachable only by trusted Azure services (storage CMK) and the deployer's listed ranges.",
  fix: 'Set network_acls { default_action = "Deny", bypass = "AzureServices" } or public_network_access_enabled = false.',
  equivalents: { checkov: ["CKV_AZURE_109"], trivy: ["AVD-AZU-0013"] },
  check(vault) {
    return firewallDeniesByDefault(
      vault,
      "network_acls",
      // One block at most (azurerm 4.55 key_vault_resource.go:143-186, MaxItems 1): the first is the one applied.
      () => blocks(vault.attributes.network_acls).slice(0, 1),
      "no network_acls: the vault accepts every network",
    );
  },
};

export const EVENT_HUBS_TLS12: GuardrailRule = {
  id: "LH-EH-001",
  title: "Event Hubs namespaces require TLS 1.2",
  severity: "error",
  resourceTypes: ["azurerm_eventhub_namespace"],
  rationale: "Producers and the Kafka endpoint should refuse TLS 1.0/1.1.",
  fix: 'Set minimum_tls_version = "1.2".',
  equivalents: { checkov: ["CKV_AZURE_223"] },
  check(namespace) {
    return minimumTls(namespace, "minimum_tls_version", "1.2", ["1.2", "1.3"]); // azurerm 4 default
  },
};

export const EVENT_HUBS_KAFKA_SKU: GuardrailRule = {
  id: "LH-EH-002",
  title: "Event Hubs namespaces use a Kafka-capable SKU (Standard or Premium)",
  severity: "error",
  resourceTypes: ["azurerm_eventhub_namespace"],
  rationale: "Databricks reads the streams through the Kafka endpoint, which the Basic tier does not have.",
  fix: 'Set sku = "Standard" or "Premium" (config streaming.sku).',
  check(namespace) {
    const sku = namespace.attributes.sku;
    if (sku === "Standard" || sku === "Premium") return passed();
    return typeof sku === "string" && sku.includes("${")
      ? skipped("sku is only known at deploy time")
      : failed(`sku is ${String(sku)}: no Kafka endpoint`);
  },
};

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
