/**
 * Monthly cost estimate of synthesized stacks or plans: each resource priced from the catalog and the
 * stack's usage profile; unpriced resources and components listed with the reason, never counted as 0.
 */
import type { Snapshot, StackModel, TerraformElement } from "../terraform-json/model";
import { StackIndex } from "../terraform-json/stack-index";
import { type CatalogSet, type Cloud, type PriceCatalog, catalogAsOf } from "./catalog";
import { AWS_FREE, AWS_PRICING, awsRegionOf } from "./pricing/aws";
import { AZURE_FREE, AZURE_PRICING, AZURE_UNPRICED, azureLocationOf } from "./pricing/azure";
import {
  type CostComponent,
  type PricingContext,
  type PricingResult,
  type PricingRule,
  type PricingStatus,
  type ResourceCost,
  tagsOf,
} from "./pricing/context";
import {
  DATABRICKS_FREE,
  DATABRICKS_PRICING,
  DATABRICKS_UNPRICED,
  databricksTierOf,
} from "./pricing/databricks";
import { UTILITY_FREE } from "./pricing/utility";
import { type ResolvedUsage, UsageProfiles } from "./usage";

export type { CostComponent, ResourceCost, PricingStatus };

/** Pricing rule by resource type. */
export const PRICING: Readonly<Record<string, PricingRule>> = {
  ...AWS_PRICING,
  ...AZURE_PRICING,
  ...DATABRICKS_PRICING,
};
/** Resource types with no charge of their own, with the reason. */
export const FREE: Readonly<Record<string, string>> = {
  ...AWS_FREE,
  ...AZURE_FREE,
  ...DATABRICKS_FREE,
  ...UTILITY_FREE,
};
/** Resource types known to cost money that the catalog cannot price, with the reason. */
export const KNOWN_UNPRICED: Readonly<Record<string, string>> = {
  ...AZURE_UNPRICED,
  ...DATABRICKS_UNPRICED,
};

export interface StackCost {
  readonly name: string;
  readonly source: "synth" | "plan";
  readonly cloud?: Cloud;
  readonly region?: string;
  readonly catalogVersion?: string;
  readonly asOf?: { readonly oldest: string; readonly newest: string };
  readonly regionNote?: string;
  readonly usage: ResolvedUsage;
  readonly resources: readonly ResourceCost[];
  readonly monthlyCost: number;
  readonly counts: Readonly<Record<PricingStatus, number>>;
  /**
   * Set when the whole stack could not be priced (no catalog for its region, or its cloud or region
   * unknown): its resources are listed unpriced with this reason and its $0 is not a price.
   */
  readonly unpricedReason?: string;
}

export interface CostEstimate {
  readonly input: string;
  readonly kind: "synth" | "plan";
  readonly currency: string;
  readonly stacks: readonly StackCost[];
  /** Sum of the priced stacks; stacks in `unpricedStacks` are left out (and the reports say so). */
  readonly monthlyCost: number;
  /** Names of the stacks that could not be priced at all (see StackCost.unpricedReason). */
  readonly unpricedStacks: readonly string[];
  /** Each environment's estimate against the budget its environment layer configures. */
  readonly budgets: readonly BudgetCheck[];
  readonly asOf: { readonly oldest: string; readonly newest: string };
}

export interface EstimateOptions {
  readonly catalogs: CatalogSet;
  readonly usage?: UsageProfiles;
}

export function estimate(snapshot: Snapshot, options: EstimateOptions): CostEstimate {
  const usage = options.usage ?? new UsageProfiles();
  const byName = new Map(snapshot.stacks.map((s) => [s.name, s]));
  const stacks = snapshot.stacks.map((s) =>
    estimateStack(s, options.catalogs, usage, byName.get(environmentLayerOf(s.name) ?? "")),
  );
  const dates = stacks.flatMap((s) => (s.asOf ? [s.asOf.oldest, s.asOf.newest] : [])).sort();
  return {
    input: snapshot.path,
    kind: snapshot.kind,
    currency: "USD",
    stacks,
    monthlyCost: sum(stacks.map((s) => s.monthlyCost)),
    unpricedStacks: stacks.filter((s) => s.unpricedReason !== undefined).map((s) => s.name),
    budgets: checkBudgets(snapshot.stacks, stacks),
    asOf: { oldest: dates[0] ?? "unknown", newest: dates[dates.length - 1] ?? "unknown" },
  };
}

function cloudOf(stack: StackModel): Cloud | undefined {
  if (stack.resources.some((r) => r.type.startsWith("aws_") || r.type === "databricks_mws_workspaces"))
    return "aws";
  if (stack.resources.some((r) => r.type.startsWith("azurerm_"))) return "azure";
  return undefined;
}

/**
 * The environment layer a workspace layer (`<env>-workspace`) belongs to, by name. The workspace layer
 * holds the Databricks compute but no workspace (and, on Azure, no Azure resource): its cloud, region,
 * Databricks tier and stage are its environment layer's.
 */
export function environmentLayerOf(stackName: string): string | undefined {
  return stackName.endsWith("-workspace") ? stackName.slice(0, -"-workspace".length) : undefined;
}

function regionOf(stack: StackModel, cloud: Cloud | undefined): string | undefined {
  if (cloud === "aws") return awsRegionOf(stack);
  if (cloud === "azure") return azureLocationOf(new StackIndex(stack), stack.resources);
  return undefined;
}

/**
 * @param environmentLayer for a workspace layer, its environment layer's stack (same synth output or
 *   plan set), which supplies the cloud, region and Databricks tier when the stack alone cannot.
 */
export function estimateStack(
  stack: StackModel,
  catalogs: CatalogSet,
  usageProfiles: UsageProfiles,
  environmentLayer?: StackModel,
): StackCost {
  const index = new StackIndex(stack);
  const envTag = [...stack.resources, ...(environmentLayer?.resources ?? [])]
    .map((r) => tagsOf(r).environment)
    .find((t): t is string => typeof t === "string");
  const usage = usageProfiles.forStack(stack.name, envTag);
  const ownCloud = cloudOf(stack);
  const layerCloud = environmentLayer ? cloudOf(environmentLayer) : undefined;
  const cloud = ownCloud ?? layerCloud;
  const region =
    regionOf(stack, cloud) ??
    (environmentLayer && layerCloud === cloud ? regionOf(environmentLayer, cloud) : undefined);
  let catalog: PriceCatalog | undefined;
  let noContext: string | undefined;
  // A stack of free resources only (e.g. `<cloud>-<region>-metastore`: a databricks_metastore) costs
  // nothing whatever its cloud: priced at $0, not reported as an unpriced stack.
  const allFree = stack.resources.every((r) => FREE[r.type] !== undefined);
  if (!cloud && allFree) noContext = undefined;
  else if (!cloud) noContext = "cannot tell the stack's cloud (no aws_/azurerm_ resources)";
  else if (!region)
    noContext = `cannot tell the stack's ${cloud} region (no literal provider region or location)`;
  else {
    // A region the catalog lacks leaves this stack unpriced (with the reason), not the whole run failed.
    catalog = catalogs.find(cloud, region);
    if (!catalog) noContext = catalogs.missingReason(cloud, region);
  }
  const ctx: PricingContext | undefined = catalog
    ? {
        stack,
        cloud: cloud!,
        region: region!,
        catalog,
        usage,
        hoursPerMonth: catalog.hoursPerMonth,
        daysPerMonth: catalog.hoursPerMonth / 24,
        databricksTier: databricksTierOf([...stack.resources, ...(environmentLayer?.resources ?? [])]),
        index,
      }
    : undefined;
  const resources = stack.resources.map((r) => priceResource(r, ctx, noContext));
  const counts: Record<PricingStatus, number> = { priced: 0, partial: 0, unpriced: 0, free: 0 };
  for (const r of resources) counts[r.status] += 1;
  return {
    name: stack.name,
    source: stack.source,
    cloud,
    region,
    catalogVersion: catalog?.version,
    asOf: catalog ? catalogAsOf(catalog) : undefined,
    regionNote: catalog?.regionNote,
    usage,
    resources,
    monthlyCost: sum(resources.map((r) => r.monthlyCost)),
    counts,
    unpricedReason: noContext,
  };
}

export function priceResource(
  r: TerraformElement,
  ctx: PricingContext | undefined,
  noContext?: string,
): ResourceCost {
  const base = { address: r.address, type: r.type, name: r.name };
  const free = FREE[r.type];
  if (free) return { ...base, status: "free", monthlyCost: 0, components: [], reason: free, notes: [] };
  const rule = PRICING[r.type];
  let result: PricingResult;
  if (!rule) {
    result = { kind: "unpriced", reason: KNOWN_UNPRICED[r.type] ?? `no pricing rule for ${r.type}` };
  } else if (!ctx) {
    result = { kind: "unpriced", reason: noContext ?? "no pricing context" };
  } else {
    result = rule(r, ctx);
  }
  if (result.kind === "free") {
    return {
      ...base,
      status: "free",
      monthlyCost: 0,
      components: [],
      reason: result.reason,
      notes: result.notes ?? [],
    };
  }
  if (result.kind === "unpriced") {
    return { ...base, status: "unpriced", monthlyCost: 0, components: [], reason: result.reason, notes: [] };
  }
  const pricedParts = result.components.filter((c) => c.monthlyCost !== null);
  const status: PricingStatus =
    pricedParts.length === 0
      ? "unpriced"
      : pricedParts.length < result.components.length
        ? "partial"
        : "priced";
  return {
    ...base,
    status,
    monthlyCost: sum(pricedParts.map((c) => c.monthlyCost!)),
    components: result.components,
    reason: status === "unpriced" ? "no component could be priced" : undefined,
    notes: result.notes ?? [],
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

// --------------------------------------------------------------------------------------------- budget

/** One environment's monthly estimate against one budget it configures. */
export interface BudgetCheck {
  /** The environment: the environment layer's stack name (`<env>`). */
  readonly environment: string;
  /** The stacks whose estimates are summed: `<env>` and `<env>-workspace` when present. */
  readonly stacks: readonly string[];
  /** The budget resource, `<stack>: <address>`. */
  readonly budget: string;
  /** The monthly limit, or null when it is not a literal USD amount (then `status` is "unknown"). */
  readonly limit: number | null;
  readonly monthlyCost: number;
  readonly status: "within" | "over" | "unknown";
  /** Estimate minus limit, in cents-rounded dollars; 0 unless over. */
  readonly overBy: number;
  /** Why the check is unknown, or that the estimate is a lower bound (unpriced items). */
  readonly notes: readonly string[];
}

/**
 * Compares each environment's estimate (its `<env>` and `<env>-workspace` layers summed) with the
 * monthly budgets the environment configures: `aws_budgets_budget.limit_amount` (a string; `limit_unit`
 * must be USD, the catalog's currency) or `azurerm_consumption_budget_resource_group.amount` (in the
 * billing currency, taken as USD like the catalog). Unpriced items make the estimate a lower bound: an
 * environment over budget is over regardless, one within it is noted as possibly not.
 */
export function checkBudgets(
  models: readonly StackModel[],
  costs: readonly Pick<StackCost, "name" | "monthlyCost" | "unpricedReason" | "counts">[],
): BudgetCheck[] {
  const envOf = (name: string) => environmentLayerOf(name) ?? name;
  const checks: BudgetCheck[] = [];
  for (const model of models) {
    for (const r of model.resources) {
      if (r.type !== "aws_budgets_budget" && r.type !== "azurerm_consumption_budget_resource_group") continue;
      const environment = envOf(model.name);
      const group = costs.filter((c) => envOf(c.name) === environment);
      const monthlyCost = group.reduce((a, c) => a + c.monthlyCost, 0);
      const notes: string[] = [];
      const raw = r.type === "aws_budgets_budget" ? r.attributes.limit_amount : r.attributes.amount;
      const unit = r.type === "aws_budgets_budget" ? r.attributes.limit_unit : "USD";
      const parsed = typeof raw === "number" || typeof raw === "string" ? Number(raw) : NaN;
      let limit: number | null = null;
      if (String(raw ?? "").trim() === "" || !Number.isFinite(parsed) || parsed < 0)
        notes.push(`budget amount ${JSON.stringify(raw ?? null)} is not a literal number`);
      else if (unit !== undefined && unit !== "USD")
        notes.push(`budget is in ${String(unit)}, the estimate in USD`);
      else limit = parsed;
      for (const c of group) {
        if (c.unpricedReason !== undefined) notes.push(`${c.name} is unpriced (${c.unpricedReason})`);
        else if (c.counts.unpriced + c.counts.partial > 0) {
          const n = c.counts.unpriced + c.counts.partial;
          notes.push(
            `${c.name} has ${n} unpriced or partly priced resource${n === 1 ? "" : "s"}: the estimate is a lower bound`,
          );
        }
      }
      const cents = (n: number) => Math.round(n * 100);
      const over = limit !== null && cents(monthlyCost) > cents(limit);
      const whollyUnpriced = group.some((c) => c.unpricedReason !== undefined);
      checks.push({
        environment,
        stacks: group.map((c) => c.name),
        budget: `${model.name}: ${r.address}`,
        limit,
        monthlyCost,
        // A wholly unpriced layer leaves "within" unknowable; over is over even so (a lower bound).
        status: over ? "over" : limit === null || whollyUnpriced ? "unknown" : "within",
        overBy: over ? (cents(monthlyCost) - cents(limit!)) / 100 : 0,
        notes,
      });
    }
  }
  return checks;
}
