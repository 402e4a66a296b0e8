import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { suppressGuardrails } from "../../constructs/core/guardrail-suppressions";
import { LakehouseGuardrails } from "../../constructs/core/lakehouse-guardrails";
import { evaluate, guardrailStack, outcome } from "./guardrails-helpers";

/** Two keys without rotation, one under Storage/, one under Ingest/. */
function keys() {
  const stack = guardrailStack();
  const storage = new Construct(stack, "Storage");
  const ingest = new Construct(stack, "Ingest");
  new KmsKey(storage, "Key", { description: "s" });
  new KmsKey(ingest, "Key", { description: "i" });
  return { stack, storage, ingest };
}

describe("guardrail suppressions", () => {
  test("a suppression on a construct covers its children only, and its reason is reported", () => {
    const { stack, storage } = keys();
    suppressGuardrails(storage, [
      { ruleId: "LH-KMS-001", reason: "key is imported; rotation managed by the HSM team" },
    ]);
    const report = evaluate(stack);
    expect(outcome(report, "LH-KMS-001")).toMatchObject({ failed: 1, suppressed: 1 });
    const suppressed = report.findings.find((f) => f.status === "suppressed")!;
    expect(suppressed).toMatchObject({
      constructPath: "t/Storage/Key",
      suppression: { reason: "key is imported; rotation managed by the HSM team", scope: "t/Storage" },
    });
    expect(report.suppressions).toEqual([
      {
        scope: "t/Storage",
        ruleId: "LH-KMS-001",
        reason: "key is imported; rotation managed by the HSM team",
        matched: 1,
      },
    ]);
    expect(report.totals.errors).toBe(
      outcome(report, "LH-KMS-001").failed +
        report.findings.filter(
          (f) => f.status === "fail" && f.ruleId !== "LH-KMS-001" && f.severity === "error",
        ).length,
    );
  });

  test("a stack-wide suppression (guardrails prop) is inherited by every construct", () => {
    const { stack } = keys();
    const report = new LakehouseGuardrails(stack, "Guardrails", {
      stage: "dev",
      suppressions: [{ ruleId: "LH-KMS-001", reason: "sandbox account, keys live for one day" }],
    }).evaluate();
    expect(outcome(report, "LH-KMS-001")).toMatchObject({ failed: 0, suppressed: 2 });
    expect(report.suppressions[0]).toMatchObject({ scope: "t", matched: 2 });
  });

  test("the nearest suppression wins", () => {
    const { stack, storage } = keys();
    suppressGuardrails(stack, [{ ruleId: "LH-KMS-001", reason: "stack reason" }]);
    suppressGuardrails(storage, [{ ruleId: "LH-KMS-001", reason: "storage reason" }]);
    const report = evaluate(stack);
    const reasons = report.findings
      .filter((f) => f.ruleId === "LH-KMS-001")
      .map((f) => [f.constructPath, f.suppression?.reason]);
    expect(reasons).toEqual([
      ["t/Ingest/Key", "stack reason"],
      ["t/Storage/Key", "storage reason"],
    ]);
  });

  test.each(["", "   "])("a suppression without a reason (%j) is rejected when declared", (reason) => {
    const { storage } = keys();
    expect(() => suppressGuardrails(storage, [{ ruleId: "LH-KMS-001", reason }])).toThrow(
      "Guardrail suppression of LH-KMS-001 on t/Storage needs a reason",
    );
  });

  test("a stack-wide suppression without a reason is rejected too", () => {
    const { stack } = keys();
    expect(
      () =>
        new LakehouseGuardrails(stack, "Guardrails", {
          stage: "dev",
          suppressions: [{ ruleId: "LH-KMS-001", reason: "" }],
        }),
    ).toThrow(/needs a reason/);
  });

  test("an unknown rule id is an error in the report (and fails synth)", () => {
    const { stack, storage } = keys();
    suppressGuardrails(storage, [{ ruleId: "LH-KMS-999", reason: "typo" }]);
    const report = evaluate(stack);
    expect(report.problems).toEqual([
      {
        path: "t/Storage",
        message: expect.stringMatching(
          /^guardrail suppression names unknown rule 'LH-KMS-999' \(known: LH-S3-001, /,
        ),
      },
    ]);
    expect(report.totals.errors).toBeGreaterThanOrEqual(1);
    expect(outcome(report, "LH-KMS-001").suppressed).toBe(0);
  });

  test("an unused suppression is reported with matched 0", () => {
    const { stack } = keys();
    suppressGuardrails(stack, [{ ruleId: "LH-S3-001", reason: "no buckets yet" }]);
    expect(evaluate(stack).suppressions).toEqual([
      { scope: "t", ruleId: "LH-S3-001", reason: "no buckets yet", matched: 0 },
    ]);
  });
});
