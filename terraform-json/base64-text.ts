/**
 * Text in a `content_base64` attribute (a `databricks_workspace_file`'s SQL): encoded by the constructs
 * at synth, read back by the guardrails. A large lakehouse writes megabytes of SQL per environment, so
 * both directions avoid memory touched for the first time (on this project's CI machines ~3.6 ms per MiB):
 * the UTF-8 bytes go through one reused buffer, and text encoded here is handed back without decoding.
 */
import { ReusedUtf8Buffer } from "./reused-utf8-buffer";

/** Where the UTF-8 bytes are written before encoding. */
const scratch = new ReusedUtf8Buffer(64 * 1024);

/** Texts encoded lately, by their base64; a bound keeps long-lived processes (tests) from growing it. */
const recent = new Map<string, string>();
const RECENT_TEXTS = 64;

/** The base64 of `text`'s UTF-8 bytes (what `Buffer.from(text, "utf8").toString("base64")` gives). */
export function base64OfText(text: string): string {
  const bytes = scratch.write(text, 0);
  const encoded = scratch.bytes(bytes).toString("base64");
  // Only texts worth keeping: a short one decodes in no time. A text with a lone surrogate is not kept:
  // its bytes hold U+FFFD there, so decoding gives another text ("\ud800" and "\ufffd" encode alike).
  if (bytes >= 4096 && isWellFormed(text)) {
    if (recent.size >= RECENT_TEXTS) recent.delete(recent.keys().next().value!);
    recent.set(encoded, text);
  }
  return encoded;
}

/** ES2024's `String.prototype.isWellFormed` (Node ≥ 20; not in the ES2022 lib this project compiles with). */
const isWellFormed = (text: string): boolean =>
  (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** The UTF-8 text whose base64 is `encoded` (what `Buffer.from(encoded, "base64").toString("utf8")` gives). */
export function textOfBase64(encoded: string): string {
  return recent.get(encoded) ?? Buffer.from(encoded, "base64").toString("utf8");
}
