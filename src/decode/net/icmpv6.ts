/**
 * ICMPv6: echo (id/seq), errors (quoted IPv6 header and ports into quoted*, not layers; a quoted
 * UDP payload's protocol is named, see quoted-app.ts), and
 * neighbour discovery (RS, RA, NS, NA, redirect: target address and link-layer address option).
 * MLD messages are ICMPv6 too and need nothing more here.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u16, u32 } from '../byte-readers.js';
import { markMalformed, markShort, REASON } from '../malformed.js';
import { pushLayer } from '../layer-stack.js';
import { isGenericExtHeader } from './ipv6.js';
import { pushQuotedUdpApp } from './quoted-app.js';
import { IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP } from './ip-protocols.js';
import { icmpDisplay } from './icmp.js';

const TYPE = 0;
const CODE = 1;
const IDENT = 4;
const SEQ = 6;
const HEADER_LEN = 8;
const ND_TARGET = 8;

export const ICMPV6_UNREACHABLE = 1;
export const ICMPV6_PACKET_TOO_BIG = 2;
export const ICMPV6_TIME_EXCEEDED = 3;
export const ICMPV6_ECHO_REQUEST = 128;
export const ICMPV6_ECHO_REPLY = 129;
const T_ROUTER_SOLICIT = 133;
const T_ROUTER_ADVERT = 134;
const T_NEIGHBOR_SOLICIT = 135;
const T_NEIGHBOR_ADVERT = 136;
const T_REDIRECT = 137;
/** Where the options start in each ND message. */
const RS_OPTIONS = 8;
const RA_OPTIONS = 16;
const NS_NA_OPTIONS = 24;
const REDIRECT_OPTIONS = 40;
const OPT_SOURCE_LLA = 1;
const OPT_TARGET_LLA = 2;
const MAX_ND_OPTIONS = 64;

const Q_NEXT_HEADER = 6;
const Q_SRC = 8;
const Q_DST = 24;
const Q_HEADER_LEN = 40;
const MAX_QUOTED_EXT = 8;

export function decodeIcmpv6(buf: Buffer, off: number, end: number, wireEnd: number, out: Decoded): void {
  pushLayer(out, PROTO.icmpv6, off);
  if (off + 2 <= end) {
    out.icmpType = buf[off + TYPE];
    out.icmpCode = buf[off + CODE];
  }
  if (off + HEADER_LEN > end) {
    markShort(out, PROTO.icmpv6, off, off + HEADER_LEN, wireEnd);
    return;
  }
  const type = buf[off + TYPE];
  if (type === ICMPV6_ECHO_REQUEST || type === ICMPV6_ECHO_REPLY) {
    out.icmpId = u16(buf, off + IDENT);
    out.icmpSeq = u16(buf, off + SEQ);
    return;
  }
  if (type >= 1 && type <= 4) {
    decodeQuoted(buf, off + HEADER_LEN, end, out);
    return;
  }
  let opts: number;
  switch (type) {
    case T_ROUTER_SOLICIT:
      opts = RS_OPTIONS;
      break;
    case T_ROUTER_ADVERT:
      opts = RA_OPTIONS;
      break;
    case T_NEIGHBOR_SOLICIT:
    case T_NEIGHBOR_ADVERT:
      opts = NS_NA_OPTIONS;
      break;
    case T_REDIRECT:
      opts = REDIRECT_OPTIONS;
      break;
    default:
      return;
  }
  let p = off + opts;
  if (p > end) {
    markShort(out, PROTO.icmpv6, off, p, wireEnd);
    return;
  }
  if (type >= T_NEIGHBOR_SOLICIT) out.ndTargetOffset = off + ND_TARGET - out.frameOffset;
  for (let n = 0; n < MAX_ND_OPTIONS && p + 2 <= end; n++) {
    const optType = buf[p];
    const optLen = buf[p + 1] << 3;
    if (optLen === 0) {
      markMalformed(out, PROTO.icmpv6, p, REASON.BAD_OPTION);
      return;
    }
    if (
      (optType === OPT_SOURCE_LLA || optType === OPT_TARGET_LLA) &&
      optLen === 8 &&
      p + 8 <= end &&
      out.ndLinkAddrOffset < 0
    ) {
      out.ndLinkAddrOffset = p + 2 - out.frameOffset;
    }
    p += optLen;
  }
}

function decodeQuoted(buf: Buffer, q: number, end: number, out: Decoded): void {
  if (q + Q_HEADER_LEN > end || buf[q] >> 4 !== 6) return;
  out.quotedIpVersion = 6;
  const s = out.quotedSrc6;
  const d = out.quotedDst6;
  for (let i = 0; i < 4; i++) {
    s[i] = u32(buf, q + Q_SRC + 4 * i);
    d[i] = u32(buf, q + Q_DST + 4 * i);
  }
  let nh = buf[q + Q_NEXT_HEADER];
  let p = q + Q_HEADER_LEN;
  for (let n = 0; n < MAX_QUOTED_EXT && isGenericExtHeader(nh) && p + 2 <= end; n++) {
    const next = buf[p];
    p += (buf[p + 1] + 1) << 3;
    nh = next;
  }
  out.quotedIpProto = nh;
  if (p + 4 <= end && (nh === IPPROTO_TCP || nh === IPPROTO_UDP || nh === IPPROTO_SCTP)) {
    out.quotedSrcPort = u16(buf, p);
    out.quotedDstPort = u16(buf, p + 2);
    if (nh === IPPROTO_UDP) pushQuotedUdpApp(p, end, out);
  }
}

export const ICMPV6_DISPLAY = icmpDisplay({
  1: 'Destination unreachable',
  2: 'Packet too big',
  3: 'Time exceeded',
  4: 'Parameter problem',
  128: 'Echo (ping) request',
  129: 'Echo (ping) reply',
  130: 'Multicast listener query',
  131: 'Multicast listener report',
  133: 'Router solicitation',
  134: 'Router advertisement',
  135: 'Neighbor solicitation',
  136: 'Neighbor advertisement',
  137: 'Redirect',
  143: 'Multicast listener report v2',
});
