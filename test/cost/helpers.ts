/** Shared fixtures and catalog constants for the plan review tests. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CatalogSet, type PriceCatalog } from "../../cost/catalog";
import type { ResourceCost, StackCost } from "../../cost/estimator";

export const FIXTURES = join(__dirname, "fixtures");
export const SYNTH_BASE = join(FIXTURES, "synth", "base");
export const CATALOG_DIR = join(__dirname, "..", "..", "cost", "catalog");
export const catalogs = new CatalogSet(CATALOG_DIR);

export const AWS: PriceCatalog = JSON.parse(readFileSync(join(CATALOG_DIR, "aws-us-east-1.json"), "utf8"));
export const AZ_WEU: PriceCatalog = JSON.parse(
  readFileSync(join(CATALOG_DIR, "azure-westeurope.json"), "utf8"),
);

/** The amount of a catalog price (fails the test if it is unpriced). */
export function amount(catalog: PriceCatalog, key: string): number {
  const a = catalog.prices[key]?.amount;
  if (typeof a !== "number") throw new Error(`${key} is unpriced in ${catalog.region}`);
  return a;
}
export function dbu(catalog: PriceCatalog, sku: string): number {
  return catalog.databricks.dbuRates[sku]!.amount!;
}
export function node(catalog: PriceCatalog, type: string): number {
  return catalog.databricks.nodeTypeDbuPerHour[type]!.amount!;
}
export function photon(catalog: PriceCatalog, family: "JOBS" | "DLT" | "ALL_PURPOSE"): number {
  return catalog.databricks.photonMultipliers[family].amount!;
}
export function warehouseDbu(catalog: PriceCatalog, size: string): number {
  return catalog.databricks.sqlWarehouseDbuPerHour[size]!.amount!;
}

export function resource(stack: StackCost | undefined, address: string): ResourceCost {
  const r = stack?.resources.find((x) => x.address === address);
  if (!r) throw new Error(`no ${address} in ${stack?.name}`);
  return r;
}

export function componentCost(r: ResourceCost, name: string): number | null {
  const c = r.components.find((x) => x.name === name);
  if (!c)
    throw new Error(`no component '${name}' on ${r.address}: ${r.components.map((x) => x.name).join(", ")}`);
  return c.monthlyCost;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Copies the base synth fixture to a temp dir and lets a test edit one stack's JSON. */
export function synthVariant(edit: (stacks: { aws: Json; azure: Json }) => void): string {
  const dir = mkdtempSync(join(tmpdir(), "review-synth-"));
  cpSync(SYNTH_BASE, dir, { recursive: true });
  const awsPath = join(dir, "stacks", "aws-test", "cdk.tf.json");
  const azurePath = join(dir, "stacks", "azure-test", "cdk.tf.json");
  const stacks = {
    aws: JSON.parse(readFileSync(awsPath, "utf8")),
    azure: JSON.parse(readFileSync(azurePath, "utf8")),
  };
  edit(stacks);
  writeFileSync(awsPath, JSON.stringify(stacks.aws));
  writeFileSync(azurePath, JSON.stringify(stacks.azure));
  return dir;
}

/** Writes a JSON (or raw text) file to a temp dir and returns its path. */
export function tempFile(name: string, content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "review-file-"));
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}
