/** Renders `cost --savings`: a terminal table, GitHub Markdown and JSON. */
import { money } from "./report";
import type { EnvironmentSavings, SavingsReport } from "./savings";
import { flattenUsage } from "./usage";

/** The usage groups the levers' prices depend on (printed with each environment). */
const LEVER_USAGE = ["compute", "pipelines", "warehouse", "interactiveClusters", "maintenance", "streaming"];

function percent(e: EnvironmentSavings): string {
  return `${e.percentSaved.toFixed(1)} %`;
}

function saved(e: EnvironmentSavings): number {
  return e.naiveMonthly - e.shippedMonthly;
}

function usageLine(e: EnvironmentSavings): string {
  return flattenUsage(e.usage)
    .filter(([path]) => LEVER_USAGE.includes(path.split(".")[0]!))
    .map(([path, v]) => `${path} = ${v}`)
    .join(", ");
}

function method(r: SavingsReport): string {
  return (
    `Each environment is priced against its naive counterpart: the same synthesized stacks with every lever undone, ` +
    `on the same catalog and usage. The levers are then applied one at a time in this order: ${r.order.join(", ")}; ` +
    `a lever's saving is the drop it brings on top of the ones before it, so the savings add up to naive − shipped ` +
    `(another order moves money between interacting levers, not the total). A negative saving is a lever that costs ` +
    `money here. List prices as of ${r.asOf.oldest === r.asOf.newest ? r.asOf.oldest : `${r.asOf.oldest} to ${r.asOf.newest}`}.`
  );
}

export function renderSavingsTable(r: SavingsReport): string {
  const lines: string[] = [];
  const width = 48;
  for (const e of r.environments) {
    lines.push(`Savings: ${e.environment} (${e.stacks.join(" + ")})`, "");
    lines.push(` ${"Lever".padEnd(width)}${"Monthly saving".padStart(16)}`);
    for (const l of e.levers) {
      lines.push(` ${l.title.padEnd(width)}${money(l.monthlySaving).padStart(16)}`);
      lines.push(`   ${l.assumption}`);
      if (l.resources.length === 0) lines.push("   (not used here)");
      for (const n of l.notes) lines.push(`   ! ${n}`);
    }
    lines.push("");
    lines.push(` ${"Naive counterpart".padEnd(width)}${money(e.naiveMonthly).padStart(16)}`);
    lines.push(` ${"Shipped configuration".padEnd(width)}${money(e.shippedMonthly).padStart(16)}`);
    lines.push(` ${`Saved (${percent(e)})`.padEnd(width)}${money(saved(e)).padStart(16)}`);
    lines.push(`   usage: ${usageLine(e)}`, "");
  }
  lines.push(method(r), "");
  return lines.join("\n");
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function renderSavingsMarkdown(r: SavingsReport): string {
  const out: string[] = ["## Savings by lever", ""];
  out.push(
    "| Environment | Naive monthly | Shipped monthly | Saved |",
    "|---|---:|---:|---:|",
    ...r.environments.map(
      (e) =>
        `| ${e.environment} | ${money(e.naiveMonthly)} | ${money(e.shippedMonthly)} | ${money(saved(e))} (${percent(e)}) |`,
    ),
    "",
  );
  for (const e of r.environments) {
    out.push(`<details><summary>${e.environment}: ${percent(e)} saved</summary>`, "");
    out.push("| Lever | Monthly saving | Assumption |", "|---|---:|---|");
    for (const l of e.levers) {
      const extra = [
        ...(l.resources.length === 0 ? ["not used here"] : []),
        ...l.notes.map((n) => `⚠️ ${n}`),
      ];
      out.push(
        `| ${cell(l.title)} | ${money(l.monthlySaving)} | ${cell([l.assumption, ...extra].join("; "))} |`,
      );
    }
    out.push("", `Usage: ${usageLine(e)}`, "", "</details>", "");
  }
  out.push(method(r), "");
  return out.join("\n");
}

export function renderSavingsJson(r: SavingsReport): string {
  return JSON.stringify({ report: "savings", ...r }, null, 2) + "\n";
}
