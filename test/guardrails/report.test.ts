import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { suppressGuardrails } from "../../constructs/core/guardrail-suppressions";
import { LAKEHOUSE_RULES, renderMarkdown } from "../../guardrails";
import { evaluate, guardrailStack } from "./guardrails-helpers";

function sampleReport() {
  const stack = guardrailStack();
  new KmsKey(stack, "Rotating", { enableKeyRotation: true });
  new KmsKey(stack, "Static", { description: "x" });
  const suppressed = new KmsKey(stack, "Imported", { description: "y" });
  suppressGuardrails(suppressed, [
    { ruleId: "LH-KMS-001", reason: "imported key material | rotated by hand" },
  ]);
  return evaluate(stack, "prod");
}

describe("rule catalog", () => {
  test("ids are unique and well-formed; every rule has a title, rationale, fix and resource types", () => {
    const ids = LAKEHOUSE_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of LAKEHOUSE_RULES) {
      expect(rule.id).toMatch(/^LH-[A-Z0-9]+-\d{3}$/);
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.rationale.length).toBeGreaterThan(20);
      expect(rule.fix.length).toBeGreaterThan(10);
      expect(rule.resourceTypes.length).toBeGreaterThan(0);
      for (const id of rule.equivalents?.checkov ?? []) expect(id).toMatch(/^CKV2?_(AWS|AZURE)_\d+$/);
      for (const id of rule.equivalents?.trivy ?? []) expect(id).toMatch(/^AVD-(AWS|AZU)-\d{4}$/);
    }
  });
});

describe("guardrails report", () => {
  const report = sampleReport();

  test("JSON lists every rule with counts and equivalents, failures and suppressions with reasons", () => {
    expect(report.rules.map((r) => r.id)).toEqual(LAKEHOUSE_RULES.map((r) => r.id));
    expect(report.rules.find((r) => r.id === "LH-KMS-001")).toMatchObject({
      severity: "error",
      applies: true,
      evaluated: 3,
      passed: 1,
      failed: 1,
      suppressed: 1,
      equivalents: { checkov: ["CKV_AWS_7"], trivy: ["AVD-AWS-0065"] },
    });
    expect(report.findings.filter((f) => f.ruleId === "LH-KMS-001")).toEqual([
      expect.objectContaining({ status: "suppressed", address: "aws_kms_key.Imported" }),
      expect.objectContaining({
        status: "fail",
        address: "aws_kms_key.Static",
        message: "enable_key_rotation is not true",
      }),
    ]);
    expect(report.suppressions).toEqual([
      {
        scope: "t/Imported",
        ruleId: "LH-KMS-001",
        reason: "imported key material | rotated by hand",
        matched: 1,
      },
    ]);
  });

  test("Markdown has the summary, failures, suppressions with reasons and the rule table with Checkov/Trivy ids", () => {
    const md = renderMarkdown(report);
    expect(md).toMatch(/^# Guardrails: t \(prod\)\n/);
    expect(md).toContain(`${report.totals.rules} rules, ${report.totals.evaluated} checks`);
    expect(md).toContain(
      "| LH-KMS-001 | error | `aws_kms_key.Static` | `t/Static` | enable_key_rotation is not true |",
    );
    expect(md).toContain("| LH-KMS-001 | `t/Imported` | imported key material \\| rotated by hand | 1 |");
    expect(md).toContain(
      "| LH-KMS-001 | KMS keys rotate automatically | error | dev, staging, prod | 3 | 1 | 1 | 1 | 0 | CKV_AWS_7, AVD-AWS-0065 |",
    );
    expect(md).toContain(
      "| LH-S3-004 | S3 bucket policies deny requests that are not over TLS | error | dev, staging, prod | 0 | 0 | 0 | 0 | 0 | — |",
    );
    for (const rule of LAKEHOUSE_RULES) expect(md).toContain(`| ${rule.id} | `);
  });

  test("rules that do not apply to the stage are marked n/a", () => {
    const stack = guardrailStack();
    const md = renderMarkdown(evaluate(stack, "dev"));
    expect(md).toContain(
      "| LH-AZST-008 | Prod storage accounts encrypt with a customer-managed key | error | prod | n/a |",
    );
  });

  test("the same stack gives the same report (no timestamps, stable order)", () => {
    expect(JSON.stringify(sampleReport())).toBe(JSON.stringify(report));
  });
});
