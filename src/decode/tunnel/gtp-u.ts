/**
 * GTP-U (3GPP TS 29.281, UDP 2152): the user plane of mobile networks. A G-PDU (message type 255)
 * carries an IP packet after the 8-byte header, the optional sequence/N-PDU/extension word and any
 * extension headers; other messages (echo, error indication) are only named.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u32 } from '../byte-readers.js';
import { pushLayer } from '../layer-stack.js';
import { markMalformed, markShort, REASON } from '../malformed.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from '../link/ether-types.js';
import { field, type ProtocolDisplay } from '../layer-view.js';
import { noteTunnel } from './tunnel-key.js';

const FLAGS = 0;
const MESSAGE_TYPE = 1;
const TEID = 4;
const HEADER_LEN = 8;
const OPTIONAL_LEN = 4;
const VERSION_1 = 1;
const FLAG_PT = 0x10;
const FLAG_E = 0x04;
const FLAGS_OPTIONAL = 0x07;
const G_PDU = 0xff;
/** Extension headers followed at most. */
const MAX_EXTENSIONS = 16;

/** Decodes GTP-U at `off`; returns the carried IP packet's offset (out.etherType set), or -1. */
export function decodeGtpU(buf: Buffer, off: number, end: number, wireEnd: number, out: Decoded): number {
  pushLayer(out, PROTO.gtp, off);
  if (off + HEADER_LEN > end) {
    markShort(out, PROTO.gtp, off, off + HEADER_LEN, wireEnd);
    return -1;
  }
  const flags = buf[off + FLAGS];
  if (flags >> 5 !== VERSION_1 || (flags & FLAG_PT) === 0) return -1;
  noteTunnel(out, PROTO.gtp, u32(buf, off + TEID));
  let p = off + HEADER_LEN;
  if ((flags & FLAGS_OPTIONAL) !== 0) {
    p += OPTIONAL_LEN;
    if (p > end) {
      markShort(out, PROTO.gtp, off, p, wireEnd);
      return -1;
    }
    let next = (flags & FLAG_E) !== 0 ? buf[p - 1] : 0;
    for (let n = 0; next !== 0; n++) {
      if (n === MAX_EXTENSIONS) {
        markMalformed(out, PROTO.gtp, p, REASON.TOO_MANY_HEADERS);
        return -1;
      }
      if (p >= end) {
        markShort(out, PROTO.gtp, p, p + 1, wireEnd);
        return -1;
      }
      const len = buf[p] << 2;
      if (len === 0) {
        markMalformed(out, PROTO.gtp, p, REASON.BAD_LENGTH);
        return -1;
      }
      if (p + len > end) {
        markShort(out, PROTO.gtp, p, p + len, wireEnd);
        return -1;
      }
      next = buf[p + len - 1];
      p += len;
    }
  }
  if (buf[off + MESSAGE_TYPE] !== G_PDU || p >= end) return -1;
  const v = buf[p] >> 4;
  if (v === 4) out.etherType = ETHERTYPE_IPV4;
  else if (v === 6) out.etherType = ETHERTYPE_IPV6;
  else return -1;
  return p;
}

export const GTP_DISPLAY: ProtocolDisplay = {
  fields: ({ buf, start }) =>
    start + HEADER_LEN > buf.length
      ? []
      : [field('Message type', buf[start + MESSAGE_TYPE]), field('TEID', `0x${u32(buf, start + TEID).toString(16)}`)],
};
