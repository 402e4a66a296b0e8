/** IPv4 CIDR arithmetic for config validation (no dependency: the rules are small and exact). */

export interface Ipv4Range {
  /** First address as an unsigned 32-bit integer. */
  readonly start: number;
  /** Last address as an unsigned 32-bit integer. */
  readonly end: number;
  readonly prefix: number;
}

// No leading zeros: Terraform's cidr functions reject them and some tools read them as octal.
const OCTET = "(0|[1-9]\\d{0,2})";
const CIDR_PATTERN = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}\\/(0|[1-9]\\d?)$`);

/**
 * Parses `a.b.c.d/n`. Returns undefined when malformed: octets over 255 or with leading zeros, prefix
 * over 32, or host bits set (`10.0.0.1/16`), which cloud APIs reject or silently truncate.
 */
export function parseCidr(cidr: string): Ipv4Range | undefined {
  const m = CIDR_PATTERN.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) return undefined;
  return { start: address, end: address + size - 1, prefix };
}

export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function rangeContains(outer: Ipv4Range, inner: Ipv4Range): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

const NON_PUBLIC = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.168.0.0/16",
].map((c) => parseCidr(c) as Ipv4Range);

/** True when the range touches private, shared, loopback or link-local space. */
export function isNonPublic(range: Ipv4Range): boolean {
  return NON_PUBLIC.some((r) => rangesOverlap(r, range));
}

/** Address space a VNet or VPC may use: RFC 1918 private ranges and the RFC 6598 shared range. */
export const PRIVATE_NETWORK_RANGES = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
] as const;

const PRIVATE = PRIVATE_NETWORK_RANGES.map((c) => parseCidr(c) as Ipv4Range);

/** True when the whole range lies inside one private (RFC 1918) or shared (RFC 6598) range. */
export function isPrivateNetwork(range: Ipv4Range): boolean {
  return PRIVATE.some((r) => rangeContains(r, range));
}
