/**
 * The one path every packet takes after its source, live or from a file: decode into a reused
 * struct, then count. Sources call push(); reports and queries read the analyzer.
 */
import type { AlertSettings } from '../api/alerts.js';
import type { AnalyzeReport, SourceInfo } from '../api/report.js';
import { AlertEngine } from '../alerts/alert-engine.js';
import type { RawPacket } from '../capture/raw-packet.js';
import { Analyzer } from '../analysis/analyzer.js';
import type { ConversationSource } from '../analysis/report-rows.js';
import { FlowExpiry, type ExpiryTimeouts } from '../analysis/flow-expiry.js';
import { buildReport, type ReportOptions } from '../analysis/report-builder.js';
import { reportJson } from '../analysis/report-json.js';
import { decodePacket } from '../decode/decode-packet.js';
import { Decoded } from '../decode/decoded.js';
import type { FlowCsvRow } from './session-log-files.js';

/** A TCP or UDP flow as the flows CSV writes it (one row type for the pipeline and the session log). */
export type FlowRow = FlowCsvRow & { protocol: 'tcp' | 'udp' };

/**
 * Something that looks at every packet after the analyzer (and the alert detectors) counted it:
 * the session view's packet ring and filtered counts. It must not keep `p` or `d`: both are reused
 * for the next packet. Keep it cheap: it runs once per packet on the capture's hot path.
 */
export interface PacketObserver {
  onPacket(p: RawPacket, d: Decoded, frame: number): void;
}

export class PacketPipeline {
  readonly analyzer = new Analyzer();
  /** The decoded form of the last packet pushed (valid until the next push). */
  readonly decoded = new Decoded();
  /** The alert detectors (null when turned off): subscribe with alerts.on('alert' | 'suggestion', cb). */
  readonly alerts: AlertEngine | null;
  private readonly topN: number;
  private observers: PacketObserver[] = [];
  private expiry: FlowExpiry | null = null;
  private expirySec = Number.NEGATIVE_INFINITY;
  private expiredRows: FlowRow[] = [];
  private onExpiredRows: (rows: FlowRow[]) => void = () => {};

  /** `alerts`: the detectors' settings (default: defaults), or false for none. */
  constructor(opts: { topN?: number; alerts?: AlertSettings | false } = {}) {
    this.topN = opts.topN ?? 10;
    this.alerts = opts.alerts === false ? null : new AlertEngine(this.analyzer, opts.alerts);
  }

  push(p: RawPacket): void {
    const d = this.decoded;
    decodePacket(p.buf, p.offset, p.capLen, p.linkType, d);
    this.analyzer.ingest(p, d);
    // the detectors look at few packets: their check is inlined here, the rest is a call
    const al = this.alerts;
    if (al !== null && al.wants(p, d)) al.onPacket(p, d, this.analyzer.packets);
    const obs = this.observers;
    for (let i = 0; i < obs.length; i++) obs[i].onPacket(p, d, this.analyzer.packets);
    if (this.expiry !== null && p.tsSec > this.expirySec) this.expire(p.tsSec);
  }

  /**
   * Live sessions: idle flows leave the tables (flow-expiry.ts); each second's expired TCP and UDP
   * flows are handed to `onRows` (the flows log) before they go.
   */
  enableExpiry(onRows: (rows: FlowRow[]) => void, timeouts?: ExpiryTimeouts): void {
    this.onExpiredRows = onRows;
    this.expiry = new FlowExpiry(
      this.analyzer,
      (protocol, t, id) => this.expiredRows.push(flowRow(this.analyzer, protocol, t, id)),
      timeouts,
    );
  }

  /** Expires what is idle at `now` (seconds; the clock calls it too when no packets come). */
  expire(now: number): void {
    if (this.expiry === null) return;
    this.expirySec = Math.floor(now);
    this.expiry.tick(now);
    if (this.expiredRows.length > 0) {
      const rows = this.expiredRows;
      this.expiredRows = [];
      this.onExpiredRows(rows);
    }
  }

  addObserver(o: PacketObserver): () => void {
    this.observers = [...this.observers, o];
    return () => {
      this.observers = this.observers.filter((x) => x !== o);
    };
  }

  /** The source ended (end of file, capture stopped): detectors settle what was pending. */
  end(): void {
    this.alerts?.finish();
  }

  /** The report as objects: whole, or (rows: 'top') a summary with the top rows. */
  report(source: SourceInfo, opts: ReportOptions = {}): AnalyzeReport {
    const r = buildReport(this.analyzer, source, { top: opts.top ?? this.topN, rows: opts.rows });
    this.addAlerts(r);
    return r;
  }

  /** The whole report as JSON text in pieces (write each before asking for the next). */
  reportJson(source: SourceInfo, opts: Omit<ReportOptions, 'rows'> = {}): Generator<string> {
    return reportJson(this.analyzer, source, { top: opts.top ?? this.topN }, (r) => this.addAlerts(r));
  }

  private addAlerts(r: AnalyzeReport): void {
    if (this.alerts !== null) {
      r.alerts = this.alerts.alerts();
      r.suggestions = this.alerts.suggestions();
    }
  }

  /** TCP and UDP flows, for the flows CSV. */
  flows(): FlowRow[] {
    const an = this.analyzer;
    const rows: FlowRow[] = [];
    const add = (protocol: 'tcp' | 'udp', t: ConversationSource): void => {
      for (let id = 0; id < t.end; id++) if (t.isLive(id)) rows.push(flowRow(an, protocol, t, id));
    };
    add('tcp', an.tcpStreams);
    add('udp', an.udpConversations);
    return rows;
  }
}

/** One TCP stream or UDP conversation as the flows CSV writes it. */
export function flowRow(an: Analyzer, protocol: 'tcp' | 'udp', t: ConversationSource, id: number): FlowRow {
  const start = t.start(id);
  return {
    protocol,
    a: an.addresses.toString(t.a(id)),
    aPort: t.aPort(id),
    b: an.addresses.toString(t.b(id)),
    bPort: t.bPort(id),
    service: t.service(id),
    packetsAtoB: t.packetsAtoB(id),
    bytesAtoB: t.bytesAtoB(id),
    packetsBtoA: t.packetsBtoA(id),
    bytesBtoA: t.bytesBtoA(id),
    start,
    duration: t.last(id) - start,
  };
}
