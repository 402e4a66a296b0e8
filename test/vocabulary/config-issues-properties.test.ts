/**
 * Property test: `matching` (a zod string check since speed3) words a failing value exactly as the
 * refinement it replaced did (`<path>: ` + quote(value) + ` <rule>`), for any string, in objects, arrays
 * and record values.
 */
import fc from "fast-check";
import { z } from "zod";
import { formatPath, formatZodIssue, matching, quote } from "../../vocabulary/config-issues";

const RULE = "must be lowercase letters";
const PATTERN = /^[a-z]{1,5}$/;

/** The refinement `matching` was before speed3 (its message names the value itself). */
const refined = z.string().superRefine((value, ctx) => {
  if (!PATTERN.test(value)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${quote(value)} ${RULE}` });
});

function issuesOf(field: z.ZodTypeAny, input: unknown): string[] {
  const schema = z.object({ a: field, list: z.array(field), map: z.record(z.string(), field) }).strict();
  const parsed = schema.safeParse(input);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => formatZodIssue(issue, input, (path) => formatPath(path, input)));
}

const text = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.constantFrom("abc", "", "A", "a b", "\u0007", "\ud800", "x".repeat(70)),
);

test("matching's issues read as the refinement's did", () => {
  fc.assert(
    fc.property(
      text,
      fc.array(text, { maxLength: 3 }),
      fc.dictionary(text, text, { maxKeys: 3 }),
      (a, list, map) => {
        const input = { a, list, map };
        expect(issuesOf(matching(PATTERN, RULE), input)).toEqual(issuesOf(refined, input));
      },
    ),
    { numRuns: 500 },
  );
});
