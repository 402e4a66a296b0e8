import { ConsumptionBudgetResourceGroup } from "@cdktf/provider-azurerm/lib/consumption-budget-resource-group";
import { Construct } from "constructs";
import {
  checkMonthlyBudget,
  defaultBudgetAlerts,
  type BudgetAlertOf,
  type MonthlyBudgetProps,
} from "../core/budget-alerts";

/**
 * One alert of an {@link AzureConsumptionBudget}: a percentage of the amount (0–1000), on `Actual` or
 * `Forecasted` cost.
 */
export type ConsumptionBudgetAlert = BudgetAlertOf<"Actual" | "Forecasted">;

/** Alerts used when none are given: 80 % and 100 % of actual cost, 100 % of forecasted cost. */
export const DEFAULT_CONSUMPTION_BUDGET_ALERTS: readonly ConsumptionBudgetAlert[] = defaultBudgetAlerts(
  "Actual",
  "Forecasted",
);

/** Azure accepts at most five notifications per budget. */
const MAX_NOTIFICATIONS = 5;
/** Azure accepts thresholds of at most 1000 % of the amount. */
const MAX_THRESHOLD_PERCENT = 1000;

/** Props of {@link AzureConsumptionBudget} (`name`, `alerts` and `costFilterTag` as on every monthly budget). */
export interface AzureConsumptionBudgetProps extends MonthlyBudgetProps<ConsumptionBudgetAlert["type"]> {
  /** Id of the resource group whose costs are budgeted (a token from `azurerm_resource_group` is expected). */
  readonly resourceGroupId: string;
  /** Monthly amount in the billing currency, greater than 0. */
  readonly amount: number;
  /**
   * First month the budget counts, `YYYY-MM-01` (Azure requires the first day of a month). Taken as a
   * prop, not from the clock, so the same config synthesizes the same JSON.
   */
  readonly startDate: string;
  /**
   * Last day the budget counts, `YYYY-MM-DD`.
   * @default Azure's default: ten years after the start date
   */
  readonly endDate?: string;
  /** Addresses that receive every alert (at least one). */
  readonly contactEmails: readonly string[];
}

/**
 * A monthly Azure consumption budget on the environment's resource group, with email alerts on actual
 * and forecasted cost. (Databricks DBUs are billed to the workspace resource in this group; VM, disk
 * and network costs of clusters land in the managed resource group, which needs its own budget or a
 * subscription budget to be covered.)
 *
 * @example
 * // `rg` is the environment's ResourceGroup.
 * new AzureConsumptionBudget(this, "Budget", {
 *   name: "frdlh-prod-monthly",
 *   resourceGroupId: rg.id,
 *   amount: 5000,
 *   startDate: "2026-01-01",
 *   contactEmails: ["finops@example.com"],
 * });
 */
export class AzureConsumptionBudget extends Construct {
  readonly budget: ConsumptionBudgetResourceGroup;

  constructor(scope: Construct, id: string, props: AzureConsumptionBudgetProps) {
    super(scope, id);
    const alerts = props.alerts ?? DEFAULT_CONSUMPTION_BUDGET_ALERTS;
    checkMonthlyBudget({
      owner: `AzureConsumptionBudget ${props.name}`,
      limit: { prop: "amount", value: props.amount },
      recipients: { prop: "contactEmails", value: props.contactEmails },
      alerts: { value: alerts, max: MAX_NOTIFICATIONS, maxThresholdPercent: MAX_THRESHOLD_PERCENT },
    });
    if (!/^\d{4}-\d{2}-01$/.test(props.startDate)) {
      throw new Error(
        `AzureConsumptionBudget ${props.name}: startDate '${props.startDate}' must be the first day of a month, YYYY-MM-01`,
      );
    }
    if (props.endDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(props.endDate)) {
      throw new Error(`AzureConsumptionBudget ${props.name}: endDate '${props.endDate}' must be YYYY-MM-DD`);
    }

    this.budget = new ConsumptionBudgetResourceGroup(this, "Budget", {
      name: props.name,
      resourceGroupId: props.resourceGroupId,
      amount: props.amount,
      timeGrain: "Monthly",
      timePeriod: {
        startDate: `${props.startDate}T00:00:00Z`,
        endDate: props.endDate === undefined ? undefined : `${props.endDate}T00:00:00Z`,
      },
      filter: props.costFilterTag && {
        tag: [{ name: props.costFilterTag.key, operator: "In", values: [props.costFilterTag.value] }],
      },
      notification: alerts.map((alert) => ({
        enabled: true,
        operator: "GreaterThanOrEqualTo",
        threshold: alert.thresholdPercent,
        thresholdType: alert.type,
        contactEmails: [...props.contactEmails],
      })),
    });
  }
}
