import { isNonPublic, parseCidr, rangeContains, rangesOverlap, type Ipv4Range } from "../../config/cidr";

/** Parses a CIDR the test knows is valid. */
function range(cidr: string): Ipv4Range {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new Error(`test setup: '${cidr}' should parse`);
  return parsed;
}

/** `a.b.c.d` as an unsigned 32-bit integer. */
function ip(a: number, b: number, c: number, d: number): number {
  return ((a * 256 + b) * 256 + c) * 256 + d;
}

describe("parseCidr", () => {
  test("parses a /16 into its first and last address", () => {
    expect(parseCidr("10.20.0.0/16")).toEqual({
      start: ip(10, 20, 0, 0),
      end: ip(10, 20, 255, 255),
      prefix: 16,
    });
  });

  test("parses a /32 as a single address", () => {
    expect(parseCidr("203.0.113.7/32")).toEqual({
      start: ip(203, 0, 113, 7),
      end: ip(203, 0, 113, 7),
      prefix: 32,
    });
  });

  test("parses 0.0.0.0/0 as the whole address space", () => {
    expect(parseCidr("0.0.0.0/0")).toEqual({ start: 0, end: 2 ** 32 - 1, prefix: 0 });
  });

  test("parses the top of the address space without overflowing", () => {
    expect(parseCidr("255.255.255.255/32")).toEqual({ start: 2 ** 32 - 1, end: 2 ** 32 - 1, prefix: 32 });
    expect(parseCidr("128.0.0.0/1")).toEqual({ start: 2 ** 31, end: 2 ** 32 - 1, prefix: 1 });
  });

  test("parses a /31 into two addresses", () => {
    const parsed = range("203.0.113.10/31");
    expect(parsed.end - parsed.start).toBe(1);
  });

  test.each([
    ["256.0.0.0/8", "an octet over 255"],
    ["10.300.0.0/16", "an octet over 255"],
    ["10.0.0.0/33", "a prefix over 32"],
    ["10.0.0.0/99", "a prefix over 32"],
    ["10.0.0.1/16", "host bits set"],
    ["10.10.1.0/20", "host bits set"],
    ["1.0.0.0/0", "host bits set"],
    ["10.0.0.0", "no prefix"],
    ["10.0.0/8", "three octets"],
    ["10.0.0.0.0/8", "five octets"],
    ["1000.0.0.0/8", "a four-digit octet"],
    ["10.0.0.0/", "an empty prefix"],
    ["10.0.0.0/-1", "a negative prefix"],
    ["a.b.c.d/8", "letters"],
    [" 10.0.0.0/8", "leading whitespace"],
    ["10.0.0.0/8 ", "trailing whitespace"],
    ["::/0", "IPv6"],
    ["", "an empty string"],
  ])("rejects '%s' (%s)", (cidr) => {
    expect(parseCidr(cidr)).toBeUndefined();
  });
});

describe("rangesOverlap", () => {
  test("identical ranges overlap", () => {
    expect(rangesOverlap(range("10.0.0.0/24"), range("10.0.0.0/24"))).toBe(true);
  });

  test("a range overlaps a range it contains, in both argument orders", () => {
    const outer = range("10.0.0.0/16");
    const inner = range("10.0.4.0/24");
    expect(rangesOverlap(outer, inner)).toBe(true);
    expect(rangesOverlap(inner, outer)).toBe(true);
  });

  test("ranges sharing one address overlap", () => {
    expect(rangesOverlap(range("10.0.0.0/31"), range("10.0.0.1/32"))).toBe(true);
  });

  test("adjacent ranges do not overlap, in both argument orders", () => {
    const a = range("10.0.0.0/24");
    const b = range("10.0.1.0/24");
    expect(rangesOverlap(a, b)).toBe(false);
    expect(rangesOverlap(b, a)).toBe(false);
  });

  test("disjoint ranges do not overlap", () => {
    expect(rangesOverlap(range("10.0.0.0/16"), range("192.168.0.0/16"))).toBe(false);
  });
});

describe("rangeContains", () => {
  test("a range contains a subnet of it", () => {
    expect(rangeContains(range("10.10.0.0/20"), range("10.10.8.0/24"))).toBe(true);
  });

  test("a range contains itself", () => {
    expect(rangeContains(range("10.10.0.0/20"), range("10.10.0.0/20"))).toBe(true);
  });

  test("a range contains its first and last address", () => {
    const outer = range("10.10.0.0/20");
    expect(rangeContains(outer, range("10.10.0.0/32"))).toBe(true);
    expect(rangeContains(outer, range("10.10.15.255/32"))).toBe(true);
  });

  test("a subnet does not contain its supernet", () => {
    expect(rangeContains(range("10.10.8.0/24"), range("10.10.0.0/20"))).toBe(false);
  });

  test("a range does not contain the address just past its end", () => {
    expect(rangeContains(range("10.10.0.0/20"), range("10.10.16.0/32"))).toBe(false);
  });

  test("a range does not contain a disjoint range", () => {
    expect(rangeContains(range("10.10.0.0/20"), range("10.11.0.0/24"))).toBe(false);
  });
});

describe("isNonPublic", () => {
  test.each([
    "0.0.0.0/8",
    "10.0.0.0/8",
    "10.255.255.255/32",
    "100.64.0.0/10",
    "100.127.255.255/32",
    "127.0.0.1/32",
    "169.254.169.254/32",
    "172.16.0.0/12",
    "172.31.255.255/32",
    "192.168.0.0/16",
    "192.168.1.0/24",
  ])("'%s' is non-public", (cidr) => {
    expect(isNonPublic(range(cidr))).toBe(true);
  });

  test.each(["0.0.0.0/0", "8.0.0.0/6", "172.0.0.0/8", "192.0.0.0/8"])(
    "'%s' is public space that contains a non-public block, so it counts as non-public",
    (cidr) => {
      expect(isNonPublic(range(cidr))).toBe(true);
    },
  );

  test.each([
    "1.0.0.0/32",
    "8.8.8.8/32",
    "9.255.255.255/32",
    "11.0.0.0/32",
    "100.63.255.255/32",
    "100.128.0.0/32",
    "126.255.255.255/32",
    "128.0.0.0/32",
    "169.253.255.255/32",
    "169.255.0.0/32",
    "172.15.255.255/32",
    "172.32.0.0/32",
    "192.167.255.255/32",
    "192.169.0.0/32",
    "203.0.113.0/24",
  ])("'%s' is public", (cidr) => {
    expect(isNonPublic(range(cidr))).toBe(false);
  });
});
