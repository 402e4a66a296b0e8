/**
 * Renders estimates and diffs: a terminal table (like `infracost breakdown`), GitHub Markdown for a pull
 * request comment, and JSON.
 */
import type { CostDiff, DataLossWarning, StackDiff } from "./diff";
import type { BudgetCheck, CostEstimate, ResourceCost, StackCost } from "./estimator";
import { flattenUsage } from "./usage";

export type ReportFormat = "table" | "markdown" | "json";
export const REPORT_FORMATS: readonly ReportFormat[] = ["table", "markdown", "json"];

/** First line of every Markdown report: lets the workflow find and update its own PR comment. */
export const MARKDOWN_MARKER = "<!-- cdktf-lakehouse-plan-review -->";

export function money(n: number): string {
  const abs = Math.abs(n);
  const s = abs.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${n < 0 && Math.round(abs * 100) > 0 ? "-" : ""}$${s}`;
}

/** The displayed delta of two displayed amounts (so rows and totals add up to the cent). */
function centsDelta(base: number, head: number): number {
  return (Math.round(head * 100) - Math.round(base * 100)) / 100;
}

export function signedMoney(n: number): string {
  const rounded = Math.round(n * 100) / 100;
  if (rounded === 0) return "$0.00";
  return rounded > 0 ? `+${money(rounded)}` : money(rounded);
}

function qty(n: number | null): string {
  if (n === null) return "-";
  if (n !== 0 && Math.abs(n) < 0.01) return n.toPrecision(2);
  return n.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

function pct(base: number, delta: number): string {
  if (Math.round(delta * 100) === 0) return "";
  if (base === 0) return " (new)";
  const p = (delta / base) * 100;
  return ` (${p >= 0 ? "+" : ""}${p.toFixed(1)}%)`;
}

function asOfText(asOf: { oldest: string; newest: string }): string {
  return asOf.oldest === asOf.newest ? asOf.oldest : `${asOf.oldest} to ${asOf.newest}`;
}

function priceNote(e: CostEstimate): string {
  return (
    `Public list prices in ${e.currency} (no discounts, commitments or taxes), as of ${asOfText(e.asOf)}; ` +
    `usage from the stage profiles listed with the report. Unpriced items are listed and not counted: the real bill is higher.`
  );
}

function unpricedItems(s: StackCost): Array<{ address: string; what: string; reason: string }> {
  // A stack priced not at all is one item with its reason, not the same reason once per resource.
  if (s.unpricedReason !== undefined) {
    const n = s.resources.filter((r) => r.status !== "free").length;
    return [{ address: "whole stack", what: `${n} resources`, reason: s.unpricedReason }];
  }
  const out: Array<{ address: string; what: string; reason: string }> = [];
  for (const r of s.resources) {
    if (r.status === "unpriced" && r.components.length === 0)
      out.push({ address: r.address, what: "", reason: r.reason ?? "" });
    for (const c of r.components) {
      if (c.monthlyCost === null)
        out.push({ address: r.address, what: c.name, reason: c.unpricedReason ?? "" });
    }
  }
  return out;
}

/** A stack's monthly cost as shown: "unpriced" for a stack priced not at all (its $0 is no price). */
function stackMoney(s: StackCost): string {
  return s.unpricedReason !== undefined ? "unpriced" : money(s.monthlyCost);
}

/** What the totals leave out: the stacks that could not be priced at all. */
function excludedStacksText(e: CostEstimate): string | undefined {
  const names = e.unpricedStacks;
  if (names.length === 0) return undefined;
  return `totals exclude ${names.length} unpriced stack${names.length === 1 ? "" : "s"}: ${names.join(", ")}`;
}

/** "aws-prod: $14,407.00 is over its $10,000.00 monthly budget by $4,407.00 (aws-prod + aws-prod-workspace)". */
function budgetText(b: BudgetCheck): string {
  const scope = b.stacks.length > 1 ? ` (${b.stacks.join(" + ")})` : "";
  const head =
    b.status === "over"
      ? `${b.environment}: ${money(b.monthlyCost)} is over its ${money(b.limit!)} monthly budget by ${money(b.overBy)}`
      : b.status === "unknown"
        ? `${b.environment}: ${money(b.monthlyCost)} priced, ${b.limit === null ? "budget" : `${money(b.limit)} budget`} not comparable`
        : `${b.environment}: ${money(b.monthlyCost)} of its ${money(b.limit!)} monthly budget`;
  return `${head}${scope}${b.notes.length ? `; ${b.notes.join("; ")}` : ""}`;
}

/** Table lines: over-budget warnings first (the caller puts them on top), then every check. */
export function budgetWarningLines(budgets: readonly BudgetCheck[]): string[] {
  const over = budgets.filter((b) => b.status === "over");
  if (over.length === 0) return [];
  return [`BUDGET WARNINGS (${over.length}):`, ...over.map((b) => `  ! OVER BUDGET ${budgetText(b)}`), ""];
}

function budgetMarkdownWarning(budgets: readonly BudgetCheck[]): string[] {
  const over = budgets.filter((b) => b.status === "over");
  if (over.length === 0) return [];
  return [
    "> [!WARNING]",
    `> **${over.length} environment${over.length === 1 ? "" : "s"} over budget:**`,
    ...over.map((b) => `> - ${cell(budgetText(b))}`),
    "",
  ];
}

function stageLine(s: StackCost): string {
  return `stage ${s.usage.stage} (${s.usage.stageSource})`;
}

// ---------------------------------------------------------------------------------------------- table

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

// ------------------------------------------------------------------------------------------- markdown

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function resourceRows(r: ResourceCost): string[] {
  if (r.components.length === 0) {
    return [
      `| \`${cell(r.address)}\` | ${r.status === "unpriced" ? `⚠️ unpriced: ${cell(r.reason ?? "")}` : "—"} | | | ${r.status === "unpriced" ? "unpriced" : money(0)} |`,
    ];
  }
  return r.components.map((c, i) => {
    const name = i === 0 ? `\`${cell(r.address)}\`` : "";
    const price =
      c.unitPrice === null
        ? ""
        : `${money(c.unitPrice).replace(/\.00$/, "")}${c.unitPrice < 0.01 && c.unitPrice > 0 ? ` (${c.unitPrice})` : ""} / ${c.unit}`;
    const cost =
      c.monthlyCost === null ? `⚠️ unpriced: ${cell(c.unpricedReason ?? "")}` : money(c.monthlyCost);
    const detail = c.detail ? `<br><sub>${cell(c.detail)}</sub>` : "";
    return `| ${name} | ${cell(c.name)}${detail} | ${qty(c.quantity)} ${cell(c.quantity === null ? "" : c.unit)} | ${cell(price)} | ${cost} |`;
  });
}

function stackDetails(s: StackCost, summary: string): string[] {
  const lines = [`<details><summary>${summary}</summary>`, ""];
  lines.push(
    `${s.cloud ?? "?"} ${s.region ?? "?"}, ${stageLine(s)}${s.catalogVersion ? `, catalog ${s.catalogVersion}` : ""}.`,
  );
  if (s.regionNote) lines.push("", `> ${s.regionNote}`);
  if (s.unpricedReason !== undefined)
    lines.push("", `> ⚠️ Unpriced stack (not in the totals): ${cell(s.unpricedReason)}`);
  lines.push(
    "",
    "| Resource | Component | Monthly quantity | Unit price | Monthly cost |",
    "|---|---|---:|---:|---:|",
  );
  for (const r of s.resources) if (r.status !== "free") lines.push(...resourceRows(r));
  lines.push(`| **Total** | | | | **${stackMoney(s)}** |`, "");
  const free = s.resources.filter((r) => r.status === "free");
  if (free.length > 0) {
    const byType = new Map<string, number>();
    for (const r of free) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    lines.push(
      `${free.length} free resources: ${[...byType.entries()].map(([t, n]) => `\`${t}\`${n > 1 ? ` ×${n}` : ""}`).join(", ")}.`,
      "",
    );
  }
  lines.push("</details>", "");
  return lines;
}

/** One table of every usage assumption, a column per distinct profile (stage, or stack with overrides). */
function usageMarkdown(stacks: readonly StackCost[]): string[] {
  const columns = new Map<
    string,
    { label: string; values: Array<[string, number]>; overridden: readonly string[] }
  >();
  for (const s of stacks) {
    const key = JSON.stringify(s.usage.profile);
    if (columns.has(key)) continue;
    const label = s.usage.overridden.length ? `${s.usage.stage} (${s.name})` : s.usage.stage;
    columns.set(key, { label, values: flattenUsage(s.usage.profile), overridden: s.usage.overridden });
  }
  const cols = [...columns.values()];
  if (cols.length === 0) return [];
  const lines = [
    "<details><summary>Usage assumptions (edit with --usage)</summary>",
    "",
    `| Assumption | ${cols.map((c) => c.label).join(" | ")} |`,
    `|---|${cols.map(() => "---:").join("|")}|`,
  ];
  cols[0]!.values.forEach(([k], i) => {
    const cells = cols.map(
      (c) => `${c.values[i]![1].toLocaleString("en-US")}${c.overridden.includes(k) ? " *" : ""}`,
    );
    lines.push(`| \`${k}\` | ${cells.join(" | ")} |`);
  });
  lines.push("", "\\* overridden by the usage file", "", "</details>", "");
  return lines;
}

export function renderEstimateMarkdown(e: CostEstimate): string {
  const unpriced = e.stacks.reduce((n, s) => n + unpricedItems(s).length, 0);
  const lines = [
    MARKDOWN_MARKER,
    `## Monthly cost estimate: ${money(e.monthlyCost)} across ${e.stacks.length} stack${e.stacks.length === 1 ? "" : "s"}`,
    "",
  ];
  lines.push(...budgetMarkdownWarning(e.budgets));
  const excluded = excludedStacksText(e);
  if (excluded) {
    lines.push("> [!WARNING]", `> **The ${excluded}.**`);
    for (const s of e.stacks)
      if (s.unpricedReason !== undefined) lines.push(`> - ${s.name}: ${cell(s.unpricedReason)}`);
    lines.push("");
  }
  lines.push(
    `> ${priceNote(e)}${unpriced ? ` **${unpriced} unpriced item${unpriced === 1 ? "" : "s"}.**` : ""}`,
    "",
    "| Stack | Cloud / region | Stage | Monthly cost | Priced | Partly priced | Unpriced | Free |",
    "|---|---|---|---:|---:|---:|---:|---:|",
  );
  for (const s of e.stacks) {
    const c = s.counts;
    lines.push(
      `| ${s.name} | ${s.cloud ?? "?"} ${s.region ?? "?"} | ${s.usage.stage} | ${s.unpricedReason !== undefined ? "⚠️ unpriced" : money(s.monthlyCost)} | ${c.priced} | ${c.partial} | ${c.unpriced} | ${c.free} |`,
    );
  }
  lines.push(`| **Total** | | | **${money(e.monthlyCost)}** | | | | |`, "");
  for (const s of e.stacks)
    lines.push(
      ...stackDetails(
        s,
        `<b>${s.name}</b>: ${s.unpricedReason !== undefined ? "unpriced" : `${money(s.monthlyCost)}/month`}`,
      ),
    );
  lines.push(...budgetMarkdownTable(e.budgets), ...unpricedMarkdown(e.stacks), ...usageMarkdown(e.stacks));
  return lines.join("\n") + "\n";
}

function budgetMarkdownTable(budgets: readonly BudgetCheck[]): string[] {
  if (budgets.length === 0) return [];
  const lines = [
    "**Budgets** (each environment's layers summed):",
    "",
    "| Environment | Stacks | Monthly estimate | Budget | Status |",
    "|---|---|---:|---:|---|",
  ];
  for (const b of budgets) {
    const status =
      b.status === "over"
        ? `⚠️ over by ${money(b.overBy)}`
        : b.status === "within"
          ? "within"
          : "not comparable";
    const notes = b.notes.length ? `<br><sub>${cell(b.notes.join("; "))}</sub>` : "";
    lines.push(
      `| ${b.environment} | ${b.stacks.join(", ")} | ${money(b.monthlyCost)} | ${b.limit === null ? "?" : money(b.limit)} | ${status}${notes} |`,
    );
  }
  lines.push("");
  return lines;
}

function unpricedMarkdown(stacks: readonly StackCost[]): string[] {
  const items = stacks.flatMap((s) => unpricedItems(s).map((u) => ({ ...u, stack: s.name })));
  if (items.length === 0) return [];
  const lines = [`<details><summary>Unpriced (${items.length}, not counted)</summary>`, ""];
  for (const u of items)
    lines.push(`- ${u.stack}: \`${u.address}\`${u.what ? ` / ${u.what}` : ""}: ${u.reason}`);
  lines.push("", "</details>", "");
  return lines;
}

// ----------------------------------------------------------------------------------------------- diff

function warningText(w: DataLossWarning): string {
  const label = {
    destroy: "DESTROY",
    replace: "REPLACE",
    "likely-replace": "LIKELY REPLACE",
    "protection-downgrade": "PROTECTION DOWNGRADE",
    "lifecycle-expiry": "EXPIRY ON A DELTA LAYER",
  }[w.kind];
  return `${label} ${w.stack}: ${w.message}`;
}

export function renderDiffTable(d: CostDiff): string {
  const lines: string[] = [...budgetWarningLines(d.head.budgets)];
  if (d.warnings.length > 0) {
    lines.push(`DATA-LOSS WARNINGS (${d.warnings.length}):`);
    for (const w of d.warnings) lines.push(`  ! ${warningText(w)}`);
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
  lines.push(priceNote(d.head));
  return lines.join("\n") + "\n";
}

function changeSummary(s: StackDiff): string {
  if (s.change === "added") return "new stack";
  if (s.change === "removed") return "stack removed";
  const count = (c: string) => s.resources.filter((r) => r.change === c).length;
  const parts = [`${count("added")} added`, `${count("removed")} removed`, `${count("changed")} changed`];
  if (count("replaced")) parts.push(`${count("replaced")} replaced`);
  return parts.join(", ");
}

export function renderDiffMarkdown(d: CostDiff): string {
  const lines = [MARKDOWN_MARKER, "## Plan review", "", ...budgetMarkdownWarning(d.head.budgets)];
  if (d.warnings.length > 0) {
    lines.push(
      "> [!CAUTION]",
      `> **${d.warnings.length} data-loss warning${d.warnings.length === 1 ? "" : "s"}** (data destroyed or replaced, or its protection weakened):`,
    );
    for (const w of d.warnings) lines.push(`> - ${cell(warningText(w))}`);
    lines.push("");
  }
  lines.push(
    `**Monthly cost: ${money(d.headCost)} (${signedMoney(centsDelta(d.baseCost, d.headCost))}${pct(d.baseCost, d.delta)})** across ${d.head.stacks.length} stack${d.head.stacks.length === 1 ? "" : "s"}; base ${money(d.baseCost)}.`,
    "",
    "| Stack | Base | Head | Delta | Changes |",
    "|---|---:|---:|---:|---|",
  );
  for (const s of d.stacks) {
    lines.push(
      `| ${s.name} | ${money(s.baseCost)} | ${money(s.headCost)} | ${signedMoney(centsDelta(s.baseCost, s.headCost))} | ${changeSummary(s)} |`,
    );
  }
  lines.push(
    `| **Total** | ${money(d.baseCost)} | ${money(d.headCost)} | **${signedMoney(centsDelta(d.baseCost, d.headCost))}** | |`,
    "",
  );
  for (const s of d.stacks) {
    if (s.resources.length === 0) continue;
    lines.push(
      `<details><summary><b>${s.name}</b>: ${signedMoney(centsDelta(s.baseCost, s.headCost))}/month, ${changeSummary(s)}</summary>`,
      "",
    );
    lines.push(
      "| Change | Resource | Changed attributes | Base | Head | Delta |",
      "|---|---|---|---:|---:|---:|",
    );
    for (const r of s.resources) {
      lines.push(
        `| ${r.change} | \`${cell(r.address)}\` | ${cell(r.attributes.join(", "))} | ${money(r.baseCost)} | ${money(r.headCost)} | ${signedMoney(centsDelta(r.baseCost, r.headCost))}${r.unpriced ? " ⚠️" : ""} |`,
      );
    }
    lines.push("", "</details>", "");
  }
  if (d.stacks.some((s) => s.resources.some((r) => r.unpriced))) {
    lines.push("⚠️ partly unpriced resource: its delta leaves out what the catalog cannot price.", "");
  }
  const heads = d.stacks.map((s) => s.head).filter((s): s is StackCost => s !== undefined);
  lines.push("<details><summary>Head estimate per resource</summary>", "");
  for (const s of heads) lines.push(...stackDetails(s, `<b>${s.name}</b>: ${money(s.monthlyCost)}/month`));
  lines.push(
    "</details>",
    "",
    ...unpricedMarkdown(heads),
    ...usageMarkdown(heads),
    `<sub>${priceNote(d.head)}</sub>`,
  );
  return lines.join("\n") + "\n";
}

// ----------------------------------------------------------------------------------------------- json

export function renderEstimateJson(e: CostEstimate): string {
  return JSON.stringify({ report: "cost", ...e }, null, 2) + "\n";
}

export function renderDiffJson(d: CostDiff): string {
  return JSON.stringify({ report: "diff", ...d }, null, 2) + "\n";
}
