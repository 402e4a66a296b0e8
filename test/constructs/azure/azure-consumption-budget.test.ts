import { AzureConsumptionBudget } from "../../../constructs/azure/azure-consumption-budget";
import { azureTestStack } from "../../support/stacks";
import { onlyResource, synthJson } from "../../support/terraform-json";

const base = {
  name: "frdlh-prod-monthly",
  resourceGroupId: "/subscriptions/0000/resourceGroups/rg",
  amount: 3000,
  startDate: "2026-01-01",
  contactEmails: ["finops@example.com"],
};

function budgetJson(props: Partial<ConstructorParameters<typeof AzureConsumptionBudget>[2]> = {}) {
  const stack = azureTestStack();
  new AzureConsumptionBudget(stack, "Budget", { ...base, ...props });
  return onlyResource(synthJson(stack), "azurerm_consumption_budget_resource_group");
}

describe("AzureConsumptionBudget", () => {
  test("is a monthly budget on the resource group from a fixed start date", () => {
    expect(budgetJson()).toMatchObject({
      name: "frdlh-prod-monthly",
      resource_group_id: "/subscriptions/0000/resourceGroups/rg",
      amount: 3000,
      time_grain: "Monthly",
      time_period: { start_date: "2026-01-01T00:00:00Z" },
    });
  });

  test("alerts at 80 % and 100 % actual and 100 % forecasted by default, to every contact", () => {
    const notifications = budgetJson({ contactEmails: ["a@example.com", "b@example.com"] }).notification;
    expect(notifications).toEqual([
      expect.objectContaining({ threshold: 80, threshold_type: "Actual" }),
      expect.objectContaining({ threshold: 100, threshold_type: "Actual" }),
      expect.objectContaining({ threshold: 100, threshold_type: "Forecasted" }),
    ]);
    for (const n of notifications as Record<string, unknown>[]) {
      expect(n).toMatchObject({
        enabled: true,
        operator: "GreaterThanOrEqualTo",
        contact_emails: ["a@example.com", "b@example.com"],
      });
    }
  });

  test("end date and tag filter", () => {
    const json = budgetJson({ endDate: "2027-12-31", costFilterTag: { key: "environment", value: "prod" } });
    expect(json.time_period).toEqual({
      start_date: "2026-01-01T00:00:00Z",
      end_date: "2027-12-31T00:00:00Z",
    });
    expect(json.filter).toEqual({ tag: [{ name: "environment", operator: "In", values: ["prod"] }] });
  });

  test("synthesizes the same JSON twice (no clock in the output)", () => {
    expect(budgetJson()).toEqual(budgetJson());
  });

  test.each([
    [{ amount: -1 }, /amount -1 must be greater than 0/],
    [{ startDate: "2026-01-15" }, /must be the first day of a month, YYYY-MM-01/],
    [{ endDate: "soon" }, /endDate 'soon' must be YYYY-MM-DD/],
    [{ contactEmails: [] }, /contactEmails must list at least one address/],
    [
      { alerts: [1, 2, 3, 4, 5, 6].map((n) => ({ thresholdPercent: n * 10, type: "Actual" as const })) },
      /alerts must list 1–5 thresholds, got 6/,
    ],
    [
      { alerts: [{ thresholdPercent: 0, type: "Actual" as const }] },
      /thresholdPercent 0 must be greater than 0 and at most 1000/,
    ],
    [
      { alerts: [{ thresholdPercent: 1001, type: "Forecasted" as const }] },
      /thresholdPercent 1001 must be greater than 0 and at most 1000/,
    ],
  ])("rejects bad props %#", (props, message) => {
    expect(() => budgetJson(props)).toThrow(message);
  });
});
