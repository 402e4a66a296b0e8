/**
 * The engine's loop itself (guardrails/engine.ts): which resources a rule runs on, with rules written
 * here rather than the lakehouse's, on hand-made stack JSON.
 */
import { evaluateGuardrails } from "../../guardrails/engine";
import type { GuardrailRule, TerraformElementView } from "../../guardrails/types";

/** A rule of `resourceTypes` that fails every resource it runs on and records them. */
function failingRule(id: string, resourceTypes: string[], seen: string[]): GuardrailRule {
  return {
    id,
    title: `${id} fails everything`,
    severity: "error",
    resourceTypes,
    rationale: "test",
    fix: "none",
    check: (resource: TerraformElementView) => {
      seen.push(`${id} ${resource.address}`);
      return { status: "fail", message: "no" };
    },
  };
}

const json = {
  resource: {
    aws_s3_bucket: { a: {}, b: {} },
    "": { odd: {} },
    aws_kms_key: { k: {} },
  },
};

describe("guardrails engine", () => {
  it("runs a rule on its types' resources only, in the stack's order, and on none when no type matches", () => {
    const seen: string[] = [];
    const report = evaluateGuardrails(json as never, {
      stackName: "s",
      stage: "dev",
      rules: [
        failingRule("T-NONE", ["azurerm_*"], seen),
        failingRule("T-ONE", ["aws_kms_key"], seen),
        failingRule("T-TWO", ["aws_kms_key", "aws_s3_bucket"], seen),
      ],
      suppressions: [],
    });
    // (the stack reader lists resources by address)
    expect(seen).toEqual([
      "T-ONE aws_kms_key.k",
      "T-TWO aws_kms_key.k",
      "T-TWO aws_s3_bucket.a",
      "T-TWO aws_s3_bucket.b",
    ]);
    expect(report.rules.map((r) => [r.id, r.evaluated, r.failed])).toEqual([
      ["T-NONE", 0, 0],
      ["T-ONE", 1, 1],
      ["T-TWO", 3, 3],
    ]);
  });

  it("fails a resource whose check throws, with the error, and goes on with the other resources and rules", () => {
    const seen: string[] = [];
    const throwing: GuardrailRule = {
      ...failingRule("T-THROW", ["aws_s3_bucket"], seen),
      severity: "warning",
      check: (resource: TerraformElementView) => {
        if (resource.address === "aws_s3_bucket.a") throw new TypeError("Cannot read properties of null");
        return { status: "pass" };
      },
    };
    const report = evaluateGuardrails(json as never, {
      stackName: "s",
      stage: "dev",
      rules: [throwing, failingRule("T-ONE", ["aws_kms_key"], seen)],
      suppressions: [],
    });
    expect(report.rules.map((r) => [r.id, r.evaluated, r.passed, r.failed])).toEqual([
      ["T-THROW", 2, 1, 1],
      ["T-ONE", 1, 0, 1],
    ]);
    expect(report.findings.filter((f) => f.ruleId === "T-THROW")).toMatchObject([
      {
        address: "aws_s3_bucket.a",
        severity: "warning",
        status: "fail",
        message:
          "the rule could not check this resource (Cannot read properties of null); please report it as a guardrails bug",
      },
    ]);
    expect(seen).toEqual(["T-ONE aws_kms_key.k"]);
  });
});
