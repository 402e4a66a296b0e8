/**
 * `npm run policy`: prints the guardrails report of every synthesized stack and exits non-zero when a
 * stack has unsuppressed errors (or no report exists). Reads what synth wrote, so it needs no cloud and
 * no construct code:
 *
 *   node dist/guardrails/print-report.js [cdktf.out] [--json]
 *
 * It first says which config the output was synthesized from (cdktf.out/lakehouse-config.json), warns
 * when that file changed since, and refuses an output whose last synth failed.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { stackDirectories } from "../terraform-json/stack-dirs";
import { synthOutputStatus } from "../terraform-json/synth-output";
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

/**
 * The policy report of `outdir`, headed by which config it came from; returns the exit code. With
 * `json`, stdout holds only the JSON and the config lines go to stderr.
 */
export function printPolicyReport(
  outdir: string,
  format: "markdown" | "json",
  io: { stdout: (line: string) => void; stderr: (line: string) => void } = {
    stdout: (line) => console.log(line),
    stderr: (line) => console.error(line),
  },
): number {
  const status = synthOutputStatus(outdir);
  for (const line of status.lines) (format === "json" ? io.stderr : io.stdout)(line);
  if (status.problem) {
    io.stderr(`policy: ${status.problem}`);
    return 2;
  }
  const { text, exitCode } = policyOutput(readReports(outdir), format);
  io.stdout(text);
  return exitCode;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const outdir = args.find((a) => !a.startsWith("--")) ?? "cdktf.out";
  process.exitCode = printPolicyReport(outdir, args.includes("--json") ? "json" : "markdown");
}
