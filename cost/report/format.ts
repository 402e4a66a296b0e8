/** Formatting shared by the table, Markdown and JSON reports: money, deltas, notes, budget lines. */
import type { DataLossWarning, StackDiff } from "../diff";
import type { BudgetCheck, CostEstimate, StackCost } from "../estimator";

export function money(n: number): string {
  const abs = Math.abs(n);
  const s = abs.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${n < 0 && Math.round(abs * 100) > 0 ? "-" : ""}$${s}`;
}

/** The displayed delta of two displayed amounts (so rows and totals add up to the cent). */
export function centsDelta(base: number, head: number): number {
  return (Math.round(head * 100) - Math.round(base * 100)) / 100;
}

export function signedMoney(n: number): string {
  const rounded = Math.round(n * 100) / 100;
  if (rounded === 0) return "$0.00";
  return rounded > 0 ? `+${money(rounded)}` : money(rounded);
}

export function qty(n: number | null): string {
  if (n === null) return "-";
  if (n !== 0 && Math.abs(n) < 0.01) return n.toPrecision(2);
  return n.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

export function pct(base: number, delta: number): string {
  if (Math.round(delta * 100) === 0) return "";
  if (base === 0) return " (new)";
  const p = (delta / base) * 100;
  return ` (${p >= 0 ? "+" : ""}${p.toFixed(1)}%)`;
}

export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? noun : nouns}`;
}

export function asOfText(asOf: { oldest: string; newest: string }): string {
  return asOf.oldest === asOf.newest ? asOf.oldest : `${asOf.oldest} to ${asOf.newest}`;
}

export function priceNote(e: CostEstimate): string {
  return (
    `Public list prices in ${e.currency} (no discounts, commitments or taxes), as of ${asOfText(e.asOf)}; ` +
    `usage from the stage profiles listed with the report. Unpriced items are listed and not counted: the real bill is higher.`
  );
}

export interface UnpricedItem {
  readonly address: string;
  readonly what: string;
  readonly reason: string;
}

export function unpricedItems(s: StackCost): UnpricedItem[] {
  // A stack priced not at all is one item with its reason, not the same reason once per resource.
  if (s.unpricedReason !== undefined) {
    const n = s.resources.filter((r) => r.status !== "free").length;
    return [{ address: "whole stack", what: `${n} resources`, reason: s.unpricedReason }];
  }
  const out: UnpricedItem[] = [];
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
export function stackMoney(s: StackCost): string {
  return s.unpricedReason !== undefined ? "unpriced" : money(s.monthlyCost);
}

/** What the totals leave out: the stacks that could not be priced at all. */
export function excludedStacksText(e: CostEstimate): string | undefined {
  const names = e.unpricedStacks;
  if (names.length === 0) return undefined;
  return `totals exclude ${names.length} unpriced stack${names.length === 1 ? "" : "s"}: ${names.join(", ")}`;
}

/** "aws-prod: $14,407.00 is over its $10,000.00 monthly budget by $4,407.00 (aws-prod + aws-prod-workspace)". */
export function budgetText(b: BudgetCheck): string {
  const scope = b.stacks.length > 1 ? ` (${b.stacks.join(" + ")})` : "";
  const head =
    b.status === "over"
      ? `${b.environment}: ${money(b.monthlyCost)} is over its ${money(b.limit!)} monthly budget by ${money(b.overBy)}`
      : b.status === "unknown"
        ? `${b.environment}: ${money(b.monthlyCost)} priced, ${b.limit === null ? "budget" : `${money(b.limit)} budget`} not comparable`
        : `${b.environment}: ${money(b.monthlyCost)} of its ${money(b.limit!)} monthly budget`;
  return `${head}${scope}${b.notes.length ? `; ${b.notes.join("; ")}` : ""}`;
}

export function stageLine(s: StackCost): string {
  return `stage ${s.usage.stage} (${s.usage.stageSource})`;
}

export const WARNING_LABELS: Readonly<Record<DataLossWarning["kind"], string>> = {
  destroy: "DESTROY",
  replace: "REPLACE",
  "likely-replace": "LIKELY REPLACE",
  "protection-downgrade": "PROTECTION DOWNGRADE",
  "lifecycle-expiry": "EXPIRY ON A DELTA LAYER",
};

export function warningText(w: DataLossWarning): string {
  return `${WARNING_LABELS[w.kind]} ${w.stack}: ${w.message}`;
}

/**
 * A warning's cause, when its message does not already say it word for word (a predicted replacement's
 * message quotes its cause whole): reports show it under the message, so it is left out rather than
 * repeated.
 */
export function causeNotInMessage(w: DataLossWarning): string | undefined {
  return w.cause && !w.message.includes(w.cause) ? w.cause : undefined;
}

/** "1 added, 0 removed, 2 changed, 1 replaced", or "new stack" / "stack removed". */
export function changeSummary(s: StackDiff): string {
  if (s.change === "added") return "new stack";
  if (s.change === "removed") return "stack removed";
  const count = (c: string) => s.resources.filter((r) => r.change === c).length;
  const parts = [`${count("added")} added`, `${count("removed")} removed`, `${count("changed")} changed`];
  if (count("replaced")) parts.push(`${count("replaced")} replaced`);
  return parts.join(", ");
}

/** A zero-width space: splits `@name`, `https://` and `www.` so GitHub links none of them. */
const ZWSP = "&#8203;";

/** Text with no @mention or autolink (`@name`, `https://…`, `www.…`); `pkg@v1` and `s3://` stay. */
export function unlink(s: string): string {
  return s
    .replace(/(?<![A-Za-z0-9_])@/g, `@${ZWSP}`) // GitHub mentions need no word character before
    .replace(/\b(https?|ftp):\/\//gi, `$1:${ZWSP}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`);
}

/**
 * Untrusted text (a stack name or a resource address from the pull request's synth output) as inert
 * Markdown: every Markdown punctuation mark backslash-escaped (no link, image, emphasis, HTML tag or
 * table-cell break), no @mention or autolink, one line.
 */
export function markdownText(s: string): string {
  return unlink(s.replace(/[\r\n]+/g, " ").replace(/[\\`*_{}[\]()#+!|~<>&]/g, (c) => `\\${c}`));
}

/** The same inside HTML (`<summary>`, `<b>`), where backslashes show: entities instead. */
export function htmlText(s: string): string {
  const entity: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
  return unlink(s.replace(/[\r\n]+/g, " ").replace(/[&<>"]/g, (c) => entity[c]!));
}
