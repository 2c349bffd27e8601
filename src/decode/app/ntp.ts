/** NTP: version, mode and stratum from the first two bytes. */
import type { NtpHint } from '../app-hints.js';
import { field, type ProtocolDisplay } from '../layer-view.js';

const LI_VN_MODE = 0;
const STRATUM = 1;
const MIN_LEN = 48;

export function parseNtp(buf: Buffer, p: number, end: number): NtpHint | null {
  if (p + MIN_LEN > end) return null;
  const b = buf[p + LI_VN_MODE];
  return { kind: 'ntp', version: (b >> 3) & 7, mode: b & 7, stratum: buf[p + STRATUM] };
}

const MODES = [
  'reserved',
  'symmetric active',
  'symmetric passive',
  'client',
  'server',
  'broadcast',
  'control',
  'private',
];

export const NTP_DISPLAY: ProtocolDisplay = {
  fields({ d }) {
    const h = d.hint;
    return h?.kind === 'ntp' ? [field('Version', h.version), field('Mode', h.mode), field('Stratum', h.stratum)] : [];
  },
  info({ d }) {
    const h = d.hint;
    return h?.kind === 'ntp' ? `NTP version ${h.version}, ${MODES[h.mode] ?? `mode ${h.mode}`}` : '';
  },
};
