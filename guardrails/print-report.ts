/**
 * `npm run policy`: prints the guardrails report of every synthesized stack and exits non-zero when a
 * stack has unsuppressed errors (or no report exists). Reads what synth wrote, so it needs no cloud and
 * no construct code:
 *
 *   node dist/guardrails/print-report.js [cdktf.out] [--json]
 */
import { readFileSync } from "fs";
import { join } from "path";
import { stackDirectories } from "../terraform-json/stack-dirs";
import { REPORT_JSON_FILE, renderMarkdown } from "./report";
import type { GuardrailsReport } from "./types";

/** Reports found under `<outdir>/stacks/*`, by stack directory name. */
export function readReports(outdir: string): GuardrailsReport[] {
  return stackDirectories(outdir, REPORT_JSON_FILE).map(
    (dir) => JSON.parse(readFileSync(join(dir, REPORT_JSON_FILE), "utf8")) as GuardrailsReport,
  );
}

/** The text `npm run policy` prints, and its exit code. */
export function policyOutput(
  reports: readonly GuardrailsReport[],
  format: "markdown" | "json",
): {
  readonly text: string;
  readonly exitCode: number;
} {
  if (reports.length === 0) {
    return { text: "No guardrails reports found: run `npm run synth` first.", exitCode: 2 };
  }
  const failing = reports.filter((r) => r.totals.errors > 0);
  const summary = reports
    .map(
      (r) =>
        `- ${r.stack} (${r.stage}): ${r.totals.errors} error(s), ${r.totals.warnings} warning(s), ${r.totals.suppressed} suppressed`,
    )
    .join("\n");
  const text =
    format === "json"
      ? JSON.stringify(reports, null, 2)
      : [...reports.map(renderMarkdown), "# Summary", "", summary, ""].join("\n");
  return { text, exitCode: failing.length > 0 ? 1 : 0 };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const outdir = args.find((a) => !a.startsWith("--")) ?? "cdktf.out";
  const { text, exitCode } = policyOutput(readReports(outdir), args.includes("--json") ? "json" : "markdown");
  console.log(text);
  process.exitCode = exitCode;
}
