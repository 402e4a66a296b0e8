/**
 * Vocabulary of the guardrails engine: rules, what a check returns, suppressions and the report.
 * Rules look at the synthesized Terraform JSON (what `terraform plan` will read), never at construct
 * props, so a value set by an aspect, an override or a provider default is judged as Terraform sees it.
 */

import type { TerraformElement } from "../terraform-json/model";
import type { LinkOptions } from "../terraform-json/stack-index";
import type { Stage } from "../vocabulary/stage";

export { STAGES, type Stage } from "../vocabulary/stage";

/** `error` stops synth; `warning` becomes a construct annotation and a report entry. */
export type Severity = "error" | "warning";

/** Ids of equivalent checks in other scanners, so a finding can be cross-referenced or de-duplicated. */
export interface RuleEquivalents {
  /** Checkov check ids (`CKV_AWS_…`, `CKV2_AZURE_…`). */
  readonly checkov?: readonly string[];
  /** Trivy (Aqua AVD) ids (`AVD-AWS-…`, `AVD-AZU-…`). */
  readonly trivy?: readonly string[];
}

/**
 * One Terraform resource (or data source) of the synthesized JSON, as rules see it: the element
 * (`type`, `address`, `attributes` without cdktf's `//` metadata, tokens as `${…}` strings) with what the
 * construct tree knows about it.
 */
export interface TerraformElementView extends TerraformElement {
  /** Construct path, e.g. `aws-prod/Storage/Bronze/Bucket` (the address when unknown). */
  readonly constructPath: string;
  /** Whether the resource class has a `tags` map argument (known from the construct). */
  readonly taggable: boolean;
}

/** Outcome of one rule on one resource. */
export type CheckResult =
  | { readonly status: "pass"; readonly message?: string }
  | { readonly status: "fail"; readonly message: string }
  | { readonly status: "skip"; readonly message: string };

/** The resource passes the rule. */
export function passed(message?: string): CheckResult {
  return message === undefined ? { status: "pass" } : { status: "pass", message };
}

/** The resource breaks the rule; `message` says what was found. (A result, not an exception.) */
export function failed(message: string): CheckResult {
  return { status: "fail", message };
}

/** The rule does not apply to this particular resource (e.g. the access-log bucket for logging). */
export function skipped(message: string): CheckResult {
  return { status: "skip", message };
}

/** What a rule may ask about the stack around the resource it checks. */
export interface GuardrailContext {
  /** Stack name (`aws-prod`). */
  readonly stackName: string;
  /** Stage of the environment, so prod-only rules can apply. */
  readonly stage: Stage;
  /** Tag keys every taggable AWS/Azure resource must carry. */
  readonly requiredTagKeys: readonly string[];
  /** Tag keys every Databricks compute resource must carry in `custom_tags`. */
  readonly requiredComputeTagKeys: readonly string[];
  /** All resources of a type. */
  resources(type: string): readonly TerraformElementView[];
  /** All data sources of a type. */
  dataSources(type: string): readonly TerraformElementView[];
  /**
   * Resources of `type` whose `attribute` points to `target`: an interpolation of the target's address
   * (`${aws_s3_bucket.X.id}`), or a literal equal to one of the target's `identifying` attribute values.
   */
  linked(
    target: TerraformElementView,
    type: string,
    attribute: string,
    options?: LinkOptions,
  ): readonly TerraformElementView[];
  /** The resource or data source a `${type.id.attr}` expression points to, if it is in the stack. */
  lookup(expression: unknown): TerraformElementView | undefined;
  /** Provider blocks of one provider (`aws`, `azurerm`), as written in the JSON. */
  providers(name: string): readonly Readonly<Record<string, unknown>>[];
}

/** A policy rule. */
export interface GuardrailRule {
  /** Stable id, e.g. `LH-S3-001`. Suppressions name it. */
  readonly id: string;
  /** One line saying what must hold, e.g. "S3 buckets block all public access". */
  readonly title: string;
  readonly severity: Severity;
  /** Terraform types the rule checks; a trailing `*` matches a prefix (`aws_*`). */
  readonly resourceTypes: readonly string[];
  /**
   * Stages the rule applies to.
   * @default all stages
   */
  readonly stages?: readonly Stage[];
  /** Why the rule exists. */
  readonly rationale: string;
  /** How to comply (in this toolkit's terms: which prop or config field). */
  readonly fix: string;
  /** Equivalent Checkov / Trivy checks, where one exists. */
  readonly equivalents?: RuleEquivalents;
  /** Checks one resource of one of `resourceTypes`. */
  check(resource: TerraformElementView, context: GuardrailContext): CheckResult;
}

/** A documented exception to a rule for a construct and everything below it. */
export interface GuardrailSuppression {
  /** Rule id, e.g. `LH-AZST-007`. An id that names no rule is an error. */
  readonly ruleId: string;
  /** Why the exception is acceptable; must not be empty. Kept in the report. */
  readonly reason: string;
}

/** Per-rule counts in a report. */
export interface RuleSummary {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly resourceTypes: readonly string[];
  readonly stages: readonly Stage[];
  /** Whether the rule applied to this stack's stage. */
  readonly applies: boolean;
  readonly rationale: string;
  readonly fix: string;
  readonly equivalents: RuleEquivalents;
  /** Resources checked (passed + failed + suppressed). */
  readonly evaluated: number;
  readonly passed: number;
  readonly failed: number;
  readonly suppressed: number;
  /** Resources of a matching type the rule did not apply to. */
  readonly skipped: number;
}

/** One failed (or suppressed) check. */
export interface GuardrailFinding {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: "fail" | "suppressed";
  readonly resourceType: string;
  readonly address: string;
  readonly constructPath: string;
  readonly message: string;
  readonly fix: string;
  /** Set when suppressed: the reason and the construct path the suppression was declared on. */
  readonly suppression?: { readonly reason: string; readonly scope: string };
}

/** A suppression as declared, with how many failed checks it covered. */
export interface SuppressionRecord {
  readonly scope: string;
  readonly ruleId: string;
  readonly reason: string;
  /** Failed checks it turned into `suppressed`; 0 means it is not (or no longer) needed. */
  readonly matched: number;
}

/** The guardrails report of one stack. */
export interface GuardrailsReport {
  readonly stack: string;
  readonly stage: Stage;
  readonly totals: {
    readonly rules: number;
    readonly evaluated: number;
    readonly passed: number;
    readonly failed: number;
    readonly suppressed: number;
    /** Unsuppressed failures of error rules, plus invalid suppressions: synth fails when > 0. */
    readonly errors: number;
    /** Unsuppressed failures of warning rules. */
    readonly warnings: number;
  };
  readonly rules: readonly RuleSummary[];
  /** Failures and suppressed failures, ordered by rule id then address. */
  readonly findings: readonly GuardrailFinding[];
  readonly suppressions: readonly SuppressionRecord[];
  /** Configuration problems, e.g. a suppression naming an unknown rule. Each is an error. */
  readonly problems: readonly { readonly path: string; readonly message: string }[];
}
