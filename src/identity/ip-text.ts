/**
 * IP address text → the numeric forms the decoder gives (IPv4 as u32, IPv6 as four big-endian
 * words); the other way is src/decode/format.ts.
 */
import { isIPv4, isIPv6 } from 'node:net';

export function parseIpv4(text: string): number {
  if (!isIPv4(text)) return -1;
  const p = text.split('.');
  return ((+p[0] << 24) | (+p[1] << 16) | (+p[2] << 8) | +p[3]) >>> 0;
}

/** Four big-endian words of an IPv6 address, or null when `text` is not one. */
export function parseIpv6(text: string): Uint32Array | null {
  if (!isIPv6(text)) return null;
  let s = text.toLowerCase();
  const pct = s.indexOf('%');
  if (pct >= 0) s = s.slice(0, pct);
  // A dotted IPv4 tail becomes two groups.
  const dot = s.lastIndexOf(':');
  const tail = s.slice(dot + 1);
  if (tail.includes('.')) {
    const v4 = parseIpv4(tail);
    s = `${s.slice(0, dot + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, rest] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const r = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const groups = rest === undefined ? h : [...h, ...new Array(8 - h.length - r.length).fill('0'), ...r];
  const out = new Uint32Array(4);
  for (let i = 0; i < 4; i++) out[i] = ((parseInt(groups[2 * i], 16) << 16) | parseInt(groups[2 * i + 1], 16)) >>> 0;
  return out;
}
