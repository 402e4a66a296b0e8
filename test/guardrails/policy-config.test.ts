/** `npm run policy` heads its report with the config the output came from, and refuses a failed synth. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { printPolicyReport } from "../../guardrails/print-report";
import { writeSynthFailure, writeSynthRecord } from "../../terraform-json/synth-output";

function capture(outdir: string, format: "markdown" | "json") {
  const out: string[] = [];
  const err: string[] = [];
  const code = printPolicyReport(outdir, format, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err };
}

test("the first line names the config; with no reports the exit code is 2", () => {
  const dir = mkdtempSync(join(tmpdir(), "policy-"));
  writeSynthRecord(dir, { config: { path: "/work/acme.yaml", via: "--config" }, stacks: [] });
  const { code, out } = capture(dir, "markdown");
  expect(out[0]).toBe(`config: /work/acme.yaml (via --config), synthesized into ${dir}`);
  expect(out[1]).toBe("No guardrails reports found: run `npm run synth` first.");
  expect(code).toBe(2);
  // JSON keeps stdout for the report only.
  expect(capture(dir, "json").err[0]).toBe(`config: /work/acme.yaml (via --config), synthesized into ${dir}`);
});

test("after a failed synth the old reports are not presented as current", () => {
  const dir = mkdtempSync(join(tmpdir(), "policy-"));
  writeSynthFailure(dir, { config: { via: "built-in example" }, reason: "2 error annotation(s)" });
  const { code, out, err } = capture(dir, "markdown");
  expect(code).toBe(2);
  expect(out).toEqual(["config: built-in example — the last synth FAILED"]);
  expect(err[0]).toMatch(/^policy: the last synth of .* failed \(2 error annotation\(s\)\)/);
});
