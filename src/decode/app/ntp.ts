/** NTP: version, mode and stratum from the first two bytes. */
import type { NtpHint } from '../app-hints.js';

const LI_VN_MODE = 0;
const STRATUM = 1;
const MIN_LEN = 48;

export function parseNtp(buf: Buffer, p: number, end: number): NtpHint | null {
  if (p + MIN_LEN > end) return null;
  const b = buf[p + LI_VN_MODE];
  return { kind: 'ntp', version: (b >> 3) & 7, mode: b & 7, stratum: buf[p + STRATUM] };
}
