/** JSON reports: the estimate or the diff as computed, with a `report` discriminator. */
import type { CostDiff } from "../diff";
import type { CostEstimate } from "../estimator";

export function renderEstimateJson(e: CostEstimate): string {
  return JSON.stringify({ report: "cost", ...e }, null, 2) + "\n";
}

export function renderDiffJson(d: CostDiff): string {
  return JSON.stringify({ report: "diff", ...d }, null, 2) + "\n";
}
