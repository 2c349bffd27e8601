/**
 * The statistics engine: fed one decoded packet at a time (from a file or a live capture alike),
 * it keeps totals, the protocol hierarchy, conversations, endpoints, a timeline, TCP
 * retransmissions, passive RTT and learned host names, and builds the report on demand.
 * Per packet it copies out plain numbers and allocates nothing but new table rows.
 */
import type { TableCounts } from '../api/report.js';
import type { RawPacket } from '../capture/raw-packet.js';
import type { Decoded } from '../decode/decoded.js';
import { PROTO } from '../decode/protocols.js';
import { tunnelText } from '../decode/tunnel/tunnel-text.js';
import { IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP } from '../decode/net/ip-protocols.js';
import { ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST } from '../decode/net/icmp.js';
import { ICMPV6_ECHO_REPLY, ICMPV6_ECHO_REQUEST } from '../decode/net/icmpv6.js';
import { AddressTable } from './address-table.js';
import { ConversationTable } from './conversation-table.js';
import { HostnameMap } from './hostnames.js';
import { ProtocolTree } from './protocol-tree.js';
import { RttTracker } from './rtt-tracker.js';
import { ServiceNames } from './service-names.js';
import { FRAMING_DNS, FRAMING_TLS, TcpStreamTable } from './tcp-streams.js';
import { FAMILY_ICMP, FAMILY_OTHER, FAMILY_TCP, FAMILY_UDP, Timeline } from './timeline.js';

/** Address offsets in the IPv4 and IPv6 headers (outer headers of a tunnel are read back from the frame). */
const IPV4_SRC = 12;
const IPV4_DST = 16;
const IPV6_SRC = 8;
const IPV6_DST = 24;
const OUTER_WORDS = new Uint32Array(4);
/** Bounds the fragments remembered; a flood of first fragments cannot grow memory without end. */
const MAX_FRAGMENT_HEADS = 4096;

export class Analyzer {
  packets = 0;
  bytes = 0;
  capturedBytes = 0;
  malformedPackets = 0;
  firstSec = -1;
  firstNsec = 0;
  lastSec = -1;
  lastNsec = 0;
  readonly addresses = new AddressTable();
  readonly services = new ServiceNames();
  readonly ipConversations = new ConversationTable(false, this.services);
  readonly udpConversations = new ConversationTable(true, this.services);
  readonly tcpStreams = new TcpStreamTable(this.services);
  readonly protocols = new ProtocolTree();
  readonly timeline = new Timeline();
  readonly hostnames = new HostnameMap();
  readonly rtt = new RttTracker();
  /** Rows expired from each table after being idle (live sessions: flow-expiry.ts). */
  readonly expired: TableCounts = { ip: 0, tcp: 0, udp: 0, endpoints: 0 };
  /** Frame bytes of TCP retransmissions (per sender: addresses.tcpRetransmittedBytes). */
  retransmittedBytes = 0;
  /** Address ids of the last packet's IP source and destination, or -1 when it had no IP layer. */
  lastSrc = -1;
  lastDst = -1;
  /**
   * The application layer the last packet shows over TCP, as tshark's hierarchy counts it (tls or
   * dns where a record ends, else the app of a data segment), or 0: what "contains http" means.
   */
  lastTcpApp = 0;
  /** The row of the last packet's TCP stream or UDP conversation (see lastFlowTcp), or -1. */
  lastFlow = -1;
  lastFlowTcp = false;
  /** ICMP type, id and seq of fragmented datagrams whose last fragment has not come yet. */
  private readonly fragmentHeads = new Map<string, [number, number, number]>();

  ingest(p: RawPacket, d: Decoded): void {
    const frame = ++this.packets;
    const bytes = p.origLen;
    this.bytes += bytes;
    this.capturedBytes += p.capLen;
    if (this.firstSec < 0) {
      this.firstSec = p.tsSec;
      this.firstNsec = p.tsNsec;
    }
    this.lastSec = p.tsSec;
    this.lastNsec = p.tsNsec;
    if (d.malformed || p.badTimestamp) this.malformedPackets++;
    const t = p.tsSec + p.tsNsec * 1e-9;

    let extra = 0;
    this.lastTcpApp = 0;
    this.lastFlow = -1;
    let family = FAMILY_OTHER;
    if (d.ipVersion === 0) {
      this.lastSrc = -1;
      this.lastDst = -1;
    } else {
      const a = this.addresses;
      const src = d.ipVersion === 4 ? a.intern4(d.src4) : a.intern6(d.src6);
      const dst = d.ipVersion === 4 ? a.intern4(d.dst4) : a.intern6(d.dst6);
      this.lastSrc = src;
      this.lastDst = dst;
      a.txPackets[src]++;
      a.txBytes[src] += bytes;
      a.rxPackets[dst]++;
      a.rxBytes[dst] += bytes;
      this.ipConversations.count(src, 0, dst, 0, bytes, t);
      if (d.tunnelDepth > 0) this.countOuterLayers(p, d, bytes, t);
      const proto = d.ipProto;
      if (proto === IPPROTO_TCP) {
        family = FAMILY_TCP;
        if (d.srcPort >= 0 && !d.fragment && d.tcpHeaderLen >= 20) {
          // A header cut by the snaplen still tells flags and sequence numbers (the handshake
          // timing needs them), but, as in tshark's table, the segment is not a counted packet.
          const whole = !(d.malformed && d.malformedLayer === PROTO.tcp);
          extra = this.countTcp(p, d, src, dst, bytes, t, frame, whole);
          this.lastTcpApp = extra;
        }
      } else if (proto === IPPROTO_UDP) {
        family = FAMILY_UDP;
        if (d.srcPort >= 0 && !d.fragment) {
          const u = this.udpConversations;
          const c = u.count(src, d.srcPort, dst, d.dstPort, bytes, t);
          if (d.service !== '' && !u.hasService(c)) u.noteService(c, d.service);
          if (d.tunnelProto !== 0 && !u.hasTunnel(c)) u.noteTunnel(c, tunnelText(p.buf, p.offset, d));
          this.lastFlow = c;
          this.lastFlowTcp = false;
        }
      } else if (proto === IPPROTO_ICMP || proto === IPPROTO_ICMPV6) {
        family = FAMILY_ICMP;
        if (d.fragment) this.countFragmentedEcho(d, proto, src, dst, t, frame);
        else if (d.icmpId >= 0) this.countEcho(d.icmpType, d.icmpId, d.icmpSeq, proto, src, dst, t, frame);
      }
      if (d.hint !== null) this.hostnames.learn(d.hint, dst, a);
    }
    this.protocols.count(d.layers, d.layerCount, extra, bytes);
    this.timeline.count(p.tsSec, bytes, family);
  }

  /**
   * A tunneled packet: tshark counts an IP conversation (and both endpoints) for every IP header,
   * and a UDP conversation for every UDP header, so the outer ones of a tunnel (VXLAN's UDP, the
   * IPv4 under 6in4, ...) are read back from the layer stack; the innermost are d's own.
   */
  private countOuterLayers(p: RawPacket, d: Decoded, bytes: number, t: number): void {
    const buf = p.buf;
    const a = this.addresses;
    let src = -1;
    let dst = -1;
    for (let i = 0; i < d.layerCount; i++) {
      const at = d.layerOffsets[i];
      if (at >= d.ipOffset) return;
      const id = d.layers[i];
      const o = p.offset + at;
      if (id === PROTO.ip && at + IPV4_DST + 4 <= d.capLen) {
        src = a.intern4(buf.readUInt32BE(o + IPV4_SRC));
        dst = a.intern4(buf.readUInt32BE(o + IPV4_DST));
      } else if (id === PROTO.ipv6 && at + IPV6_DST + 16 <= d.capLen) {
        const w = OUTER_WORDS;
        for (let k = 0; k < 4; k++) w[k] = buf.readUInt32BE(o + IPV6_SRC + 4 * k);
        src = a.intern6(w);
        for (let k = 0; k < 4; k++) w[k] = buf.readUInt32BE(o + IPV6_DST + 4 * k);
        dst = a.intern6(w);
      } else {
        if (id === PROTO.udp && src >= 0 && at + 4 <= d.capLen)
          this.udpConversations.count(src, buf.readUInt16BE(o), dst, buf.readUInt16BE(o + 2), bytes, t);
        continue;
      }
      a.txPackets[src]++;
      a.txBytes[src] += bytes;
      a.rxPackets[dst]++;
      a.rxBytes[dst] += bytes;
      this.ipConversations.count(src, 0, dst, 0, bytes, t);
    }
  }

  /** Counts a TCP segment; returns the application layer this frame shows (tshark's view), or 0. */
  private countTcp(
    p: RawPacket,
    d: Decoded,
    src: number,
    dst: number,
    bytes: number,
    t: number,
    frame: number,
    whole: boolean,
  ): number {
    const payloadAt = d.payloadOffset >= 0 ? p.offset + d.payloadOffset : p.offset;
    const tcp = this.tcpStreams;
    const v = tcp.count(
      src,
      d.srcPort,
      dst,
      d.dstPort,
      d.tcpFlags,
      d.tcpSeq,
      d.tcpAck,
      p.buf,
      payloadAt,
      d.payloadLen,
      d.payloadWireLen,
      bytes,
      t,
      whole,
    );
    const s = v.stream;
    if (d.service !== '' && !tcp.hasService(s)) tcp.noteService(s, d.service);
    if (d.tunnelProto !== 0 && !tcp.hasTunnel(s)) tcp.noteTunnel(s, tunnelText(p.buf, p.offset, d));
    this.lastFlow = s;
    this.lastFlowTcp = true;
    const a = this.addresses;
    if (d.payloadWireLen > 0) a.tcpDataSegments[src]++;
    if (v.retransmission) {
      a.tcpRetransmissions[src]++;
      if (d.payloadWireLen > 0) {
        a.tcpRetransmittedBytes[src] += bytes;
        this.retransmittedBytes += bytes;
      }
    }
    if (v.handshakeDone) {
      this.rtt.add('tcp-handshake', v.server, v.initialRtt, frame);
      this.rtt.add('tcp-server', v.server, v.serverRtt, frame);
      this.rtt.add('tcp-client', v.client, v.clientRtt, frame);
    }
    if (v.completedPdu === FRAMING_TLS) return PROTO.tls;
    if (v.completedPdu === FRAMING_DNS) return PROTO.dns;
    // Record-framed streams show their protocol only where a record ends (above); others on data.
    if (!v.framed && d.app !== 0 && d.payloadLen > 0 && !v.retransmission && d.app !== PROTO.tls) return d.app;
    return 0;
  }

  private countEcho(
    type: number,
    id: number,
    seq: number,
    proto: number,
    src: number,
    dst: number,
    t: number,
    frame: number,
  ): void {
    const request = proto === IPPROTO_ICMP ? ICMP_ECHO_REQUEST : ICMPV6_ECHO_REQUEST;
    const reply = proto === IPPROTO_ICMP ? ICMP_ECHO_REPLY : ICMPV6_ECHO_REPLY;
    if (type === request) this.rtt.echoRequest(src, dst, id, seq, t);
    else if (type === reply) this.rtt.echoReply(src, dst, id, seq, t, frame);
  }

  /**
   * A fragmented echo: the first fragment carries the ICMP header, the datagram is complete with
   * the last one. Like tshark after reassembly, time the echo at its last fragment.
   */
  private countFragmentedEcho(d: Decoded, proto: number, src: number, dst: number, t: number, frame: number): void {
    const key = `${src}>${dst}#${proto}#${d.fragId}`;
    if (d.fragOffset === 0) {
      if (d.icmpId < 0) return;
      if (this.fragmentHeads.size >= MAX_FRAGMENT_HEADS) this.fragmentHeads.clear();
      this.fragmentHeads.set(key, [d.icmpType, d.icmpId, d.icmpSeq]);
    } else if (!d.moreFragments) {
      const head = this.fragmentHeads.get(key);
      if (head === undefined) return;
      this.fragmentHeads.delete(key);
      this.countEcho(head[0], head[1], head[2], proto, src, dst, t, frame);
    }
  }
}
