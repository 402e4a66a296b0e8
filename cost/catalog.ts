/**
 * The versioned price catalog: one JSON file per cloud and region in `cost/catalog/`. Every entry has
 * a unit, an amount (null = unpriced, with the reason), and for priced entries a currency, a source id
 * and an as-of date. Nothing here is fetched: the plan review works offline.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CostReviewError } from "./errors";

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

/** Databricks SKUs the catalog prices ($/DBU, Premium tier). */
export type DbuSku =
  | "JOBS"
  | "JOBS_LIGHT"
  | "DLT_CORE"
  | "DLT_PRO"
  | "DLT_ADVANCED"
  | "ALL_PURPOSE"
  | "SQL_CLASSIC"
  | "SQL_PRO"
  | "SQL_SERVERLESS"
  | "SERVERLESS_JOBS";

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
    readonly tier: string;
    readonly dbuRates: Readonly<Record<string, CatalogEntry>>;
    readonly photonMultipliers: Readonly<Record<"JOBS" | "DLT" | "ALL_PURPOSE", CatalogEntry>>;
    readonly nodeTypeDbuPerHour: Readonly<Record<string, CatalogEntry>>;
    readonly sqlWarehouseDbuPerHour: Readonly<Record<string, CatalogEntry>>;
    readonly vmPrices: CatalogEntry;
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
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(path, "utf8"));
      } catch (e) {
        throw new CostReviewError(`price catalog ${path} is not valid JSON: ${(e as Error).message}`);
      }
      const catalog = validateCatalog(parsed, path);
      this.catalogs.set(`${catalog.cloud}/${catalog.region}`, catalog);
    }
  }

  /** The catalog of a cloud region, or undefined: the estimator then reports the stack as unpriced. */
  find(cloud: Cloud, region: string): PriceCatalog | undefined {
    return this.catalogs.get(`${cloud}/${region}`);
  }

  /** Why a cloud region has no prices, and how to add them (shown for the stack it leaves unpriced). */
  missingReason(cloud: Cloud, region: string): string {
    const known = [...this.catalogs.keys()].filter((k) => k.startsWith(`${cloud}/`)).join(", ");
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
    if (!entries) fail(`${where} missing`);
    for (const [key, e] of Object.entries(entries!)) {
      const at = `${where}.${key}`;
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
  check("prices", c.prices as Record<string, CatalogEntry>, true);
  if (!c.databricks) fail("databricks section missing");
  check("databricks.dbuRates", c.databricks.dbuRates as Record<string, CatalogEntry>, true);
  check("databricks.photonMultipliers", c.databricks.photonMultipliers, false);
  check(
    "databricks.nodeTypeDbuPerHour",
    c.databricks.nodeTypeDbuPerHour as Record<string, CatalogEntry>,
    false,
  );
  check(
    "databricks.sqlWarehouseDbuPerHour",
    c.databricks.sqlWarehouseDbuPerHour as Record<string, CatalogEntry>,
    false,
  );
  return c;
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
