/**
 * The view filter, and the queries answered a page at a time: flows, packets, one packet's
 * detail; alert acknowledgement and export.
 */
import type { TrafficPoint } from './snapshot.js';

/**
 * Applies live to every view without restarting capture. Empty strings and null mean "any".
 * All given parts must match (AND).
 */
export interface ViewFilter {
  /** A protocol name from AppInfo.protocols ("tcp", "dns", "tls", "arp", ...): packets containing it. */
  protocol: string;
  /** Source address or CIDR ("10.0.0.5", "10.0.0.0/8", "2001:db8::/32"). */
  src: string;
  /** Destination address or CIDR. */
  dst: string;
  /** Source or destination port (TCP/UDP). */
  port: number | null;
  /** Text searched (case-insensitive) in the learned host names and the addresses of either end. */
  host: string;
  /**
   * Capture time, epoch seconds, both ends included (a zoomed chart, an alert's span): packets sent
   * in it, flows active in it. Absent or null: any time.
   */
  time?: { from: number; to: number } | null;
  /**
   * One or two addresses (or CIDRs) that must each be an end of the packet, in either direction
   * (Wireshark's `ip.addr == A && ip.addr == B`): a host's traffic, or a conversation. Absent or
   * empty: any.
   */
  hosts?: string[];
}

export interface ViewFilterStatus {
  filter: ViewFilter;
  /** Some part of the filter is set. */
  active: boolean;
  /**
   * The filtered totals and top lists cover packets from this frame on (the packets kept when the
   * filter was set, then every new one); `complete` is true when that is the whole session.
   */
  fromFrame: number;
  complete: boolean;
}

export type FlowSortColumn =
  | 'start'
  | 'duration'
  | 'protocol'
  | 'a'
  | 'b'
  | 'service'
  | 'packets'
  | 'bytes'
  | 'bytesAtoB'
  | 'bytesBtoA'
  | 'state'
  | 'rtt'
  | 'retransmissions';

export interface FlowsPageArgs {
  /** Index of the first row (in the sorted, searched, filtered list). */
  offset: number;
  /** Rows wanted, at most AppInfo.limits.maxPageSize. */
  limit: number;
  sort: FlowSortColumn;
  descending: boolean;
  /** Text searched (case-insensitive) in addresses, names, ports and service; '' for none. */
  search: string;
}

/**
 * - new: TCP handshake begun, not finished. - open: established, or data seen mid-stream.
 * - closed: FIN or RST seen. - active: UDP with traffic in the last 30 s (capture time). - idle: UDP otherwise.
 */
export type FlowState = 'new' | 'open' | 'closed' | 'active' | 'idle';

export interface FlowDto {
  /** Stable within a session: "tcp:12", "udp:5". */
  id: string;
  protocol: 'tcp' | 'udp';
  /** A is the side that sent the first packet seen. */
  a: string;
  aPort: number;
  b: string;
  bPort: number;
  /** Learned host names (DNS, TLS SNI, HTTP Host), untrusted text; null when none. */
  aName: string | null;
  bName: string | null;
  /** "https", "dns", ... or ''. */
  service: string;
  /** Set for a flow carried in a tunnel (keyed on its own, innermost addresses and ports): "VXLAN 42 via 10.0.0.1→10.0.0.2". */
  tunnel?: string;
  packetsAtoB: number;
  bytesAtoB: number;
  packetsBtoA: number;
  bytesBtoA: number;
  /** Epoch seconds of the first packet, and seconds until the latest. */
  start: number;
  duration: number;
  state: FlowState;
  /** TCP handshake round trip (ms), or null. */
  rttMs: number | null;
  /** TCP retransmissions (both directions). */
  retransmissions: number;
}

export interface FlowsPage {
  offset: number;
  /** Rows matching the search and the view filter. */
  total: number;
  /** Every flow of the session. */
  all: number;
  rows: FlowDto[];
}

export interface PacketsPageArgs {
  /** Index of the first row among the kept packets matching the view filter (0: the oldest kept). */
  offset: number;
  limit: number;
}

export interface PacketRow {
  /** Frame number in the session, from 1. */
  frame: number;
  /** Epoch seconds with fraction. */
  time: number;
  /** Addresses (IP, else MAC), or '' for frames with neither. */
  src: string;
  dst: string;
  srcPort: number | null;
  dstPort: number | null;
  /** The innermost protocol shown ("tls", "dns", "tcp", "arp"...). */
  protocol: string;
  /** Bytes on the wire. */
  length: number;
  /** A one-line summary (flags, DNS question, SNI, ...), untrusted text; '' once the bytes are no longer kept. */
  info: string;
  /** packets:detail can still answer for it. */
  hasDetail: boolean;
}

export interface PacketsPage {
  offset: number;
  /** Kept packets matching the view filter. */
  total: number;
  rows: PacketRow[];
}

export interface PacketDetailArgs {
  frame: number;
}

/** A node of the decoded tree: a layer ("Internet Protocol Version 4") or a field ("Time to live: 64"). */
export interface TreeNode {
  label: string;
  /** The bytes it covers in the frame, for highlighting in the hex view; omitted when not known. */
  start?: number;
  length?: number;
  children?: TreeNode[];
}

export interface PacketDetail {
  frame: number;
  time: number;
  /** Exact time, "1409713333.192548000". */
  timeText: string;
  length: number;
  capturedLength: number;
  linkType: number;
  /** Outermost layer first. */
  layers: TreeNode[];
  /** The captured bytes as lowercase hex, two characters per byte, no separators. */
  hex: string;
  /** Where and why decoding stopped, for a malformed frame; else null. */
  malformed: { layer: string; offset: number; reason: string } | null;
}

export interface AlertAckArgs {
  /** Alert ids; ignored when `all` is true. */
  ids: string[];
  all?: boolean;
}

export interface AlertAckResult {
  acknowledged: number;
}

export interface AlertListArgs {
  /** At most this many alerts (1 to 1000; default 500), the newest. */
  limit?: number;
}

export type ExportKind = 'pcap' | 'flows-csv' | 'session-json' | 'html-report';

export interface ChartImage {
  title: string;
  /** "data:image/png;base64,..." (at most 4 MB each, 8 images). */
  dataUrl: string;
}

export interface ExportArgs {
  kind: ExportKind;
  /** Absolute path to write; omit to ask (desktop: the save dialog; browser: a download URL). */
  path?: string;
  /** HTML report only: the dashboard's charts as images. */
  charts?: ChartImage[];
}

export interface ExportResult {
  kind: ExportKind;
  /** Where it was written (desktop, or an explicit path), else null. */
  path: string | null;
  /** Browser mode: where to download it (same origin, carries the token), else null. */
  url: string | null;
  bytes: number;
}

/** timeline:range: the session's traffic over a span of capture time, in buckets that fit. */
export interface TimelineArgs {
  /** Epoch seconds; absent: the session's first packet (files) or its start (live). */
  from?: number;
  /** Epoch seconds; absent: the latest packet (files) or now (live). */
  to?: number;
  /** Buckets wanted at most (10 to 2000, default 300): the bucket size is the ladder step that fits. */
  buckets?: number;
  /** Count only packets matching the view filter (default true). */
  filtered?: boolean;
}

/** Bucket sizes the timeline uses, in seconds: 10 ms to 1 hour, as 1-2-5 steps and clock units. */
export const TIMELINE_BUCKETS_SEC = [
  0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600,
] as const;

export interface TimelineRange {
  from: number;
  to: number;
  /** Seconds per bucket (one of TIMELINE_BUCKETS_SEC). */
  bucketSec: number;
  /**
   * One per bucket from `from` (aligned down to the bucket size), empty buckets included: `t` is the
   * bucket's start (epoch seconds, with a fraction under 1 s buckets); counts are per bucket.
   */
  points: TrafficPoint[];
  /** In/out is known (false when the span is older than the kept packets: all bytes are in "in"). */
  directions: boolean;
  /** Spans (epoch seconds) the capture was paused: not recording (`to` null while still paused). */
  paused: { from: number; to: number | null }[];
  /** The session's whole span (first and latest packet, or start and now for live), epoch seconds. */
  session: { from: number; to: number } | null;
}

/** stream:follow: one TCP or UDP conversation, by its ends (A sent the first packet). */
export interface StreamArgs {
  protocol: 'tcp' | 'udp';
  a: string;
  aPort: number;
  b: string;
  bPort: number;
}

/** A run of bytes one side sent, as text (Wireshark's Follow Stream, ASCII: other bytes are '.'). */
export interface StreamChunk {
  /** Sent by A (the side that sent first). */
  fromA: boolean;
  /** The frame the run starts in. */
  frame: number;
  /** Untrusted text from the network: shown as text, never as HTML. */
  text: string;
  bytes: number;
}

export interface StreamText {
  chunks: StreamChunk[];
  /** Packets of the conversation among the kept ones, and how many carried data. */
  packets: number;
  bytesAtoB: number;
  bytesBtoA: number;
  /** Older packets of it are no longer kept (the text starts later than the conversation). */
  incomplete: boolean;
  /** More than the answer holds (the first MAX_STREAM_BYTES bytes are shown). */
  truncated: boolean;
}

/** The most bytes of a stream one answer carries. */
export const MAX_STREAM_BYTES = 1 << 20;
