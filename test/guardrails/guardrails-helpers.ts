/** Helpers for guardrail tests: tiny stacks with one provider, evaluation, and per-rule outcomes. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TerraformResource, TerraformStack, Testing } from "cdktf";
import type { IConstruct } from "constructs";
import {
  LakehouseGuardrails,
  type LakehouseGuardrailsProps,
} from "../../constructs/core/lakehouse-guardrails";
import type { GuardrailsReport, Stage } from "../../guardrails";

/** A stack with the AWS, azurerm and Databricks providers configured. */
export function guardrailStack(id = "t"): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  new DatabricksProvider(stack, "databricks", { host: "https://example.cloud.databricks.com" });
  return stack;
}

/** Evaluates the guardrails on a stack (aspects applied), without writing anything. */
export function evaluate(
  stack: TerraformStack,
  stage: Stage = "dev",
  props: Partial<LakehouseGuardrailsProps> = {},
): GuardrailsReport {
  return new LakehouseGuardrails(stack, "Guardrails", { stage, ...props }).evaluate();
}

/** Counts and failure messages of one rule in a report. */
export function outcome(report: GuardrailsReport, ruleId: string) {
  const summary = report.rules.find((r) => r.id === ruleId);
  if (!summary) throw new Error(`rule ${ruleId} not in report`);
  const failures = report.findings.filter((f) => f.ruleId === ruleId && f.status === "fail");
  return {
    applies: summary.applies,
    passed: summary.passed,
    failed: summary.failed,
    skipped: summary.skipped,
    suppressed: summary.suppressed,
    messages: failures.map((f) => f.message),
    addresses: failures.map((f) => f.address),
  };
}

/** The Terraform resource at `path` below `scope` (ids separated by `/`). */
export function resourceAt(scope: IConstruct, path: string): TerraformResource {
  let node: IConstruct = scope;
  for (const id of path.split("/")) node = node.node.findChild(id);
  if (!(node instanceof TerraformResource)) throw new Error(`${path} is not a resource`);
  return node;
}
