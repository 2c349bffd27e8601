/**
 * Hand-built frames for the decoder unit tests: small helpers that assemble headers byte by byte.
 * Checksums are left zero (the decoder does not verify them).
 */

export function ip4(s: string): number[] {
  return s.split('.').map(Number);
}

export function u16(v: number): number[] {
  return [(v >> 8) & 0xff, v & 0xff];
}

export function u32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

export function ascii(s: string): number[] {
  return [...s].map((c) => c.charCodeAt(0));
}

/** The 16 bytes of an IPv6 address written in full or with "::". */
export function ip6(s: string): number[] {
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => u16(parseInt(g, 16)));
}

export const MAC_A = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0a];
export const MAC_B = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0b];

export function eth(type: number, dst = MAC_B, src = MAC_A): number[] {
  return [...dst, ...src, ...u16(type)];
}

/** The 4 bytes after a VLAN TPID: the TCI (priority 0, the id) and the type that follows the tag. */
export function vlanTag(nextType: number, id: number): number[] {
  return [...u16(id), ...u16(nextType)];
}

export interface Ip4Opts {
  proto: number;
  src?: string;
  dst?: string;
  ttl?: number;
  id?: number;
  mf?: boolean;
  fragOffset?: number;
  /** Total length to write (default: header + payload). */
  totalLen?: number;
  options?: number[];
}

export function ipv4(o: Ip4Opts, payload: number[]): number[] {
  const opts = o.options ?? [];
  const hdrLen = 20 + opts.length;
  const ff = (o.mf ? 0x2000 : 0) | ((o.fragOffset ?? 0) >> 3);
  return [
    0x40 | (hdrLen >> 2),
    0,
    ...u16(o.totalLen ?? hdrLen + payload.length),
    ...u16(o.id ?? 1),
    ...u16(ff),
    o.ttl ?? 64,
    o.proto,
    0,
    0,
    ...ip4(o.src ?? '10.0.0.1'),
    ...ip4(o.dst ?? '10.0.0.2'),
    ...opts,
    ...payload,
  ];
}

export function ipv6(
  nextHeader: number,
  payload: number[],
  src = '2001:db8::1',
  dst = '2001:db8::2',
  hop = 64,
): number[] {
  return [0x60, 0, 0, 0, ...u16(payload.length), nextHeader, hop, ...ip6(src), ...ip6(dst), ...payload];
}

export function udp(sport: number, dport: number, payload: number[]): number[] {
  return [...u16(sport), ...u16(dport), ...u16(8 + payload.length), 0, 0, ...payload];
}

export interface TcpOpts {
  flags?: number;
  seq?: number;
  ack?: number;
  window?: number;
  options?: number[];
}

export function tcp(sport: number, dport: number, o: TcpOpts, payload: number[]): number[] {
  const opts = o.options ?? [];
  const hdrLen = 20 + opts.length;
  return [
    ...u16(sport),
    ...u16(dport),
    ...u32(o.seq ?? 1000),
    ...u32(o.ack ?? 0),
    (hdrLen >> 2) << 4,
    o.flags ?? 0x18,
    ...u16(o.window ?? 65535),
    0,
    0,
    0,
    0,
    ...opts,
    ...payload,
  ];
}

/** A DNS name in wire format (labels, then the root). */
export function dnsName(name: string): number[] {
  return [...name.split('.').flatMap((l) => [l.length, ...ascii(l)]), 0];
}

export function buf(bytes: number[]): Buffer {
  return Buffer.from(bytes);
}
