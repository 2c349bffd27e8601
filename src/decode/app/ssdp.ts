/** SSDP (HTTP over UDP 1900): start line, search/notify target (ST or NT), LOCATION and SERVER. */
import type { SsdpHint } from '../app-hints.js';
import { ascii, headerValue, latin1, lineEnd, nextLine } from './ascii-scan.js';
import { field, type ProtocolDisplay } from '../layer-view.js';

const MAX_SCAN = 4096;
const H_ST = ascii('st:');
const H_NT = ascii('nt:');
const H_LOCATION = ascii('location:');
const H_SERVER = ascii('server:');

export function parseSsdp(buf: Buffer, p: number, end: number): SsdpHint | null {
  const lim = p + MAX_SCAN < end ? p + MAX_SCAN : end;
  const le = lineEnd(buf, p, lim);
  if (le === p) return null;
  const hint: SsdpHint = { kind: 'ssdp', startLine: latin1(buf, p, le), target: null, location: null, server: null };
  let q = nextLine(buf, le, lim);
  while (q < lim) {
    const e = lineEnd(buf, q, lim);
    if (e === q) break;
    const c = buf[q] | 0x20;
    if (c === 0x73) {
      if (hint.target === null) hint.target = headerValue(buf, q, e, H_ST);
      if (hint.server === null) hint.server = headerValue(buf, q, e, H_SERVER);
    } else if (c === 0x6e && hint.target === null) hint.target = headerValue(buf, q, e, H_NT);
    else if (c === 0x6c && hint.location === null) hint.location = headerValue(buf, q, e, H_LOCATION);
    if (e >= lim) break;
    q = nextLine(buf, e, lim);
  }
  return hint;
}

export const SSDP_DISPLAY: ProtocolDisplay = {
  fields({ d }) {
    const h = d.hint;
    if (h?.kind !== 'ssdp') return [];
    return [
      field('Start line', h.startLine),
      field('Target', h.target ?? '(none)'),
      field('Location', h.location ?? '(none)'),
      field('Server', h.server ?? '(none)'),
    ];
  },
  info: ({ d }) => (d.hint?.kind === 'ssdp' ? d.hint.startLine : ''),
};
