/**
 * The built-in rules by family. Each rule's code (here) is its resource types and check; its title,
 * severity, stages, rationale, fix and equivalents are its entry in catalog.json (joined by catalog.ts).
 */
import type { GuardrailRule } from "../types";
import { AWS_RULES } from "./aws";
import { AZURE_RULES } from "./azure";
import { DATABRICKS_RULES } from "./databricks";
import { ISOLATION_RULES } from "./isolation";
import { DEPLOYABILITY_RULES } from "./deployability";
import { PLATFORM_RULES } from "./platform";
import { POSTURE_RULES } from "./posture";

export * from "./aws";
export * from "./azure";
export * from "./databricks";
export * from "./isolation";
export * from "./deployability";
export * from "./platform";
export * from "./posture";

/** Every built-in lakehouse guardrail, in report order. */
export const LAKEHOUSE_RULES: readonly GuardrailRule[] = [
  ...AWS_RULES,
  ...AZURE_RULES,
  ...DATABRICKS_RULES,
  ...ISOLATION_RULES,
  ...POSTURE_RULES,
  ...PLATFORM_RULES,
  ...DEPLOYABILITY_RULES,
];
export * from "./iam-policy";
