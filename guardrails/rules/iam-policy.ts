/**
 * IAM policy statements as rules read them: from literal JSON policy text or from an
 * `aws_iam_policy_document` data source (including its source and override documents).
 */
import { blocks, isRecord, jsonObject, strings } from "../../terraform-json/values";
import type { GuardrailContext, TerraformElementView } from "../types";

/** One IAM policy statement, normalized from JSON policy text or an `aws_iam_policy_document`. */
export interface PolicyStatement {
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  /** Principal identifiers; `*` for everyone (JSON `"Principal": "*"` or `{ AWS: "*" }`). */
  readonly principals: readonly string[];
  readonly conditions: readonly {
    readonly test: string;
    readonly variable: string;
    readonly values: readonly string[];
  }[];
}

function fromPolicyDocument(
  doc: TerraformElementView,
  context: GuardrailContext,
  seen: Set<string>,
): PolicyStatement[] | undefined {
  if (seen.has(doc.address)) return [];
  seen.add(doc.address);
  const statements: PolicyStatement[] = [];
  for (const source of [
    ...strings(doc.attributes.source_policy_documents),
    ...strings(doc.attributes.override_policy_documents),
  ]) {
    const nested = policyStatements(source, context, seen);
    if (nested) statements.push(...nested);
  }
  for (const s of blocks(doc.attributes.statement)) {
    statements.push({
      effect: s.effect === "Deny" ? "Deny" : "Allow",
      actions: strings(s.actions),
      principals: blocks(s.principals).flatMap((p) => strings(p.identifiers)),
      conditions: blocks(s.condition).map((c) => ({
        test: String(c.test ?? ""),
        variable: String(c.variable ?? ""),
        values: strings(c.values),
      })),
    });
  }
  return statements;
}

function fromJsonPolicy(text: string): PolicyStatement[] | undefined {
  const parsed = jsonObject(text);
  if (!parsed) return undefined;
  const list = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  return list.filter(isRecord).map((s) => {
    const principal = s.Principal;
    const principals =
      principal === "*" ? ["*"] : isRecord(principal) ? Object.values(principal).flatMap(strings) : [];
    const conditions: PolicyStatement["conditions"][number][] = [];
    if (isRecord(s.Condition)) {
      for (const [test, vars] of Object.entries(s.Condition)) {
        if (!isRecord(vars)) continue;
        for (const [variable, values] of Object.entries(vars)) {
          conditions.push({
            test,
            variable,
            values: strings(values).concat(typeof values === "boolean" ? [String(values)] : []),
          });
        }
      }
    }
    return {
      effect: s.Effect === "Deny" ? "Deny" : "Allow",
      actions: strings(s.Action),
      principals,
      conditions,
    } satisfies PolicyStatement;
  });
}

/**
 * Statements of a policy argument: literal JSON, or a reference to an `aws_iam_policy_document`
 * (including its source/override documents). Undefined when the policy cannot be read at synth time
 * (e.g. `${jsonencode(...)}` or a variable).
 */
export function policyStatements(
  value: unknown,
  context: GuardrailContext,
  seen: Set<string> = new Set(),
): PolicyStatement[] | undefined {
  if (typeof value !== "string") return undefined;
  if (!value.includes("${")) return fromJsonPolicy(value);
  const target = context.lookup(value);
  if (target?.type === "aws_iam_policy_document" && target.mode === "data") {
    return fromPolicyDocument(target, context, seen);
  }
  return undefined;
}
