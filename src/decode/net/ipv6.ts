/**
 * IPv6 header and extension headers (hop-by-hop, routing, destination options, fragment, AH, and
 * the other "length in 8-octet units" kinds). ipProto is the final upper-layer protocol.
 * tshark lists the extension headers as ipv6.hopopts etc. in frame.protocols but not in its
 * protocol hierarchy, so they are not layers here; AH is (`ah`).
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u16, u32 } from '../byte-readers.js';
import {
  IPPROTO_AH,
  IPPROTO_DSTOPTS,
  IPPROTO_FRAGMENT,
  IPPROTO_HIP,
  IPPROTO_HOPOPTS,
  IPPROTO_MOBILITY,
  IPPROTO_ROUTING,
  IPPROTO_SHIM6,
} from './ip-protocols.js';
import { markMalformed, markShort, REASON } from '../malformed.js';
import { pushLayer } from '../layer-stack.js';
import { field, type ProtocolDisplay } from '../layer-view.js';
import { ipv6BytesToString } from '../format.js';
import { fragmentInfo } from './ipv4.js';

const VERSION = 0;
const PAYLOAD_LEN = 4;
const NEXT_HEADER = 6;
const HOP_LIMIT = 7;
const SRC = 8;
const DST = 24;
const HEADER_LEN = 40;

const FRAG_HEADER_LEN = 8;
const FRAG_OFFSET = 2;
const FRAG_IDENT = 4;
/** Extension headers followed at most (a longer chain is treated as malformed). */
const MAX_EXT_HEADERS = 16;

/** True for extension headers shaped as (next header, length in 8-octet units not counting the first). */
export function isGenericExtHeader(nh: number): boolean {
  return (
    nh === IPPROTO_HOPOPTS ||
    nh === IPPROTO_ROUTING ||
    nh === IPPROTO_DSTOPTS ||
    nh === IPPROTO_MOBILITY ||
    nh === IPPROTO_HIP ||
    nh === IPPROTO_SHIM6
  );
}

/** Decodes the IPv6 header and its extension headers at `off`. Returns the upper-layer offset, or -1. */
export function decodeIpv6(buf: Buffer, off: number, end: number, out: Decoded): number {
  pushLayer(out, PROTO.ipv6, off);
  if (off + HEADER_LEN > end) {
    markMalformed(out, PROTO.ipv6, off, REASON.SHORT_HEADER);
    return -1;
  }
  if (buf[off + VERSION] >> 4 !== 6) {
    markMalformed(out, PROTO.ipv6, off, REASON.BAD_VERSION);
    return -1;
  }
  if (out.ipOffset >= 0) {
    // an IP header inside a tunnel: the outer one's transport (a UDP tunnel's ports) is not this packet's
    if (out.outerIpOffset < 0) out.outerIpOffset = out.ipOffset;
    out.tunnelDepth++;
    out.resetTransport();
  }
  const payloadLen = u16(buf, off + PAYLOAD_LEN);
  // A payload length of 0 is a jumbogram (or segmentation offload): take the rest of the capture.
  const totalLen = payloadLen === 0 ? end - off : HEADER_LEN + payloadLen;
  out.ipVersion = 6;
  out.ipOffset = off - out.frameOffset;
  out.ipTotalLen = totalLen;
  out.ttl = buf[off + HOP_LIMIT];
  const s = out.src6;
  const d = out.dst6;
  for (let i = 0; i < 4; i++) {
    s[i] = u32(buf, off + SRC + 4 * i);
    d[i] = u32(buf, off + DST + 4 * i);
  }
  const wireEnd = off + totalLen;
  const lim = wireEnd < end ? wireEnd : end;
  let nh = buf[off + NEXT_HEADER];
  let p = off + HEADER_LEN;
  for (let n = 0; ; n++) {
    out.ipProto = nh;
    if (n === MAX_EXT_HEADERS) {
      markMalformed(out, PROTO.ipv6, p, REASON.TOO_MANY_HEADERS);
      return -1;
    }
    if (isGenericExtHeader(nh)) {
      if (p + 2 > lim) {
        markShort(out, PROTO.ipv6, p, p + 2, wireEnd);
        return -1;
      }
      const len = (buf[p + 1] + 1) << 3;
      if (p + len > lim) {
        markShort(out, PROTO.ipv6, p, p + len, wireEnd);
        return -1;
      }
      nh = buf[p];
      p += len;
    } else if (nh === IPPROTO_FRAGMENT) {
      if (p + FRAG_HEADER_LEN > lim) {
        markShort(out, PROTO.ipv6, p, p + FRAG_HEADER_LEN, wireEnd);
        return -1;
      }
      const fo = u16(buf, p + FRAG_OFFSET);
      out.fragOffset = fo & 0xfff8;
      out.moreFragments = (fo & 1) !== 0;
      out.fragId = u32(buf, p + FRAG_IDENT);
      out.fragment = out.moreFragments || out.fragOffset !== 0;
      nh = buf[p];
      p += FRAG_HEADER_LEN;
      // What follows a real fragment header is (part of) the fragmentable payload: stop walking.
      // An atomic fragment (offset 0, M clear; RFC 6946) is a whole packet: go on.
      if (out.fragment) {
        out.ipProto = nh;
        return p;
      }
    } else if (nh === IPPROTO_AH) {
      pushLayer(out, PROTO.ah, p);
      if (p + 2 > lim) {
        markShort(out, PROTO.ah, p, p + 2, wireEnd);
        return -1;
      }
      const len = (buf[p + 1] + 2) << 2;
      if (p + len > lim) {
        markShort(out, PROTO.ah, p, p + len, wireEnd);
        return -1;
      }
      nh = buf[p];
      p += len;
    } else {
      return p;
    }
  }
}

export const IPV6_DISPLAY: ProtocolDisplay = {
  fields({ buf, start, d }) {
    if (start + HEADER_LEN > buf.length) return [];
    const innermost = start === d.ipOffset;
    const out = [
      field('Source address', ipv6BytesToString(buf, start + SRC), start + SRC, 16),
      field('Destination address', ipv6BytesToString(buf, start + DST), start + DST, 16),
      field('Hop limit', buf[start + HOP_LIMIT], start + HOP_LIMIT, 1),
      field('Protocol', innermost ? d.ipProto : buf[start + NEXT_HEADER]),
      field('Payload length', u16(buf, start + PAYLOAD_LEN)),
    ];
    if (innermost && d.fragment)
      out.push(
        field(
          'Fragment',
          `offset ${d.fragOffset}, id 0x${d.fragId.toString(16)}${d.moreFragments ? ', more fragments' : ', last'}`,
        ),
      );
    return out;
  },
  info: fragmentInfo,
};
