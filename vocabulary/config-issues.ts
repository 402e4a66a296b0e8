/**
 * How config problems are reported, shared by the lakehouse config (config/) and the dataset spec
 * (pipelines/), which sits below config: one error listing every issue as `<path>: <value> <rule>`, and
 * the zod rules that word their messages so.
 */
import { z } from "zod";
import { showUnprintable, unprintableReason } from "./printable";

/** Every problem found in a config, one line each, so a user fixes them all in one pass. */
export class ConfigValidationError extends Error {
  constructor(public readonly issues: readonly string[]) {
    super(
      `Invalid lakehouse config (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n  - ${issues.join("\n  - ")}`,
    );
    this.name = "ConfigValidationError";
  }
}

/** Adds a custom zod issue with a message that already names the value and the rule. */
export function customIssue(ctx: z.RefinementCtx, message: string): void {
  ctx.addIssue({ code: z.ZodIssueCode.custom, message });
}

/** The pattern of each {@link matching} schema (by its definition), for the generated JSON Schema. */
export const MATCHING_PATTERNS = new WeakMap<z.ZodTypeDef, RegExp>();

/**
 * A string matching `pattern`; the message carries the offending value and the rule it broke
 * ({@link formatZodIssue} words a failed string check as `<path>: '<value>' <rule>`). A check of the
 * string schema, not a refinement: zod runs a refinement through a wrapper that builds the value's path
 * and a context object for every value, a check does that only for a value that fails. Most strings of
 * a dataset spec are identifiers: loading a 250-table spec took ~1/3 less time. A record's keys take
 * {@link matchingKey}.
 */
export function matching(pattern: RegExp, rule: string) {
  // The issue's message is the rule, written after the value: formatZodIssue lower-cases its first letter.
  if (!/^[a-z]/.test(rule)) throw new Error(`matching: the rule must start in lower case: ${rule}`);
  const schema = z.string().regex(pattern, rule);
  MATCHING_PATTERNS.set(schema._def, pattern);
  return schema;
}

/**
 * {@link matching} for a record's keys: a refinement, whose message names the key itself (a failed
 * check's issue points at the entry, whose value the message would show instead).
 */
export function matchingKey(pattern: RegExp, rule: string) {
  const schema = z.string().superRefine((value, ctx) => {
    if (!pattern.test(value)) customIssue(ctx, `${quote(value)} ${rule}`);
  });
  MATCHING_PATTERNS.set(schema._def, pattern);
  return schema;
}

/**
 * One line of printable text of `min`–`max` characters, without leading or trailing spaces: what may
 * reach a tag value, a comment or a principal name (see `printable.ts` for what is refused).
 */
export function printableLine(min: number, max: number) {
  return z.string().superRefine((value, ctx) => {
    const unprintable = unprintableReason(value);
    const problem =
      value === "" && min > 0
        ? "must not be empty"
        : unprintable
          ? `${unprintable}; use printable characters only`
          : value.trim() === "" && min > 0
            ? "must not be blank"
            : value !== value.trim()
              ? "must not start or end with spaces"
              : value.length < min || value.length > max
                ? `must be ${min}–${max} characters (has ${value.length})`
                : undefined;
    if (problem) customIssue(ctx, `${quote(value)} ${problem}`);
  });
}

/** The range of each {@link wholeNumber} schema (by its definition), for the generated JSON Schema. */
export const WHOLE_NUMBER_RANGES = new WeakMap<
  z.ZodTypeDef,
  { readonly min: number; readonly max: number }
>();

/** A whole number within [min, max] of `unit`. */
export function wholeNumber(min: number, max: number, unit: string) {
  const schema = z.number().superRefine((value, ctx) => {
    if (!Number.isInteger(value) || value < min || value > max) {
      customIssue(ctx, `${value} must be a whole number of ${unit} from ${min} to ${max}`);
    }
  });
  WHOLE_NUMBER_RANGES.set(schema._def, { min, max });
  return schema;
}

/** The input value an issue points at, for messages zod words without it. */
export function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>(
    (value, key) =>
      value !== null && typeof value === "object"
        ? (value as Record<string | number, unknown>)[key]
        : undefined,
    input,
  );
}

/** A string as messages show it: quoted, cut after 60 characters, unprintable characters as `\u{…}`. */
export function quote(value: string): string {
  return `'${showUnprintable(value.length > 60 ? `${value.slice(0, 60)}…` : value)}'`;
}

export function describeValue(value: unknown): string {
  if (typeof value === "string") return quote(value);
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? "" : "s"}]`;
  if (value !== null && typeof value === "object") return "{…}";
  return String(value);
}

/** Names the entry at `index` of the list `list` for issue paths, or undefined to print `[index]`. */
export type EntryNamer = (list: string, index: number, input: unknown) => string | undefined;

/**
 * An issue path as users read it: `<root>.a.b[2]`, where an entry of a top-level list may be named
 * instead of numbered (`environments.aws-prod`, `datasets.tables.transactions`); `(root)` for an empty
 * path without a root.
 */
export function formatPath(
  path: readonly (string | number)[],
  input: unknown,
  options: { readonly root?: string; readonly entryName?: EntryNamer } = {},
): string {
  const root = options.root ?? "";
  let out = root;
  path.forEach((part, i) => {
    const name =
      i === 1 && typeof part === "number" && typeof path[0] === "string"
        ? options.entryName?.(path[0], part, input)
        : undefined;
    if (name !== undefined) out += `.${name}`;
    else if (typeof part === "number") out += `[${part}]`;
    else out += `${i === 0 && root === "" ? "" : "."}${part}`;
  });
  // Keys and entry names come from the input: shown escaped like values.
  return showUnprintable(out) || "(root)";
}

/** A zod issue as `<path>: <value> <rule>`; `formatPath` names list entries the way each config reads. */
export function formatZodIssue(
  issue: z.ZodIssue,
  input: unknown,
  formatPath: (path: readonly (string | number)[], input: unknown) => string,
): string {
  const where = formatPath(issue.path, input);
  const value = () => describeValue(valueAt(input, issue.path));
  const lowerFirst = (text: string) => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
  switch (issue.code) {
    case "invalid_type":
      if (issue.received === "undefined") {
        return `${where}: ${issue.message === "Required" ? `is required (${issue.expected})` : issue.message}`;
      }
      return `${where}: ${value()} must be ${issue.expected === "integer" ? "a whole number" : `a ${issue.expected}`}, got ${issue.received}`;
    case "unrecognized_keys":
      return `${where}: unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}`;
    case "invalid_enum_value":
      return `${where}: '${String(issue.received)}' must be one of ${issue.options.join(", ")}`;
    case "invalid_literal":
      return `${where}: ${describeValue(issue.received)} must be ${describeValue(issue.expected)}`;
    case "invalid_union_discriminator": {
      const options = issue.options.map(String).join(", ");
      return valueAt(input, issue.path) === undefined
        ? `${where}: must be one of ${options}`
        : `${where}: ${value()} must be one of ${options}`;
    }
    case "invalid_union":
      return `${where}: ${value()} must be ${unionAlternatives(issue)}`;
    case "too_small":
    case "too_big":
    case "invalid_string":
      return `${where}: ${value()} ${lowerFirst(issue.message)}`;
    default:
      return `${where}: ${issue.message}`;
  }
}

/**
 * What a union accepts, from its members' own issues at the union's path: the literal values
 * (`one of 1, 2`) or the types (`a string or a number`); a generic phrase for richer members.
 */
function unionAlternatives(issue: z.ZodInvalidUnionIssue): string {
  const atUnion = (inner: z.ZodIssue) =>
    inner.path.length === issue.path.length && inner.path.every((part, i) => part === issue.path[i]);
  const members = issue.unionErrors.map((error) => error.issues.filter(atUnion));
  if (members.every((m) => m.length === 1 && m[0]!.code === "invalid_literal")) {
    const literals = members.map((m) => (m[0] as z.ZodInvalidLiteralIssue).expected);
    return `one of ${literals.map((l) => (typeof l === "string" ? `'${l}'` : String(l))).join(", ")}`;
  }
  if (members.every((m) => m.length === 1 && m[0]!.code === "invalid_type")) {
    const types = [...new Set(members.map((m) => (m[0] as z.ZodInvalidTypeIssue).expected))];
    return types.map((t) => `a ${t}`).join(" or ");
  }
  return "one of the allowed values";
}
