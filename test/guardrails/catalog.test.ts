import { LAKEHOUSE_RULES, WAREHOUSE_AUTO_STOP, PROPAGATION_DELAY_LENGTH } from "../../guardrails";
import { guardrailRule, readRuleCatalog, RULE_CATALOG } from "../../guardrails/rules/catalog";
import { passed } from "../../guardrails/types";

const entry = (id: string, fields: Record<string, unknown> = {}) => ({
  id,
  title: "A title",
  severity: "error",
  rationale: "Why it matters",
  fix: "What to set",
  ...fields,
});

describe("guardrail rule catalog (guardrails/rules/catalog.json)", () => {
  test("has one entry per built-in rule and one rule per entry, each id once", () => {
    const ruleIds = LAKEHOUSE_RULES.map((rule) => rule.id);
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
    expect([...RULE_CATALOG.keys()].sort()).toEqual([...ruleIds].sort());
    expect(ruleIds).toHaveLength(55);
  });

  test("rules carry their entry's texts and policy, placeholders filled from the code's constants", () => {
    expect(WAREHOUSE_AUTO_STOP).toMatchObject({
      id: "LH-CMP-003",
      title: "SQL warehouses stop when idle (auto stop 1–120 minutes)",
      severity: "error",
      resourceTypes: ["databricks_sql_endpoint"],
      fix: "Set auto_stop_mins between 1 (serverless) or 10 (classic) and 120 (config databricks.warehouse.autoStopMinutes).",
    });
    expect(PROPAGATION_DELAY_LENGTH.title).toBe("Delays after identity changes last at least 60 s");
    const prodOnly = LAKEHOUSE_RULES.find((rule) => rule.id === "LH-AZST-007");
    expect(prodOnly?.stages).toEqual(["prod"]);
    expect(prodOnly?.severity).toBe("warning");
    expect(LAKEHOUSE_RULES.find((rule) => rule.id === "LH-KV-001")?.equivalents).toEqual({
      checkov: ["CKV_AZURE_110"],
      trivy: ["AVD-AZU-0016"],
    });
    expect("stages" in WAREHOUSE_AUTO_STOP).toBe(false);
  });

  test("no rule text keeps a placeholder unfilled (e.g. a lowercase or spaced {name}, which guardrailRule does not read)", () => {
    const unfilled = LAKEHOUSE_RULES.flatMap((rule) =>
      [rule.title, rule.rationale, rule.fix]
        .filter((text) => /\{\s*[A-Za-z_][\w-]*\s*\}/.test(text))
        .map((text) => `${rule.id}: ${text}`),
    );
    expect(unfilled).toEqual([]);
  });

  test("an id listed twice fails with the id", () => {
    expect(() => readRuleCatalog([entry("LH-X-001"), entry("LH-X-002"), entry("LH-X-001")])).toThrow(
      "guardrail catalog lists LH-X-001 twice",
    );
  });

  test("a malformed entry fails with its id and what is wrong", () => {
    expect(() => readRuleCatalog([entry("LH-X-001", { severity: "fatal" })])).toThrow(
      'guardrail catalog entry LH-X-001: severity must be "error" or "warning", not "fatal"',
    );
    expect(() => readRuleCatalog([entry("LH-X-001", { rationle: "typo" })])).toThrow(
      "guardrail catalog entry LH-X-001: unknown field(s) rationle",
    );
    expect(() => readRuleCatalog([entry("LH-X-001", { fix: "" })])).toThrow(
      "guardrail catalog entry LH-X-001: fix must be a non-empty string",
    );
    expect(() => readRuleCatalog([entry("LH-X-001", { stages: ["production"] })])).toThrow(
      "guardrail catalog entry LH-X-001: stages must list some of dev, staging, prod",
    );
    expect(() => readRuleCatalog([entry("LH-X-001", { equivalents: { tfsec: ["x"] } })])).toThrow(
      "guardrail catalog entry LH-X-001: equivalents must map checkov and/or trivy to lists of check ids",
    );
  });

  test("a rule without an entry, declared twice, or whose placeholders and values differ fails at declaration", () => {
    const check = () => passed();
    expect(() => guardrailRule("LH-NONE-001", ["aws_s3_bucket"], check)).toThrow(
      "guardrail rule LH-NONE-001 has no entry in guardrails/rules/catalog.json",
    );
    expect(() => guardrailRule("LH-CMP-003", ["databricks_sql_endpoint"], check)).toThrow(
      "guardrail catalog entry LH-CMP-003: no value for {MAX_WAREHOUSE_AUTO_STOP_MINUTES}",
    );
    expect(() =>
      guardrailRule("LH-CMP-003", ["databricks_sql_endpoint"], check, {
        MAX_WAREHOUSE_AUTO_STOP_MINUTES: 120,
        MINUTES: 1,
      }),
    ).toThrow("guardrail rule LH-CMP-003: no {MINUTES} in its texts");
    expect(() => guardrailRule("LH-S3-001", ["aws_s3_bucket"], check)).toThrow(
      "guardrail rule LH-S3-001 is declared twice",
    );
  });
});
