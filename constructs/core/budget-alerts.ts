/**
 * Alerts of a monthly budget, shared by the AWS and Azure budget constructs. Each cloud spells the two
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
