/** Turns the analyzer's tables into the plain-data report (`analyze --json`). */
import type { AnalyzeReport, Endpoint, IpConversation, PortConversation, SourceInfo } from '../api/report.js';
import type { Analyzer } from './analyzer.js';
import type { Conversation } from './conversation.js';

export interface ReportOptions {
  /** How many top talkers / listeners. */
  top?: number;
}

export function buildReport(an: Analyzer, source: SourceInfo, opts: ReportOptions = {}): AnalyzeReport {
  const top = opts.top ?? 10;
  const addr = (id: number): string => an.addresses.toString(id);
  const empty = an.packets === 0;
  const first = an.firstSec + an.firstNsec * 1e-9;
  const last = an.lastSec + an.lastNsec * 1e-9;

  const ipRow = (c: Conversation): IpConversation => ({
    a: addr(c.a),
    b: addr(c.b),
    packetsAtoB: c.packetsAtoB,
    bytesAtoB: c.bytesAtoB,
    packetsBtoA: c.packetsBtoA,
    bytesBtoA: c.bytesBtoA,
    start: round6(c.start),
    duration: round6(c.last - c.start),
  });
  const portRow = (c: Conversation): PortConversation => ({
    ...ipRow(c),
    aPort: c.aPort,
    bPort: c.bPort,
    service: c.service,
  });

  const endpoints: Endpoint[] = [];
  const a = an.addresses;
  for (let id = 0; id < a.size; id++) {
    const e: Endpoint = {
      address: addr(id),
      packets: a.txPackets[id] + a.rxPackets[id],
      bytes: a.txBytes[id] + a.rxBytes[id],
      txPackets: a.txPackets[id],
      txBytes: a.txBytes[id],
      rxPackets: a.rxPackets[id],
      rxBytes: a.rxBytes[id],
    };
    const name = an.hostnames.get(e.address);
    if (name !== undefined) e.name = name;
    endpoints.push(e);
  }
  endpoints.sort((x, y) => y.bytes - x.bytes || x.address.localeCompare(y.address));

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
      ip: an.ipConversations.rows.map(ipRow),
      tcp: an.tcpStreams.rows.map(portRow),
      udp: an.udpConversations.rows.map(portRow),
    },
    endpoints,
    topTalkers: [...endpoints]
      .sort((x, y) => y.txBytes - x.txBytes)
      .filter((e) => e.txBytes > 0)
      .slice(0, top),
    topListeners: [...endpoints]
      .sort((x, y) => y.rxBytes - x.rxBytes)
      .filter((e) => e.rxBytes > 0)
      .slice(0, top),
    hostnames: an.hostnames.toObject(),
    timeline: an.timeline.points(),
    retransmissions: retransmissionSummary(an, addr),
    rtt: an.rtt.stats(addr),
    alerts: [],
    suggestions: [],
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

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Exact epoch time as text with nine decimals. */
export function timeText(sec: number, nsec: number): string {
  return `${sec}.${String(nsec).padStart(9, '0')}`;
}
