/**
 * The guardrails as the twelve example stacks wire them: zero unsuppressed errors and zero warnings
 * (the prod stacks have their private options on), and the one suppression (the SSE-S3 DBFS root
 * bucket of the AWS environment layers without a workspace storage key), with its reason.
 */
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App } from "cdktf";
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import type { GuardrailsReport } from "../../guardrails";
import type { LakehouseGuardrails } from "../../constructs/core/lakehouse-guardrails";
import { addLakehouseStacks } from "../../stacks/lakehouse-app";

const outdir = mkdtempSync(join(tmpdir(), "guardrails-example-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

// evaluate() applies the aspects and returns the report without writing anything.
const stacks = addLakehouseStacks(new App({ outdir }), loadConfig(EXAMPLE_CONFIG)) as unknown as {
  guardrails: LakehouseGuardrails;
}[];
const reports: GuardrailsReport[] = stacks.map((stack) => stack.guardrails.evaluate());
const failures = (report: GuardrailsReport) =>
  report.findings
    .filter((f) => f.status === "fail")
    .map((f) => `${f.severity} ${f.ruleId} ${f.constructPath}`);

test("all twelve example stacks (two deploy layers per environment) are evaluated against every rule", () => {
  expect(reports.map((r) => [r.stack, r.stage])).toEqual([
    ["azure-dev", "dev"],
    ["azure-dev-workspace", "dev"],
    ["azure-staging", "staging"],
    ["azure-staging-workspace", "staging"],
    ["azure-prod", "prod"],
    ["azure-prod-workspace", "prod"],
    ["aws-dev", "dev"],
    ["aws-dev-workspace", "dev"],
    ["aws-staging", "staging"],
    ["aws-staging-workspace", "staging"],
    ["aws-prod", "prod"],
    ["aws-prod-workspace", "prod"],
  ]);
  for (const report of reports) {
    expect(report.totals.evaluated).toBeGreaterThan(10);
    expect(report.problems).toEqual([]);
  }
});

test("no stack has an unsuppressed error or warning: the prod stacks have their private options on", () => {
  expect(reports.map((r) => [r.stack, r.totals.errors, r.totals.warnings])).toEqual(
    reports.map((r) => [r.stack, 0, 0]),
  );
  expect(Object.fromEntries(reports.map((r) => [r.stack, failures(r)]))).toEqual({
    "azure-dev": [],
    "azure-dev-workspace": [],
    "azure-staging": [],
    "azure-staging-workspace": [],
    // Private storage (blob/dfs endpoints, NCC rules), private workspace, CMKs incl. DBFS root.
    "azure-prod": [],
    "azure-prod-workspace": [],
    "aws-dev": [],
    "aws-dev-workspace": [],
    "aws-staging": [],
    "aws-staging-workspace": [],
    // Front-end PrivateLink without public access, workspace CMKs, NAT per zone, STS/Kinesis endpoints.
    "aws-prod": [],
    "aws-prod-workspace": [],
  });
});

test("the only suppression is the DBFS root bucket's SSE-S3 on AWS stacks without a workspace storage key", () => {
  for (const report of reports) {
    const suppressed = report.findings.filter((f) => f.status === "suppressed");
    if (
      report.stack.startsWith("azure") ||
      report.stack.endsWith("-workspace") ||
      report.stack === "aws-prod"
    ) {
      // aws-prod's root bucket is SSE-KMS with the workspace storage key.
      expect(suppressed).toEqual([]);
    } else {
      expect(suppressed.map((f) => [f.ruleId, f.constructPath])).toEqual([
        ["LH-S3-003", `${report.stack}/Workspace/RootBucket/Bucket`],
      ]);
      expect(suppressed[0]!.suppression?.reason).toMatch(
        /DBFS root bucket: Databricks writes it from its own account/,
      );
    }
  }
});
