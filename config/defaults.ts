/**
 * Which values of a config came from defaults rather than from what the user wrote: used to say so in
 * validation errors ("this is a default") and to mark them in `npm run config:print`.
 */
import { valueAt } from "../vocabulary/config-issues";

/** `databricks.grants[2].group` → `["databricks", "grants", 2, "group"]`. */
export function parseFieldPath(field: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const match of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    parts.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  }
  return parts;
}

/** `["a", "b", 2]` → `a.b[2]`. */
export function formatFieldPath(path: readonly (string | number)[]): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join("");
}

/**
 * The shortest prefix of `path` that the user did not write although the effective config has a value
 * there, i.e. where a default took over; undefined when the value at `path` was written (or is absent
 * from both, as for a missing required field).
 */
export function defaultedPrefix(
  written: unknown,
  effective: unknown,
  path: readonly (string | number)[],
): (string | number)[] | undefined {
  if (valueAt(effective, path) === undefined) return undefined;
  for (let i = 1; i <= path.length; i++) {
    const prefix = path.slice(0, i);
    if (valueAt(written, prefix) === undefined) return prefix;
  }
  return undefined;
}

/**
 * The note added to a validation issue about a defaulted value, so the user knows why a field they never
 * wrote is wrong and what to set; empty when the value was written.
 */
export function defaultNote(written: unknown, effective: unknown, field: string, root = ""): string {
  const prefix = defaultedPrefix(written, effective, parseFieldPath(field));
  if (!prefix) return "";
  const where = `${root}${formatFieldPath(prefix)}`;
  return ` (this value is a default: ${where} is not in your config; set it to override the default)`;
}
