/**
 * The analysis report: what `netlens analyze --json` prints and what `capture --json` prints at
 * the end. Later tools and tests read these fields; add fields, never rename them.
 */
import type { Alert, Suggestion } from './alerts.js';

export interface SourceInfo {
  path: string;
  format: 'pcap' | 'pcapng' | 'live';
  linkTypes: number[];
  truncated: boolean;
  warnings: string[];
}

export interface ProtocolCount {
  packets: number;
  bytes: number;
}

/** A node of the protocol hierarchy, like tshark's `-z io,phs`. */
export interface ProtocolNode {
  protocol: string;
  packets: number;
  bytes: number;
  children: ProtocolNode[];
}

export interface IpConversation {
  /** The source of the conversation's first packet. */
  a: string;
  b: string;
  packetsAtoB: number;
  bytesAtoB: number;
  packetsBtoA: number;
  bytesBtoA: number;
  /** Epoch seconds of the first packet, and seconds until the last. */
  start: number;
  duration: number;
}

export interface PortConversation extends IpConversation {
  aPort: number;
  bPort: number;
  /** Service name by port or content ("https", "dns", ...), or ''. */
  service: string;
}

export interface Endpoint {
  address: string;
  name?: string;
  packets: number;
  bytes: number;
  txPackets: number;
  txBytes: number;
  rxPackets: number;
  rxBytes: number;
}

export interface TimelinePoint {
  /** Whole epoch second. */
  t: number;
  packets: number;
  bytes: number;
  /** Bytes in this second by top transport/network protocol: tcp, udp, icmp, other. */
  byProtocol: Record<string, number>;
}

export interface RetransmissionSummary {
  /** Segments tshark would flag `tcp.analysis.retransmission` (incl. fast and spurious). */
  packets: number;
  bytes: number;
  /** Retransmitted segments over data-carrying TCP segments, percent. */
  ratePct: number;
  /** Per sending host: its data segments and retransmissions (an estimate of loss on its path). */
  byHost: { address: string; segments: number; retransmissions: number; ratePct: number }[];
}

export interface RttStats {
  /** The host whose round trip this measures (the far end as seen from the capture point). */
  host: string;
  /** 'icmp-echo': request to reply; 'tcp-handshake': SYN to the ACK of the SYN/ACK (tshark's initial RTT);
   *  'tcp-server': SYN to SYN/ACK (the server side of the capture point); 'tcp-client': SYN/ACK to ACK. */
  method: 'icmp-echo' | 'tcp-handshake' | 'tcp-server' | 'tcp-client';
  samples: number;
  minMs: number;
  meanMs: number;
  medianMs: number;
  maxMs: number;
}

export interface AnalyzeReport {
  source: SourceInfo;
  packets: number;
  /** Sum of original frame lengths. */
  bytes: number;
  capturedBytes: number;
  /** Epoch seconds of the first and last packet in file order (null for an empty capture). */
  firstTime: number | null;
  lastTime: number | null;
  /** The same, exact to the nanosecond, as decimal text ("1409713333.192548000"). */
  firstTimeText: string | null;
  lastTimeText: string | null;
  durationSec: number;
  malformedPackets: number;
  /** Frames that contain each protocol (tshark's names), at least once. */
  protocols: Record<string, ProtocolCount>;
  protocolHierarchy: ProtocolNode[];
  conversations: { ip: IpConversation[]; tcp: PortConversation[]; udp: PortConversation[] };
  endpoints: Endpoint[];
  topTalkers: Endpoint[];
  topListeners: Endpoint[];
  hostnames: Record<string, string>;
  timeline: TimelinePoint[];
  retransmissions: RetransmissionSummary;
  rtt: RttStats[];
  /** Incidents the detectors raised, oldest first (see alerts.ts); empty when detectors are off. */
  alerts: Alert[];
  suggestions: Suggestion[];
  /**
   * Rows in each table: `conversations` and `endpoints` list them all, except in a summary (the
   * text report), which keeps the top ones.
   */
  counts: TableCounts;
  /**
   * Live sessions: rows that went idle and were expired (TCP closed + 60 s, UDP 120 s, ...), written
   * to the flows log; their packets and bytes stay in every total. Zero for files.
   */
  expired: TableCounts;
  /** Seconds per timeline point: 1, or more once a long capture's timeline was downsampled. */
  timelineStepSec: number;
}

export interface TableCounts {
  ip: number;
  tcp: number;
  udp: number;
  endpoints: number;
}
