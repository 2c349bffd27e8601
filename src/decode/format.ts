/**
 * Formatting for display: addresses as tshark prints them, and untrusted text made one line. Not
 * for the per-packet hot path: call these when a value is shown or kept (flow keys use the numbers).
 */

/** a.b.c.d from an unsigned 32-bit number (a<<24 | b<<16 | c<<8 | d). */
export function ipv4ToString(n: number): string {
  return `${(n >>> 24) & 0xff}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;
}

/**
 * RFC 5952 text of an IPv6 address given as four big-endian 32-bit words: lowercase hex, no leading
 * zeros, the longest run (the first of equal runs) of two or more zero groups written as "::".
 * Like glibc's inet_ntop (which tshark uses), an IPv4-mapped (::ffff:a.b.c.d) or IPv4-compatible
 * (::a.b.c.d, with a non-zero 7th group) address ends in dotted decimal.
 */
export function ipv6ToString(words: ArrayLike<number>): string {
  const g = GROUPS;
  for (let i = 0; i < 4; i++) {
    const w = words[i] >>> 0;
    g[2 * i] = w >>> 16;
    g[2 * i + 1] = w & 0xffff;
  }
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (g[i] === 0) {
      if (curBase < 0) {
        curBase = i;
        curLen = 1;
      } else curLen++;
      if (curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
    } else curBase = -1;
  }
  if (bestLen < 2) bestBase = -1;
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) s += ':';
      continue;
    }
    if (i !== 0) s += ':';
    // Encapsulated IPv4 (glibc's rule): ::a.b.c.d or ::ffff:a.b.c.d.
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && g[5] === 0xffff))) {
      s += ipv4ToString(words[3] >>> 0);
      return s;
    }
    s += g[i].toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) s += ':';
  return s;
}
const GROUPS = new Uint16Array(8);

const WORDS = new Uint32Array(4);

/** RFC 5952 text of the 16-byte IPv6 address at buf[off]; the caller has checked the bounds. */
export function ipv6BytesToString(buf: Buffer, off: number): string {
  for (let i = 0; i < 4; i++) {
    const o = off + 4 * i;
    WORDS[i] = ((buf[o] << 24) | (buf[o + 1] << 16) | (buf[o + 2] << 8) | buf[o + 3]) >>> 0;
  }
  return ipv6ToString(WORDS);
}

/** Character codes of 0-9a-f. */
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const COLON = 58;

/**
 * aa:bb:cc:dd:ee:ff from the 6 bytes at buf[off]; the caller has checked the bounds. Made in one
 * piece (not by +=, which leaves a rope that every later comparison or Map lookup must flatten).
 */
export function macToString(buf: Buffer, off: number): string {
  const h = HEX_CODES;
  const b0 = buf[off];
  const b1 = buf[off + 1];
  const b2 = buf[off + 2];
  const b3 = buf[off + 3];
  const b4 = buf[off + 4];
  const b5 = buf[off + 5];
  return String.fromCharCode(
    h[b0 >> 4],
    h[b0 & 15],
    COLON,
    h[b1 >> 4],
    h[b1 & 15],
    COLON,
    h[b2 >> 4],
    h[b2 & 15],
    COLON,
    h[b3 >> 4],
    h[b3 & 15],
    COLON,
    h[b4 >> 4],
    h[b4 & 15],
    COLON,
    h[b5 >> 4],
    h[b5 & 15],
  );
}

const MAX_LINE = 200;

/** Untrusted text made one printable line: control and line-breaking characters become '.', cut to `max`. */
export function oneLine(s: string, max = MAX_LINE): string {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '.');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
