/**
 * /proc/net/{tcp,tcp6,udp,udp6}: the kernel's socket tables as text, the Linux fallback when the
 * sock_diag binding is not built, and the way to see another network namespace's sockets
 * (/proc/<pid>/net/... shows the namespace of <pid>). Rows become the binding's row layout.
 */
import { readFileSync } from 'node:fs';
import { ROW, ROW_WORDS } from './native-sockets.js';

/** Host-order words of a /proc/net address field (each 32-bit group is in the kernel's byte order, little-endian here). */
function words(hex: string, out: Uint32Array, at: number): void {
  const n = hex.length / 8;
  for (let i = 0; i < n; i++) {
    const v = parseInt(hex.slice(i * 8, i * 8 + 8), 16) >>> 0;
    // /proc prints each __be32 as a native (little-endian) integer: swap back to network order.
    out[at + i] = (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
  }
}

/** Parses one /proc/net table (text) into rows. */
export function parseProcNet(text: string, proto: number, family: 4 | 6): Uint32Array {
  const lines = text.split('\n');
  const out = new Uint32Array(Math.max(0, lines.length - 1) * ROW_WORDS);
  let n = 0;
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].trim().split(/\s+/);
    if (f.length < 10) continue;
    const [la, lp] = f[1].split(':');
    const [ra, rp] = f[2].split(':');
    if (!lp || !rp || la.length !== (family === 4 ? 8 : 32) || ra.length !== la.length) continue;
    const o = n * ROW_WORDS;
    out[o + ROW.PROTO] = proto;
    out[o + ROW.FAMILY] = family;
    out[o + ROW.LPORT] = parseInt(lp, 16);
    out[o + ROW.RPORT] = parseInt(rp, 16);
    words(la, out, o + ROW.LOCAL);
    words(ra, out, o + ROW.REMOTE);
    out[o + ROW.STATE] = parseInt(f[3], 16);
    out[o + ROW.UID] = Number(f[7]) >>> 0;
    out[o + ROW.OWNER] = Number(f[9]) >>> 0;
    n++;
  }
  return out.subarray(0, n * ROW_WORDS);
}

const FILES: Record<string, string> = { '6/4': 'tcp', '6/6': 'tcp6', '17/4': 'udp', '17/6': 'udp6' };

/** The table of `proto`/`family` as seen from `pid`'s network namespace ('self' for ours); empty when unreadable. */
export function readProcNet(proto: number, family: 4 | 6, pid: number | 'self' = 'self'): Uint32Array {
  try {
    return parseProcNet(readFileSync(`/proc/${pid}/net/${FILES[`${proto}/${family}`]}`, 'utf8'), proto, family);
  } catch {
    return new Uint32Array(0);
  }
}
