/**
 * Budget check: each environment's estimate (its `<env>` and `<env>-workspace` layers summed) against the
 * budget its environment layer configures; over budget is a warning and, with --fail-over-budget, exit 3.
 */
import { EXIT_DATA_LOSS, EXIT_OK, EXIT_OVER_BUDGET } from "../../cost/cli";
import { type StackCost, checkBudgets } from "../../cost/estimator";
import type { StackModel, TerraformElement } from "../../terraform-json/model";
import { SYNTH_BASE, synthVariant, runCli } from "./helpers";

function element(type: string, attributes: Record<string, unknown>): TerraformElement {
  return {
    mode: "managed",
    type,
    name: "Budget",
    address: `${type}.Budget`,
    attributes,
  } as TerraformElement;
}
function model(name: string, resources: TerraformElement[] = []): StackModel {
  return {
    name,
    source: "synth",
    path: "<memory>",
    resources,
    dataSources: [],
    deleted: [],
  } as unknown as StackModel;
}
const NO_UNPRICED = { priced: 3, partial: 0, unpriced: 0, free: 1 };
function cost(name: string, monthlyCost: number, counts = NO_UNPRICED, unpricedReason?: string) {
  return { name, monthlyCost, counts, unpricedReason } as StackCost;
}
const awsBudget = (limit: unknown, unit = "USD") =>
  element("aws_budgets_budget", { limit_amount: limit, limit_unit: unit });

describe("checkBudgets", () => {
  test("aws: both layers summed, 6,000 + 4,407 against 10,000 is over by 407", () => {
    const checks = checkBudgets(
      [model("aws-prod", [awsBudget("10000")]), model("aws-prod-workspace"), model("aws-dev")],
      [cost("aws-prod", 6000), cost("aws-prod-workspace", 4407), cost("aws-dev", 50)],
    );
    expect(checks).toEqual([
      {
        environment: "aws-prod",
        stacks: ["aws-prod", "aws-prod-workspace"],
        budget: "aws-prod: aws_budgets_budget.Budget",
        limit: 10000,
        monthlyCost: 10407,
        status: "over",
        overBy: 407,
        notes: [],
      },
    ]);
  });

  test("azure: amount is a number; 499.99 + 0.01 is exactly the 500 budget, within", () => {
    const [check] = checkBudgets(
      [model("azure-dev", [element("azurerm_consumption_budget_resource_group", { amount: 500 })])],
      [cost("azure-dev", 499.99), cost("azure-dev-workspace", 0.01)],
    );
    expect(check).toMatchObject({ limit: 500, status: "within", overBy: 0 });
    expect(check!.monthlyCost).toBeCloseTo(500, 9);
  });

  test("a budget in another currency or not a literal is not comparable, never 'within'", () => {
    const checks = checkBudgets(
      [model("a", [awsBudget("900", "EUR")]), model("b", [awsBudget("${var.limit}")])],
      [cost("a", 1000), cost("b", 1000)],
    );
    expect(checks.map((c) => [c.status, c.limit, c.notes])).toEqual([
      ["unknown", null, ["budget is in EUR, the estimate in USD"]],
      ["unknown", null, ['budget amount "${var.limit}" is not a literal number']],
    ]);
  });

  test("unpriced items are noted: the estimate is a lower bound", () => {
    const [check] = checkBudgets(
      [model("aws-dev", [awsBudget("100")])],
      [
        cost("aws-dev", 40, { priced: 2, partial: 1, unpriced: 1, free: 0 }),
        cost("aws-dev-workspace", 0, NO_UNPRICED, "no catalog for aws eu-west-1"),
      ],
    );
    // A wholly unpriced layer: "within" cannot be told, so the check is unknown (over would stay over).
    expect(check).toMatchObject({ status: "unknown", limit: 100, monthlyCost: 40 });
    expect(check!.notes).toEqual([
      "aws-dev has 2 unpriced or partly priced resources: the estimate is a lower bound",
      "aws-dev-workspace is unpriced (no catalog for aws eu-west-1)",
    ]);
  });
});

describe("reports and CLI", () => {
  const run = runCli;
  const withBudget = (limit: string) =>
    synthVariant(({ aws }) => {
      aws.resource.aws_budgets_budget = {
        Budget: {
          name: "b",
          budget_type: "COST",
          time_unit: "MONTHLY",
          limit_amount: limit,
          limit_unit: "USD",
        },
      };
    });
  const over = withBudget("1");
  const within = withBudget("100000000");

  test("over budget: a warning on top of the table and markdown; exit 0 without the flag", () => {
    const { code, out, err } = run("cost", "--synth-dir", over);
    expect(code).toBe(EXIT_OK);
    expect(err).toBe("1 environment(s) over budget: aws-test\n");
    expect(out).toMatch(
      // First the line naming the config (none recorded for this fixture), then the warnings on top.
      /^config: [^\n]*\nBUDGET WARNINGS \(1\):\n {2}! OVER BUDGET aws-test: \$[\d,.]+ is over its \$1\.00 monthly budget by \$/,
    );
    expect(out).toMatch(/^ {2}OVER {2}aws-test: /m);
    const md = run("cost", "--synth-dir", over, "--format", "markdown").out;
    expect(md).toMatch(/^> \[!WARNING\]\n> \*\*1 environment over budget:\*\*\n> - aws-test: \$/m);
    expect(md).toMatch(/^\| aws-test \| aws-test \| \$[\d,.]+ \| \$1\.00 \| ⚠️ over by \$/m);
  });

  test("--fail-over-budget exits 3 when over, 0 when within; documented in --help", () => {
    expect(EXIT_OVER_BUDGET).toBe(3);
    expect(run("cost", "--synth-dir", over, "--fail-over-budget").code).toBe(3);
    const ok = run("cost", "--synth-dir", within, "--fail-over-budget");
    expect(ok.code).toBe(EXIT_OK);
    expect(ok.err).toBe("");
    expect(ok.out).not.toContain("BUDGET WARNINGS");
    expect(ok.out).toMatch(/^ {2}ok {4}aws-test: \$[\d,.]+ of its \$100,000,000\.00 monthly budget$/m);
    expect(run("--help").out).toMatch(/3 over budget with\n--fail-over-budget/);
  });

  test("diff: the head's budget is checked; data loss (2) wins over budget (3)", () => {
    expect(run("diff", "--base", within, "--head", over, "--fail-over-budget").code).toBe(3);
    const lossy = synthVariant(({ aws }) => {
      aws.resource.aws_budgets_budget = { Budget: { limit_amount: "1", limit_unit: "USD" } };
      delete aws.resource.aws_s3_bucket.GoldBucket;
    });
    const both = run("diff", "--base", within, "--head", lossy, "--fail-over-budget", "--fail-on-destroy");
    expect(both.code).toBe(EXIT_DATA_LOSS);
  });

  test("no budget configured: no budget section or warning", () => {
    const { out, code } = run("cost", "--synth-dir", SYNTH_BASE, "--fail-over-budget");
    expect(code).toBe(EXIT_OK);
    expect(out).not.toContain("Budgets");
    expect(run("cost", "--synth-dir", SYNTH_BASE, "--format", "markdown").out).not.toContain("**Budgets**");
  });
});
