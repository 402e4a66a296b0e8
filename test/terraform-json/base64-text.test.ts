/** `content_base64` text: the reused-buffer encoder and the decoder give what Buffer gives. */
import fc from "fast-check";
import { base64OfText, textOfBase64 } from "../../terraform-json/base64-text";

describe("base64OfText / textOfBase64", () => {
  it.each([
    ["", ""],
    ["SELECT 1;\n", "U0VMRUNUIDE7Cg=="],
    ["é", "w6k="],
    // A lone surrogate is written as U+FFFD, as Buffer.from writes it.
    ["\ud800", "77+9"],
  ])("%j -> %s", (text, encoded) => {
    expect(base64OfText(text)).toBe(encoded);
    expect(textOfBase64(encoded)).toBe(text === "\ud800" ? "\ufffd" : text);
  });

  it("encodes and decodes as Buffer does, whatever came before (the buffer is reused)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary", maxLength: 3000 }), { maxLength: 4 }), (texts) => {
        for (const text of texts) {
          const encoded = base64OfText(text);
          expect(encoded).toBe(Buffer.from(text, "utf8").toString("base64"));
          expect(textOfBase64(encoded)).toBe(Buffer.from(encoded, "base64").toString("utf8"));
        }
      }),
      { numRuns: 200 },
    );
  });

  it("hands back a large text it encoded without decoding it, and still decodes after many others", () => {
    const first = `-- first\n${"SELECT 1;\n".repeat(1000)}`;
    const encoded = base64OfText(first);
    expect(textOfBase64(encoded)).toBe(first);
    for (let i = 0; i < 100; i++) base64OfText(`-- file ${i}\n${"SELECT 2;\n".repeat(500)}`);
    // Dropped from the recent texts by now: decoded, equal all the same.
    expect(textOfBase64(encoded)).toBe(first);
    expect(textOfBase64(base64OfText("x".repeat(10_000)))).toBe("x".repeat(10_000));
  });

  it("decodes a large text with a lone surrogate as Buffer does (U+FFFD), not as the text it encoded", () => {
    const body = "-- x\n".repeat(1000);
    for (const text of [`${body}\ud800`, `${body}\udfff`]) {
      const encoded = base64OfText(text);
      expect(encoded).toBe(Buffer.from(text, "utf8").toString("base64"));
      expect(textOfBase64(encoded)).toBe(`${body}\ufffd`);
    }
    // A well-formed large text is still handed back (the same string, no decoding).
    const wellFormed = `${body}\ud83d\ude00`;
    expect(textOfBase64(base64OfText(wellFormed))).toBe(wellFormed);
  });

  it("decodes as Buffer does texts large enough to be kept, lone surrogates included", () => {
    // fast-check's "binary" unit never makes a lone surrogate: they are added here.
    const unit = fc.oneof(
      { arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), weight: 4 },
      { arbitrary: fc.constantFrom("\ud800", "\udbff", "\udc00", "\udfff"), weight: 1 },
    );
    const large = "x".repeat(4096);
    fc.assert(
      fc.property(fc.array(fc.string({ unit, maxLength: 12 }), { minLength: 1, maxLength: 4 }), (tails) => {
        for (const tail of tails) {
          const encoded = base64OfText(large + tail);
          expect(encoded).toBe(Buffer.from(large + tail, "utf8").toString("base64"));
          expect(textOfBase64(encoded)).toBe(Buffer.from(encoded, "base64").toString("utf8"));
        }
      }),
      { numRuns: 300 },
    );
  });
});
