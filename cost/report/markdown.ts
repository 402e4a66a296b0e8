/**
 * GitHub Markdown for a pull-request comment: the estimate (`cost --format markdown`) and the plan review
 * (`diff --format markdown`). Both stay under GitHub's comment limit by dropping whole blocks (fit.ts).
 *
 * The plan review puts what needs a decision first: a one-line summary, then data-loss and budget
 * warnings, one row per changed stack (unchanged stacks are one line), and per-resource and per-component
 * before → after deltas of each changed stack in a `<details>` block.
 */
import type { CostDiff, DataLossNote, DataLossWarning, StackDiff } from "../diff";
import type { BudgetCheck, CostEstimate, ResourceCost, StackCost } from "../estimator";
import { flattenUsage } from "../usage";
import { APPROVAL_COMMAND, APPROVAL_LABEL, warningFingerprint } from "./approval";
import { COMMENT_LIMIT, type Fitted, type Section, fitSections } from "./fit";
import {
  asOfText,
  budgetText,
  causeNotInMessage,
  centsDelta,
  changeSummary,
  excludedStacksText,
  htmlText,
  markdownText,
  money,
  pct,
  plural,
  priceNote,
  qty,
  signedMoney,
  stackMoney,
  stageLine,
  unlink,
  unpricedItems,
  WARNING_LABELS,
} from "./format";

/** First line of every Markdown report: lets the workflow find and update its own PR comment. */
export const MARKDOWN_MARKER = "<!-- cdktf-lakehouse-plan-review -->";

/** Room left under the comment limit for the lines the plan-review gate adds (its verdict). */
export const GATE_RESERVE = 2_048;

export interface MarkdownOptions {
  /** The commit reviewed (the workflow passes the pull request's head). */
  readonly sha?: string;
  /** The commit it is compared with (the workflow passes the merge's first parent). */
  readonly baseSha?: string;
  /** Most characters the report may take. @default COMMENT_LIMIT - GATE_RESERVE */
  readonly maxChars?: number;
}

const LIMIT_NOTE = `to stay under GitHub's ${COMMENT_LIMIT.toLocaleString("en-US")}-character comment limit`;

/**
 * Table-cell and inline text: no pipes or newlines to break a row, no `<` to open an HTML tag, no
 * `](` to close a link or image (messages quote the PR's addresses), no @mention or autolink.
 */
function cell(s: string): string {
  return unlink(s.replace(/\|/g, "\\|").replace(/\n/g, " ").replace(/</g, "&lt;").replace(/\]\(/g, "]\\("));
}

/** A code span: literal inside (no link, mention or HTML), so only backticks, pipes and newlines matter. */
function code(s: string): string {
  return `\`${s
    .replace(/`/g, "'")
    .replace(/\|/g, "\\|")
    .replace(/[\r\n]+/g, " ")}\``;
}

function commitLine(options: MarkdownOptions, asOf: CostEstimate["asOf"], extra: string[] = []): string[] {
  const parts = [
    ...(options.sha ? [`Commit ${options.sha}`] : []),
    ...(options.baseSha ? [`compared with ${options.baseSha}`] : []),
    `list prices as of ${asOfText(asOf)}`,
    ...extra,
  ];
  return [parts.join(" · "), ""];
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

function excludedWarning(e: CostEstimate): string[] {
  const excluded = excludedStacksText(e);
  if (!excluded) return [];
  const lines = ["> [!WARNING]", `> **The ${excluded}.**`];
  for (const s of e.stacks)
    if (s.unpricedReason !== undefined) lines.push(`> - ${markdownText(s.name)}: ${cell(s.unpricedReason)}`);
  lines.push("");
  return lines;
}

function fixed(lines: readonly string[]): Section {
  return { head: lines, items: [], tail: [], level: 0 };
}

// ------------------------------------------------------------------------------------------- estimate

function resourceRows(r: ResourceCost): string[] {
  if (r.components.length === 0) {
    return [
      `| ${code(r.address)} | ${r.status === "unpriced" ? `⚠️ unpriced: ${cell(r.reason ?? "")}` : "—"} | | | ${r.status === "unpriced" ? "unpriced" : money(0)} |`,
    ];
  }
  return r.components.map((c, i) => {
    const name = i === 0 ? code(r.address) : "";
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
  if (s.regionNote) lines.push("", `> ${cell(s.regionNote)}`);
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
    const label = s.usage.overridden.length ? `${s.usage.stage} (${markdownText(s.name)})` : s.usage.stage;
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
      `| ${b.environment} | ${b.stacks.map(markdownText).join(", ")} | ${money(b.monthlyCost)} | ${b.limit === null ? "?" : money(b.limit)} | ${status}${notes} |`,
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
    lines.push(
      `- ${markdownText(u.stack)}: ${code(u.address)}${u.what ? ` / ${cell(u.what)}` : ""}: ${cell(u.reason)}`,
    );
  lines.push("", "</details>", "");
  return lines;
}

/** An optional block as a level-1 section: dropped whole when the document is too long. */
function droppable(lines: string[], what: string): Section {
  return {
    head: [],
    items: lines.length ? [lines] : [],
    tail: [],
    level: 1,
    dropped: () => `_${what} dropped ${LIMIT_NOTE}._\n`,
  };
}

export function renderEstimateMarkdown(e: CostEstimate, options: MarkdownOptions = {}): string {
  const unpriced = e.stacks.reduce((n, s) => n + unpricedItems(s).length, 0);
  const header = [
    MARKDOWN_MARKER,
    `## Monthly cost estimate: ${money(e.monthlyCost)} across ${e.stacks.length} stack${e.stacks.length === 1 ? "" : "s"}`,
    "",
    ...(options.sha ? commitLine(options, e.asOf) : []),
    ...budgetMarkdownWarning(e.budgets),
    ...excludedWarning(e),
    `> ${priceNote(e)}${unpriced ? ` **${unpriced} unpriced item${unpriced === 1 ? "" : "s"}.**` : ""}`,
    "",
  ];
  const table: Section = {
    head: [
      "| Stack | Cloud / region | Stage | Monthly cost | Priced | Partly priced | Unpriced | Free |",
      "|---|---|---|---:|---:|---:|---:|---:|",
    ],
    items: e.stacks.map((s) => {
      const c = s.counts;
      return [
        `| ${markdownText(s.name)} | ${s.cloud ?? "?"} ${s.region ?? "?"} | ${s.usage.stage} | ${s.unpricedReason !== undefined ? "⚠️ unpriced" : money(s.monthlyCost)} | ${c.priced} | ${c.partial} | ${c.unpriced} | ${c.free} |`,
      ];
    }),
    tail: [`| **Total** | | | **${money(e.monthlyCost)}** | | | | |`, ""],
    level: 2,
    dropped: (n) => `_${plural(n, "more stack row")} dropped ${LIMIT_NOTE}._\n`,
  };
  const details: Section = {
    head: [],
    items: e.stacks.map((s) =>
      stackDetails(
        s,
        `<b>${htmlText(s.name)}</b>: ${s.unpricedReason !== undefined ? "unpriced" : `${money(s.monthlyCost)}/month`}`,
      ),
    ),
    tail: [],
    level: 1,
    dropped: (n, kept) =>
      `_Per-resource details of ${plural(n, "stack")} (${e.stacks
        .slice(kept)
        .map((s) => markdownText(s.name))
        .join(", ")}) dropped ${LIMIT_NOTE}: \`npm run cost\` prints them._\n`,
  };
  return fitSections(
    [
      fixed(header),
      table,
      details,
      fixed(budgetMarkdownTable(e.budgets)),
      droppable(unpricedMarkdown(e.stacks), "The unpriced list"),
      droppable(usageMarkdown(e.stacks), "The usage assumptions"),
    ],
    options.maxChars ?? COMMENT_LIMIT - GATE_RESERVE,
  ).text;
}

// ----------------------------------------------------------------------------------------------- diff

/** At most `max` names, then "+N more". */
function names(list: readonly string[], max: number): string {
  const shown = list.slice(0, max).join(", ");
  return list.length > max ? `${shown} +${list.length - max} more` : shown;
}

/**
 * One warning: its message, then in small print its cause (unless the message quotes it), the remedy and
 * the sources. `full: false` leaves out cause and remedy (the tail says so) when they would push deltas
 * or other warnings out of the comment.
 */
function warningItem(w: DataLossWarning, full: boolean): string[] {
  const cause = full ? causeNotInMessage(w) : undefined;
  const small = [
    ...(cause ? [`cause: ${cell(cause)}`] : []),
    ...(full && w.remedy ? [`fix: ${cell(w.remedy)}`] : []),
    ...(w.sources?.length ? [`source: ${cell(w.sources.join("; "))}`] : []),
  ];
  const sub = small.length ? `<br><sub>${small.join("<br>")}</sub>` : "";
  return [`> - **${WARNING_LABELS[w.kind]}** ${markdownText(w.stack)}: ${cell(w.message)}${sub}`];
}

function warningSection(d: CostDiff, full: boolean): Section[] {
  if (d.warnings.length === 0) return [];
  const fingerprint = warningFingerprint(d.warnings);
  return [
    {
      head: [
        "> [!CAUTION]",
        `> **${plural(d.warnings.length, "data-loss warning")}** (data destroyed or replaced, or its protection weakened):`,
      ],
      items: d.warnings.map((w) => warningItem(w, full)),
      tail: [
        ">",
        ...(full
          ? []
          : [
              `> _Each warning's cause and fix left out ${LIMIT_NOTE} (\`npm run cost:diff\` prints them)._`,
              ">",
            ]),
        `> Warning set \`${fingerprint}\`. To accept exactly this set, a maintainer comments \`${APPROVAL_COMMAND} ${fingerprint}\` and adds the \`${APPROVAL_LABEL}\` label; a push that changes the set needs a new approval.`,
        "",
      ],
      level: 2,
      droppedAt: "before-tail",
      dropped: (n) =>
        `> - _… ${plural(n, "more warning")} dropped ${LIMIT_NOTE} (\`npm run cost:diff\` lists all; the set above covers all)._`,
    },
  ];
}

function componentRows(base: ResourceCost | undefined, head: ResourceCost | undefined): string[] {
  if (!base && !head) return [];
  const before = new Map((base?.components ?? []).map((c) => [c.name, c.monthlyCost]));
  const after = new Map((head?.components ?? []).map((c) => [c.name, c.monthlyCost]));
  const rows: string[] = [];
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(name);
    const h = after.get(name);
    const unpriced = b === null || h === null;
    if (!unpriced && centsDelta(b ?? 0, h ?? 0) === 0) continue;
    const show = (v: number | null | undefined) =>
      v === undefined ? "—" : v === null ? "unpriced" : money(v);
    const delta = unpriced ? "?" : signedMoney(centsDelta(b ?? 0, h ?? 0));
    rows.push(`| | ↳ ${cell(name)} | ${show(b)} | ${show(h)} | ${delta} |`);
  }
  return rows;
}

function stackChangeDetails(s: StackDiff, components: boolean): string[] {
  const baseRes = new Map((s.base?.resources ?? []).map((r) => [r.address, r]));
  const headRes = new Map((s.head?.resources ?? []).map((r) => [r.address, r]));
  const where = s.head ?? s.base;
  const lines = [
    `<details><summary><b>${htmlText(s.name)}</b>: ${money(s.baseCost)} → ${money(s.headCost)} (${signedMoney(centsDelta(s.baseCost, s.headCost))}), ${changeSummary(s)}</summary>`,
    "",
  ];
  if (where)
    lines.push(
      `${where.cloud ?? "?"} ${where.region ?? "?"}, ${stageLine(where)}${where.catalogVersion ? `, catalog ${where.catalogVersion}` : ""}.`,
      "",
    );
  if (s.head?.unpricedReason !== undefined)
    lines.push(`> ⚠️ Unpriced stack (not in the totals): ${cell(s.head!.unpricedReason!)}`, "");
  lines.push("| Change | Resource / component | Before | After | Delta |", "|---|---|---:|---:|---:|");
  for (const r of s.resources) {
    const attrs = r.attributes.length ? `<br><sub>${cell(names(r.attributes, 8))}</sub>` : "";
    lines.push(
      `| ${r.change} | ${code(r.address)}${attrs} | ${money(r.baseCost)} | ${money(r.headCost)} | ${signedMoney(centsDelta(r.baseCost, r.headCost))}${r.unpriced ? " ⚠️" : ""} |`,
      ...(components ? componentRows(baseRes.get(r.address), headRes.get(r.address)) : []),
    );
  }
  if (!components) lines.push("", `_Per-component rows left out ${LIMIT_NOTE}._`);
  lines.push("", "</details>", "");
  return lines;
}

function notesMarkdown(notes: readonly DataLossNote[]): string[] {
  if (notes.length === 0) return [];
  return [
    `<details><summary>${plural(notes.length, "note")} (no data loss): moves, imports, forgets, cross-stack changes a plan cannot show yet</summary>`,
    "",
    ...notes.map((n) => `- ${markdownText(n.stack)}: ${code(n.address)} ${cell(n.message)}`),
    "",
    "</details>",
    "",
  ];
}

/** "+$12.00, +3.1%", "-$5.00, new", "$0.00". */
function deltaText(base: number, head: number): string {
  const p = pct(base, head - base).trim();
  return `${signedMoney(centsDelta(base, head))}${p ? `, ${p.slice(1, -1)}` : ""}`;
}

function summaryLine(d: CostDiff, changed: readonly StackDiff[]): string {
  const total = d.stacks.length;
  if (changed.length === 0)
    return `## Plan review: no change, ${money(d.headCost)} per month across ${plural(total, "stack")}`;
  return `## Plan review: ${money(d.baseCost)} → ${money(d.headCost)} per month (${deltaText(d.baseCost, d.headCost)}), ${changed.length} of ${plural(total, "stack")} changed`;
}

export function renderDiffMarkdown(d: CostDiff, options: MarkdownOptions = {}): string {
  const changed = d.stacks.filter((s) => s.change !== "unchanged");
  const unchanged = d.stacks.filter((s) => s.change === "unchanged");
  const overBudget = d.head.budgets.filter((b) => b.status === "over").length;
  const header = [
    MARKDOWN_MARKER,
    summaryLine(d, changed),
    "",
    ...commitLine(options, d.head.asOf, [
      plural(d.warnings.length, "data-loss warning"),
      ...(overBudget ? [`${overBudget} over budget`] : []),
    ]),
  ];
  const alerts = [...budgetMarkdownWarning(d.head.budgets), ...excludedWarning(d.head)];
  const unchangedCost = unchanged.reduce((n, s) => n + s.headCost, 0);
  const unchangedLine = unchanged.length
    ? [
        `${plural(unchanged.length, "unchanged stack")} (${money(unchangedCost)} per month): ${unchanged.map((s) => markdownText(s.name)).join(", ")}.`,
        "",
      ]
    : [];
  const table: Section[] = changed.length
    ? [
        {
          head: ["| Stack | Before | After | Delta | Changes |", "|---|---:|---:|---:|---|"],
          items: changed.map((s) => [
            `| ${markdownText(s.name)} | ${money(s.baseCost)} | ${money(s.headCost)} | ${deltaText(s.baseCost, s.headCost)} | ${changeSummary(s)} |`,
          ]),
          tail: [
            `| **Total (${plural(d.stacks.length, "stack")})** | ${money(d.baseCost)} | ${money(d.headCost)} | **${signedMoney(centsDelta(d.baseCost, d.headCost))}** | |`,
            "",
            ...unchangedLine,
          ],
          level: 3,
          dropped: (n) => `_${plural(n, "more changed stack")} dropped ${LIMIT_NOTE}._\n`,
        },
      ]
    : [fixed(unchangedLine)];
  const withDetails = changed.filter((s) => s.resources.length > 0);
  const details = (components: boolean): Section => ({
    head: [],
    items: withDetails.map((s) => stackChangeDetails(s, components)),
    tail: [],
    level: 1,
    dropped: (n, kept) =>
      `_Per-resource deltas of ${plural(n, "stack")} (${withDetails
        .slice(kept)
        .map((s) => markdownText(s.name))
        .join(", ")}) dropped ${LIMIT_NOTE}: \`npm run cost:diff\` prints them._\n`,
  });
  const footnote = changed.some((s) => s.resources.some((r) => r.unpriced))
    ? ["⚠️ partly unpriced resource: its delta leaves out what the catalog cannot price.", ""]
    : [];
  const heads = changed.map((s) => s.head).filter((s): s is StackCost => s !== undefined);
  const overrides = [...new Set(heads.flatMap((s) => s.usage.overridden))];
  const footer = [
    `<sub>Public list prices in ${d.head.currency} (no discounts, commitments or taxes), as of ${asOfText(d.head.asOf)}; ` +
      `usage from the stage profiles of cost/usage.ts${overrides.length ? ` (overridden: ${cell(names(overrides, 10))})` : ""}, listed by \`npm run cost\`. ` +
      `Unpriced items are not counted: the real bill is higher.</sub>`,
  ];
  const fit = (components: boolean, fullWarnings: boolean) =>
    fitSections(
      [
        fixed(header),
        ...warningSection(d, fullWarnings),
        fixed(alerts),
        ...table,
        details(components),
        fixed(footnote),
        droppable(notesMarkdown(d.notes), "The notes (no data loss)"),
        droppable(unpricedMarkdown(heads), "The unpriced list"),
        fixed(footer),
      ],
      options.maxChars ?? COMMENT_LIMIT - GATE_RESERVE,
    );
  // Too long in full: first the per-component rows go (a resource row per change is worth more than
  // none for a whole stack), then whole <details> blocks; each warning's cause and fix go only when
  // keeping them would drop warnings or stack rows (the message still says what is lost).
  const better = (a: Fitted, b: Fitted) =>
    a.droppedFrom(2) !== b.droppedFrom(2) ? a.droppedFrom(2) < b.droppedFrom(2) : a.dropped < b.dropped;
  const pick = (candidates: readonly (readonly [boolean, boolean])[], best?: Fitted): Fitted => {
    for (const [components, fullWarnings] of candidates) {
      if (best && best.dropped === 0) break;
      const next = fit(components, fullWarnings);
      if (!best || better(next, best)) best = next;
    }
    return best!;
  };
  const full = pick([
    [true, true],
    [false, true],
  ]);
  if (full.droppedFrom(2) === 0) return full.text;
  return pick(
    [
      [true, false],
      [false, false],
    ],
    full,
  ).text;
}
