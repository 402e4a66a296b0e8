/** What counts as printable text for tags, comments and SQL. */
import { showUnprintable, unprintableReason } from "../../vocabulary/printable";

test.each([
  ["\u0000", "U+0000"],
  ["\u001F", "U+001F"],
  ["\u007F", "U+007F"],
  ["\u0085", "U+0085"],
  ["\u009F", "U+009F"],
  ["\u061C", "U+061C"],
  ["\u200E", "U+200E"],
  ["\u200F", "U+200F"],
  ["\u202A", "U+202A"],
  ["\u202E", "U+202E"],
  ["\u2066", "U+2066"],
  ["\u2069", "U+2069"],
  ["\u2028", "U+2028"],
  ["\u2029", "U+2029"],
  ["\uD800", "U+D800"],
  ["\uDFFF", "U+DFFF"],
])("%j is refused as %s", (char, code) => {
  expect(unprintableReason(`a${char}b`)).toContain(code);
  expect(unprintableReason(`a${char}b`, { allowLineBreaks: true })).toContain(code);
});

test("tab, LF and CR are refused on one line and allowed where line breaks are", () => {
  for (const char of ["\t", "\n", "\r"]) {
    expect(unprintableReason(`a${char}b`)).toContain("control character");
    expect(unprintableReason(`a${char}b`, { allowLineBreaks: true })).toBeUndefined();
  }
});

test.each([
  "plain",
  "Zürich — 東京 ✓",
  "emoji 😀 pair",
  "\u00A0no-break space",
  "\u2027 hyphenation point",
  "\u202F narrow",
])("%j is printable", (text) => {
  expect(unprintableReason(text)).toBeUndefined();
});

test("messages show refused characters escaped", () => {
  expect(showUnprintable("a\u0000b\u202Ec\n")).toBe("a\\u{0}b\\u{202E}c\\u{A}");
});
