/**
 * Budget currency per cloud budget API. AWS cost budgets are kept in US dollars: Cost Explorer, which
 * Budgets reads, reports costs in USD even for accounts invoiced in another currency, and the toolkit
 * has no way to check another unit at synth. Azure consumption budgets have no currency field: the
 * amount is in the billing account's currency, so a currency in config would only mislead.
 */
import type { ResolvedEnvironment } from "../resolve";
import type { Report } from "./report";

export function checkBudget(env: ResolvedEnvironment, report: Report): void {
  const currency = env.budget?.currency;
  if (currency === undefined) return;
  if (env.cloud === "azure") {
    report(
      "budget.currency",
      `'${currency}' cannot be set on Azure: consumption budgets take no currency, the amount is in the billing account's currency; remove it`,
    );
  } else if (currency !== "USD") {
    report(
      "budget.currency",
      `'${currency}' is not supported: AWS cost budgets are tracked in USD (Cost Explorer's currency, whatever the invoice currency); use USD or remove it`,
    );
  }
}
