/** Rendering and writing the guardrails report (JSON for tools, Markdown for people). */
import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import type { GuardrailFinding, GuardrailsReport, RuleEquivalents } from "./types";

/** File names of the report inside a stack's synth directory (`cdktf.out/stacks/<stack>/`). */
export const REPORT_JSON_FILE = "guardrails.json";
export const REPORT_MARKDOWN_FILE = "guardrails.md";

/** One line for a failure, as shown in synth errors and warnings. */
export function formatFinding(stack: string, finding: GuardrailFinding): string {
  return (
    `[guardrails] ${finding.ruleId} ${finding.title} (${finding.severity}) ` +
    `— stack ${stack}, ${finding.constructPath} (${finding.address}): ${finding.message}. ` +
    `Fix: ${finding.fix} To accept it, suppress ${finding.ruleId} on the construct or stack with a reason.`
  );
}

function equivalents(e: RuleEquivalents): string {
  const parts = [...(e.checkov ?? []), ...(e.trivy ?? [])];
  return parts.length === 0 ? "—" : parts.join(", ");
}

/** Markdown cell text: pipes escaped, newlines flattened. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The report as Markdown. */
export function renderMarkdown(report: GuardrailsReport): string {
  const t = report.totals;
  const lines: string[] = [
    `# Guardrails: ${report.stack} (${report.stage})`,
    "",
    `${t.rules} rules, ${t.evaluated} checks: ${t.passed} passed, ${t.failed} failed, ${t.suppressed} suppressed ` +
      `— **${t.errors} error(s), ${t.warnings} warning(s)**.`,
    "",
  ];
  if (report.problems.length > 0) {
    lines.push("## Problems", "");
    for (const p of report.problems) lines.push(`- \`${p.path}\`: ${p.message}`);
    lines.push("");
  }
  const failures = report.findings.filter((f) => f.status === "fail");
  lines.push("## Failures", "");
  if (failures.length === 0) lines.push("None.", "");
  else {
    lines.push("| rule | severity | resource | construct | finding | fix |", "|---|---|---|---|---|---|");
    for (const f of failures) {
      lines.push(
        `| ${f.ruleId} | ${f.severity} | \`${f.address}\` | \`${f.constructPath}\` | ${cell(f.message)} | ${cell(f.fix)} |`,
      );
    }
    lines.push("");
  }
  lines.push("## Suppressions", "");
  if (report.suppressions.length === 0) lines.push("None.", "");
  else {
    lines.push("| rule | scope | reason | failures covered |", "|---|---|---|---|");
    for (const s of report.suppressions) {
      lines.push(`| ${s.ruleId} | \`${s.scope}\` | ${cell(s.reason)} | ${s.matched} |`);
    }
    lines.push("");
    const suppressed = report.findings.filter((f) => f.status === "suppressed");
    if (suppressed.length > 0) {
      lines.push("Suppressed findings:", "");
      for (const f of suppressed)
        lines.push(`- ${f.ruleId} \`${f.address}\`: ${f.message} — _${f.suppression?.reason}_`);
      lines.push("");
    }
  }
  lines.push(
    "## Rules",
    "",
    "| rule | title | severity | stages | evaluated | passed | failed | suppressed | skipped | Checkov / Trivy |",
    "|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const r of report.rules) {
    const counts = r.applies
      ? `${r.evaluated} | ${r.passed} | ${r.failed} | ${r.suppressed} | ${r.skipped}`
      : "n/a | | | | ";
    lines.push(
      `| ${r.id} | ${cell(r.title)} | ${r.severity} | ${r.stages.join(", ")} | ${counts} | ${equivalents(r.equivalents)} |`,
    );
  }
  lines.push("");
  return lines.join("\n");
}

/** Writes `guardrails.json` and `guardrails.md` into `directory`. */
export function writeReport(directory: string, report: GuardrailsReport): void {
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, REPORT_JSON_FILE), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(directory, REPORT_MARKDOWN_FILE), renderMarkdown(report));
}
