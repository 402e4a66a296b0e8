import { AwsBudget } from "../../../constructs/aws/aws-budget";
import { awsTestStack } from "../../support/stacks";
import { onlyResource, synthJson } from "../../support/terraform-json";

const base = { name: "frdlh-prod-monthly", limitAmount: 2500, emailRecipients: ["finops@example.com"] };

function budgetJson(props: Partial<ConstructorParameters<typeof AwsBudget>[2]> = {}) {
  const stack = awsTestStack();
  new AwsBudget(stack, "Budget", { ...base, ...props });
  return onlyResource(synthJson(stack), "aws_budgets_budget");
}

describe("AwsBudget", () => {
  test("is a monthly cost budget with the limit in USD", () => {
    expect(budgetJson()).toMatchObject({
      name: "frdlh-prod-monthly",
      budget_type: "COST",
      time_unit: "MONTHLY",
      limit_amount: "2500",
      limit_unit: "USD",
    });
  });

  test("alerts at 80 % and 100 % actual and 100 % forecasted by default, to every recipient", () => {
    const notifications = budgetJson({ emailRecipients: ["a@example.com", "b@example.com"] }).notification;
    expect(notifications).toEqual([
      expect.objectContaining({ notification_type: "ACTUAL", threshold: 80, threshold_type: "PERCENTAGE" }),
      expect.objectContaining({ notification_type: "ACTUAL", threshold: 100 }),
      expect.objectContaining({ notification_type: "FORECASTED", threshold: 100 }),
    ]);
    for (const n of notifications as Record<string, unknown>[]) {
      expect(n).toMatchObject({
        comparison_operator: "GREATER_THAN",
        subscriber_email_addresses: ["a@example.com", "b@example.com"],
      });
    }
  });

  test("custom alerts, currency and start date", () => {
    const json = budgetJson({
      alerts: [{ thresholdPercent: 50, type: "FORECASTED" }],
      currency: "EUR",
      startDate: "2026-01-01",
    });
    expect(json).toMatchObject({ limit_unit: "EUR", time_period_start: "2026-01-01_00:00" });
    expect(json.notification).toHaveLength(1);
  });

  test("filters costs by one cost-allocation tag", () => {
    expect(budgetJson({ costFilterTag: { key: "environment", value: "prod" } }).cost_filter).toEqual([
      { name: "TagKeyValue", values: ["user:environment$prod"] },
    ]);
    expect(budgetJson().cost_filter).toBeUndefined();
  });

  test.each([
    [{ limitAmount: 0 }, /limitAmount 0 must be greater than 0/],
    [{ emailRecipients: [] }, /emailRecipients must list 1–10 addresses, got 0/],
    [
      { emailRecipients: Array.from({ length: 11 }, (_, i) => `u${i}@example.com`) },
      /1–10 addresses, got 11/,
    ],
    [{ alerts: [] }, /alerts must list at least one threshold/],
    [
      { alerts: [{ thresholdPercent: 0, type: "ACTUAL" as const }] },
      /thresholdPercent 0 must be greater than 0$/,
    ],
    [{ startDate: "2026/01/01" }, /startDate '2026\/01\/01' must be YYYY-MM-DD/],
  ])("rejects bad props %#", (props, message) => {
    expect(() => budgetJson(props)).toThrow(message);
  });
});
