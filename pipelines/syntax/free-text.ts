/**
 * User text that ends up in deployed files (comments, options, paths): the generated SQL is deployed as
 * workspace file content, where Terraform would interpolate `${…}` and `%{…}`.
 */
import { z } from "zod";
import { customIssue as custom } from "../../vocabulary/config-issues";

/** Terraform interpolates `${…}` and `%{…}` in the workspace file content the SQL is deployed as. */
export const TERRAFORM_TEMPLATE = /[$%]\{/;

/** At most `max` characters and no Terraform template sequences. */
export function freeText(max: number) {
  return z.string().superRefine((value, ctx) => {
    if (value.length > max) custom(ctx, `'${value.slice(0, 40)}…' must be at most ${max} characters`);
    if (TERRAFORM_TEMPLATE.test(value)) {
      custom(ctx, `'${value}' must not contain '\${' or '%{' (Terraform would interpolate it)`);
    }
  });
}
