/**
 * `npm run policy [-- --config <file>] [--json]`: synthesizes the config every command would use (the
 * same `--config`, LAKEHOUSE_CONFIG, `lakehouse.config.{yaml,yml,json}` lookup; guardrail errors do not
 * stop the synth here, they are what the report is about), then prints the guardrails report of every
 * stack, headed by the config it came from. Exits 1 when a stack has unsuppressed errors, 2 when there
 * is no current report.
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { printPolicyReport } from "../guardrails/print-report";

function main(): number {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const synthArgs = args.filter((arg) => arg !== "--json");
  const synth = spawnSync(process.execPath, [join(__dirname, "..", "main.js"), ...synthArgs], {
    // With --json, stdout carries only the report: the synth's lines go to stderr.
    stdio: ["ignore", json ? process.stderr : "inherit", "inherit"],
    env: { ...process.env, CHECKPOINT_DISABLE: "1", CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true" },
  });
  if (synth.status !== 0) return synth.status ?? 1;
  return printPolicyReport(resolve(process.env.CDKTF_OUTDIR ?? "cdktf.out"), json ? "json" : "markdown");
}

process.exitCode = main();
