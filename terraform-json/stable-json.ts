/**
 * The text `json-stable-stringify` (1.3.0, cdktf's writer of `cdk.tf.json` and `manifest.json`) makes of
 * a value with `{ space }`, byte for byte, in one pass. The original builds each object's and array's
 * text from its children's texts, so every line is copied once per level above it and each call
 * allocates its own indent strings: on a scaled synth (~2,300 resources) it was ~8% of the CPU time;
 * this writer takes ~15 ms for that synth's 7 MB.
 * The bundled synth app (scripts/build.mjs) resolves `json-stable-stringify` to this module; a test
 * compares both on the example's synthesized stacks.
 *
 * Its format, kept here: object keys sorted by UTF-16 code units (`Array.prototype.sort`), `"key": value`,
 * a value's `toJSON()` used when it has one, keys whose value is undefined, a function or a symbol left
 * out (`null` in arrays), and an empty object or array written over two lines (`{` newline indent `}`),
 * unlike `JSON.stringify`. A cycle through objects throws, as the original does.
 */

/** The options cdktf passes (`{ space: 2 }`); json-stable-stringify's others are not supported. */
export interface StableStringifyOptions {
  readonly space?: number | string;
}

/** Whether json-stable-stringify writes nothing for this (already `toJSON`-converted) value. */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

/** Whether a string, number or boolean can have `toJSON` (only if someone gave their prototype one). */
function primitivesHaveToJSON(): boolean {
  return [String, Number, Boolean].some(
    (type) => typeof (type.prototype as { toJSON?: unknown }).toJSON === "function",
  );
}

/** json-stable-stringify(value, options) for the options above. */
export function stableStringify(value: unknown, options?: StableStringifyOptions): string | undefined {
  const unsupported = Object.keys(options ?? {}).filter((key) => key !== "space");
  if (unsupported.length > 0 || typeof options === "function") {
    throw new Error(`stableStringify supports the 'space' option only, got: ${unsupported.join(", ")}`);
  }
  const rawSpace = options?.space ?? "";
  const space = typeof rawSpace === "number" ? " ".repeat(Math.max(0, Math.ceil(rawSpace))) : rawSpace || "";
  const colon = space ? ": " : ":";
  const indents: string[] = [];
  const indentAt = (level: number): string => (indents[level] ??= space ? `\n${space.repeat(level)}` : "");
  const primitiveToJSON = primitivesHaveToJSON();
  /** The value `toJSON()` gives, as the original checks it (`value && typeof value.toJSON === "function"`). */
  const converted = (value: unknown): unknown => {
    if (!value || (typeof value !== "object" && typeof value !== "function" && !primitiveToJSON))
      return value;
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    return typeof toJSON === "function" ? (toJSON as () => unknown).call(value) : value;
  };
  // Keys repeat across resources: quote each once.
  const quotedKeys = new Map<string, string>();
  const quoted = (key: string): string => {
    let text = quotedKeys.get(key);
    if (text === undefined) quotedKeys.set(key, (text = JSON.stringify(key)));
    return text;
  };
  // One string grown by `+` and `+=` (V8 joins the pieces once, at the end; template literals and a
  // for-of over the keys measured ~2x slower here): ~4x faster than collecting parts.
  let out = "";
  const seen = new Set<object>();

  /** Writes `node` (already converted, not omitted) at nesting `level`. */
  const write = (node: unknown, level: number): void => {
    if (typeof node !== "object" || node === null) {
      out += JSON.stringify(node);
      return;
    }
    const inner = indentAt(level + 1);
    if (Array.isArray(node)) {
      out += "[";
      for (let i = 0; i < node.length; i++) {
        out += i === 0 ? inner : "," + inner;
        const item = converted(node[i]);
        if (omitted(item)) out += "null";
        else write(item, level + 1);
      }
      out += indentAt(level) + "]";
      return;
    }
    if (seen.has(node)) throw new TypeError("Converting circular structure to JSON");
    seen.add(node);
    const record = node as Record<string, unknown>;
    out += "{";
    let first = true;
    const keys = Object.keys(record).sort();
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      const item = converted(record[key]);
      if (omitted(item)) continue;
      out += (first ? inner : "," + inner) + quoted(key) + colon;
      first = false;
      write(item, level + 1);
    }
    out += indentAt(level) + "}";
    seen.delete(node);
  };

  const root = converted(value);
  if (omitted(root)) return undefined;
  write(root, 0);
  return out;
}
