/**
 * QUIC packet headers (RFC 8999/9000, v2 RFC 9369). Long headers give the version, packet type and
 * connection ID; a client Initial also gives the SNI and ALPN (decrypted once per connection ID,
 * see quic-initial.ts). Short-header (1-RTT) packets carry nothing readable: no hint for them.
 */
import type { QuicHint } from '../app-hints.js';
import { u32 } from '../byte-readers.js';
import { clientHelloFromInitial, QUIC_DRAFT_29, QUIC_V1, QUIC_V2 } from './quic-initial.js';
import { field, type ProtocolDisplay } from '../layer-view.js';

const FIRST = 0;
const VERSION = 1;
const DCID_LEN = 5;
const DCID = 6;
const LONG_HEADER = 0x80;
const FIXED_BIT = 0x40;
const MAX_CID_LEN = 20;
/** RFC 9000 §14.1: a client's Initial datagram is padded to at least 1200 bytes. */
const MIN_CLIENT_INITIAL_DATAGRAM = 1200;

const TYPES_V1 = ['initial', '0rtt', 'handshake', 'retry'] as const;
const TYPES_V2 = ['retry', 'initial', '0rtt', 'handshake'] as const;

interface SniResult {
  sni: string | null;
  alpn: string[];
}
/** Client Initials already opened, by version and DCID (cleared when it grows past MAX_CACHE). */
const cache = new Map<string, SniResult>();
const MAX_CACHE = 4096;
const NO_SNI: SniResult = { sni: null, alpn: [] };

/** True when buf[p..] can be a QUIC packet header: a long header with a sane DCID length, or a short header. */
export function looksLikeQuic(buf: Buffer, p: number, end: number): boolean {
  if (p >= end) return false;
  const b = buf[p + FIRST];
  if ((b & LONG_HEADER) === 0) return (b & FIXED_BIT) !== 0;
  return p + DCID <= end && buf[p + DCID_LEN] <= MAX_CID_LEN;
}

/**
 * A long header with a known version (v1, v2, draft-29) and a sane DCID length: how tshark's QUIC
 * heuristic spots QUIC on ports it is not registered for. Short headers cannot be told apart.
 */
export function isQuicLongHeader(buf: Buffer, p: number, end: number): boolean {
  if (p + DCID > end || (buf[p + FIRST] & (LONG_HEADER | FIXED_BIT)) !== (LONG_HEADER | FIXED_BIT)) return false;
  const v = u32(buf, p + VERSION);
  return (v === QUIC_V1 || v === QUIC_V2 || v === QUIC_DRAFT_29) && buf[p + DCID_LEN] <= MAX_CID_LEN;
}

/** The hint for a long-header packet at `p` (the first packet of the datagram), or null. */
export function parseQuic(buf: Buffer, p: number, end: number): QuicHint | null {
  if (p + DCID > end || (buf[p + FIRST] & LONG_HEADER) === 0) return null;
  const b = buf[p + FIRST];
  const version = u32(buf, p + VERSION);
  const dcidLen = buf[p + DCID_LEN];
  if (dcidLen > MAX_CID_LEN && version !== 0) return null;
  if (p + DCID + dcidLen > end) return null;
  const type = (b >> 4) & 3;
  const packetType = version === 0 ? 'version-negotiation' : version === QUIC_V2 ? TYPES_V2[type] : TYPES_V1[type];
  const dcid = buf.toString('hex', p + DCID, p + DCID + dcidLen);
  const hint: QuicHint = { kind: 'quic', version, longHeader: true, packetType, dcid, sni: null, alpn: [] };
  if (packetType === 'initial' && end - p >= MIN_CLIENT_INITIAL_DATAGRAM) {
    const key = `${version}/${dcid}`;
    let r = cache.get(key);
    if (r === undefined) {
      const ch = clientHelloFromInitial(buf, p, end, version);
      r = ch === null ? NO_SNI : { sni: ch.sni, alpn: ch.alpn };
      if (cache.size >= MAX_CACHE) cache.clear();
      cache.set(key, r);
    }
    hint.sni = r.sni;
    hint.alpn = r.alpn.slice();
  }
  return hint;
}

export const QUIC_DISPLAY: ProtocolDisplay = {
  fields({ d }) {
    const h = d.hint;
    if (h?.kind !== 'quic') return [];
    return [
      field('Version', `0x${h.version.toString(16)}`),
      field('Packet type', h.packetType),
      field('Destination connection id', h.dcid),
      field('Server name (SNI)', h.sni ?? '(none)'),
      field('ALPN', h.alpn.join(', ') || '(none)'),
    ];
  },
  info({ d }) {
    const h = d.hint;
    return h?.kind === 'quic' ? `QUIC ${h.packetType}${h.sni ? `, SNI=${h.sni}` : ''}` : '';
  },
};
