/**
 * Protocols for people: a plain name for each ("DNS: name lookups", from app:info) and one colour per protocol
 * everywhere (a fixed palette keyed by name, never by rank), and which ones are the applications
 * a student cares about (the link, network and transport layers are one click away).
 */
import type { Palette } from '../charts/palette.js';

/** Link, network and transport layers: shown only when "All layers" is on. */
const PLUMBING = new Set([
  'eth',
  'vlan',
  'sll',
  'null',
  'raw',
  'radiotap',
  'wlan_radio',
  'llc',
  'ip',
  'ipv6',
  'tcp',
  'udp',
  'ppp',
  'data',
  'frame',
]);

/** The plain name app:info gives (from src/decode/protocols.ts, their one home), else the name itself. */
export function plainName(protocol: string, names?: Record<string, string>): string {
  return names?.[protocol] ?? protocol.toUpperCase();
}

/** Is it what a student would call a protocol they use (DNS, TLS, ARP…), not a layer under it? */
export function isApplication(protocol: string): boolean {
  return !PLUMBING.has(protocol);
}

/**
 * Fixed places in the palette's series for the protocols seen most (so two of them never share a
 * colour); others are placed by a hash of their name.
 */
const PLACE: Record<string, number> = {
  dns: 0,
  http: 1,
  tls: 2,
  arp: 3,
  quic: 4,
  dhcp: 5,
  mdns: 6,
  ssdp: 7,
  ntp: 8,
  ssh: 9,
  ip: 10,
  ipv6: 11,
  eth: 12,
  llmnr: 13,
  nbns: 14,
  stp: 15,
};

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * The colour of a protocol in every chart: TCP, UDP and ICMP (and their families' stacks) have
 * theirs; every other name gets one from the series that are not those three, by its name.
 */
export function protocolColor(protocol: string, p: Palette): string {
  switch (protocol) {
    case 'tcp':
      return p.tcp;
    case 'udp':
      return p.udp;
    case 'icmp':
    case 'icmpv6':
      return p.icmp;
    case 'other':
      return p.other;
  }
  const reserved = new Set([p.tcp, p.udp, p.icmp, p.other]);
  const rest = p.series.filter((c) => !reserved.has(c));
  const pool = rest.length > 0 ? rest : p.series;
  return pool[(PLACE[protocol] ?? hash(protocol)) % pool.length];
}
