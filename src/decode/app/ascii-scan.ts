/**
 * Byte-level text helpers for the application decoders: they scan the capture buffer in place and
 * make a string only for what ends up in a hint. Strings are latin1 (one char per byte), so a
 * hostile byte can never make an invalid string, and are capped in length.
 */

/** Longest string copied into a hint. */
export const MAX_TEXT = 1024;

/**
 * Node's Buffer has had latin1Slice(start, end) on its prototype since it was `binarySlice`;
 * Buffer#toString('latin1', ...) reaches it only after an encoding lookup and argument checks that
 * cost as much as the copy for the short strings hints hold. Fall back to toString if it is gone.
 */
interface Latin1Slicer {
  latin1Slice?: (start: number, end: number) => string;
}
const HAVE_LATIN1_SLICE = typeof (Buffer.prototype as Latin1Slicer).latin1Slice === 'function';

/** latin1 text of buf[s, e), at most MAX_TEXT chars ('' when empty). The caller has checked the bounds. */
export function latin1(buf: Buffer, s: number, e: number): string {
  if (e - s > MAX_TEXT) e = s + MAX_TEXT;
  if (e <= s) return '';
  return HAVE_LATIN1_SLICE ? (buf as Latin1Slicer).latin1Slice!(s, e) : buf.toString('latin1', s, e);
}

/** latin1 text of buf[s, e), or `known` when those bytes spell it (saves allocating common values). */
export function latin1Or(buf: Buffer, s: number, e: number, known: string, knownBytes: Uint8Array): string {
  if (e - s === knownBytes.length) {
    let i = 0;
    while (i < knownBytes.length && buf[s + i] === knownBytes[i]) i++;
    if (i === knownBytes.length) return known;
  }
  return latin1(buf, s, e);
}

/** Offset of the first CR or LF in buf[p, end), or end. */
export function lineEnd(buf: Buffer, p: number, end: number): number {
  while (p < end) {
    const c = buf[p];
    if (c === 0x0d || c === 0x0a) return p;
    p++;
  }
  return end;
}

/** Offset of the start of the next line after a line ending at `e` (skips CRLF, LF or CR), capped at end. */
export function nextLine(buf: Buffer, e: number, end: number): number {
  if (e < end && buf[e] === 0x0d) e++;
  if (e < end && buf[e] === 0x0a) e++;
  return e;
}

/** Offset of the first `byte` in buf[p, end), or -1. */
export function indexOfByte(buf: Buffer, byte: number, p: number, end: number): number {
  while (p < end) {
    if (buf[p] === byte) return p;
    p++;
  }
  return -1;
}

/** True if buf[p..] starts with the ASCII `prefix` (exact case). */
export function startsWith(buf: Buffer, p: number, end: number, prefix: Uint8Array): boolean {
  const n = prefix.length;
  if (p + n > end) return false;
  for (let i = 0; i < n; i++) if (buf[p + i] !== prefix[i]) return false;
  return true;
}

/** True if buf[p..] starts with `lower` (lowercase ASCII) compared case-insensitively. */
export function startsWithNoCase(buf: Buffer, p: number, end: number, lower: Uint8Array): boolean {
  const n = lower.length;
  if (p + n > end) return false;
  for (let i = 0; i < n; i++) {
    let c = buf[p + i];
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== lower[i]) return false;
  }
  return true;
}

/** Case-insensitive search for `lower` in buf[p, end); returns its offset or -1. */
export function indexOfNoCase(buf: Buffer, lower: Uint8Array, p: number, end: number): number {
  const first = lower[0];
  const last = end - lower.length;
  for (let i = p; i <= last; i++) {
    let c = buf[i];
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c === first && startsWithNoCase(buf, i, end, lower)) return i;
  }
  return -1;
}

/** ASCII bytes of a constant string (module-load time only). */
export function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0));
}

/**
 * If the header line buf[p, e) is `name: value` (`nameLower` is "name:" in lowercase), the value
 * without surrounding blanks; else null.
 */
export function headerValue(buf: Buffer, p: number, e: number, nameLower: Uint8Array): string | null {
  if (!startsWithNoCase(buf, p, e, nameLower)) return null;
  let s = p + nameLower.length;
  while (s < e && (buf[s] === 0x20 || buf[s] === 0x09)) s++;
  let t = e;
  while (t > s && (buf[t - 1] === 0x20 || buf[t - 1] === 0x09)) t--;
  return latin1(buf, s, t);
}
