/**
 * SQL expressions written by users (expectations, CDC delete conditions) are embedded in generated SQL
 * verbatim, so they are checked to be one boolean expression that cannot break out of its clause.
 */
import { z } from "zod";
import { customIssue as custom } from "../../vocabulary/config-issues";
import { TERRAFORM_TEMPLATE } from "./free-text";

/**
 * Why `expression` cannot be embedded in generated SQL as one parenthesised boolean expression, or
 * undefined when it can: no statement separators or comments, strings and quoted identifiers closed,
 * parentheses balanced (so it cannot close the surrounding `EXPECT (…)` early).
 */
export function unsafeExpressionReason(expression: string): string | undefined {
  if (expression.trim() === "") return "must not be empty";
  if (TERRAFORM_TEMPLATE.test(expression))
    return "must not contain '${' or '%{' (Terraform would interpolate it)";
  let depth = 0;
  for (let i = 0; i < expression.length; i++) {
    const char = expression[i]!;
    if (char === "'" || char === '"' || char === "`") {
      let j = i + 1;
      while (j < expression.length && expression[j] !== char) {
        if (expression[j] === "\\" && char !== "`") j++;
        j++;
      }
      if (j >= expression.length) return `has an unterminated ${char} quote`;
      i = j;
      continue;
    }
    if (char === ";") return "must not contain ';' (one expression, not statements)";
    if (char === "-" && expression[i + 1] === "-") return "must not contain '--' comments";
    if (char === "/" && expression[i + 1] === "*") return "must not contain '/*' comments";
    if (/[\r\n]/.test(char)) return "must be on one line";
    if (char === "(") depth++;
    if (char === ")" && --depth < 0) return "has a ')' without a matching '('";
  }
  return depth === 0 ? undefined : "has a '(' without a matching ')'";
}

/** A boolean SQL expression that is safe to embed (see {@link unsafeExpressionReason}). */
export const sqlExpression = z.string().superRefine((value, ctx) => {
  const reason = unsafeExpressionReason(value);
  if (reason) custom(ctx, `'${value}' ${reason}`);
});
