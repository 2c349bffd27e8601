/**
 * NSH, the Network Service Header (RFC 8300, EtherType 0x894f): base header, service path header
 * and context headers (length in 4-byte words), then IPv4, IPv6, Ethernet, MPLS or NSH again.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u32 } from '../byte-readers.js';
import { pushLayer } from '../layer-stack.js';
import { markMalformed, markShort, REASON } from '../malformed.js';
import { decodeEthernet } from '../link/ethernet.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, ETHERTYPE_MPLS, ETHERTYPE_NSH } from '../link/ether-types.js';
import { field, type ProtocolDisplay } from '../layer-view.js';
import { noteTunnel } from './tunnel-key.js';

const LENGTH = 1;
const NEXT_PROTOCOL = 3;
const SERVICE_PATH = 4;
const MIN_LEN = 8;
const NEXT_IPV4 = 1;
const NEXT_IPV6 = 2;
const NEXT_ETHERNET = 3;
const NEXT_NSH = 4;
const NEXT_MPLS = 5;

/** Decodes NSH at `off`; returns the next network layer's offset (out.etherType set), or -1. */
export function decodeNsh(buf: Buffer, off: number, end: number, out: Decoded): number {
  pushLayer(out, PROTO.nsh, off);
  if (off + MIN_LEN > end) {
    markShort(out, PROTO.nsh, off, off + MIN_LEN, end);
    return -1;
  }
  const len = (buf[off + LENGTH] & 0x3f) << 2;
  if (len < MIN_LEN) {
    markMalformed(out, PROTO.nsh, off, REASON.BAD_HEADER_LEN);
    return -1;
  }
  const p = off + len;
  if (p > end) {
    markShort(out, PROTO.nsh, off, p, end);
    return -1;
  }
  noteTunnel(out, PROTO.nsh, u32(buf, off + SERVICE_PATH) >>> 8);
  if (p >= end) return -1;
  switch (buf[off + NEXT_PROTOCOL]) {
    case NEXT_IPV4:
      out.etherType = ETHERTYPE_IPV4;
      return p;
    case NEXT_IPV6:
      out.etherType = ETHERTYPE_IPV6;
      return p;
    case NEXT_MPLS:
      out.etherType = ETHERTYPE_MPLS;
      return p;
    case NEXT_NSH:
      out.etherType = ETHERTYPE_NSH;
      return p;
    case NEXT_ETHERNET:
      return decodeEthernet(buf, p, end, out);
    default:
      return -1;
  }
}

export const NSH_DISPLAY: ProtocolDisplay = {
  fields: ({ buf, start }) =>
    start + MIN_LEN > buf.length
      ? []
      : [
          field('Service path id', u32(buf, start + SERVICE_PATH) >>> 8),
          field('Service index', buf[start + SERVICE_PATH + 3]),
          field('Next protocol', buf[start + NEXT_PROTOCOL]),
        ],
};
