/** Shared types and helpers of the pricing rules. */
import type { StackModel, TerraformElement } from "../../terraform-json/model";
import type { StackIndex } from "../../terraform-json/stack-index";
import type { Attributes } from "../../terraform-json/values";
import { type CatalogEntry, type Cloud, type PriceCatalog, priceOf } from "../catalog";
import type { ResolvedUsage } from "../usage";

/** One billed dimension of a resource. `monthlyCost: null` = unpriced (with the reason). */
export interface CostComponent {
  readonly name: string;
  readonly quantity: number | null;
  readonly unit: string;
  readonly unitPrice: number | null;
  readonly monthlyCost: number | null;
  /** Catalog key of the price used. */
  readonly priceKey?: string;
  /** How the quantity was derived (usage assumptions, attributes). */
  readonly detail?: string;
  readonly unpricedReason?: string;
}

export type PricingStatus = "priced" | "partial" | "unpriced" | "free";

export interface ResourceCost {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly status: PricingStatus;
  /** Sum of the priced components (unpriced ones are listed, never counted as 0). */
  readonly monthlyCost: number;
  readonly components: readonly CostComponent[];
  /** Why the resource is free or unpriced as a whole. */
  readonly reason?: string;
  readonly notes: readonly string[];
}

/** What a pricing rule returns: components (priced or not), or a whole-resource verdict. */
export type PricingResult =
  | { readonly kind: "components"; readonly components: CostComponent[]; readonly notes?: string[] }
  | { readonly kind: "free"; readonly reason: string; readonly notes?: string[] }
  | { readonly kind: "unpriced"; readonly reason: string };

export interface PricingContext {
  readonly stack: StackModel;
  readonly cloud: Cloud;
  readonly region: string;
  readonly catalog: PriceCatalog;
  readonly usage: ResolvedUsage;
  readonly hoursPerMonth: number;
  readonly daysPerMonth: number;
  /** Databricks pricing tier of the stack's workspace (PREMIUM unless the workspace says otherwise). */
  readonly databricksTier: string;
  readonly index: StackIndex;
}

/** Prices one resource of the type it is registered for. */
export type PricingRule = (resource: TerraformElement, ctx: PricingContext) => PricingResult;

/** A component priced from a catalog entry: quantity in the entry's unit × amount. */
export function component(
  name: string,
  quantity: number,
  entry: CatalogEntry,
  priceKey: string,
  detail?: string,
): CostComponent {
  if (entry.amount === null) {
    return {
      name,
      quantity,
      unit: entry.unit,
      unitPrice: null,
      monthlyCost: null,
      priceKey,
      detail,
      unpricedReason: entry.unpricedReason,
    };
  }
  return {
    name,
    quantity,
    unit: entry.unit,
    unitPrice: entry.amount,
    monthlyCost: quantity * entry.amount,
    priceKey,
    detail,
  };
}

/** A component priced from a `prices` key of the catalog. */
export function priced(
  ctx: PricingContext,
  name: string,
  quantity: number,
  key: string,
  detail?: string,
): CostComponent {
  return component(name, quantity, priceOf(ctx.catalog, key), key, detail);
}

export function unpricedComponent(
  name: string,
  unit: string,
  reason: string,
  quantity: number | null = null,
): CostComponent {
  return { name, quantity, unit, unitPrice: null, monthlyCost: null, unpricedReason: reason };
}

export function fmtNum(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}

export function tagsOf(r: TerraformElement): Attributes {
  const tags = r.attributes.tags;
  return typeof tags === "object" && tags !== null ? (tags as Attributes) : {};
}
