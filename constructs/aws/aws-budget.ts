import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import { Construct } from "constructs";
import { defaultBudgetAlerts, type BudgetAlertOf } from "../core/budget-alerts";

/** One alert of an {@link AwsBudget}: a percentage of the limit, on `ACTUAL` or `FORECASTED` spend. */
export type BudgetAlert = BudgetAlertOf<"ACTUAL" | "FORECASTED">;

/** Alerts used when none are given: 80 % and 100 % of actual spend, 100 % of forecasted spend. */
export const DEFAULT_BUDGET_ALERTS: readonly BudgetAlert[] = defaultBudgetAlerts("ACTUAL", "FORECASTED");

/** AWS Budgets accepts at most this many email subscribers per notification. */
const MAX_EMAIL_SUBSCRIBERS = 10;

/** Props of {@link AwsBudget}. */
export interface AwsBudgetProps {
  /** Budget name, unique in the account, e.g. `frdlh-prod-monthly`. */
  readonly name: string;
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
   * Alerts, each a percentage of the limit on actual or forecasted spend.
   * @default DEFAULT_BUDGET_ALERTS (80 % and 100 % actual, 100 % forecasted)
   */
  readonly alerts?: readonly BudgetAlert[];
  /**
   * Count only costs carrying this cost-allocation tag (it must be activated in the Billing console,
   * and costs appear from activation on). AWS Budgets ORs tag values and cannot AND two tag keys, so
   * one key is filtered, e.g. `{ key: "environment", value: "prod" }`.
   * @default none: the budget covers the whole account
   */
  readonly costFilterTag?: { readonly key: string; readonly value: string };
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
    const alerts = props.alerts ?? DEFAULT_BUDGET_ALERTS;
    if (!(props.limitAmount > 0)) {
      throw new Error(`AwsBudget ${props.name}: limitAmount ${props.limitAmount} must be greater than 0`);
    }
    if (props.emailRecipients.length === 0 || props.emailRecipients.length > MAX_EMAIL_SUBSCRIBERS) {
      throw new Error(
        `AwsBudget ${props.name}: emailRecipients must list 1–${MAX_EMAIL_SUBSCRIBERS} addresses, got ${props.emailRecipients.length}`,
      );
    }
    if (alerts.length === 0 || alerts.some((a) => !(a.thresholdPercent > 0))) {
      throw new Error(`AwsBudget ${props.name}: alerts must be non-empty with thresholdPercent > 0`);
    }
    if (props.startDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(props.startDate)) {
      throw new Error(`AwsBudget ${props.name}: startDate '${props.startDate}' must be YYYY-MM-DD`);
    }

    this.budget = new BudgetsBudget(this, "Budget", {
      name: props.name,
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitAmount: String(props.limitAmount),
      limitUnit: props.currency ?? "USD",
      timePeriodStart: props.startDate === undefined ? undefined : `${props.startDate}_00:00`,
      costFilter: props.costFilterTag && [
        { name: "TagKeyValue", values: [`user:${props.costFilterTag.key}$${props.costFilterTag.value}`] },
      ],
      notification: alerts.map((alert) => ({
        comparisonOperator: "GREATER_THAN",
        notificationType: alert.type,
        threshold: alert.thresholdPercent,
        thresholdType: "PERCENTAGE",
        subscriberEmailAddresses: [...props.emailRecipients],
      })),
    });
  }
}
