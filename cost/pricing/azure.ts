/** Pricing rules for Azure resources. */
import { priceOf } from "../catalog";
import { hoursAndDataProcessed, natGateway } from "./network";
import type { TerraformElement } from "../../terraform-json/model";
import { block, blocks, bool, literalString, num } from "../../terraform-json/values";
import { STORAGE_LAYERS, type StorageLayer } from "../usage";
import {
  type CostComponent,
  type PricingContext,
  type PricingRule,
  fmtNum,
  priced,
  unpricedComponent,
} from "./context";
import { tierShares, type TierStep } from "./storage-model";

/** Azure resources' location: a literal, or a reference to the resource group's literal location. */
export function azureLocationOf(
  ctx: { literal(v: unknown): unknown },
  resources: readonly TerraformElement[],
): string | undefined {
  for (const r of resources) {
    if (!r.type.startsWith("azurerm_")) continue;
    const loc = ctx.literal(r.attributes.location);
    if (typeof loc === "string" && !loc.includes("${")) return loc.toLowerCase().replace(/\s+/g, "");
  }
  return undefined;
}

function containerLayer(container: TerraformElement): StorageLayer | undefined {
  const metaLayer = literalString(
    (container.attributes.metadata as Record<string, unknown> | undefined)?.layer,
  );
  const name = metaLayer ?? literalString(container.attributes.name) ?? container.name;
  return STORAGE_LAYERS.find((l) => l.toLowerCase() === name.toLowerCase());
}

const TIER_ACTIONS: ReadonlyArray<[string, string]> = [
  ["tier_to_cool_after_days_since_modification_greater_than", "Cool"],
  ["tier_to_cold_after_days_since_modification_greater_than", "Cold"],
  ["tier_to_archive_after_days_since_modification_greater_than", "Archive"],
];

const storageAccount: PricingRule = (account, ctx) => {
  const containers = ctx.index.linked(account, "azurerm_storage_container", "storage_account_id", {
    identifying: ["id"],
    soleTarget: true,
  });
  if (containers.length === 0)
    return { kind: "unpriced", reason: "no containers found to map usage layers to" };
  const policy = ctx.index.linked(account, "azurerm_storage_management_policy", "storage_account_id", {
    identifying: ["id"],
    soleTarget: true,
  })[0];
  const rules = blocks(policy?.attributes.rule).filter((r) => bool(r.enabled) !== false);
  const replication = literalString(account.attributes.account_replication_type) ?? "LRS";
  const accessTier = literalString(account.attributes.access_tier) ?? "Hot";
  const gbByTier = new Map<string, { gb: number; layers: string[] }>();
  const notes: string[] = [];
  for (const container of containers) {
    const layer = containerLayer(container);
    const containerName = literalString(container.attributes.name) ?? container.name;
    if (!layer) {
      notes.push(`container ${containerName}: no usage layer of that name, not priced`);
      continue;
    }
    const use = ctx.usage.profile.storage[layer];
    const rule = rules.find((r) =>
      blocks(r.filters).some(
        (f) =>
          Array.isArray(f.prefix_match) &&
          f.prefix_match.some((p) => String(p).startsWith(`${containerName}/`) || p === containerName),
      ),
    );
    const baseBlob = block(block(rule?.actions)?.base_blob);
    const transitions: TierStep[] = [];
    for (const [attr, tier] of TIER_ACTIONS) {
      const days = num(baseBlob?.[attr]);
      if (days !== undefined) transitions.push({ fromDay: days, tier });
    }
    const expiration = num(baseBlob?.delete_after_days_since_modification_greater_than);
    const { horizon, shares } = tierShares(
      use.storedGb,
      accessTier,
      transitions,
      expiration,
      use.retainedDays,
    );
    notes.push(
      `${layer}: ${fmtNum(use.storedGb)} GB, horizon ${fmtNum(horizon)} days${rule ? `, rule ${String(rule.name)}` : ", no lifecycle rule"}`,
    );
    for (const s of shares) {
      const entry = gbByTier.get(s.tier) ?? { gb: 0, layers: [] };
      entry.gb += s.gb;
      entry.layers.push(`${layer} ${fmtNum(s.gb)} GB`);
      gbByTier.set(s.tier, entry);
    }
  }
  const components: CostComponent[] = [...gbByTier.entries()].map(([tier, { gb, layers }]) =>
    priced(ctx, `Storage (${tier}, ${replication})`, gb, `storage.${tier}.${replication}`, layers.join(", ")),
  );
  const ops = priceOf(ctx.catalog, "storage.operations");
  components.push(
    unpricedComponent("Read/write/metadata operations", ops.unit, ops.unpricedReason ?? "not modelled"),
  );
  notes.push("soft-deleted blobs and versions are not modelled");
  return { kind: "components", components, notes };
};

const eventHubNamespace: PricingRule = (ns, ctx) => {
  const sku = literalString(ns.attributes.sku) ?? "Standard";
  const capacity = num(ns.attributes.capacity) ?? 1;
  const hours = ctx.hoursPerMonth;
  const hubs = Math.max(
    1,
    ctx.index.linked(ns, "azurerm_eventhub", "namespace_id", { identifying: ["id"], soleTarget: true })
      .length,
  );
  const notes: string[] = [];
  if (bool(ns.attributes.auto_inflate_enabled)) {
    notes.push(
      `auto-inflate up to ${String(ns.attributes.maximum_throughput_units ?? "?")} TUs: priced at the base capacity ${fmtNum(capacity)}`,
    );
  }
  const s = ctx.usage.profile.streaming;
  const millionEvents = (s.eventsPerSecond * hours * 3600 * hubs) / 1e6;
  let components: CostComponent[];
  if (sku === "Basic" || sku === "Standard") {
    components = [
      priced(
        ctx,
        `Throughput units (${sku})`,
        capacity * hours,
        `eventhubs.${sku}.tuHour`,
        `${fmtNum(capacity)} TU × ${hours} h`,
      ),
      priced(
        ctx,
        "Ingress events",
        millionEvents,
        "eventhubs.ingressMillionEvents",
        `${fmtNum(s.eventsPerSecond)} events/s × ${hubs} hub(s)`,
      ),
    ];
  } else if (sku === "Premium") {
    components = [
      priced(
        ctx,
        "Processing units (Premium)",
        capacity * hours,
        "eventhubs.Premium.puHour",
        `${fmtNum(capacity)} PU × ${hours} h; ingress included`,
      ),
    ];
  } else {
    return { kind: "unpriced", reason: `Event Hubs sku ${sku} has no rule` };
  }
  return { kind: "components", components, notes };
};

const eventHub: PricingRule = (hub, ctx) => {
  const capture = block(hub.attributes.capture_description);
  if (!capture || bool(capture.enabled) === false) {
    return { kind: "free", reason: "included in the namespace's throughput/processing units" };
  }
  const ns =
    ctx.index.lookup(hub.attributes.namespace_id) ?? ctx.index.resources("azurerm_eventhub_namespace")[0];
  const capacity = num(ns?.attributes.capacity) ?? 1;
  return {
    kind: "components",
    components: [
      priced(
        ctx,
        "Capture",
        capacity * ctx.hoursPerMonth,
        "eventhubs.captureTuHour",
        `${fmtNum(capacity)} TU`,
      ),
    ],
  };
};

const keyVault: PricingRule = (vault, ctx) => {
  const sku = (literalString(vault.attributes.sku_name) ?? "standard").toLowerCase();
  return {
    kind: "components",
    components: [
      priced(
        ctx,
        `Operations (${sku})`,
        ctx.usage.profile.keys.keyVaultOperationsPerMonth / 10_000,
        `keyvault.${sku}.operations`,
        "keys.keyVaultOperationsPerMonth",
      ),
    ],
  };
};

const keyVaultKey: PricingRule = (key, ctx) => {
  const entry = priceOf(ctx.catalog, "keyvault.key");
  const desc = `${String(key.attributes.key_type ?? "?")}-${String(key.attributes.key_size ?? "")}`;
  if (entry.amount === null) return { kind: "unpriced", reason: `${desc} key: ${entry.unpricedReason}` };
  return { kind: "components", components: [priced(ctx, `Key (${desc})`, 1, "keyvault.key")] };
};

const publicIp: PricingRule = (ip, ctx) => {
  const sku = literalString(ip.attributes.sku) ?? "Standard";
  return {
    kind: "components",
    components: [priced(ctx, `Public IP hours (${sku})`, ctx.hoursPerMonth, `publicIp.${sku}.hour`)],
  };
};

const privateEndpoint = hoursAndDataProcessed(
  "Private endpoint",
  "privateEndpoint",
  "privateEndpointGbPerMonth",
);

const databricksWorkspace: PricingRule = (ws) => ({
  kind: "free",
  reason: `no workspace fee (sku ${String(ws.attributes.sku ?? "?")}): compute is billed in DBUs on the warehouses, clusters, jobs and pipelines`,
});

export const AZURE_PRICING: Readonly<Record<string, PricingRule>> = {
  azurerm_storage_account: storageAccount,
  azurerm_eventhub_namespace: eventHubNamespace,
  azurerm_eventhub: eventHub,
  azurerm_key_vault: keyVault,
  azurerm_key_vault_key: keyVaultKey,
  azurerm_nat_gateway: natGateway,
  azurerm_public_ip: publicIp,
  azurerm_private_endpoint: privateEndpoint,
  azurerm_databricks_workspace: databricksWorkspace,
};

export const AZURE_FREE: Readonly<Record<string, string>> = {
  azurerm_consumption_budget_resource_group: "no charge (Cost Management budgets are free)",
  azurerm_resource_group: "no charge",
  azurerm_virtual_network: "no charge (peering and transfer billed separately)",
  azurerm_subnet: "no charge",
  azurerm_network_security_group: "no charge",
  azurerm_subnet_network_security_group_association: "no charge",
  azurerm_subnet_nat_gateway_association: "no charge",
  azurerm_nat_gateway_public_ip_association: "no charge",
  azurerm_role_assignment: "no charge",
  azurerm_user_assigned_identity: "no charge",
  azurerm_databricks_access_connector: "no charge",
  azurerm_storage_container: "priced on its storage account (stored GB per layer)",
  azurerm_storage_management_policy: "configuration; its tiers are priced on the storage account",
  azurerm_storage_container_immutability_policy: "configuration",
  azurerm_eventhub_consumer_group: "included in the namespace",
  azurerm_eventhub_namespace_authorization_rule: "no charge",
  azurerm_private_dns_zone_virtual_network_link: "no charge",
  azurerm_databricks_workspace_root_dbfs_customer_managed_key:
    "configuration; the key's operations are priced on the Key Vault key",
};

/** Azure types known to cost money that the catalog cannot price. */
export const AZURE_UNPRICED: Readonly<Record<string, string>> = {
  azurerm_private_dns_zone: "hosted DNS zone and query prices are not in the catalog's sources",
};

export type { PricingContext };
