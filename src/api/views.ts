/**
 * The view filter, and the queries answered a page at a time: flows, packets, one packet's
 * detail; alert acknowledgement and export.
 */

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
