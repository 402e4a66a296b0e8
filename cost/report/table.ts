/** The terminal table (like `infracost breakdown`) of an estimate and of a diff. */
import type { CostDiff } from "../diff";
import type { BudgetCheck, CostEstimate, StackCost } from "../estimator";
import { flattenUsage } from "../usage";
import {
  budgetText,
  causeNotInMessage,
  centsDelta,
  changeSummary,
  excludedStacksText,
  money,
  pct,
  priceNote,
  qty,
  signedMoney,
  stackMoney,
  stageLine,
  unpricedItems,
  warningText,
} from "./format";

/** Table lines: over-budget warnings first (the caller puts them on top), then every check. */
export function budgetWarningLines(budgets: readonly BudgetCheck[]): string[] {
  const over = budgets.filter((b) => b.status === "over");
  if (over.length === 0) return [];
  return [`BUDGET WARNINGS (${over.length}):`, ...over.map((b) => `  ! OVER BUDGET ${budgetText(b)}`), ""];
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}
function lpad(s: string, n: number): string {
  return s.length >= n ? s : " ".repeat(n - s.length) + s;
}

function tableStack(s: StackCost, lines: string[]): void {
  lines.push(
    `Stack: ${s.name} (${s.cloud ?? "?"} ${s.region ?? "?"}, ${stageLine(s)}${s.catalogVersion ? `, catalog ${s.catalogVersion}` : ""})`,
  );
  if (s.regionNote) lines.push(`  note: ${s.regionNote}`);
  if (s.unpricedReason !== undefined) lines.push(`  UNPRICED STACK (not in the totals): ${s.unpricedReason}`);
  lines.push("");
  lines.push(
    ` ${pad("Name", 70)} ${lpad("Monthly qty", 14)}  ${pad("Unit", 22)} ${lpad("Monthly cost", 14)}`,
  );
  lines.push("");
  for (const r of s.resources) {
    if (r.status === "free") continue;
    const why = s.unpricedReason !== undefined ? "" : `  (unpriced: ${r.reason})`;
    lines.push(` ${r.address}${r.status === "unpriced" ? why : ""}`);
    r.components.forEach((c, i) => {
      const branch = i === r.components.length - 1 ? "└─" : "├─";
      const cost = c.monthlyCost === null ? "unpriced" : money(c.monthlyCost);
      lines.push(
        ` ${pad(` ${branch} ${c.name}`, 70)} ${lpad(qty(c.quantity), 14)}  ${pad(c.unit, 22)} ${lpad(cost, 14)}`,
      );
    });
    lines.push("");
  }
  lines.push(` ${pad(`${s.name} total`, 108)} ${lpad(stackMoney(s), 14)}`);
  const c = s.counts;
  lines.push(
    ` ${c.priced} priced, ${c.partial} partly priced, ${c.unpriced} unpriced, ${c.free} free resources`,
  );
  lines.push("");
}

export function renderEstimateTable(e: CostEstimate): string {
  const lines: string[] = [...budgetWarningLines(e.budgets)];
  for (const s of e.stacks) tableStack(s, lines);
  lines.push("─".repeat(125));
  lines.push(` ${pad("Stack", 40)} ${lpad("Monthly cost", 14)}  Unpriced items`);
  for (const s of e.stacks) {
    const items = s.unpricedReason !== undefined ? "whole stack" : String(unpricedItems(s).length);
    lines.push(` ${pad(s.name, 40)} ${lpad(stackMoney(s), 14)}  ${items}`);
  }
  lines.push(` ${pad(`OVERALL TOTAL (${e.stacks.length} stacks)`, 40)} ${lpad(money(e.monthlyCost), 14)}`);
  const excluded = excludedStacksText(e);
  if (excluded) lines.push(` (${excluded})`);
  lines.push("");
  if (e.budgets.length > 0) {
    lines.push("Budgets (monthly estimate of each environment, both layers):");
    for (const b of e.budgets)
      lines.push(
        `  ${b.status === "over" ? "OVER  " : b.status === "within" ? "ok    " : "?     "}${budgetText(b)}`,
      );
    lines.push("");
  }
  const unpriced = e.stacks.flatMap((s) => unpricedItems(s).map((u) => ({ ...u, stack: s.name })));
  if (unpriced.length > 0) {
    lines.push("Unpriced (not counted in the totals):");
    for (const u of unpriced)
      lines.push(`  ${u.stack}: ${u.address}${u.what ? ` / ${u.what}` : ""}: ${u.reason}`);
    lines.push("");
  }
  lines.push(...usageLines(e.stacks));
  lines.push(priceNote(e));
  return lines.join("\n") + "\n";
}

function usageLines(stacks: readonly StackCost[]): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const s of stacks) {
    const key = JSON.stringify(s.usage.profile);
    const label = `${s.usage.stage}${s.usage.overridden.length ? ` (${s.name}, overrides: ${s.usage.overridden.join(", ")})` : ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`Usage assumptions, ${label}:`);
    const groups = new Map<string, string[]>();
    for (const [k, v] of flattenUsage(s.usage.profile)) {
      const at = k.lastIndexOf(".");
      const group = k.slice(0, at);
      groups.set(group, [...(groups.get(group) ?? []), `${k.slice(at + 1)}=${v}`]);
    }
    for (const [group, values] of groups) lines.push(`  ${group}: ${values.join(" ")}`);
  }
  lines.push("");
  return lines;
}

export function renderDiffTable(d: CostDiff): string {
  const lines: string[] = [...budgetWarningLines(d.head.budgets)];
  if (d.warnings.length > 0) {
    lines.push(`DATA-LOSS WARNINGS (${d.warnings.length}):`);
    for (const w of d.warnings) {
      const cause = causeNotInMessage(w);
      lines.push(`  ! ${warningText(w)}`);
      if (cause) lines.push(`      cause: ${cause}`);
      if (w.remedy) lines.push(`      fix: ${w.remedy}`);
      if (w.sources.length) lines.push(`      source: ${w.sources.join("; ")}`);
    }
    lines.push("");
  }
  lines.push(
    `Monthly cost: ${money(d.baseCost)} -> ${money(d.headCost)} (${signedMoney(centsDelta(d.baseCost, d.headCost))}${pct(d.baseCost, d.delta)})`,
    "",
  );
  lines.push(` ${pad("Stack", 20)} ${lpad("Base", 14)} ${lpad("Head", 14)} ${lpad("Delta", 14)}  Changes`);
  for (const s of d.stacks) {
    lines.push(
      ` ${pad(s.name, 20)} ${lpad(money(s.baseCost), 14)} ${lpad(money(s.headCost), 14)} ${lpad(signedMoney(centsDelta(s.baseCost, s.headCost)), 14)}  ${changeSummary(s)}`,
    );
  }
  lines.push("");
  for (const s of d.stacks) {
    if (s.resources.length === 0) continue;
    lines.push(`${s.name}:`);
    for (const r of s.resources) {
      const mark = { added: "+", removed: "-", changed: "~", replaced: "-/+" }[r.change];
      const attrs = r.attributes.length ? ` [${r.attributes.join(", ")}]` : "";
      lines.push(
        `  ${pad(mark, 3)} ${pad(r.address + attrs, 90)} ${lpad(signedMoney(centsDelta(r.baseCost, r.headCost)), 14)}${r.unpriced ? "  (partly unpriced)" : ""}`,
      );
    }
    lines.push("");
  }
  if (d.notes.length > 0) {
    lines.push(`Notes (${d.notes.length}, no data loss):`);
    for (const n of d.notes) lines.push(`  ${n.stack}: ${n.address} ${n.message}`);
    lines.push("");
  }
  lines.push(priceNote(d.head));
  return lines.join("\n") + "\n";
}
