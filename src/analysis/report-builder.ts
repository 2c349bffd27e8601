/**
 * Turns the analyzer's tables into the plain-data report (`analyze --json`): whole (every
 * conversation and endpoint), or as a summary that keeps the top rows. report-json.ts writes the
 * whole one as a stream, for captures too big to hold as objects.
 */
import type { AnalyzeReport, SourceInfo, TableCounts } from '../api/report.js';
import type { Analyzer } from './analyzer.js';
import {
  endpointOrder,
  endpointRow,
  ipRow,
  liveIds,
  portRow,
  round6,
  topBy,
  type ConversationSource,
} from './report-rows.js';

export interface ReportOptions {
  /** How many top talkers / listeners (and, in a summary, conversations and endpoints). */
  top?: number;
  /** 'all' (default): every conversation and endpoint; 'top': the top ones by bytes (a summary). */
  rows?: 'all' | 'top' | 'none';
}

/** `order`: the endpoints' order (endpointOrder), when the caller has it already. */
export function buildReport(
  an: Analyzer,
  source: SourceInfo,
  opts: ReportOptions = {},
  order: Uint32Array = endpointOrder(an),
): AnalyzeReport {
  const top = opts.top ?? 10;
  const rows = opts.rows ?? 'all';
  const addr = (id: number): string => an.addresses.toString(id);
  const empty = an.packets === 0;
  const first = an.firstSec + an.firstNsec * 1e-9;
  const last = an.lastSec + an.lastNsec * 1e-9;
  const list = (t: ConversationSource): number[] =>
    rows === 'all' ? [...liveIds(t)] : rows === 'top' ? topBy(liveIds(t), top, (id) => t.bytes(id)) : [];
  const a = an.addresses;
  return {
    source,
    packets: an.packets,
    bytes: an.bytes,
    capturedBytes: an.capturedBytes,
    firstTime: empty ? null : round6(first),
    lastTime: empty ? null : round6(last),
    firstTimeText: empty ? null : timeText(an.firstSec, an.firstNsec),
    lastTimeText: empty ? null : timeText(an.lastSec, an.lastNsec),
    durationSec: empty ? 0 : round6(last - first),
    malformedPackets: an.malformedPackets,
    protocols: an.protocols.flat(),
    protocolHierarchy: an.protocols.tree(),
    conversations: {
      ip: list(an.ipConversations).map((id) => ipRow(an, an.ipConversations, id)),
      tcp: list(an.tcpStreams).map((id) => portRow(an, an.tcpStreams, id)),
      udp: list(an.udpConversations).map((id) => portRow(an, an.udpConversations, id)),
    },
    endpoints: (rows === 'all' ? [...order] : rows === 'top' ? [...order.subarray(0, top)] : []).map((id) =>
      endpointRow(an, id),
    ),
    topTalkers: topBy(order, top, (id) => a.txBytes[id], 0).map((id) => endpointRow(an, id)),
    topListeners: topBy(order, top, (id) => a.rxBytes[id], 0).map((id) => endpointRow(an, id)),
    hostnames: an.hostnames.toObject(),
    timeline: an.timeline.points(),
    retransmissions: retransmissionSummary(an, addr),
    rtt: an.rtt.stats(addr),
    alerts: [],
    suggestions: [],
    counts: tableCounts(an),
    expired: { ...an.expired },
    timelineStepSec: an.timeline.stepSec,
  };
}

export function tableCounts(an: Analyzer): TableCounts {
  return {
    ip: an.ipConversations.size,
    tcp: an.tcpStreams.size,
    udp: an.udpConversations.size,
    endpoints: an.addresses.size,
  };
}

function retransmissionSummary(an: Analyzer, addr: (id: number) => string): AnalyzeReport['retransmissions'] {
  let packets = 0;
  let segments = 0;
  const byHost: AnalyzeReport['retransmissions']['byHost'] = [];
  const { size: n, tcpDataSegments, tcpRetransmissions } = an.addresses;
  for (let id = 0; id < n; id++) {
    const seg = tcpDataSegments[id];
    const re = tcpRetransmissions[id];
    segments += seg;
    packets += re;
    if (re > 0) byHost.push({ address: addr(id), segments: seg, retransmissions: re, ratePct: pct(re, seg) });
  }
  byHost.sort((x, y) => y.retransmissions - x.retransmissions);
  return { packets, bytes: an.retransmittedBytes, ratePct: pct(packets, segments), byHost };
}

function pct(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 100 : 0;
}

/** Exact epoch time as text with nine decimals. */
export function timeText(sec: number, nsec: number): string {
  return `${sec}.${String(nsec).padStart(9, '0')}`;
}
