/** Small helpers over Terraform JSON values: nested paths through blocks, canonical comparison. */

import { type Attributes, blocks, isRecord } from "../../terraform-json/values";

export { isRecord };
export type Values = Attributes;

/** A nested block as a list (cdktf writes a single block as an object or a list, plans as a list). */
export const blockList = blocks;

/** The value at a dotted path; a block written as a list is entered at its first element. */
export function pathValue(values: Values | undefined, path: string): unknown {
  let current: unknown = values;
  for (const key of path.split(".")) {
    if (Array.isArray(current))
      current = current.length === 1 && isRecord(current[0]) ? current[0] : undefined;
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
export function canonical(v: unknown): string {
  return (
    JSON.stringify(v, (_k, value: unknown) =>
      isRecord(value)
        ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
        : value,
    ) ?? "undefined"
  );
}

/**
 * Whether two values are the same for Terraform: absent, null and an empty list/object are the same
 * (an optional block left out), and a one-element list equals its element (cdktf writes a single
 * block either way).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(normalize(a)) === canonical(normalize(b));
}

function normalize(v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    if (v.length === 1 && isRecord(v[0])) return normalize(v[0]);
    return v.map(normalize);
  }
  if (isRecord(v)) {
    const entries = Object.entries(v)
      .map(([k, x]) => [k, normalize(x)] as const)
      .filter(([, x]) => x !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return v;
}

/** Short text of a value for messages (long enough for a storage URL with a token in it). */
export function show(v: unknown): string {
  if (v === undefined) return "(unset)";
  const text = typeof v === "string" ? JSON.stringify(v) : canonical(v);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}
