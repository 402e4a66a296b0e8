/**
 * User text that ends up in deployed files (comments, options, paths): the generated SQL is deployed as
 * workspace file content, where Terraform would interpolate `${…}` and `%{…}`.
 */
import { z } from "zod";
import { customIssue as custom, quote } from "../../vocabulary/config-issues";
import { unprintableReason } from "../../vocabulary/printable";

/** Terraform interpolates `${…}` and `%{…}` in the workspace file content the SQL is deployed as. */
export const TERRAFORM_TEMPLATE = /[$%]\{/;

/**
 * At most `max` characters, printable (line breaks allowed: comments are written on one line), and no
 * Terraform template sequences.
 */
export function freeText(max: number) {
  return z.string().superRefine((value, ctx) => {
    if (value.length > max) custom(ctx, `'${value.slice(0, 40)}…' must be at most ${max} characters`);
    const unprintable = unprintableReason(value, { allowLineBreaks: true });
    if (unprintable) custom(ctx, `${quote(value)} ${unprintable}; use printable characters only`);
    if (TERRAFORM_TEMPLATE.test(value)) {
      custom(ctx, `'${value}' must not contain '\${' or '%{' (Terraform would interpolate it)`);
    }
  });
}
