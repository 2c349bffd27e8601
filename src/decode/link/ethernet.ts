/**
 * Ethernet II and IEEE 802.3 frames, with any number of 802.1Q / 802.1ad VLAN tags (QinQ) and the
 * VN-Tag / 802.1BR E-Tag port-extender tags, each followed by the next EtherType.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { markMalformed, REASON } from '../malformed.js';
import { pushLayer } from '../layer-stack.js';
import { decodeLlc } from './llc.js';
import {
  ETHERTYPE_ETAG,
  ETHERTYPE_MIN,
  ETHERTYPE_QINQ,
  ETHERTYPE_QINQ_OLD,
  ETHERTYPE_VLAN,
  ETHERTYPE_VNTAG,
  MAX_8023_LENGTH,
} from './ether-types.js';
import { field, hex16, type ProtocolDisplay } from '../layer-view.js';
import { macToString } from '../format.js';
import { u16 } from '../byte-readers.js';

const ETH_DST = 0;
const ETH_SRC = 6;
const ETH_TYPE = 12;
const ETH_HEADER_LEN = 14;
const VLAN_TCI = 0;
const VLAN_TYPE = 2;
const VLAN_TAG_LEN = 4;
/** VN-Tag: 4 bytes; E-Tag: 6 bytes; each then the next EtherType. */
const VNTAG_LEN = 4;
const ETAG_LEN = 6;
/** Tags beyond this many are not followed (a frame of nothing but tags would otherwise fill the stack). */
const MAX_TAGS = 8;

/**
 * Decodes the Ethernet header at `off`. Returns the network-layer offset with out.etherType set,
 * or -1 when nothing follows that NetLens decodes (802.3/LLC without SNAP, truncation).
 */
export function decodeEthernet(buf: Buffer, off: number, end: number, out: Decoded): number {
  pushLayer(out, PROTO.eth, off);
  if (off + ETH_HEADER_LEN > end) {
    markMalformed(out, PROTO.eth, off, REASON.SHORT_HEADER);
    return -1;
  }
  out.dstMacOffset = off + ETH_DST - out.frameOffset;
  out.srcMacOffset = off + ETH_SRC - out.frameOffset;
  let type = (buf[off + ETH_TYPE] << 8) | buf[off + ETH_TYPE + 1];
  let p = off + ETH_HEADER_LEN;
  for (let tags = 0; ; tags++) {
    const vlan = type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_QINQ_OLD;
    if (!vlan && type !== ETHERTYPE_VNTAG && type !== ETHERTYPE_ETAG) break;
    const proto = vlan ? PROTO.vlan : type === ETHERTYPE_VNTAG ? PROTO.vntag : PROTO.etag;
    if (tags >= MAX_TAGS) {
      markMalformed(out, proto, p, REASON.TOO_MANY_HEADERS);
      return -1;
    }
    pushLayer(out, proto, p);
    // a tag, then the next EtherType
    const len = vlan ? VLAN_TAG_LEN : type === ETHERTYPE_VNTAG ? VNTAG_LEN + 2 : ETAG_LEN + 2;
    if (p + len > end) {
      markMalformed(out, proto, p, REASON.SHORT_HEADER);
      return -1;
    }
    if (vlan) {
      const vid = ((buf[p + VLAN_TCI] << 8) | buf[p + VLAN_TCI + 1]) & 0x0fff;
      if (out.vlanCount === 0) out.vlanId = vid;
      else if (out.vlanCount === 1) out.innerVlanId = vid;
      out.vlanCount++;
    }
    type = (buf[p + len - 2] << 8) | buf[p + len - 1];
    p += len;
  }
  if (type <= MAX_8023_LENGTH) {
    // 802.3 length frame: the payload is an LLC PDU; bytes past the length are padding.
    const llcEnd = p + type < end ? p + type : end;
    return decodeLlc(buf, p, llcEnd, out);
  }
  if (type < ETHERTYPE_MIN) return -1;
  out.etherType = type;
  return p;
}

export const ETHERNET_DISPLAY: ProtocolDisplay = {
  fields: ({ buf, start }) =>
    start + ETH_HEADER_LEN > buf.length
      ? []
      : [
          field('Destination', macToString(buf, start + ETH_DST), start + ETH_DST, 6),
          field('Source', macToString(buf, start + ETH_SRC), start + ETH_SRC, 6),
          field('Type', hex16(u16(buf, start + ETH_TYPE)), start + ETH_TYPE, 2),
        ],
};

export const VLAN_DISPLAY: ProtocolDisplay = {
  fields: ({ buf, start }) =>
    start + VLAN_TAG_LEN > buf.length
      ? []
      : [
          field('Priority', buf[start + VLAN_TCI] >> 5),
          field('VLAN id', u16(buf, start + VLAN_TCI) & 0x0fff),
          field('Type', hex16(u16(buf, start + VLAN_TYPE))),
        ],
};
