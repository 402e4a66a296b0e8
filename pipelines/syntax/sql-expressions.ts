/**
 * SQL expressions written by users (expectations, CDC delete conditions) are embedded in generated SQL
 * verbatim, so they are checked to be one boolean expression that cannot break out of its clause.
 */
import { z } from "zod";
import { customIssue as custom, quote } from "../../vocabulary/config-issues";
import { unprintableReason } from "../../vocabulary/printable";
import { TERRAFORM_TEMPLATE } from "./free-text";

/**
 * Why `expression` cannot be embedded in generated SQL as one parenthesised boolean expression, or
 * undefined when it can: no statement separators or comments, strings and quoted identifiers closed,
 * parentheses balanced (so it cannot close the surrounding `EXPECT (…)` early), printable characters
 * only, and no subquery: DLT expectations and AUTO CDC conditions are evaluated per row and reject
 * `SELECT` when the pipeline runs, long after deploy.
 */
export function unsafeExpressionReason(expression: string): string | undefined {
  if (expression.trim() === "") return "must not be empty";
  if (/[\r\n\u2028\u2029\u0085]/.test(expression)) return "must be on one line";
  const unprintable = unprintableReason(expression);
  if (unprintable) return unprintable;
  if (TERRAFORM_TEMPLATE.test(expression))
    return "must not contain '${' or '%{' (Terraform would interpolate it)";
  let depth = 0;
  let unquoted = "";
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
      unquoted += " ";
      continue;
    }
    unquoted += char;
    if (char === ";") return "must not contain ';' (one expression, not statements)";
    if (char === "-" && expression[i + 1] === "-") return "must not contain '--' comments";
    if (char === "/" && expression[i + 1] === "*") return "must not contain '/*' comments";
    if (char === "(") depth++;
    if (char === ")" && --depth < 0) return "has a ')' without a matching '('";
  }
  if (depth !== 0) return "has a '(' without a matching ')'";
  // Outside quotes only: a string literal or a backticked column may say "select".
  if (/\bselect\b/i.test(unquoted)) {
    return "must not contain a subquery (SELECT): expectations and CDC conditions are evaluated per row; join the data in the pipeline instead";
  }
  return undefined;
}

/** A boolean SQL expression that is safe to embed (see {@link unsafeExpressionReason}). */
export const sqlExpression = z.string().superRefine((value, ctx) => {
  const reason = unsafeExpressionReason(value);
  if (reason) custom(ctx, `${quote(value)} ${reason}`);
});
