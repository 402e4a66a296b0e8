/**
 * The versioned price catalog: one JSON file per cloud and region in `cost/catalog/`. Every entry has
 * a unit, an amount (null = unpriced, with the reason), and for priced entries a currency, a source id
 * and an as-of date. Nothing here is fetched: the plan review works offline.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { isRecord } from "../terraform-json/values";
import { CostReviewError, readJsonFile } from "./errors";

export type Cloud = "aws" | "azure";

/** One catalog figure. `amount: null` means unpriced; the estimator reports it, never counts it as 0. */
export interface CatalogEntry {
  readonly amount: number | null;
  readonly unit: string;
  readonly currency?: string;
  readonly source?: string;
  readonly asOf?: string;
  readonly note?: string;
  readonly unpricedReason?: string;
}

export interface CatalogSource {
  readonly title: string;
  readonly url: string;
  readonly asOf: string;
}

/** Databricks SKUs the catalog prices ($/DBU per workspace tier). */
export const DBU_SKUS = [
  "JOBS",
  "JOBS_LIGHT",
  "DLT_CORE",
  "DLT_PRO",
  "DLT_ADVANCED",
  "ALL_PURPOSE",
  "ALL_PURPOSE_SERVERLESS",
  "SQL_CLASSIC",
  "SQL_PRO",
  "SQL_SERVERLESS",
  "SERVERLESS_JOBS",
] as const;
export type DbuSku = (typeof DBU_SKUS)[number];

/**
 * A cloud VM's Linux on-demand list price per hour, and optionally the observed spot average from the
 * same source (`spotAmount`, explained by `spotNote`): an average, not a list price.
 */
export interface VmPriceEntry extends CatalogEntry {
  readonly spotAmount?: number;
  readonly spotNote?: string;
}

export interface PriceCatalog {
  readonly schemaVersion: 1;
  readonly version: string;
  readonly cloud: Cloud;
  readonly region: string;
  readonly currency: string;
  readonly hoursPerMonth: number;
  readonly regionNote?: string;
  readonly sources: Readonly<Record<string, CatalogSource>>;
  readonly prices: Readonly<Record<string, CatalogEntry>>;
  readonly databricks: {
    /** The tier of `dbuRates` (PREMIUM). */
    readonly tier: string;
    readonly dbuRates: Readonly<Record<string, CatalogEntry>>;
    /** $/DBU of the other workspace tiers, e.g. `{ ENTERPRISE: { JOBS: … } }` (AWS). */
    readonly dbuRatesByTier?: Readonly<Record<string, Readonly<Record<string, CatalogEntry>>>>;
    /** Why a tier has no rates in this catalog, e.g. `{ ENTERPRISE: "Azure Databricks has no Enterprise tier" }`. */
    readonly tierUnavailable?: Readonly<Record<string, string>>;
    readonly photonMultipliers: Readonly<Record<"JOBS" | "DLT" | "ALL_PURPOSE", CatalogEntry>>;
    readonly nodeTypeDbuPerHour: Readonly<Record<string, CatalogEntry>>;
    readonly sqlWarehouseDbuPerHour: Readonly<Record<string, CatalogEntry>>;
    /** Cloud VM $/hour per node type (Linux on-demand list price; spot average where known). */
    readonly vmPrices: Readonly<Record<string, VmPriceEntry>>;
  };
}

/** Where the catalog JSON lives: beside this file in the sources, `../../cost/catalog` from `dist/cost`. */
export function defaultCatalogDir(): string {
  const candidates = [join(__dirname, "catalog"), resolve(__dirname, "..", "..", "cost", "catalog")];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0]!;
}

/** All catalogs of a directory, keyed `<cloud>/<region>`; validated so a typo fails loudly. */
export class CatalogSet {
  private readonly catalogs = new Map<string, PriceCatalog>();

  constructor(readonly dir: string = defaultCatalogDir()) {
    if (!existsSync(dir)) throw new CostReviewError(`price catalog directory not found: ${dir}`);
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
      const path = join(dir, file);
      const catalog = validateCatalog(readJsonFile(path, "price catalog"), path);
      this.catalogs.set(`${catalog.cloud}/${catalog.region}`, catalog);
    }
  }

  /** The catalog of a cloud region, or undefined: the estimator then reports the stack as unpriced. */
  find(cloud: Cloud, region: string): PriceCatalog | undefined {
    return this.catalogs.get(`${cloud}/${region}`);
  }

  /** Why a cloud region has no prices, and how to add them (shown for the stack it leaves unpriced). */
  missingReason(cloud: Cloud, region: string): string {
    const known = [...this.catalogs.keys()]
      .filter((k) => k.startsWith(`${cloud}/`))
      .sort()
      .join(", ");
    return `no catalog for ${cloud} ${region} (catalog has ${known || "none"}); add cost/catalog/${cloud}-${region}.json`;
  }

  /** The catalog of a cloud region; throws for a region the catalog lacks (callers that need it). */
  get(cloud: Cloud, region: string): PriceCatalog {
    const catalog = this.find(cloud, region);
    if (!catalog) throw new CostReviewError(this.missingReason(cloud, region));
    return catalog;
  }

  list(): PriceCatalog[] {
    return [...this.catalogs.values()];
  }
}

/** The fields a `databricks.vmPrices` entry may have: anything else is a typo. */
const VM_PRICE_FIELDS = new Set([
  "amount",
  "unit",
  "currency",
  "source",
  "asOf",
  "note",
  "unpricedReason",
  "spotAmount",
  "spotNote",
]);

function validateCatalog(value: unknown, path: string): PriceCatalog {
  const fail = (msg: string): never => {
    throw new CostReviewError(`price catalog ${path}: ${msg}`);
  };
  if (typeof value !== "object" || value === null) fail("not an object");
  const c = value as PriceCatalog;
  if (c.schemaVersion !== 1) fail(`unsupported schemaVersion ${String(c.schemaVersion)} (expected 1)`);
  if (c.cloud !== "aws" && c.cloud !== "azure") fail(`cloud must be aws or azure, got ${String(c.cloud)}`);
  if (typeof c.region !== "string" || typeof c.version !== "string") fail("region and version are required");
  if (!(c.hoursPerMonth > 0)) fail("hoursPerMonth must be positive");
  const check = (where: string, entries: Record<string, CatalogEntry> | undefined, money: boolean) => {
    if (!isRecord(entries)) return fail(`${where} missing (expected an object of entries)`);
    for (const [key, e] of Object.entries(entries)) {
      const at = `${where}.${key}`;
      if (!isRecord(e)) fail(`${at}: must be an object with amount and unit`);
      if (typeof e.unit !== "string") fail(`${at}: unit missing`);
      if (e.amount === null) {
        if (!e.unpricedReason) fail(`${at}: unpriced entries need an unpricedReason`);
        continue;
      }
      if (typeof e.amount !== "number" || !Number.isFinite(e.amount) || e.amount < 0) {
        fail(`${at}: amount must be a non-negative number or null`);
      }
      if (money && e.currency !== c.currency) fail(`${at}: currency must be ${c.currency}`);
      if (!e.source || !c.sources?.[e.source]) fail(`${at}: source '${String(e.source)}' is not in sources`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(e.asOf ?? "")) fail(`${at}: asOf must be a YYYY-MM-DD date`);
    }
  };
  const checkSkus = (where: string, rates: Record<string, CatalogEntry>) => {
    check(where, rates, true);
    for (const sku of Object.keys(rates)) {
      if (!(DBU_SKUS as readonly string[]).includes(sku)) {
        fail(`${where}.${sku}: unknown DBU SKU (known: ${DBU_SKUS.join(", ")})`);
      }
    }
  };
  check("prices", c.prices as Record<string, CatalogEntry>, true);
  if (!isRecord(c.databricks)) fail("databricks section missing");
  const dbx = c.databricks;
  if (typeof dbx.tier !== "string" || dbx.tier !== dbx.tier.toUpperCase()) {
    fail(`databricks.tier must be an upper-case tier name such as PREMIUM, got ${String(dbx.tier)}`);
  }
  checkSkus("databricks.dbuRates", dbx.dbuRates as Record<string, CatalogEntry>);
  if (dbx.dbuRatesByTier !== undefined) {
    if (!isRecord(dbx.dbuRatesByTier)) fail("databricks.dbuRatesByTier must be an object of tiers");
    for (const [tier, rates] of Object.entries(dbx.dbuRatesByTier)) {
      const at = `databricks.dbuRatesByTier.${tier}`;
      if (tier !== tier.toUpperCase()) fail(`${at}: tier names are upper case (e.g. ENTERPRISE)`);
      if (tier === dbx.tier) fail(`${at}: the ${tier} rates belong in databricks.dbuRates`);
      checkSkus(at, rates as Record<string, CatalogEntry>);
    }
  }
  if (dbx.tierUnavailable !== undefined) {
    if (!isRecord(dbx.tierUnavailable)) fail("databricks.tierUnavailable must be an object of tier: reason");
    for (const [tier, reason] of Object.entries(dbx.tierUnavailable)) {
      if (typeof reason !== "string" || reason === "") {
        fail(`databricks.tierUnavailable.${tier}: the reason must be a non-empty string`);
      }
      if (dbx.dbuRatesByTier?.[tier] || tier === dbx.tier) {
        fail(`databricks.tierUnavailable.${tier}: the catalog also has rates for this tier`);
      }
    }
  }
  check("databricks.photonMultipliers", dbx.photonMultipliers, false);
  check("databricks.nodeTypeDbuPerHour", dbx.nodeTypeDbuPerHour as Record<string, CatalogEntry>, false);
  check(
    "databricks.sqlWarehouseDbuPerHour",
    dbx.sqlWarehouseDbuPerHour as Record<string, CatalogEntry>,
    false,
  );
  const vms = dbx.vmPrices as Record<string, VmPriceEntry>;
  check("databricks.vmPrices", vms, true);
  for (const [nodeType, e] of Object.entries(vms)) {
    const at = `databricks.vmPrices.${nodeType}`;
    const unknown = Object.keys(e).filter((k) => !VM_PRICE_FIELDS.has(k));
    if (unknown.length > 0) {
      fail(`${at}: unknown field ${unknown.join(", ")} (allowed: ${[...VM_PRICE_FIELDS].join(", ")})`);
    }
    if (e.unit !== `${c.currency}/hour`)
      fail(`${at}: unit must be ${c.currency}/hour, got ${String(e.unit)}`);
    if (e.spotAmount !== undefined) {
      if (typeof e.spotAmount !== "number" || !Number.isFinite(e.spotAmount) || e.spotAmount < 0) {
        fail(`${at}: spotAmount must be a non-negative number`);
      }
      if (e.amount === null) fail(`${at}: spotAmount needs the on-demand amount of the same source`);
      if (!e.spotNote) fail(`${at}: spotAmount needs a spotNote saying what the figure is`);
    }
  }
  return c;
}

/**
 * The $/DBU of a SKU at a workspace tier ("PREMIUM" | "ENTERPRISE", any case). Unpriced, with the
 * reason, when the catalog has no rates for that tier (Azure has no Enterprise tier) or no such SKU.
 */
export function dbuRateOf(catalog: PriceCatalog, sku: DbuSku, tier: string): CatalogEntry {
  const dbx = catalog.databricks;
  const wanted = tier.toUpperCase();
  const where = `${catalog.cloud}/${catalog.region}`;
  const unpriced = (unpricedReason: string): CatalogEntry => ({ amount: null, unit: "DBU", unpricedReason });
  const rates = wanted === dbx.tier ? dbx.dbuRates : dbx.dbuRatesByTier?.[wanted];
  if (!rates) {
    const has = [dbx.tier, ...Object.keys(dbx.dbuRatesByTier ?? {})].join(", ");
    const why =
      dbx.tierUnavailable?.[wanted] ??
      (catalog.cloud === "azure" && wanted === "ENTERPRISE"
        ? "Azure Databricks has no Enterprise tier (Azure list prices are Premium only)"
        : undefined);
    return unpriced(
      why
        ? `${why}; catalog ${where} has ${has} DBU rates, the workspace is ${wanted}`
        : `no ${wanted} DBU rates in catalog ${where} (it has ${has})`,
    );
  }
  return rates[sku] ?? unpriced(`no ${sku} DBU rate at ${wanted} in catalog ${where}`);
}

/**
 * A node type's cloud VM $/hour: the Linux on-demand list price and the observed spot average (a hint
 * for a spot scenario, not a list price). Both unpriced, with the reason, for a node type the catalog lacks.
 */
export function vmPriceOf(
  catalog: PriceCatalog,
  nodeType: string,
): { onDemand: CatalogEntry; spot: CatalogEntry } {
  const unit = `${catalog.currency}/hour`;
  const e = catalog.databricks.vmPrices[nodeType];
  if (!e) {
    const unpricedReason = `no VM price for node type ${nodeType} in catalog ${catalog.cloud}/${catalog.region}`;
    return { onDemand: { amount: null, unit, unpricedReason }, spot: { amount: null, unit, unpricedReason } };
  }
  const { spotAmount, spotNote, ...onDemand } = e;
  if (e.amount === null || spotAmount === undefined) {
    const unpricedReason =
      e.amount === null
        ? (e.unpricedReason ?? `no VM price for ${nodeType}`)
        : `no spot figure for node type ${nodeType} in catalog ${catalog.cloud}/${catalog.region}`;
    return { onDemand, spot: { amount: null, unit, unpricedReason } };
  }
  const spot: CatalogEntry = {
    amount: spotAmount,
    unit,
    currency: e.currency,
    source: e.source,
    asOf: e.asOf,
    ...(spotNote ? { note: spotNote } : {}),
  };
  return { onDemand, spot };
}

/** A catalog entry, or an unpriced placeholder naming the missing key. */
export function priceOf(catalog: PriceCatalog, key: string): CatalogEntry {
  return (
    catalog.prices[key] ?? {
      amount: null,
      unit: "?",
      unpricedReason: `no '${key}' price in catalog ${catalog.cloud}/${catalog.region}`,
    }
  );
}

/** The oldest as-of date of the priced entries: the report's "list prices, as of …" note. */
export function catalogAsOf(catalog: PriceCatalog): { oldest: string; newest: string } {
  const dates: string[] = [];
  const collect = (entries: Record<string, CatalogEntry>) => {
    for (const e of Object.values(entries)) if (e.asOf) dates.push(e.asOf);
  };
  collect(catalog.prices as Record<string, CatalogEntry>);
  collect(catalog.databricks.dbuRates as Record<string, CatalogEntry>);
  dates.sort();
  return { oldest: dates[0] ?? "unknown", newest: dates[dates.length - 1] ?? "unknown" };
}
