/**
 * Formatting for alert summaries: numbers and durations in plain words, and network strings (DNS names,
 * SNI, HTTP hosts) made safe for a terminal. Sanitizing is not escaping: nothing here makes a
 * string safe for HTML, and nothing should ever build HTML from these strings.
 */
import { macToString } from '../decode/format.js';

// C0 controls, DEL, C1 controls, line/paragraph separators, bidi embeddings/overrides/isolates,
// zero-width and BOM characters: anything that can move the cursor, recolor the terminal or
// make text read differently from what it is.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Replaces control and bidi characters with '?', and cuts to `max` characters (with an ellipsis). */
export function cleanText(s: string, max = 200): string {
  let out = s.replace(UNSAFE, '?');
  if (out.length > max) out = out.slice(0, Math.max(0, max - 1)) + '…';
  return out;
}

/** A whole number with thousands separators ("1,234,567"); faster than toLocaleString. */
export function count(n: number): string {
  const v = Math.round(n);
  if (!Number.isFinite(v)) return String(v);
  const s = String(Math.abs(v));
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ',';
    out += s[i];
  }
  return v < 0 ? `-${out}` : out;
}

/** "1 port", "2 ports". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** A duration in words: "0.02 seconds", "23 seconds", "4 minutes", "2.5 hours". */
export function duration(sec: number): string {
  if (!(sec >= 0)) sec = 0;
  if (sec < 1) return `${sec < 0.1 ? sec.toFixed(3) : sec.toFixed(2)} seconds`;
  if (sec < 120) {
    const s = Math.round(sec);
    return `${s} second${s === 1 ? '' : 's'}`;
  }
  if (sec < 7200) return `${Math.round(sec / 60)} minutes`;
  return `${(sec / 3600).toFixed(1)} hours`;
}

export function bitRate(bytesPerSec: number): string {
  const bps = bytesPerSec * 8;
  if (bps >= 1e9) return `${(bps / 1e9).toFixed(2)} Gbit/s`;
  if (bps >= 1e6) return `${(bps / 1e6).toFixed(1)} Mbit/s`;
  if (bps >= 1e3) return `${(bps / 1e3).toFixed(0)} kbit/s`;
  return `${Math.round(bps)} bit/s`;
}

/** "980 B", "12.3 kB", "4.56 MB" (decimal units, as transfer sizes are usually given). */
export function bytesText(n: number): string {
  if (n < 1000) return `${Math.round(n)} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(2)} MB`;
  return `${(n / 1e9).toFixed(2)} GB`;
}

export function ms(x: number): string {
  if (Math.round(x * 100) < 100) return `${x.toFixed(2)} ms`;
  return x < 10 ? `${x.toFixed(1)} ms` : `${Math.round(x)} ms`;
}

export function pct(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** A short list: "22, 80, 443 and 3 more". */
export function listSome(items: readonly (string | number)[], max = 5): string {
  const shown = items.slice(0, max).map(String);
  const more = items.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** A 48-bit MAC as a number (exact in a double), for map keys without strings. */
export function macNumber(buf: Buffer, at: number): number {
  return buf.readUInt16BE(at) * 0x1_0000_0000 + buf.readUInt32BE(at + 2);
}

export function macFromNumber(n: number): string {
  const hi = Math.floor(n / 0x1_0000_0000);
  const lo = n >>> 0;
  const b = Buffer.alloc(6);
  b.writeUInt16BE(hi, 0);
  b.writeUInt32BE(lo, 2);
  return macToString(b, 0);
}
