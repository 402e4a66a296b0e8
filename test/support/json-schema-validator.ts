/**
 * A small JSON Schema (draft-07) validator for the keywords the generated config schema uses: enough to
 * show the committed schema accepts what the loader accepts and rejects a typo'd field, without a
 * validator package. Unknown keywords fail loudly, so a new keyword in the schema cannot pass unchecked.
 */
type Schema = Record<string, unknown>;

const KNOWN = new Set([
  "$ref",
  "$schema",
  "additionalProperties",
  "anyOf",
  "const",
  "default",
  "definitions",
  "description",
  "enum",
  "exclusiveMinimum",
  "items",
  "maxItems",
  "maxLength",
  "maximum",
  "minItems",
  "minLength",
  "minimum",
  "pattern",
  "properties",
  "required",
  "title",
  "type",
]);

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function resolveRef(root: Schema, ref: string): Schema {
  if (!ref.startsWith("#/")) throw new Error(`unsupported $ref ${ref}`);
  return ref
    .slice(2)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], root) as Schema;
}

/** Every violation of `schema` by `value`, as `<path>: <message>`; empty when valid. */
export function validateJsonSchema(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const check = (schema: Schema, v: unknown, path: string): void => {
    for (const key of Object.keys(schema)) {
      if (!KNOWN.has(key)) throw new Error(`validator does not know keyword '${key}' (at ${path})`);
    }
    if (typeof schema.$ref === "string") return check(resolveRef(root, schema.$ref), v, path);
    if (schema.anyOf) {
      const branches = (schema.anyOf as Schema[]).map((s) => validateAt(s, v, path));
      if (!branches.some((b) => b.length === 0)) {
        errors.push(`${path}: matches no alternative (${branches.map((b) => b[0]).join(" | ")})`);
      }
      return;
    }
    const type = typeOf(v);
    if (schema.type !== undefined) {
      const types = ([] as string[]).concat(schema.type as string | string[]);
      const ok = types.includes(type) || (type === "integer" && types.includes("number"));
      if (!ok) return void errors.push(`${path}: is ${type}, not ${types.join(" or ")}`);
    }
    if ("const" in schema && v !== schema.const)
      errors.push(`${path}: must be ${JSON.stringify(schema.const)}`);
    if (schema.enum && !(schema.enum as unknown[]).includes(v)) {
      errors.push(`${path}: must be one of ${(schema.enum as unknown[]).join(", ")}`);
    }
    if (typeof v === "string") {
      if (typeof schema.pattern === "string" && !new RegExp(schema.pattern).test(v)) {
        errors.push(`${path}: does not match ${schema.pattern}`);
      }
      if (typeof schema.minLength === "number" && v.length < schema.minLength)
        errors.push(`${path}: too short`);
      if (typeof schema.maxLength === "number" && v.length > schema.maxLength)
        errors.push(`${path}: too long`);
    }
    if (typeof v === "number") {
      if (typeof schema.minimum === "number" && v < schema.minimum) errors.push(`${path}: below minimum`);
      if (typeof schema.maximum === "number" && v > schema.maximum) errors.push(`${path}: above maximum`);
      if (typeof schema.exclusiveMinimum === "number" && v <= schema.exclusiveMinimum) {
        errors.push(`${path}: not above ${schema.exclusiveMinimum}`);
      }
    }
    if (Array.isArray(v)) {
      if (typeof schema.minItems === "number" && v.length < schema.minItems)
        errors.push(`${path}: too few items`);
      if (typeof schema.maxItems === "number" && v.length > schema.maxItems)
        errors.push(`${path}: too many items`);
      const items = schema.items;
      if (Array.isArray(items)) items.forEach((s, i) => check(s as Schema, v[i], `${path}[${i}]`));
      else if (items) v.forEach((item, i) => check(items as Schema, item, `${path}[${i}]`));
    }
    if (type === "object") {
      const object = v as Record<string, unknown>;
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      for (const name of (schema.required ?? []) as string[]) {
        if (!(name in object)) errors.push(`${path}.${name}: is required`);
      }
      for (const [name, item] of Object.entries(object)) {
        if (properties[name]) check(properties[name]!, item, `${path}.${name}`);
        else if (schema.additionalProperties === false) errors.push(`${path}: unknown property '${name}'`);
        else if (typeof schema.additionalProperties === "object") {
          check(schema.additionalProperties as Schema, item, `${path}.${name}`);
        }
      }
    }
  };
  const validateAt = (schema: Schema, v: unknown, path: string): string[] => {
    const before = errors.length;
    check(schema, v, path);
    return errors.splice(before);
  };
  check(root, value, "$");
  return errors;
}
