/**
 * Suppressions: a documented exception to one rule for a construct and everything below it (a stack,
 * a storage construct, one bucket). Declared on the construct tree, so they follow the code they
 * excuse and show up in review next to it.
 */
import type { IConstruct } from "constructs";
import type { ScopedSuppression } from "../../guardrails/engine";
import type { GuardrailSuppression } from "../../guardrails/types";

const DECLARED = new WeakMap<IConstruct, GuardrailSuppression[]>();

/**
 * Suppresses guardrail rules for `scope` and all its children. The reason is mandatory and kept in the
 * report; an unknown rule id fails synth (checked against the stack's rules at synth time).
 * @throws when a reason is empty
 */
export function suppressGuardrails(scope: IConstruct, suppressions: readonly GuardrailSuppression[]): void {
  for (const suppression of suppressions) {
    if (typeof suppression.reason !== "string" || suppression.reason.trim() === "") {
      throw new Error(
        `Guardrail suppression of ${suppression.ruleId} on ${scope.node.path || "<app>"} needs a reason: say why the exception is acceptable`,
      );
    }
    if (typeof suppression.ruleId !== "string" || suppression.ruleId.trim() === "") {
      throw new Error(`Guardrail suppression on ${scope.node.path || "<app>"} needs a rule id`);
    }
    DECLARED.set(scope, [
      ...(DECLARED.get(scope) ?? []),
      { ruleId: suppression.ruleId.trim(), reason: suppression.reason.trim() },
    ]);
  }
}

/** Every suppression declared on `root` or below it, with the declaring construct's path. */
export function declaredSuppressions(root: IConstruct): ScopedSuppression[] {
  return root.node
    .findAll()
    .flatMap((node) => (DECLARED.get(node) ?? []).map((s) => ({ ...s, scope: node.node.path })));
}
