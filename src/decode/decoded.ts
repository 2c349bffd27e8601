/**
 * The result of decoding one frame. One instance is reused for every packet (decodePacket
 * resets it), so the hot path allocates nothing but the rare application hint. Views into the
 * capture buffer are given as frame-relative offsets, valid only while that buffer is.
 * Numbers that are absent are -1 (or 0 where noted); reset() writes every default, once.
 */
import type { AppHint } from './app-hints.js';

export const MAX_LAYERS = 24;

export class Decoded {
  constructor() {
    this.reset();
  }

  // ---- the frame, as passed to decodePacket
  /** Offset of the frame's first byte in the buffer given to decodePacket: add it to any frame-relative offset below to index that buffer. */
  frameOffset!: number;
  /** Captured length of the frame (decoding never reads past frameOffset + capLen). */
  capLen!: number;

  // ---- layer stack (outermost first), tshark's names via PROTO_NAMES
  /**
   * Summed over a capture, the stacks give tshark's io,phs counts (checked against every sample).
   * Over TCP the stack ends at `tcp`: tshark's application layers there depend on reassembly,
   * which is the analysis's job (see `app`). Over UDP it ends with the application by port (or
   * `data`). IP fragments: `data` while more fragments follow, the protocol's name (no header
   * decoded) on the last one, as tshark shows after reassembly. Quoted headers inside ICMP errors
   * are never layers.
   */
  layerCount!: number;
  readonly layers = new Uint8Array(MAX_LAYERS);
  /** Frame-relative offset where each layer's header starts. */
  readonly layerOffsets = new Int32Array(MAX_LAYERS);

  // ---- where decoding stopped (a malformed packet keeps what was parsed before)
  malformed!: boolean;
  /** Proto id of the layer that could not be parsed. */
  malformedLayer!: number;
  /** Frame-relative offset where parsing stopped. */
  malformedAt!: number;
  /** Why, as a constant string (never allocated per packet). */
  malformedReason!: string;
  /**
   * Set with `malformed` when the capture ended inside a header that the enclosing IP length says
   * is there: a snapshot-length cut (tshark's `_ws.short`, which it does not count as malformed).
   */
  truncated!: boolean;

  // ---- link
  /** Outermost 802.1Q VLAN id, or -1. */
  vlanId!: number;
  /** Second (inner) VLAN id of a QinQ frame, or -1. */
  innerVlanId!: number;
  /** Number of VLAN tags. */
  vlanCount!: number;
  /**
   * EtherType of the network layer after the link header, VLAN tags and LLC/SNAP (0x0800, 0x86dd,
   * 0x0806, 0x888e, ...), also for link types that have none (raw IP, loopback, SLL); -1 if none.
   * After a tunnel (GRE, IP-in-IP) it is the innermost one.
   */
  etherType!: number;
  /** Frame-relative offsets of the 6-byte source / destination MAC (802.11: SA / DA, by the DS bits), or -1. */
  srcMacOffset!: number;
  dstMacOffset!: number;
  /** 802.11 frame type (0 mgmt, 1 ctrl, 2 data) and subtype, or -1. */
  wlanType!: number;
  wlanSubtype!: number;
  /** 802.11: frame-relative offset of the BSSID, or -1 (also unset for frames between two stations' DS, WDS). */
  bssidOffset!: number;
  /** 802.11: the frame is protected (encrypted body). */
  wlanProtected!: boolean;
  /** Radiotap antenna signal in dBm, or 0 when absent (see wlanHasSignal: 0 dBm is a value too). */
  wlanSignalDbm!: number;
  /** The radiotap header carried an antenna signal (tshark's radiotap.dbm_antsignal). */
  wlanHasSignal!: boolean;
  /** Radiotap channel frequency in MHz, or 0 when absent. */
  wlanFreqMhz!: number;

  // ---- network (the outer IP header; quoted headers inside ICMP errors go to quoted*)
  ipVersion!: 0 | 4 | 6;
  /** IPv4 addresses as unsigned 32-bit numbers (a.b.c.d = a<<24|b<<16|c<<8|d, >>> 0). */
  src4!: number;
  dst4!: number;
  /** IPv6 addresses as four big-endian 32-bit words; valid when ipVersion is 6 (reset() does not clear them). */
  readonly src6 = new Uint32Array(4);
  readonly dst6 = new Uint32Array(4);
  /** Upper-layer protocol number after IPv6 extension headers (for a fragment, the fragmented payload's), or -1. */
  ipProto!: number;
  /** TTL / hop limit. */
  ttl!: number;
  /** Frame-relative offset of the IP header. */
  ipOffset!: number;
  /**
   * IP total length on the wire (IPv4 total length; IPv6 40 + payload length), or -1. A length
   * field of 0 (segmentation offload, jumbograms) is taken as "the rest of the capture".
   */
  ipTotalLen!: number;
  /** This packet is an IP fragment (more-fragments set or a non-zero offset). */
  fragment!: boolean;
  /** Fragment offset in bytes, more-fragments flag and identification. */
  fragOffset!: number;
  moreFragments!: boolean;
  fragId!: number;
  /**
   * Tunnels (GRE, IPv4/IPv6 in IP): the fields above describe the innermost IP header; this is the
   * frame-relative offset of the outermost one (-1 when not tunneled), and tunnelDepth the number of
   * IP headers before the innermost.
   */
  outerIpOffset!: number;
  tunnelDepth!: number;
  /** GRE protocol type (an EtherType), or -1. */
  greProto!: number;
  /** The outermost tunnel's layer (PROTO.vxlan, gre, geneve, gtp, ...), or 0; see tunnel/tunnel-text.ts. */
  tunnelProto!: number;
  /** Its identifier: VXLAN/Geneve VNI, GRE key, GTP TEID, ERSPAN session; -1 when it has none. */
  tunnelKey!: number;

  // ---- transport
  srcPort!: number;
  dstPort!: number;
  /** TCP flags byte (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80). */
  tcpFlags!: number;
  tcpSeq!: number;
  tcpAck!: number;
  tcpWindow!: number;
  tcpHeaderLen!: number;
  /** TCP options from the SYN side: MSS, window scale, SACK permitted, timestamps (-1 when absent). */
  tcpMss!: number;
  tcpWscale!: number;
  tcpSackPermitted!: boolean;
  tcpTsVal!: number;
  tcpTsEcr!: number;
  /** Frame-relative offset of the TCP / UDP payload, or -1 (also when the TCP header is cut). */
  payloadOffset!: number;
  /** Payload bytes present in the capture. */
  payloadLen!: number;
  /** Payload length on the wire according to the headers (may exceed payloadLen when cut by snaplen). */
  payloadWireLen!: number;

  // ---- ICMP / ICMPv6
  icmpType!: number;
  icmpCode!: number;
  /** Identifier and sequence number of echo, timestamp, information and address-mask messages, or -1. */
  icmpId!: number;
  icmpSeq!: number;
  /** For ICMP errors: the quoted packet's IP version, protocol, addresses and ports (or -1 / 0). */
  quotedIpVersion!: 0 | 4 | 6;
  quotedIpProto!: number;
  quotedSrc4!: number;
  quotedDst4!: number;
  /** Quoted IPv6 addresses (ICMPv6 errors), four big-endian words each; valid when quotedIpVersion is 6. */
  readonly quotedSrc6 = new Uint32Array(4);
  readonly quotedDst6 = new Uint32Array(4);
  quotedSrcPort!: number;
  quotedDstPort!: number;
  /** ICMPv6 neighbour discovery: frame-relative offset of the 16-byte target address (NS, NA, redirect), or -1. */
  ndTargetOffset!: number;
  /** ICMPv6 ND: frame-relative offset of the 6-byte link-layer address from the source/target link-layer address option, or -1. */
  ndLinkAddrOffset!: number;

  // ---- IGMP
  /** IGMP message type (0x11 query, 0x12/0x16 v1/v2 report, 0x17 leave, 0x22 v3 report), or -1. */
  igmpType!: number;
  /** IGMP group address (queries, v1/v2 reports, leave; first record of a v3 report), or 0. */
  igmpGroup!: number;

  // ---- ARP
  arpOp!: number;
  arpSenderIp!: number;
  arpTargetIp!: number;
  /** Frame-relative offsets of the sender / target hardware address, or -1. */
  arpSenderMacOffset!: number;
  arpTargetMacOffset!: number;

  // ---- application
  /**
   * Proto id of the application protocol, or 0. TCP: the port's guess on every segment (lower
   * port first), replaced by what the payload shows (TLS record, HTTP request/status line, SSH
   * banner). UDP: the application layer pushed (by port, lower first).
   */
  app!: number;
  /** Port-based service name ("https", "ssh", ...; the lower port's if it has one), a constant string, or ''. */
  service!: string;
  /**
   * Parsed application details, allocated only for packets that carry them: DNS/mDNS/LLMNR (UDP,
   * and TCP segments that start a message), a TLS ClientHello, an HTTP request or status line, a
   * QUIC long header (with SNI/ALPN for client Initials), DHCP, NTP, an SSH banner, SSDP.
   */
  hint!: AppHint | null;

  /** The one home of every field's default ("absent"): called for each packet by decodePacket. */
  reset(): void {
    this.frameOffset = 0;
    this.capLen = 0;
    this.layerCount = 0;
    this.malformed = false;
    this.malformedLayer = 0;
    this.malformedAt = -1;
    this.malformedReason = '';
    this.truncated = false;
    this.vlanId = -1;
    this.innerVlanId = -1;
    this.vlanCount = 0;
    this.etherType = -1;
    this.srcMacOffset = -1;
    this.dstMacOffset = -1;
    this.wlanType = -1;
    this.wlanSubtype = -1;
    this.bssidOffset = -1;
    this.wlanProtected = false;
    this.wlanSignalDbm = 0;
    this.wlanHasSignal = false;
    this.wlanFreqMhz = 0;
    this.ipVersion = 0;
    this.src4 = 0;
    this.dst4 = 0;
    this.ipProto = -1;
    this.ttl = -1;
    this.ipOffset = -1;
    this.ipTotalLen = -1;
    this.fragment = false;
    this.fragOffset = 0;
    this.moreFragments = false;
    this.fragId = 0;
    this.outerIpOffset = -1;
    this.tunnelDepth = 0;
    this.greProto = -1;
    this.resetTransport();
    this.icmpType = -1;
    this.icmpCode = -1;
    this.icmpId = -1;
    this.icmpSeq = -1;
    this.quotedIpVersion = 0;
    this.quotedIpProto = -1;
    this.quotedSrc4 = 0;
    this.quotedDst4 = 0;
    this.quotedSrcPort = -1;
    this.quotedDstPort = -1;
    this.ndTargetOffset = -1;
    this.ndLinkAddrOffset = -1;
    this.igmpType = -1;
    this.igmpGroup = 0;
    this.arpOp = -1;
    this.arpSenderIp = 0;
    this.arpTargetIp = 0;
    this.arpSenderMacOffset = -1;
    this.arpTargetMacOffset = -1;
    this.tunnelProto = 0;
    this.tunnelKey = -1;
  }

  /**
   * The transport and application fields' defaults: also called for an IP header inside a tunnel
   * (after VXLAN, Geneve, Teredo or GTP-U over UDP), whose own transport then fills them.
   */
  resetTransport(): void {
    this.srcPort = -1;
    this.dstPort = -1;
    this.tcpFlags = 0;
    this.tcpSeq = 0;
    this.tcpAck = 0;
    this.tcpWindow = 0;
    this.tcpHeaderLen = 0;
    this.tcpMss = -1;
    this.tcpWscale = -1;
    this.tcpSackPermitted = false;
    this.tcpTsVal = -1;
    this.tcpTsEcr = -1;
    this.payloadOffset = -1;
    this.payloadLen = 0;
    this.payloadWireLen = 0;
    this.app = 0;
    this.service = '';
    this.hint = null;
  }
}
