/**
 * Characters that must never reach a tag, a comment, generated SQL or a plan a reviewer reads: control
 * characters (invisible, and NUL ends strings in some consumers), bidirectional controls (they make
 * text display in another order than it is parsed: "Trojan Source", CVE-2021-42574), line and
 * paragraph separators (line breaks for some readers but not for a one-line check), and unpaired
 * UTF-16 surrogates (not Unicode text; Terraform would replace them).
 */

/** Bidirectional formatting controls: LRE RLE PDF LRO RLO (U+202A–202E), LRI RLI FSI PDI (U+2066–2069), LRM RLM ALM. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
/** C0 controls, DEL and C1 controls (U+0085 NEXT LINE among them); TAB, LF and CR are treated separately. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const LINE_BREAKS = /[\t\n\r]/u;
const SEPARATORS = /[\u2028\u2029]/u;
// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Any character the checks below look at (a cheap first test). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const SUSPECT = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069\uD800-\uDFFF]/;

/** `U+202E` for the character, as messages name characters that cannot be shown. */
export function codePointName(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Why `text` is not printable, or undefined when it is. `allowLineBreaks` lets TAB, LF and CR through
 * for multi-line text (comments), which the code writing it keeps on one line.
 */
export function unprintableReason(
  text: string,
  options: { allowLineBreaks?: boolean } = {},
): string | undefined {
  // Fast path: most text has none of the characters below (surrogate pairs, e.g. emoji, take the long way).
  if (!SUSPECT.test(text)) return undefined;
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate)
    return `contains an unpaired surrogate ${codePointName(surrogate[0])} (not valid Unicode text)`;
  const bidi = BIDI_CONTROLS.exec(text);
  if (bidi) {
    return `contains the bidirectional control ${codePointName(bidi[0])}, which makes text display in another order than it is read`;
  }
  const separator = SEPARATORS.exec(text);
  if (separator) return `contains the line/paragraph separator ${codePointName(separator[0])}`;
  const control = CONTROL.exec(text) ?? (options.allowLineBreaks ? null : LINE_BREAKS.exec(text));
  if (control) return `contains the control character ${codePointName(control[0])}`;
  return undefined;
}

/** `text` with every character {@link unprintableReason} rejects (and line breaks) shown as `\u{…}`, for messages. */
export function showUnprintable(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u2028\u2029]|[\uD800-\uDFFF]/gu,
    (char) => `\\u{${char.codePointAt(0)!.toString(16).toUpperCase()}}`,
  );
}
