import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import { Construct } from "constructs";
import {
  checkMonthlyBudget,
  defaultBudgetAlerts,
  type BudgetAlertOf,
  type MonthlyBudgetProps,
} from "../core/budget-alerts";

/** One alert of an {@link AwsBudget}: a percentage of the limit, on `ACTUAL` or `FORECASTED` spend. */
export type BudgetAlert = BudgetAlertOf<"ACTUAL" | "FORECASTED">;

/** Alerts used when none are given: 80 % and 100 % of actual spend, 100 % of forecasted spend. */
export const DEFAULT_BUDGET_ALERTS: readonly BudgetAlert[] = defaultBudgetAlerts("ACTUAL", "FORECASTED");

/** AWS Budgets accepts at most this many email subscribers per notification. */
const MAX_EMAIL_SUBSCRIBERS = 10;

/** Props of {@link AwsBudget} (`name`, `alerts` and `costFilterTag` as on every monthly budget). */
export interface AwsBudgetProps extends MonthlyBudgetProps<BudgetAlert["type"]> {
  /** Monthly cost limit in `currency`, greater than 0. */
  readonly limitAmount: number;
  /**
   * Currency of the limit (the account's billing currency).
   * @default "USD"
   */
  readonly currency?: string;
  /** Addresses that receive every alert (1–10). */
  readonly emailRecipients: readonly string[];
  /**
   * First day the budget counts, `YYYY-MM-DD`. Give it explicitly to keep synth deterministic.
   * @default AWS sets the start of the current month at creation
   */
  readonly startDate?: string;
}

/**
 * A monthly AWS cost budget with email alerts on actual and forecasted spend, optionally limited to
 * the costs of one tag (e.g. the environment). Tags are added by the stack's RequiredTagsAspect.
 *
 * @example
 * new AwsBudget(this, "Budget", {
 *   name: "frdlh-prod-monthly",
 *   limitAmount: 5000,
 *   emailRecipients: ["finops@example.com"],
 *   startDate: "2026-01-01",
 *   costFilterTag: { key: "environment", value: "prod" },
 * });
 */
export class AwsBudget extends Construct {
  readonly budget: BudgetsBudget;

  constructor(scope: Construct, id: string, props: AwsBudgetProps) {
    super(scope, id);
    const { name, limitAmount, emailRecipients, startDate, costFilterTag } = props;
    const alerts = props.alerts ?? DEFAULT_BUDGET_ALERTS;
    checkMonthlyBudget({
      owner: `AwsBudget ${name}`,
      limit: { prop: "limitAmount", value: limitAmount },
      recipients: { prop: "emailRecipients", value: emailRecipients, max: MAX_EMAIL_SUBSCRIBERS },
      alerts: { value: alerts },
    });
    if (startDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(startDate)) {
      throw new Error(`AwsBudget ${name}: startDate '${startDate}' must be YYYY-MM-DD`);
    }

    this.budget = new BudgetsBudget(this, "Budget", {
      name,
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitAmount: String(limitAmount),
      limitUnit: props.currency ?? "USD",
      timePeriodStart: startDate === undefined ? undefined : `${startDate}_00:00`,
      costFilter: costFilterTag && [
        { name: "TagKeyValue", values: [`user:${costFilterTag.key}$${costFilterTag.value}`] },
      ],
      notification: alerts.map((alert) => ({
        comparisonOperator: "GREATER_THAN",
        notificationType: alert.type,
        threshold: alert.thresholdPercent,
        thresholdType: "PERCENTAGE",
        subscriberEmailAddresses: [...emailRecipients],
      })),
    });
  }
}
