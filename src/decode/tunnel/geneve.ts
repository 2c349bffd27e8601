/**
 * Geneve (RFC 8926, UDP 6081): an 8-byte header, options, then the packet its protocol type names
 * (an EtherType: 0x6558 Ethernet, IPv4, IPv6).
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u16, u24 } from '../byte-readers.js';
import { pushLayer } from '../layer-stack.js';
import { markMalformed, markShort, REASON } from '../malformed.js';
import { decodeEthernet } from '../link/ethernet.js';
import { ETHERTYPE_TEB } from '../link/ether-types.js';
import { field, hex16, type ProtocolDisplay } from '../layer-view.js';
import { noteTunnel } from './tunnel-key.js';

const VER_OPTLEN = 0;
const PROTOCOL = 2;
const VNI = 4;
const HEADER_LEN = 8;
const VERSION_0 = 0;

/** Decodes Geneve at `off`; returns the inner network layer's offset (out.etherType set), or -1. */
export function decodeGeneve(buf: Buffer, off: number, end: number, wireEnd: number, out: Decoded): number {
  pushLayer(out, PROTO.geneve, off);
  if (off + HEADER_LEN > end) {
    markShort(out, PROTO.geneve, off, off + HEADER_LEN, wireEnd);
    return -1;
  }
  if (buf[off + VER_OPTLEN] >> 6 !== VERSION_0) {
    markMalformed(out, PROTO.geneve, off, REASON.BAD_VERSION);
    return -1;
  }
  const p = off + HEADER_LEN + ((buf[off + VER_OPTLEN] & 0x3f) << 2);
  if (p > end) {
    markShort(out, PROTO.geneve, off, p, wireEnd);
    return -1;
  }
  noteTunnel(out, PROTO.geneve, u24(buf, off + VNI));
  if (p >= end) return -1;
  const proto = u16(buf, off + PROTOCOL);
  if (proto === ETHERTYPE_TEB) return decodeEthernet(buf, p, end, out);
  out.etherType = proto;
  return p;
}

export const GENEVE_DISPLAY: ProtocolDisplay = {
  fields: ({ buf, start }) =>
    start + HEADER_LEN > buf.length
      ? []
      : [
          field('Options length', (buf[start + VER_OPTLEN] & 0x3f) << 2),
          field('Protocol type', hex16(u16(buf, start + PROTOCOL))),
          field('VNI', u24(buf, start + VNI)),
        ],
};
