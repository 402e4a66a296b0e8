/**
 * The guardrails as the six example stacks wire them: zero unsuppressed errors, the accepted warnings,
 * and the one suppression (the DBFS root bucket), each with its reason.
 */
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App } from "cdktf";
import { EXAMPLE_CONFIG, loadConfig } from "../../config";
import type { GuardrailsReport } from "../../guardrails";
import type { AwsLakehouseStack } from "../../stacks/aws-lakehouse-stack";
import type { AzureLakehouseStack } from "../../stacks/azure-lakehouse-stack";
import { addLakehouseStacks } from "../../stacks/lakehouse-app";

const outdir = mkdtempSync(join(tmpdir(), "guardrails-example-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

// evaluate() applies the aspects and returns the report without writing anything.
const stacks = addLakehouseStacks(new App({ outdir }), loadConfig(EXAMPLE_CONFIG)) as (
  | AwsLakehouseStack
  | AzureLakehouseStack
)[];
const reports: GuardrailsReport[] = stacks.map((stack) => stack.guardrails.evaluate());
const failures = (report: GuardrailsReport) =>
  report.findings
    .filter((f) => f.status === "fail")
    .map((f) => `${f.severity} ${f.ruleId} ${f.constructPath}`);

test("all six example stacks are evaluated against every rule", () => {
  expect(reports.map((r) => [r.stack, r.stage])).toEqual([
    ["azure-dev", "dev"],
    ["azure-staging", "staging"],
    ["azure-prod", "prod"],
    ["aws-dev", "dev"],
    ["aws-staging", "staging"],
    ["aws-prod", "prod"],
  ]);
  for (const report of reports) {
    expect(report.totals.evaluated).toBeGreaterThan(30);
    expect(report.problems).toEqual([]);
  }
});

test("no stack has an unsuppressed error; the accepted prod warnings are the documented ones", () => {
  expect(reports.map((r) => [r.stack, r.totals.errors])).toEqual(reports.map((r) => [r.stack, 0]));
  expect(Object.fromEntries(reports.map((r) => [r.stack, failures(r)]))).toEqual({
    "azure-dev": [],
    "azure-staging": [],
    // Private storage (blob/dfs endpoints, NCC rules), private workspace, CMKs incl. DBFS root.
    "azure-prod": [],
    "aws-dev": [],
    "aws-staging": [],
    // No front-end PrivateLink (needs ENTERPRISE and a transit VPC) and no workspace CMKs yet.
    "aws-prod": [
      "warning LH-DBW-004 aws-prod/Workspace/Workspace",
      "warning LH-DBW-005 aws-prod/Workspace/Workspace",
    ],
  });
});

test("the only suppression is the DBFS root bucket's SSE-S3, on the AWS stacks, with its reason", () => {
  for (const report of reports) {
    const suppressed = report.findings.filter((f) => f.status === "suppressed");
    if (report.stack.startsWith("azure")) {
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
