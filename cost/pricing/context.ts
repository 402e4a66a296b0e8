/** Shared types and helpers of the pricing rules. */
import { type CatalogEntry, type Cloud, type PriceCatalog, priceOf } from "../catalog";
import type { ResourceModel, StackModel, Values } from "../input";
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

/** What a rule returns: components (priced or not), or a whole-resource verdict. */
export type RuleResult =
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

export type Rule = (resource: ResourceModel, ctx: PricingContext) => RuleResult;

/** Lookups inside one stack: by address, by type, and `${type.name.attr}` references. */
export class StackIndex {
  private readonly byAddress = new Map<string, ResourceModel>();
  private readonly byType = new Map<string, ResourceModel[]>();

  constructor(readonly stack: StackModel) {
    for (const r of stack.resources) {
      this.byAddress.set(r.address, r);
      const list = this.byType.get(r.type) ?? [];
      list.push(r);
      this.byType.set(r.type, list);
    }
  }

  ofType(type: string): readonly ResourceModel[] {
    return this.byType.get(type) ?? [];
  }

  /** The resource a `${type.name.attr}` reference points to. */
  referenced(value: unknown): ResourceModel | undefined {
    const ref = parseRef(value);
    return ref ? this.byAddress.get(`${ref.type}.${ref.name}`) : undefined;
  }

  /** A literal value, following one plain `${type.name.attr}` reference to a literal attribute. */
  literal(value: unknown): unknown {
    const ref = parseRef(value);
    if (!ref) return value;
    const target = this.byAddress.get(`${ref.type}.${ref.name}`);
    const v = target?.values[ref.attr];
    return parseRef(v) ? undefined : v;
  }

  /**
   * Resources of `type` linked to `target` through attribute `attr`: a reference to the target (synth),
   * a value equal to one of the target's identifying values (plan), or the only candidates when the
   * stack has exactly one target of its type.
   */
  linked(
    type: string,
    attr: string,
    target: ResourceModel,
    identifying: readonly string[] = [],
  ): ResourceModel[] {
    const candidates = this.ofType(type);
    const byRef = candidates.filter((c) => this.referenced(c.values[attr]) === target);
    if (byRef.length > 0) return byRef;
    const ids = identifying.map((k) => target.values[k]).filter((v) => typeof v === "string" && !parseRef(v));
    const byValue = candidates.filter((c) => ids.includes(c.values[attr]));
    if (byValue.length > 0) return byValue;
    const unresolved = candidates.filter((c) => !this.referenced(c.values[attr]));
    return this.ofType(target.type).length === 1 ? unresolved : [];
  }
}

const REF = /^\$\{([a-zA-Z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-zA-Z0-9_]+)\}$/;

export function parseRef(value: unknown): { type: string; name: string; attr: string } | undefined {
  if (typeof value !== "string") return undefined;
  const m = REF.exec(value);
  return m ? { type: m[1]!, name: m[2]!, attr: m[3]! } : undefined;
}

/** First element of a nested block: cdktf writes blocks as objects or one-element arrays, plans as arrays. */
export function block(value: unknown): Values | undefined {
  if (Array.isArray(value))
    return typeof value[0] === "object" && value[0] !== null ? (value[0] as Values) : undefined;
  return typeof value === "object" && value !== null ? (value as Values) : undefined;
}

export function blocks(value: unknown): Values[] {
  if (Array.isArray(value)) return value.filter((v): v is Values => typeof v === "object" && v !== null);
  const b = block(value);
  return b ? [b] : [];
}

/** A finite number, or undefined for references, unknowns and garbage. */
export function num(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" && !value.includes("${") ? value : undefined;
}

export function bool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

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

export function tagsOf(r: ResourceModel): Values {
  const tags = r.values.tags;
  return typeof tags === "object" && tags !== null ? (tags as Values) : {};
}
