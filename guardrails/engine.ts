/**
 * The rule engine as a pure function over synthesized Terraform JSON: which rules apply, what each
 * resource scored, which failures are suppressed (and why), and the report. The cdktf aspect
 * ({@link LakehouseGuardrails}) feeds it `stack.toTerraform()` at synth time; tests and tools may feed
 * it any `cdk.tf.json`.
 */
import { TAG_KEYS } from "../vocabulary/tags";
import { LAKEHOUSE_RULES } from "./rules";
import type { SynthesizedStackJson } from "../terraform-json/synthesized-stack";
import { buildContext, type ElementInfo } from "./context";
import {
  failed,
  STAGES,
  type CheckResult,
  type GuardrailContext,
  type GuardrailFinding,
  type GuardrailRule,
  type GuardrailSuppression,
  type GuardrailsReport,
  type RuleSummary,
  type Stage,
  type SuppressionRecord,
  type TerraformElementView,
} from "./types";

/** Tag keys every taggable AWS/Azure resource must carry: project, environment, owner, cost-center, layer, managed-by. */
export const DEFAULT_REQUIRED_TAG_KEYS: readonly string[] = Object.values(TAG_KEYS);

/** Tag keys Databricks compute must carry: the same without `layer` (compute serves every layer). */
export const DEFAULT_REQUIRED_COMPUTE_TAG_KEYS: readonly string[] = DEFAULT_REQUIRED_TAG_KEYS.filter(
  (key) => key !== TAG_KEYS.layer,
);

/** A suppression with the construct path it was declared on. */
export interface ScopedSuppression extends GuardrailSuppression {
  /** Construct path; the suppression covers this construct and everything below it. */
  readonly scope: string;
}

/** Inputs of {@link evaluateGuardrails}. */
export interface EvaluateGuardrailsOptions {
  readonly stackName: string;
  readonly stage: Stage;
  /** @default LAKEHOUSE_RULES */
  readonly rules?: readonly GuardrailRule[];
  /** @default DEFAULT_REQUIRED_TAG_KEYS */
  readonly requiredTagKeys?: readonly string[];
  /** @default DEFAULT_REQUIRED_COMPUTE_TAG_KEYS */
  readonly requiredComputeTagKeys?: readonly string[];
  /** @default none */
  readonly suppressions?: readonly ScopedSuppression[];
  /** Construct facts (path, taggable) by Terraform address. @default read from `//` metadata */
  readonly elementInfo?: (address: string) => ElementInfo | undefined;
}

/** Whether `type` matches one of a rule's resource types (`aws_*` matches a prefix). */
export function matchesResourceType(rule: GuardrailRule, type: string): boolean {
  return rule.resourceTypes.some((pattern) =>
    pattern.endsWith("*") ? type.startsWith(pattern.slice(0, -1)) : pattern === type,
  );
}

/**
 * `rule.check` on one resource. A rule that throws (a bug, or a value it did not expect) fails that
 * resource with what went wrong, at the rule's severity: the other rules and resources are still
 * checked, and synth reports it as one finding instead of stopping with a stack trace.
 */
function checked(
  rule: GuardrailRule,
  resource: TerraformElementView,
  context: GuardrailContext,
): CheckResult {
  try {
    return rule.check(resource, context);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failed(`the rule could not check this resource (${reason}); please report it as a guardrails bug`);
  }
}

function covers(scope: string, path: string): boolean {
  return path === scope || path.startsWith(`${scope}/`);
}

/** Runs every applicable rule on every resource of one synthesized stack. */
export function evaluateGuardrails(
  json: SynthesizedStackJson,
  options: EvaluateGuardrailsOptions,
): GuardrailsReport {
  const rules = options.rules ?? LAKEHOUSE_RULES;
  const ruleIds = new Set(rules.map((r) => r.id));
  const { resources, context } = buildContext(json, {
    stackName: options.stackName,
    stage: options.stage,
    requiredTagKeys: options.requiredTagKeys ?? DEFAULT_REQUIRED_TAG_KEYS,
    requiredComputeTagKeys: options.requiredComputeTagKeys ?? DEFAULT_REQUIRED_COMPUTE_TAG_KEYS,
    elementInfo: options.elementInfo,
  });

  const problems: { path: string; message: string }[] = [];
  const suppressions: (ScopedSuppression & { matched: number })[] = [];
  for (const s of options.suppressions ?? []) {
    if (!ruleIds.has(s.ruleId)) {
      problems.push({
        path: s.scope,
        message: `guardrail suppression names unknown rule '${s.ruleId}' (known: ${[...ruleIds].join(", ")})`,
      });
    } else if (s.reason.trim() === "") {
      problems.push({ path: s.scope, message: `guardrail suppression of ${s.ruleId} has no reason` });
    } else {
      suppressions.push({ ...s, matched: 0 });
    }
  }
  const suppressionFor = (ruleId: string, path: string) =>
    suppressions
      .filter((s) => s.ruleId === ruleId && covers(s.scope, path))
      .sort((a, b) => b.scope.length - a.scope.length)[0];

  const findings: GuardrailFinding[] = [];
  const summaries: RuleSummary[] = [];
  // A stack has a few dozen resource types and hundreds of resources: match each rule's patterns
  // against the types once, not against every resource.
  const byType = new Map<string, TerraformElementView[]>();
  for (const resource of resources) {
    const sameType = byType.get(resource.type);
    if (sameType) sameType.push(resource);
    else byType.set(resource.type, [resource]);
  }
  const types = [...byType.keys()];
  for (const rule of rules) {
    const stages = rule.stages ?? STAGES;
    const applies = stages.includes(options.stage);
    const counts = { passed: 0, failed: 0, suppressed: 0, skipped: 0 };
    if (applies) {
      const ruleTypes = types.filter((type) => matchesResourceType(rule, type));
      // In the stack's order: one type's resources as listed, several types' picked from the whole list.
      const matching =
        ruleTypes.length === 0
          ? []
          : ruleTypes.length === 1
            ? byType.get(ruleTypes[0]!)!
            : resources.filter((resource) => ruleTypes.includes(resource.type));
      for (const resource of matching) {
        const result = checked(rule, resource, context);
        if (result.status === "pass") counts.passed++;
        else if (result.status === "skip") counts.skipped++;
        else {
          const suppression = suppressionFor(rule.id, resource.constructPath);
          if (suppression) {
            suppression.matched++;
            counts.suppressed++;
          } else counts.failed++;
          findings.push({
            ruleId: rule.id,
            title: rule.title,
            severity: rule.severity,
            status: suppression ? "suppressed" : "fail",
            resourceType: resource.type,
            address: resource.address,
            constructPath: resource.constructPath,
            message: result.message,
            fix: rule.fix,
            ...(suppression ? { suppression: { reason: suppression.reason, scope: suppression.scope } } : {}),
          });
        }
      }
    }
    summaries.push({
      id: rule.id,
      title: rule.title,
      severity: rule.severity,
      resourceTypes: rule.resourceTypes,
      stages,
      applies,
      rationale: rule.rationale,
      fix: rule.fix,
      equivalents: rule.equivalents ?? {},
      evaluated: counts.passed + counts.failed + counts.suppressed,
      ...counts,
    });
  }

  findings.sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.address.localeCompare(b.address));
  const unsuppressed = findings.filter((f) => f.status === "fail");
  const sum = (key: "evaluated" | "passed" | "failed" | "suppressed") =>
    summaries.reduce((total, s) => total + s[key], 0);
  return {
    stack: options.stackName,
    stage: options.stage,
    totals: {
      rules: rules.length,
      evaluated: sum("evaluated"),
      passed: sum("passed"),
      failed: sum("failed"),
      suppressed: sum("suppressed"),
      errors: unsuppressed.filter((f) => f.severity === "error").length + problems.length,
      warnings: unsuppressed.filter((f) => f.severity === "warning").length,
    },
    rules: summaries,
    findings,
    suppressions: suppressions
      .map(({ scope, ruleId, reason, matched }): SuppressionRecord => ({ scope, ruleId, reason, matched }))
      .sort((a, b) => a.scope.localeCompare(b.scope) || a.ruleId.localeCompare(b.ruleId)),
    problems,
  };
}
