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
 *
 * {@link writeStableJsonFile} writes that text to a file without making it one string: the bundle's
 * cdktf writes each stack's `cdk.tf.json` with it.
 */
import { writeFileSync } from "node:fs";
import { ReusedUtf8Buffer } from "./reused-utf8-buffer";

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

/**
 * What `JSON.stringify` escapes in a string: `"`, `\`, control characters, and lone surrogates (any
 * surrogate matches here, so a string with a pair is left to `JSON.stringify` too).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
/**
 * A string at least this long that needs no escaping is written between quotes as it is, not copied by
 * `JSON.stringify` (the workspace files' base64 is 4 MB of a scaled synth's 6.7 MB).
 */
const LONG_STRING = 1024;

/** Where {@link writeStable} hands its text: in pieces of about `chunk` characters, or all at the end. */
interface TextSink {
  readonly chunk: number;
  write(text: string): void;
}

/** json-stable-stringify(value, options) for the options above. */
export function stableStringify(value: unknown, options?: StableStringifyOptions): string | undefined {
  return writeStable(value, options, undefined);
}

/**
 * Writes `value` as {@link stableStringify} would, through `sink` when given; returns the text not yet
 * handed to it (undefined for a value `JSON.stringify` gives nothing for, e.g. `undefined`).
 */
function writeStable(
  value: unknown,
  options: StableStringifyOptions | undefined,
  sink: TextSink | undefined,
): string | undefined {
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
  // for-of over the keys measured ~2x slower here): ~4x faster than collecting parts. With a sink, the
  // string is handed over whenever it has grown past the sink's chunk, and started again.
  let out = "";
  const chunk = sink?.chunk ?? Infinity;
  const handOverLongText = (): void => {
    if (out.length < chunk) return;
    sink!.write(out);
    out = "";
  };
  const seen = new Set<object>();

  /** Writes `node` (already converted, not omitted) at nesting `level`. */
  const write = (node: unknown, level: number): void => {
    // (JSON.stringify would call a toJSON given to String.prototype.)
    if (
      typeof node === "string" &&
      node.length >= LONG_STRING &&
      !primitiveToJSON &&
      !NEEDS_ESCAPE.test(node)
    ) {
      if (sink) {
        // Handed over as it is: joined to `out`, it would be copied into the joined text first.
        sink.write(out + '"');
        sink.write(node);
        out = '"';
      } else out += '"' + node + '"';
      return;
    }
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
        handOverLongText();
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
      handOverLongText();
    }
    out += indentAt(level) + "}";
    seen.delete(node);
  };

  const root = converted(value);
  if (omitted(root)) return undefined;
  write(root, 0);
  return out;
}

/**
 * Where {@link writeStableJsonFile} encodes a file: grown to the largest file so far and kept, so each
 * file is written from memory already touched.
 */
const fileBuffer = new ReusedUtf8Buffer(1 << 20);
/** Whether a {@link writeStableJsonFile} is running: a `toJSON` that writes a file must not share the buffer. */
let writing = false;

/** Pieces of about this many characters are encoded into the buffer as the text grows. */
const FILE_CHUNK = 16 * 1024;

/**
 * `writeFileSync(path, stableStringify(value, options))`, the same bytes, without making the text one
 * string: cdktf's synthesizer writes each `cdk.tf.json` so, and at ~2,300 resources V8 joined 7 MB of
 * text from hundreds of thousands of pieces (new memory, and the pieces kept alive until the join) and
 * Node copied it again into UTF-8 (new memory again). Here the text is encoded into one reused buffer,
 * 16 K characters at a time, long strings as they are. Measured (interleaved, 2,286 resources): page
 * faults 22,300 -> 19,100, CPU -3.5%. A call made while one is running (from a value's `toJSON`) gets a
 * buffer of its own.
 */
export function writeStableJsonFile(path: string, value: unknown, options?: StableStringifyOptions): void {
  const nested = writing;
  const buffer = nested ? new ReusedUtf8Buffer(0) : fileBuffer;
  writing = true;
  try {
    let end = 0;
    // A surrogate pair is never split between two pieces: pieces end after a whole value.
    const rest = writeStable(value, options, {
      chunk: FILE_CHUNK,
      write: (text) => (end = buffer.write(text, end)),
    });
    // writeFileSync(path, undefined) throws: nothing is written.
    if (rest === undefined) throw new TypeError(`stableStringify gave nothing to write to ${path}`);
    end = buffer.write(rest, end);
    writeFileSync(path, buffer.bytes(end));
  } finally {
    writing = nested;
  }
}
