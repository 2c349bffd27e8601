/**
 * ICMP (IPv4). Echo-like messages give id/seq; errors give the quoted datagram's IP header and
 * first transport bytes in the quoted* fields. The quoted headers are not layers: tshark's protocol
 * hierarchy does not show them either, and the outer addresses and ports are left as they are
 * (only a quoted UDP payload's protocol is named, see quoted-app.ts).
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u16, u32 } from '../byte-readers.js';
import { markMalformed, markShort, REASON } from '../malformed.js';
import { pushLayer } from '../layer-stack.js';
import { pushQuotedUdpApp } from './quoted-app.js';
import { IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP } from './ip-protocols.js';
import { field, type ProtocolDisplay } from '../layer-view.js';

const TYPE = 0;
const CODE = 1;
const IDENT = 4;
const SEQ = 6;
/** RFC 4884 length of the original datagram, in 32-bit words (destination unreachable, time exceeded, parameter problem). */
const ORIG_LEN = 5;
const HEADER_LEN = 8;

const QUOTED_VER_IHL = 0;
const QUOTED_PROTOCOL = 9;
const QUOTED_SRC = 12;
const QUOTED_DST = 16;
const QUOTED_MIN_LEN = 20;

export const ICMP_ECHO_REPLY = 0;
export const ICMP_UNREACHABLE = 3;
export const ICMP_ECHO_REQUEST = 8;
export const ICMP_TIME_EXCEEDED = 11;
/** Destination unreachable code 4: fragmentation needed and DF set (the MTU in bytes 6-7). */
export const ICMP_CODE_FRAG_NEEDED = 4;

/** Types with an identifier and sequence number: echo reply/request, timestamp, information, address mask. */
function hasIdSeq(type: number): boolean {
  return type === ICMP_ECHO_REPLY || type === ICMP_ECHO_REQUEST || (type >= 13 && type <= 18);
}

/** Types that quote the offending datagram: unreachable 3, source quench 4, redirect 5, time exceeded 11, parameter problem 12. */
function isError(type: number): boolean {
  return type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
}

export function decodeIcmp(buf: Buffer, off: number, end: number, wireEnd: number, out: Decoded): void {
  pushLayer(out, PROTO.icmp, off);
  if (off + HEADER_LEN > end) {
    if (off + 2 <= end) {
      out.icmpType = buf[off + TYPE];
      out.icmpCode = buf[off + CODE];
    }
    markShort(out, PROTO.icmp, off, off + HEADER_LEN, wireEnd);
    return;
  }
  const type = buf[off + TYPE];
  out.icmpType = type;
  out.icmpCode = buf[off + CODE];
  if (hasIdSeq(type)) {
    out.icmpId = u16(buf, off + IDENT);
    out.icmpSeq = u16(buf, off + SEQ);
    return;
  }
  if (!isError(type)) return;
  const q = off + HEADER_LEN;
  if (q + QUOTED_MIN_LEN <= end && buf[q + QUOTED_VER_IHL] >> 4 === 4) {
    const ihl = (buf[q + QUOTED_VER_IHL] & 0x0f) << 2;
    const proto = buf[q + QUOTED_PROTOCOL];
    out.quotedIpVersion = 4;
    out.quotedIpProto = proto;
    out.quotedSrc4 = u32(buf, q + QUOTED_SRC);
    out.quotedDst4 = u32(buf, q + QUOTED_DST);
    const t = q + ihl;
    if (
      ihl >= QUOTED_MIN_LEN &&
      t + 4 <= end &&
      (proto === IPPROTO_TCP || proto === IPPROTO_UDP || proto === IPPROTO_SCTP)
    ) {
      out.quotedSrcPort = u16(buf, t);
      out.quotedDstPort = u16(buf, t + 2);
      if (proto === IPPROTO_UDP) pushQuotedUdpApp(t, end, out);
    }
  }
  // RFC 4884: a non-zero length promises that many words of the original datagram. tshark flags
  // the packet malformed when fewer follow (cs-icmp_traceroute frames 26, 28, 30).
  const origWords = type === 3 || type === 11 || type === 12 ? buf[off + ORIG_LEN] : 0;
  if (origWords !== 0 && q + (origWords << 2) > wireEnd) {
    markMalformed(out, PROTO.icmp, q, REASON.QUOTED_TOO_SHORT);
  }
}

/**
 * The first fragment of a fragmented ICMP or ICMPv6 datagram (no layer: the message is decoded
 * once reassembled): its type, code and echo id/seq (the same offsets in both), so the analysis
 * can pair a fragmented echo as tshark does after reassembly.
 */
export function readFragmentedEcho(buf: Buffer, off: number, end: number, out: Decoded): void {
  if (off + HEADER_LEN > end) return;
  out.icmpType = buf[off + TYPE];
  out.icmpCode = buf[off + CODE];
  out.icmpId = u16(buf, off + IDENT);
  out.icmpSeq = u16(buf, off + SEQ);
}

const TYPE_NAMES: Record<number, string> = {
  0: 'Echo (ping) reply',
  3: 'Destination unreachable',
  4: 'Source quench',
  5: 'Redirect',
  8: 'Echo (ping) request',
  11: 'Time-to-live exceeded',
  12: 'Parameter problem',
  13: 'Timestamp request',
  14: 'Timestamp reply',
};

/** The display of ICMP or ICMPv6 (the same fields), with that protocol's type names. */
export function icmpDisplay(typeNames: Record<number, string>): ProtocolDisplay {
  const typeName = (t: number): string => typeNames[t] ?? `type ${t}`;
  return {
    fields({ d }) {
      if (d.icmpType < 0) return [];
      const out = [field('Type', `${d.icmpType} (${typeName(d.icmpType)})`), field('Code', d.icmpCode)];
      if (d.icmpId >= 0) out.push(field('Identifier', d.icmpId), field('Sequence number', d.icmpSeq));
      if (d.quotedIpVersion !== 0) {
        const ports = d.quotedSrcPort >= 0 ? `, ports ${d.quotedSrcPort} → ${d.quotedDstPort}` : '';
        out.push(field('Quoted packet', `IPv${d.quotedIpVersion} protocol ${d.quotedIpProto}${ports}`));
      }
      return out;
    },
    info({ d }) {
      if (d.icmpType < 0) return '';
      let s = typeName(d.icmpType);
      if (d.icmpId >= 0) s += ` id=0x${d.icmpId.toString(16).padStart(4, '0')}, seq=${d.icmpSeq}`;
      if (d.icmpCode > 0) s += ` (code ${d.icmpCode})`;
      return s;
    },
  };
}

export const ICMP_DISPLAY = icmpDisplay(TYPE_NAMES);
