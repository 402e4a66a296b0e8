/**
 * Reading attribute values of synthesized JSON and plans. cdktf writes a single nested block as an object
 * and repeated ones as a list, plans write every block as a list, and booleans and numbers may arrive as
 * strings; readers should not care which.
 */

/** Attribute values of one resource, data source or nested block. */
export type Attributes = Readonly<Record<string, unknown>>;

/** Whether `value` is a JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The JSON object an attribute holds as text (an IAM policy, a cluster policy definition), or undefined
 * when the text is not JSON (e.g. a `${…}` expression) or not an object.
 */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A cluster policy's `definition` (JSON text, or the object itself in a hand-written fixture): its
 * elements by attribute path, only those that are objects (`{ "type": … }`, the only form an element
 * takes: a `null` or a number in its place constrains nothing). Undefined when the definition is not a
 * literal JSON object (a `${…}` expression, an array), which the Databricks API would not accept.
 */
export function clusterPolicyElements(
  definition: unknown,
): Record<string, Record<string, unknown>> | undefined {
  const parsed = typeof definition === "string" ? jsonObject(definition) : definition;
  if (!isRecord(parsed)) return undefined;
  return Object.fromEntries(Object.entries(parsed).filter((entry) => isRecord(entry[1]))) as Record<
    string,
    Record<string, unknown>
  >;
}

/** A nested block attribute as a list of blocks (a single block counts as a one-element list). */
export function blocks(value: unknown): Attributes[] {
  if (Array.isArray(value)) return value.filter(isRecord);
  return isRecord(value) ? [value] : [];
}

/** The first block of a nested block attribute, if any. */
export function block(value: unknown): Attributes | undefined {
  return blocks(value)[0];
}

/**
 * The classic cluster specs of a `databricks_job`: each shared job cluster's `new_cluster` and each
 * task's own `new_cluster` (the blocks themselves, not copies).
 */
export function jobClusterSpecs(job: Attributes): Attributes[] {
  return [
    ...blocks(job.job_cluster).flatMap((cluster) => blocks(cluster.new_cluster)),
    ...blocks(job.task).flatMap((task) => blocks(task.new_cluster)),
  ];
}

/** A list attribute as strings (a single string counts as a one-element list). */
export function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return typeof value === "string" ? [value] : [];
}

/** A boolean (`true`/`false`, or the strings "true"/"false"); undefined for references and anything else. */
export function bool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/** Whether a value is `true` (or "true"). */
export function isTrue(value: unknown): boolean {
  return bool(value) === true;
}

/** Whether a value is `false` (or "false"); a missing or unknown value is neither true nor false. */
export function isFalse(value: unknown): boolean {
  return bool(value) === false;
}

/** A finite number (numbers may arrive as strings); undefined for references, unknowns and garbage. */
export function num(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

/** Whether a value is a string with a `${…}` interpolation (known only at apply time). */
export function isInterpolated(value: unknown): value is string {
  return typeof value === "string" && value.includes("${");
}

/** A string known at synth time: undefined for non-strings and interpolated strings. */
export function literalString(value: unknown): string | undefined {
  return typeof value === "string" && !isInterpolated(value) ? value : undefined;
}
