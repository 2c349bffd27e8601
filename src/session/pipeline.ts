/**
 * The one path every packet takes after its source, live or from a file: decode into a reused
 * struct, then count. Sources call push(); reports and queries read the analyzer.
 */
import type { AlertSettings } from '../api/alerts.js';
import type { AnalyzeReport, SourceInfo } from '../api/report.js';
import { AlertEngine } from '../alerts/alert-engine.js';
import type { RawPacket } from '../capture/raw-packet.js';
import { Analyzer } from '../analysis/analyzer.js';
import type { Conversation } from '../analysis/conversation.js';
import { buildReport, type ReportOptions } from '../analysis/report-builder.js';
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

  report(source: SourceInfo, opts: ReportOptions = {}): AnalyzeReport {
    const r = buildReport(this.analyzer, source, { top: opts.top ?? this.topN });
    if (this.alerts !== null) {
      r.alerts = this.alerts.alerts();
      r.suggestions = this.alerts.suggestions();
    }
    return r;
  }

  /** TCP and UDP flows, for the flows CSV. */
  flows(): FlowRow[] {
    const an = this.analyzer;
    const addr = (id: number): string => an.addresses.toString(id);
    const rows: FlowRow[] = [];
    const add = (protocol: 'tcp' | 'udp', list: readonly Conversation[]): void => {
      for (const c of list) {
        rows.push({
          protocol,
          a: addr(c.a),
          aPort: c.aPort,
          b: addr(c.b),
          bPort: c.bPort,
          service: c.service,
          packetsAtoB: c.packetsAtoB,
          bytesAtoB: c.bytesAtoB,
          packetsBtoA: c.packetsBtoA,
          bytesBtoA: c.bytesBtoA,
          start: c.start,
          duration: c.last - c.start,
        });
      }
    };
    add('tcp', an.tcpStreams.rows);
    add('udp', an.udpConversations.rows);
    return rows;
  }
}
