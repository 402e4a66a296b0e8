import { EventhubNamespace } from "@cdktf/provider-azurerm/lib/eventhub-namespace";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { StorageAccount, type StorageAccountConfig } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageAccountCustomerManagedKeyA } from "@cdktf/provider-azurerm/lib/storage-account-customer-managed-key";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import type { TerraformStack } from "cdktf";
import { evaluate, guardrailStack, outcome } from "./guardrails-helpers";

const HARDENED_ACCOUNT: StorageAccountConfig = {
  name: "lakeprod01",
  resourceGroupName: "rg",
  location: "westeurope",
  accountTier: "Standard",
  accountReplicationType: "ZRS",
  isHnsEnabled: true,
  minTlsVersion: "TLS1_2",
  httpsTrafficOnlyEnabled: true,
  allowNestedItemsToBePublic: false,
  infrastructureEncryptionEnabled: true,
  publicNetworkAccessEnabled: false,
  blobProperties: { deleteRetentionPolicy: { days: 14 }, containerDeleteRetentionPolicy: { days: 14 } },
  networkRules: { defaultAction: "Deny", bypass: ["AzureServices"] },
  customerManagedKey: { keyVaultKeyId: "https://kv.vault.azure.net/keys/k", userAssignedIdentityId: "/id" },
  identity: { type: "UserAssigned", identityIds: ["/id"] },
};

function account(stack: TerraformStack, overrides: Partial<StorageAccountConfig> = {}, id = "Account") {
  return new StorageAccount(stack, id, { ...HARDENED_ACCOUNT, ...overrides });
}

function storageOutcome(
  ruleId: string,
  overrides: Partial<StorageAccountConfig>,
  stage: "dev" | "prod" = "prod",
) {
  const stack = guardrailStack();
  account(stack, overrides);
  return outcome(evaluate(stack, stage), ruleId);
}

describe("storage account rules pass on a hardened account", () => {
  const stack = guardrailStack();
  const acc = account(stack);
  new StorageContainer(stack, "Bronze", { name: "bronze", storageAccountId: acc.id });
  const report = evaluate(stack, "prod");
  test.each([
    "LH-AZST-001",
    "LH-AZST-003",
    "LH-AZST-004",
    "LH-AZST-005",
    "LH-AZST-006",
    "LH-AZST-007",
    "LH-AZST-008",
  ])("%s", (id) => {
    expect(outcome(report, id)).toMatchObject({ passed: 1, failed: 0 });
  });
  test("LH-AZST-002 on the account and its container", () => {
    expect(outcome(report, "LH-AZST-002")).toMatchObject({ passed: 2, failed: 0 });
  });
});

describe("storage account rules fail", () => {
  test("LH-AZST-001: TLS 1.0", () => {
    expect(storageOutcome("LH-AZST-001", { minTlsVersion: "TLS1_0" }).messages).toEqual([
      "min_tls_version is TLS1_0",
    ]);
  });

  test("LH-AZST-002: nested items may be public (the azurerm default) or a blob container is public", () => {
    expect(storageOutcome("LH-AZST-002", { allowNestedItemsToBePublic: undefined }).messages).toEqual([
      "allow_nested_items_to_be_public is not false",
    ]);
    const stack = guardrailStack();
    const acc = account(stack);
    new StorageContainer(stack, "Public", {
      name: "p",
      storageAccountId: acc.id,
      containerAccessType: "blob",
    });
    expect(outcome(evaluate(stack), "LH-AZST-002").messages).toEqual(["container_access_type is blob"]);
  });

  test("LH-AZST-003: HTTP allowed", () => {
    expect(storageOutcome("LH-AZST-003", { httpsTrafficOnlyEnabled: false }).messages).toEqual([
      "https_traffic_only_enabled is false",
    ]);
  });

  test("LH-AZST-004: no infrastructure encryption", () => {
    expect(storageOutcome("LH-AZST-004", { infrastructureEncryptionEnabled: undefined }).failed).toBe(1);
  });

  test("LH-AZST-005: soft delete off or too short", () => {
    expect(storageOutcome("LH-AZST-005", { blobProperties: undefined }).messages).toEqual([
      "blob soft delete off, container soft delete off (need ≥ 7 days)",
    ]);
    expect(
      storageOutcome("LH-AZST-005", {
        blobProperties: { deleteRetentionPolicy: { days: 1 }, containerDeleteRetentionPolicy: { days: 30 } },
      }).messages,
    ).toEqual(["blob soft delete 1 (need ≥ 7 days)"]);
  });

  test("LH-AZST-006: firewall allows by default (public endpoint on)", () => {
    expect(
      storageOutcome("LH-AZST-006", {
        publicNetworkAccessEnabled: true,
        networkRules: { defaultAction: "Allow" },
      }).messages,
    ).toEqual(["network_rules.default_action is Allow"]);
    expect(
      storageOutcome("LH-AZST-006", { publicNetworkAccessEnabled: true, networkRules: undefined }).messages,
    ).toEqual(["no network rules: the firewall allows every network"]);
  });

  test("LH-AZST-007 (prod warning): public endpoint on behind the firewall; not evaluated in dev", () => {
    const prod = storageOutcome("LH-AZST-007", { publicNetworkAccessEnabled: true });
    expect(prod.messages).toEqual(["public network access is enabled (behind a default-deny firewall)"]);
    expect(storageOutcome("LH-AZST-007", { publicNetworkAccessEnabled: true }, "dev").applies).toBe(false);
  });

  test("LH-AZST-008 (prod): Microsoft-managed key; a separate CMK resource passes", () => {
    expect(storageOutcome("LH-AZST-008", { customerManagedKey: undefined }).messages).toEqual([
      "encrypted with a Microsoft-managed key",
    ]);
    const stack = guardrailStack();
    const acc = account(stack, { customerManagedKey: undefined });
    new StorageAccountCustomerManagedKeyA(stack, "Cmk", {
      storageAccountId: acc.id,
      keyVaultId: "/kv",
      keyName: "k",
    });
    expect(outcome(evaluate(stack, "prod"), "LH-AZST-008")).toMatchObject({ passed: 1, failed: 0 });
  });
});

describe("Key Vault rules", () => {
  const vault = (stack: TerraformStack, id: string, extra: Record<string, unknown>) =>
    new KeyVault(stack, id, {
      name: id.toLowerCase(),
      resourceGroupName: "rg",
      location: "westeurope",
      tenantId: "t",
      skuName: "standard",
      ...extra,
    });

  test("LH-KV-001 / LH-KV-002 pass with purge protection and a default-deny firewall", () => {
    const stack = guardrailStack();
    vault(stack, "Good", {
      purgeProtectionEnabled: true,
      networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
    });
    const report = evaluate(stack);
    expect(outcome(report, "LH-KV-001")).toMatchObject({ passed: 1, failed: 0 });
    expect(outcome(report, "LH-KV-002")).toMatchObject({ passed: 1, failed: 0 });
  });

  test("LH-KV-001 / LH-KV-002 fail without purge protection and with an open firewall", () => {
    const stack = guardrailStack();
    vault(stack, "Open", { networkAcls: { defaultAction: "Allow", bypass: "AzureServices" } });
    vault(stack, "NoAcls", { purgeProtectionEnabled: true });
    const report = evaluate(stack);
    expect(outcome(report, "LH-KV-001").messages).toEqual(["purge_protection_enabled is not true"]);
    expect(outcome(report, "LH-KV-002").messages.sort()).toEqual([
      "network_acls.default_action is Allow",
      "no network_acls: the vault accepts every network",
    ]);
  });
});

describe("Event Hubs rules", () => {
  const namespace = (stack: TerraformStack, id: string, extra: Record<string, unknown>) =>
    new EventhubNamespace(stack, id, {
      name: id,
      resourceGroupName: "rg",
      location: "westeurope",
      sku: "Standard",
      ...extra,
    });

  test("LH-EH-001 / LH-EH-002 pass on Standard with TLS 1.2", () => {
    const stack = guardrailStack();
    namespace(stack, "Good", { minimumTlsVersion: "1.2" });
    const report = evaluate(stack);
    expect(outcome(report, "LH-EH-001")).toMatchObject({ passed: 1, failed: 0 });
    expect(outcome(report, "LH-EH-002")).toMatchObject({ passed: 1, failed: 0 });
  });

  test("LH-EH-001 / LH-EH-002 fail on TLS 1.0 and on Basic", () => {
    const stack = guardrailStack();
    namespace(stack, "Bad", { minimumTlsVersion: "1.0", sku: "Basic" });
    const report = evaluate(stack);
    expect(outcome(report, "LH-EH-001").messages).toEqual(["minimum_tls_version is 1.0"]);
    expect(outcome(report, "LH-EH-002").messages).toEqual(["sku is Basic: no Kafka endpoint"]);
  });
});
