/**
 * Addresses that belong to no country: private, carrier NAT, loopback, link-local, multicast and
 * the other IANA special-purpose ranges (RFC 6890 and the registries it set up). They are named
 * for what they are ("your network", "carrier NAT"), never looked up in a geo database.
 */
export type SpecialScope =
  | 'private'
  | 'cgnat'
  | 'loopback'
  | 'link-local'
  | 'multicast'
  | 'broadcast'
  | 'unspecified'
  | 'documentation'
  | 'benchmarking'
  | 'reserved';

/** What each scope is called wherever a country would be shown. One home of these words. */
export const SCOPE_LABELS: Record<SpecialScope, string> = {
  private: 'your network',
  cgnat: 'carrier NAT',
  loopback: 'this machine',
  'link-local': 'your network (link-local)',
  multicast: 'multicast',
  broadcast: 'broadcast',
  unspecified: 'unspecified address',
  documentation: 'documentation range',
  benchmarking: 'benchmark testing range',
  reserved: 'reserved',
};

/** [network, prefix length, scope] for IPv4, most specific first where ranges nest. */
const V4: [number, number, SpecialScope][] = [
  [0xffffffff, 32, 'broadcast'],
  [0x00000000, 8, 'unspecified'],
  [0x0a000000, 8, 'private'],
  [0x64400000, 10, 'cgnat'],
  [0x7f000000, 8, 'loopback'],
  [0xa9fe0000, 16, 'link-local'],
  [0xac100000, 12, 'private'],
  [0xc0000000, 24, 'reserved'], // IETF protocol assignments
  [0xc0000200, 24, 'documentation'],
  [0xc0a80000, 16, 'private'],
  [0xc6120000, 15, 'benchmarking'],
  [0xc6336400, 24, 'documentation'],
  [0xcb007100, 24, 'documentation'],
  [0xe0000000, 4, 'multicast'],
  [0xf0000000, 4, 'reserved'],
];

function mask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

const V4_MASKED = V4.map(([net, bits, scope]) => [net >>> 0, mask(bits), scope] as const);

/** The special scope of an IPv4 address (unsigned 32-bit), or null for a public one. */
export function specialScope4(ip: number): SpecialScope | null {
  for (const [net, m, scope] of V4_MASKED) if ((ip & m) >>> 0 === net) return scope;
  return null;
}

/**
 * The special scope of an IPv6 address (four big-endian words), or null for a public one.
 * IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses are not special here:
 * embeddedIpv4() gives the IPv4 address to classify and look up instead.
 */
export function specialScope6(w0: number, w1: number, w2: number, w3: number): SpecialScope | null {
  if (w0 === 0 && w1 === 0 && w2 === 0) {
    if (w3 === 0) return 'unspecified';
    if (w3 === 1) return 'loopback';
    return 'reserved'; // IPv4-compatible (deprecated); ::ffff:0:0/96 has w2 = 0xffff
  }
  const top16 = w0 >>> 16;
  if (top16 >= 0xff00) return 'multicast';
  if ((top16 & 0xfe00) === 0xfc00) return 'private'; // unique local fc00::/7
  if ((top16 & 0xffc0) === 0xfe80) return 'link-local';
  if ((top16 & 0xffc0) === 0xfec0) return 'reserved'; // site-local (deprecated)
  if (w0 === 0x20010db8) return 'documentation';
  if (w0 === 0x01000000 && w1 === 0) return 'reserved'; // discard-only 100::/64
  return null;
}

/** The IPv4 address inside an IPv4-mapped or NAT64 (64:ff9b::/96) IPv6 address, or -1. */
export function embeddedIpv4(w0: number, w1: number, w2: number, w3: number): number {
  if (w0 === 0 && w1 === 0 && w2 === 0xffff) return w3 >>> 0;
  if (w0 === 0x0064ff9b && w1 === 0 && w2 === 0) return w3 >>> 0;
  return -1;
}
