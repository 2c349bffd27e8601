/**
 * PPPoE (discovery 0x8863, session 0x8864: a PPP frame follows) and MPLS label stacks (0x8847,
 * 0x8848: IPv4 or IPv6 after the bottom label, by version nibble). tshark names them pppoed,
 * pppoes (then ppp) and mpls.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { markMalformed, REASON } from '../malformed.js';
import { pushLayer } from '../layer-stack.js';
import { decodePpp } from './ppp.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './ether-types.js';

const PPPOE_HEADER_LEN = 6;
const MPLS_LABEL_LEN = 4;
const MPLS_BOTTOM_OF_STACK = 0x01;
/** Labels followed at most. */
const MAX_MPLS_LABELS = 8;

/** PPPoE discovery: named only. */
export function decodePppoeDiscovery(off: number, out: Decoded): void {
  pushLayer(out, PROTO.pppoed, off);
}

/** PPPoE session: returns the offset of IPv4/IPv6 inside (out.etherType set), or -1. */
export function decodePppoeSession(buf: Buffer, off: number, end: number, out: Decoded): number {
  pushLayer(out, PROTO.pppoes, off);
  if (off + PPPOE_HEADER_LEN + 2 > end) {
    markMalformed(out, PROTO.pppoes, off, REASON.SHORT_HEADER);
    return -1;
  }
  const len = (buf[off + 4] << 8) | buf[off + 5];
  const pEnd = off + PPPOE_HEADER_LEN + len < end ? off + PPPOE_HEADER_LEN + len : end;
  return decodePpp(buf, off + PPPOE_HEADER_LEN, pEnd, out);
}

/** MPLS: one `mpls` layer for the label stack; returns the offset of IPv4/IPv6 after it, or -1. */
export function decodeMpls(buf: Buffer, off: number, end: number, out: Decoded): number {
  pushLayer(out, PROTO.mpls, off);
  let p = off;
  for (let n = 0; n < MAX_MPLS_LABELS; n++) {
    if (p + MPLS_LABEL_LEN > end) {
      markMalformed(out, PROTO.mpls, p, REASON.SHORT_HEADER);
      return -1;
    }
    const bottom = (buf[p + 2] & MPLS_BOTTOM_OF_STACK) !== 0;
    p += MPLS_LABEL_LEN;
    if (bottom) {
      if (p >= end) return -1;
      const v = buf[p] >> 4;
      if (v === 4) out.etherType = ETHERTYPE_IPV4;
      else if (v === 6) out.etherType = ETHERTYPE_IPV6;
      else return -1;
      return p;
    }
  }
  markMalformed(out, PROTO.mpls, p, REASON.TOO_MANY_HEADERS);
  return -1;
}
