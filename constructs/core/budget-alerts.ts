/**
 * What the AWS and Azure monthly budget constructs share: the alerts, the props that mean the same on
 * both clouds, and the checks of the limit, the recipients and the alerts. Each cloud spells the two
 * kinds of spend its own way (`ACTUAL` / `FORECASTED` on AWS, `Actual` / `Forecasted` on Azure).
 */

/** One alert of a budget: a percentage of the monthly limit, on actual or forecasted spend. */
export interface BudgetAlertOf<Kind extends string> {
  /** Percentage of the monthly limit (e.g. 80 for 80 %), greater than 0; Azure accepts at most 1000. */
  readonly thresholdPercent: number;
  /** Actual spend so far this month, or forecasted spend by month end, in the cloud's spelling. */
  readonly type: Kind;
}

/** The alerts used when none are given: 80 % and 100 % of actual spend, 100 % of forecasted spend. */
export function defaultBudgetAlerts<Actual extends string, Forecasted extends string>(
  actual: Actual,
  forecasted: Forecasted,
): readonly BudgetAlertOf<Actual | Forecasted>[] {
  return [
    { thresholdPercent: 80, type: actual },
    { thresholdPercent: 100, type: actual },
    { thresholdPercent: 100, type: forecasted },
  ];
}

/** The one tag whose costs a budget counts, e.g. `{ key: "environment", value: "prod" }`. */
export interface BudgetCostFilterTag {
  readonly key: string;
  readonly value: string;
}

/** Props of a monthly budget that mean the same on AWS and Azure (each cloud adds its own). */
export interface MonthlyBudgetProps<Kind extends string> {
  /**
   * Budget name, e.g. `frdlh-prod-monthly`: unique in the AWS account, or in the Azure resource group.
   */
  readonly name: string;
  /**
   * Alerts, each a percentage of the monthly limit on actual or forecasted spend (Azure accepts at most
   * five).
   * @default the cloud's DEFAULT_BUDGET_ALERTS / DEFAULT_CONSUMPTION_BUDGET_ALERTS (80 % and 100 % actual,
   * 100 % forecasted)
   */
  readonly alerts?: readonly BudgetAlertOf<Kind>[];
  /**
   * Count only costs carrying this tag, e.g. `{ key: "environment", value: "prod" }`. On AWS it must be an
   * activated cost-allocation tag (Billing console; costs count from activation on), and since AWS Budgets
   * ORs tag values and cannot AND two tag keys, one key is filtered.
   * @default none: the budget covers the whole AWS account, or every cost of the Azure resource group
   */
  readonly costFilterTag?: BudgetCostFilterTag;
}

/** What {@link checkMonthlyBudget} checks, with the cloud's prop names and limits. */
export interface MonthlyBudgetChecks {
  /** Starts every message: the construct and the budget name, e.g. `AwsBudget frdlh-prod-monthly`. */
  readonly owner: string;
  /** The monthly limit and the name of its prop (`limitAmount`, `amount`). */
  readonly limit: { readonly prop: string; readonly value: number };
  /** The alert recipients and the name of their prop (`emailRecipients`, `contactEmails`). */
  readonly recipients: {
    readonly prop: string;
    readonly value: readonly string[];
    /** The most recipients the cloud accepts. @default no maximum (at least one is always required) */
    readonly max?: number;
  };
  /** The alerts in effect (given or default). */
  readonly alerts: {
    readonly value: readonly BudgetAlertOf<string>[];
    /** The most alerts the cloud accepts. @default no maximum (at least one is always required) */
    readonly max?: number;
    /** The highest threshold percentage the cloud accepts. @default no maximum (above 0 is required) */
    readonly maxThresholdPercent?: number;
  };
}

/**
 * Throws on what no cloud accepts of a monthly budget: a limit that is not above 0, no recipient (or more
 * than the cloud's maximum), no alert (or too many), an alert threshold not above 0 (or above the maximum).
 */
export function checkMonthlyBudget({ owner, limit, recipients, alerts }: MonthlyBudgetChecks): void {
  if (!(limit.value > 0)) {
    throw new Error(`${owner}: ${limit.prop} ${limit.value} must be greater than 0`);
  }
  const checkCount = (
    prop: string,
    count: number,
    max: number | undefined,
    [one, many]: [string, string],
  ) => {
    if (max === undefined && count === 0) throw new Error(`${owner}: ${prop} must list at least one ${one}`);
    if (max !== undefined && (count === 0 || count > max)) {
      throw new Error(`${owner}: ${prop} must list 1–${max} ${many}, got ${count}`);
    }
  };
  checkCount(recipients.prop, recipients.value.length, recipients.max, ["address", "addresses"]);
  checkCount("alerts", alerts.value.length, alerts.max, ["threshold", "thresholds"]);
  const maxPercent = alerts.maxThresholdPercent;
  for (const { thresholdPercent } of alerts.value) {
    if (!(thresholdPercent > 0) || (maxPercent !== undefined && thresholdPercent > maxPercent)) {
      const atMost = maxPercent === undefined ? "" : ` and at most ${maxPercent}`;
      throw new Error(`${owner}: thresholdPercent ${thresholdPercent} must be greater than 0${atMost}`);
    }
  }
}
