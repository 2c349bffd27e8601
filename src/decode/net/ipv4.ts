/** IPv4 header (options skipped), including the fragment fields. */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u16, u32 } from '../byte-readers.js';
import { markMalformed, markShort, REASON } from '../malformed.js';
import { pushLayer } from '../layer-stack.js';
import { field, type LayerView, type ProtocolDisplay } from '../layer-view.js';
import { ipv4ToString } from '../format.js';

const VER_IHL = 0;
const TOTAL_LEN = 2;
const IDENT = 4;
const FLAGS_FRAG = 6;
const TTL = 8;
const PROTOCOL = 9;
const SRC = 12;
const DST = 16;
const MIN_HEADER_LEN = 20;
const FLAG_MF = 0x2000;
const FRAG_OFFSET_MASK = 0x1fff;

/**
 * Decodes the IPv4 header at `off`. Returns the payload offset, or -1. Sets ipTotalLen to the
 * length on the wire (a total length of 0, as TCP segmentation offload captures show, is taken as
 * "the rest of the capture", as tshark does).
 */
export function decodeIpv4(buf: Buffer, off: number, end: number, out: Decoded): number {
  pushLayer(out, PROTO.ip, off);
  if (off + MIN_HEADER_LEN > end) {
    markMalformed(out, PROTO.ip, off, REASON.SHORT_HEADER);
    return -1;
  }
  const verIhl = buf[off + VER_IHL];
  if (verIhl >> 4 !== 4) {
    markMalformed(out, PROTO.ip, off, REASON.BAD_VERSION);
    return -1;
  }
  const hdrLen = (verIhl & 0x0f) << 2;
  if (hdrLen < MIN_HEADER_LEN) {
    markMalformed(out, PROTO.ip, off, REASON.BAD_HEADER_LEN);
    return -1;
  }
  let totalLen = u16(buf, off + TOTAL_LEN);
  if (totalLen === 0) totalLen = end - off;
  if (out.ipOffset >= 0) {
    // an IP header inside a tunnel: the outer one's transport (a UDP tunnel's ports) is not this packet's
    if (out.outerIpOffset < 0) out.outerIpOffset = out.ipOffset;
    out.tunnelDepth++;
    out.resetTransport();
  }
  out.ipVersion = 4;
  out.ipOffset = off - out.frameOffset;
  out.ipTotalLen = totalLen;
  out.ttl = buf[off + TTL];
  out.ipProto = buf[off + PROTOCOL];
  out.src4 = u32(buf, off + SRC);
  out.dst4 = u32(buf, off + DST);
  const ff = u16(buf, off + FLAGS_FRAG);
  out.fragId = u16(buf, off + IDENT);
  out.fragOffset = (ff & FRAG_OFFSET_MASK) << 3;
  out.moreFragments = (ff & FLAG_MF) !== 0;
  out.fragment = out.moreFragments || out.fragOffset !== 0;
  if (totalLen < hdrLen) {
    markMalformed(out, PROTO.ip, off, REASON.BAD_LENGTH);
    return -1;
  }
  if (off + hdrLen > end) {
    markShort(out, PROTO.ip, off, off + hdrLen, off + totalLen);
    return -1;
  }
  return off + hdrLen;
}

export const IPV4_DISPLAY: ProtocolDisplay = {
  fields({ buf, start }) {
    if (start + MIN_HEADER_LEN > buf.length) return [];
    const ff = u16(buf, start + FLAGS_FRAG);
    const out = [
      field('Source address', ipv4ToString(u32(buf, start + SRC)), start + SRC, 4),
      field('Destination address', ipv4ToString(u32(buf, start + DST)), start + DST, 4),
      field('Time to live', buf[start + TTL], start + TTL, 1),
      field('Protocol', buf[start + PROTOCOL], start + PROTOCOL, 1),
      field('Total length', u16(buf, start + TOTAL_LEN), start + TOTAL_LEN, 2),
    ];
    if ((ff & (FLAG_MF | FRAG_OFFSET_MASK)) !== 0)
      out.push(
        field(
          'Fragment',
          `offset ${(ff & FRAG_OFFSET_MASK) << 3}, id 0x${u16(buf, start + IDENT).toString(16)}${(ff & FLAG_MF) !== 0 ? ', more fragments' : ', last'}`,
        ),
      );
    return out;
  },
  info: fragmentInfo,
};

/** The info of an IP fragment whose upper layer is not decoded (shared with IPv6). */
export function fragmentInfo({ d }: LayerView): string {
  return d.fragment ? `Fragment offset ${d.fragOffset}${d.moreFragments ? ', more follow' : ''}` : '';
}
