/** DHCP / BOOTP: message type (option 53), hostname (12), requested IP (50), yiaddr and chaddr. */
import type { DhcpHint } from '../app-hints.js';
import { u32 } from '../byte-readers.js';
import { ipv4ToString, macToString } from '../format.js';
import { latin1 } from './ascii-scan.js';
import { field, type ProtocolDisplay } from '../layer-view.js';

/** BOOTP's UDP ports (bootps, bootpc). */
export const DHCP_SERVER_PORT = 67;
export const DHCP_CLIENT_PORT = 68;

const HLEN = 2;
const YIADDR = 16;
const CHADDR = 28;
const MAGIC = 236;
const OPTIONS = 240;
const MAGIC_COOKIE = 0x63825363;
const BOOTP_MIN_LEN = 236;

const OPT_PAD = 0;
const OPT_END = 255;
const OPT_HOSTNAME = 12;
const OPT_REQUESTED_IP = 50;
const OPT_MESSAGE_TYPE = 53;

/** Parses a BOOTP/DHCP message at `p`; null when shorter than the fixed BOOTP header. */
export function parseDhcp(buf: Buffer, p: number, end: number): DhcpHint | null {
  if (p + BOOTP_MIN_LEN > end) return null;
  const yi = u32(buf, p + YIADDR);
  const hint: DhcpHint = {
    kind: 'dhcp',
    messageType: 0,
    clientMac: buf[p + HLEN] === 6 ? macToString(buf, p + CHADDR) : '',
    hostname: null,
    requestedIp: null,
    yourIp: yi !== 0 ? ipv4ToString(yi) : null,
  };
  if (p + OPTIONS > end || u32(buf, p + MAGIC) !== MAGIC_COOKIE) return hint;
  let q = p + OPTIONS;
  while (q < end) {
    const code = buf[q];
    if (code === OPT_END) break;
    if (code === OPT_PAD) {
      q++;
      continue;
    }
    if (q + 2 > end) break;
    const len = buf[q + 1];
    const d = q + 2;
    if (d + len > end) break;
    if (code === OPT_MESSAGE_TYPE && len >= 1) hint.messageType = buf[d];
    else if (code === OPT_HOSTNAME && len > 0) hint.hostname = latin1(buf, d, d + len);
    else if (code === OPT_REQUESTED_IP && len === 4) hint.requestedIp = ipv4ToString(u32(buf, d));
    q = d + len;
  }
  return hint;
}

const MESSAGE_TYPES = ['BOOTP', 'Discover', 'Offer', 'Request', 'Decline', 'ACK', 'NAK', 'Release', 'Inform'];

export const DHCP_DISPLAY: ProtocolDisplay = {
  fields({ d }) {
    const h = d.hint;
    if (h?.kind !== 'dhcp') return [];
    return [
      field('Message type', h.messageType),
      field('Client MAC', h.clientMac),
      field('Host name', h.hostname ?? '(none)'),
      field('Requested address', h.requestedIp ?? '(none)'),
      field('Your address', h.yourIp ?? '(none)'),
    ];
  },
  info({ d }) {
    const h = d.hint;
    if (h?.kind !== 'dhcp') return '';
    const type = MESSAGE_TYPES[h.messageType] ?? h.messageType;
    return `DHCP ${type} from ${h.clientMac}${h.hostname ? ` (${h.hostname})` : ''}`;
  },
};
