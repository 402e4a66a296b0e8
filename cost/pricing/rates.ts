/**
 * The catalog rates Databricks compute needs: $/DBU of a SKU at the workspace's tier, and a node type's
 * VM $/hour (on-demand list price and observed spot average).
 * TEMPORARY shim until the `catalogs` branch's dbuRateOf/vmPriceOf land in cost/catalog.ts.
 */
import type { CatalogEntry, DbuSku, PriceCatalog } from "../catalog";
import * as catalogModule from "../catalog";

type DbuRateOf = (catalog: PriceCatalog, sku: DbuSku, tier: string) => CatalogEntry;
type VmPriceOf = (catalog: PriceCatalog, nodeType: string) => { onDemand: CatalogEntry; spot: CatalogEntry };

const api = catalogModule as unknown as { dbuRateOf?: DbuRateOf; vmPriceOf?: VmPriceOf };

export function dbuRateOf(catalog: PriceCatalog, sku: DbuSku, tier: string): CatalogEntry {
  if (api.dbuRateOf) return api.dbuRateOf(catalog, sku, tier);
  if (tier !== catalog.databricks.tier && !(catalog.cloud === "aws" && tier === "ENTERPRISE")) {
    return { amount: null, unit: "DBU", unpricedReason: `no ${tier} DBU rates` };
  }
  const ent: Record<string, number> = {
    JOBS: 0.2,
    JOBS_LIGHT: 0.13,
    ALL_PURPOSE: 0.65,
    SERVERLESS_JOBS: 0.45,
  };
  const base = catalog.databricks.dbuRates[sku];
  if (tier === "ENTERPRISE" && base && ent[sku] !== undefined) return { ...base, amount: ent[sku]! };
  return base ?? { amount: null, unit: "DBU", unpricedReason: `no ${sku} DBU rate in the catalog` };
}

const DEV_VM: Record<string, [number, number]> = {
  "m5d.large": [0.113, 0.056],
  "m5d.xlarge": [0.226, 0.1164],
  "i3.xlarge": [0.312, 0.1236],
  "i3.2xlarge": [0.624, 0.3072],
  Standard_D4ds_v5: [0.226, 0.0571],
  Standard_D8ds_v5: [0.452, 0.1143],
  Standard_E8ds_v5: [0.576, 0.1353],
};

export function vmPriceOf(
  catalog: PriceCatalog,
  nodeType: string,
): { onDemand: CatalogEntry; spot: CatalogEntry } {
  if (api.vmPriceOf) return api.vmPriceOf(catalog, nodeType);
  const p = DEV_VM[nodeType];
  const entry = (amount: number | undefined): CatalogEntry =>
    amount === undefined
      ? { amount: null, unit: "USD/hour", unpricedReason: `no VM price for ${nodeType}` }
      : { amount, unit: "hour", currency: "USD" };
  return { onDemand: entry(p?.[0]), spot: entry(p?.[1]) };
}
