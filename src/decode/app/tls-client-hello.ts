/**
 * TLS ClientHello: server name (SNI), ALPN protocols and the highest offered version
 * (supported_versions when present). Used for TLS over TCP (record layer first) and for QUIC
 * (the handshake message from CRYPTO frames).
 */
import type { TlsClientHelloHint } from '../app-hints.js';
import { u16 } from '../byte-readers.js';
import { latin1 } from './ascii-scan.js';
import { field, type ProtocolDisplay } from '../layer-view.js';

const REC_TYPE = 0;
const REC_VERSION_MAJOR = 1;
const REC_LENGTH = 3;
const REC_HEADER_LEN = 5;
const CT_HANDSHAKE = 0x16;
const HS_TYPE = 0;
const HS_LENGTH = 1;
const HS_HEADER_LEN = 4;
const HS_CLIENT_HELLO = 1;
const RANDOM_LEN = 32;

const EXT_SERVER_NAME = 0;
const EXT_ALPN = 16;
const EXT_SUPPORTED_VERSIONS = 43;
const SNI_HOST_NAME = 0;
const MAX_ALPN = 16;

/** True when buf[p..] looks like a TLS record carrying a ClientHello. */
export function isTlsClientHelloRecord(buf: Buffer, p: number, end: number): boolean {
  return (
    p + REC_HEADER_LEN + 1 <= end &&
    buf[p + REC_TYPE] === CT_HANDSHAKE &&
    buf[p + REC_VERSION_MAJOR] === 3 &&
    buf[p + REC_HEADER_LEN + HS_TYPE] === HS_CLIENT_HELLO
  );
}

/** True when buf[p..] starts like any TLS record (content type 20..23 or 24, version 3.x). */
export function isTlsRecord(buf: Buffer, p: number, end: number): boolean {
  if (p + REC_HEADER_LEN > end) return false;
  const t = buf[p + REC_TYPE];
  return t >= 20 && t <= 24 && buf[p + REC_VERSION_MAJOR] === 3 && buf[p + 2] <= 4;
}

/** Parses a ClientHello inside a TLS record at `p` (the caller checked isTlsClientHelloRecord). */
export function parseTlsRecordClientHello(buf: Buffer, p: number, end: number): TlsClientHelloHint | null {
  const recEnd = p + REC_HEADER_LEN + u16(buf, p + REC_LENGTH);
  return parseHandshakeClientHello(buf, p + REC_HEADER_LEN, recEnd < end ? recEnd : end);
}

/** Parses a ClientHello handshake message (type, 3-byte length, body) at `p`. */
export function parseHandshakeClientHello(buf: Buffer, p: number, end: number): TlsClientHelloHint | null {
  if (p + HS_HEADER_LEN > end || buf[p + HS_TYPE] !== HS_CLIENT_HELLO) return null;
  const hsEnd = p + HS_HEADER_LEN + ((buf[p + HS_LENGTH] << 16) | u16(buf, p + HS_LENGTH + 1));
  return parseClientHelloBody(buf, p + HS_HEADER_LEN, hsEnd < end ? hsEnd : end);
}

function isGrease(v: number): boolean {
  return (v & 0x0f0f) === 0x0a0a && v >> 8 === (v & 0xff);
}

/** Parses a ClientHello body (from client_version). What is cut off is left out (sni null, alpn []). */
function parseClientHelloBody(buf: Buffer, p: number, end: number): TlsClientHelloHint | null {
  if (p + 2 + RANDOM_LEN + 1 > end) return null;
  const hint: TlsClientHelloHint = { kind: 'tls-client-hello', version: u16(buf, p), sni: null, alpn: [] };
  p += 2 + RANDOM_LEN;
  p += 1 + buf[p]; // session id
  if (p + 2 > end) return hint;
  p += 2 + u16(buf, p); // cipher suites
  if (p + 1 > end) return hint;
  p += 1 + buf[p]; // compression methods
  if (p + 2 > end) return hint;
  const extEnd0 = p + 2 + u16(buf, p);
  const extEnd = extEnd0 < end ? extEnd0 : end;
  p += 2;
  let best = 0;
  while (p + 4 <= extEnd) {
    const type = u16(buf, p);
    const len = u16(buf, p + 2);
    const d = p + 4;
    const dEnd = d + len;
    if (dEnd > extEnd) break;
    if (type === EXT_SERVER_NAME) {
      // server_name_list: length, then (type, length, name) entries.
      let q = d + 2;
      while (q + 3 <= dEnd) {
        const nameLen = u16(buf, q + 1);
        if (q + 3 + nameLen > dEnd) break;
        if (buf[q] === SNI_HOST_NAME && hint.sni === null) hint.sni = latin1(buf, q + 3, q + 3 + nameLen);
        q += 3 + nameLen;
      }
    } else if (type === EXT_ALPN) {
      let q = d + 2;
      while (q < dEnd && hint.alpn.length < MAX_ALPN) {
        const l = buf[q];
        if (q + 1 + l > dEnd) break;
        hint.alpn.push(latin1(buf, q + 1, q + 1 + l));
        q += 1 + l;
      }
    } else if (type === EXT_SUPPORTED_VERSIONS && len >= 1) {
      const listEnd0 = d + 1 + buf[d];
      const listEnd = listEnd0 < dEnd ? listEnd0 : dEnd;
      for (let q = d + 1; q + 2 <= listEnd; q += 2) {
        const v = u16(buf, q);
        if (!isGrease(v) && v > best) best = v;
      }
    }
    p = dEnd;
  }
  if (best !== 0) hint.version = best;
  return hint;
}

export const TLS_DISPLAY: ProtocolDisplay = {
  fields({ d }) {
    const h = d.hint;
    if (h?.kind !== 'tls-client-hello') return [];
    return [
      field('Handshake', 'Client Hello'),
      field('Version', `0x${h.version.toString(16)}`),
      field('Server name (SNI)', h.sni ?? '(none)'),
      field('ALPN', h.alpn.join(', ') || '(none)'),
    ];
  },
  info({ d }) {
    const h = d.hint;
    return h?.kind === 'tls-client-hello' ? `Client Hello${h.sni ? ` (SNI=${h.sni})` : ''}` : '';
  },
};
