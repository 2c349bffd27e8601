/**
 * ICMP and ICMPv6 messages, routed to what they tell the detectors: echo requests and replies
 * (passive ping: RTT and loss), time-exceeded for an echo (a traceroute probe: neither answered
 * nor lost), "fragmentation needed" / "packet too big" (the mtu advice) and port/host
 * unreachable quoting a TCP or UDP packet (refused connections, for access-attempts).
 */
import type { Analyzer } from '../analysis/analyzer.js';
import type { RawPacket } from '../capture/raw-packet.js';
import type { Decoded } from '../decode/decoded.js';
import { PROTO } from '../decode/protocols.js';
import { IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP } from '../decode/net/ip-protocols.js';
import {
  ICMP_CODE_FRAG_NEEDED,
  ICMP_ECHO_REPLY,
  ICMP_ECHO_REQUEST,
  ICMP_TIME_EXCEEDED,
  ICMP_UNREACHABLE,
} from '../decode/net/icmp.js';
import {
  ICMPV6_ECHO_REPLY,
  ICMPV6_ECHO_REQUEST,
  ICMPV6_PACKET_TOO_BIG,
  ICMPV6_TIME_EXCEEDED,
  ICMPV6_UNREACHABLE,
} from '../decode/net/icmpv6.js';
import type { MtuTracker } from './advice/mtu.js';
import type { AccessAttemptsDetector } from './detectors/access-attempts.js';
import type { EchoTracker } from './echo-tracker.js';

export class IcmpEvents {
  constructor(
    private readonly analyzer: Analyzer,
    private readonly echo: EchoTracker,
    private readonly mtu: MtuTracker,
    private readonly access: AccessAttemptsDetector | null,
  ) {}

  /** One ICMP or ICMPv6 packet, already counted by the analyzer (its address ids are the analyzer's last). */
  packet(p: RawPacket, d: Decoded, frame: number): void {
    const type = d.icmpType;
    const v4 = d.ipProto === IPPROTO_ICMP;
    const an = this.analyzer;
    const t = p.tsSec + p.tsNsec * 1e-9;
    if (type === (v4 ? ICMP_ECHO_REQUEST : ICMPV6_ECHO_REQUEST)) {
      if (d.icmpId >= 0 && !d.fragment) this.echo.request(an.lastSrc, an.lastDst, d.icmpId, d.icmpSeq, t);
      return;
    }
    if (type === (v4 ? ICMP_ECHO_REPLY : ICMPV6_ECHO_REPLY)) {
      if (d.icmpId >= 0 && !d.fragment) this.echo.reply(an.lastSrc, an.lastDst, d.icmpId, d.icmpSeq, t);
      return;
    }
    if (
      type === (v4 ? ICMP_TIME_EXCEEDED : ICMPV6_TIME_EXCEEDED) &&
      d.quotedIpProto === (v4 ? IPPROTO_ICMP : IPPROTO_ICMPV6)
    ) {
      // time exceeded for an echo: a traceroute probe, neither answered nor lost
      const q = quotedEcho(p, d, v4);
      if (q >= 0) this.echo.expired(an.lastDst, Math.floor(q / 0x1_0000), q % 0x1_0000);
      return;
    }
    if (
      (v4 && type === ICMP_UNREACHABLE && d.icmpCode === ICMP_CODE_FRAG_NEEDED) ||
      (!v4 && type === ICMPV6_PACKET_TOO_BIG)
    ) {
      this.mtu.tooBig(reportedMtu(p, d, v4), frame);
      return;
    }
    if (
      type === (v4 ? ICMP_UNREACHABLE : ICMPV6_UNREACHABLE) &&
      d.quotedDstPort >= 0 &&
      (d.quotedIpProto === IPPROTO_TCP || d.quotedIpProto === IPPROTO_UDP) &&
      this.access !== null
    ) {
      const a = an.addresses;
      const client = d.quotedIpVersion === 4 ? a.intern4(d.quotedSrc4) : a.intern6(d.quotedSrc6);
      const server = d.quotedIpVersion === 4 ? a.intern4(d.quotedDst4) : a.intern6(d.quotedDst6);
      this.access.icmpRefused(client, server, d.quotedDstPort, d.quotedIpProto === IPPROTO_UDP, t, frame);
    }
  }
}

/** id * 65536 + seq of the echo request quoted in an ICMP error, or -1. */
function quotedEcho(p: RawPacket, d: Decoded, v4: boolean): number {
  const want = v4 ? PROTO.icmp : PROTO.icmpv6;
  for (let i = 0; i < d.layerCount; i++) {
    if (d.layers[i] !== want) continue;
    const ip = d.layerOffsets[i] + 8;
    if (ip >= d.capLen) return -1;
    const hdr = v4 ? (p.buf[p.offset + ip] & 0x0f) * 4 : 40;
    const at = ip + hdr;
    if (at + 8 > d.capLen || p.buf[p.offset + at] !== (v4 ? ICMP_ECHO_REQUEST : ICMPV6_ECHO_REQUEST)) return -1;
    return p.buf.readUInt16BE(p.offset + at + 4) * 0x1_0000 + p.buf.readUInt16BE(p.offset + at + 6);
  }
  return -1;
}

/** The MTU an ICMP "fragmentation needed" (bytes 6-7) or ICMPv6 "packet too big" (bytes 4-7) reports. */
function reportedMtu(p: RawPacket, d: Decoded, v4: boolean): number {
  const want = v4 ? PROTO.icmp : PROTO.icmpv6;
  for (let i = 0; i < d.layerCount; i++) {
    if (d.layers[i] !== want) continue;
    const at = p.offset + d.layerOffsets[i];
    if (d.layerOffsets[i] + 8 > d.capLen) return 0;
    return v4 ? p.buf.readUInt16BE(at + 6) : p.buf.readUInt32BE(at + 4);
  }
  return 0;
}
