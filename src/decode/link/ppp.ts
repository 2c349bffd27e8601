/** PPP frames as they appear inside GRE (PPTP) and PPPoE sessions; LCP is named, IPv4/IPv6 followed. */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u16 } from '../byte-readers.js';
import { pushLayer } from '../layer-stack.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './ether-types.js';

const PPP_ALL_STATIONS = 0xff;
const PPP_UI = 0x03;
const PPP_IPV4 = 0x0021;
const PPP_IPV6 = 0x0057;
const PPP_LCP = 0xc021;

/**
 * PPP (inside GRE or PPPoE): optional address/control bytes, then a 1- or 2-byte protocol field.
 * Returns the offset of IPv4/IPv6 with out.etherType set, or -1.
 */
export function decodePpp(buf: Buffer, off: number, end: number, out: Decoded): number {
  pushLayer(out, PROTO.ppp, off);
  let p = off;
  if (p + 2 <= end && buf[p] === PPP_ALL_STATIONS && buf[p + 1] === PPP_UI) p += 2;
  if (p >= end) return -1;
  let proto: number;
  if ((buf[p] & 1) !== 0) {
    proto = buf[p];
    p += 1;
  } else {
    if (p + 2 > end) return -1;
    proto = u16(buf, p);
    p += 2;
  }
  switch (proto) {
    case PPP_IPV4:
      out.etherType = ETHERTYPE_IPV4;
      return p;
    case PPP_IPV6:
      out.etherType = ETHERTYPE_IPV6;
      return p;
    case PPP_LCP:
      pushLayer(out, PROTO.lcp, p);
      return -1;
    default:
      return -1;
  }
}
