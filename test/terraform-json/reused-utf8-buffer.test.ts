import { ReusedUtf8Buffer } from "../../terraform-json/reused-utf8-buffer";

describe("ReusedUtf8Buffer", () => {
  it("appends UTF-8 and keeps what was written when it grows", () => {
    const buffer = new ReusedUtf8Buffer(4);
    let end = buffer.write("ab", 0);
    expect(end).toBe(2);
    end = buffer.write("é€😀", end); // 2 + 3 + 4 bytes: past the first size
    end = buffer.write("x".repeat(5000), end);
    expect(end).toBe(2 + 9 + 5000);
    expect(buffer.bytes(end).toString("utf8")).toBe(`abé€😀${"x".repeat(5000)}`);
  });

  it("is reused from the start: a shorter text leaves no byte of a longer one in its view", () => {
    const buffer = new ReusedUtf8Buffer(0);
    buffer.write("a long first text", 0);
    const end = buffer.write("\ud800z", 0); // a lone surrogate is written as U+FFFD (3 bytes)
    expect([...buffer.bytes(end)]).toEqual([0xef, 0xbf, 0xbd, 0x7a]);
  });
});
