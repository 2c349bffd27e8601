/**
 * Records one session into history: a packet observer that adds each packet to its minute (by
 * the packet's own timestamp), plus the flows that ended, alerts, suggestions and probe minutes.
 * Every few seconds (and at stop) it hands one batch to the store, without waiting on the packet
 * path: a write still in flight makes the next tick wait, never the packets; what a failed write
 * held is kept (bounded) for the next one.
 */
import type { AlertDto, SuggestionDto } from '../api/alerts-view.js';
import type { ErrorInfo } from '../api/errors.js';
import type { HistoryFlow } from '../api/history.js';
import type { ProbeUpdate } from '../api/probe.js';
import type { RawPacket } from '../capture/raw-packet.js';
import type { Decoded } from '../decode/decoded.js';
import {
  IPPROTO_GRE,
  IPPROTO_ICMP,
  IPPROTO_ICMPV6,
  IPPROTO_IGMP,
  IPPROTO_TCP,
  IPPROTO_UDP,
} from '../decode/net/ip-protocols.js';
import { FLUSH_INTERVAL_MS, MAX_FLOWS_PER_WRITE } from './history-config.js';
import { localityOf } from './locality.js';
import { ProbeMinutes } from './probe-minutes.js';
import { MinuteTable, type MinuteNames } from './usage-minutes.js';
import { emptyBatch, type MinuteWrite, type SessionWrite, type WriteBatch } from './write-batch.js';

/** Country and AS number of a remote address from identity's shipped tables ('' and null where unknown or private). */
export function geoOf(resolver: { lookup(a: string): { country: string; asn: number } }) {
  return (remote: string): { country: string; asn: number | null } => {
    const a = resolver.lookup(remote);
    return { country: a.country, asn: a.asn || null };
  };
}

export interface HistorySink {
  write(b: WriteBatch): Promise<void>;
}

/** What the recorder reads of the analyzer after it counted a packet. */
export interface AnalyzerView {
  lastSrc: number;
  lastDst: number;
  addresses: { toString(id: number): string };
  hostnames: { get(addr: string): string | undefined };
}

/** A flow that ended, as the pipeline lists it (A sent first), with what the flow table knows. */
export interface EndedFlow {
  protocol: string;
  a: string;
  aPort: number;
  b: string;
  bPort: number;
  service: string;
  packetsAtoB: number;
  bytesAtoB: number;
  packetsBtoA: number;
  bytesBtoA: number;
  start: number;
  duration: number;
  rttMs?: number | null;
  retransmissions?: number;
  app?: string;
}

export interface RecorderOptions {
  /** Where batches go; null until the store has opened (attach() gives it; packets are counted meanwhile). */
  sink: HistorySink | null;
  session: SessionWrite;
  analyzer: AnalyzerView;
  localAddresses?: readonly string[];
  stats?: () => { packets: number; bytes: number; dropped: number | null };
  flushMs?: number;
  geo?: (remote: string) => { country: string; asn: number | null };
  onError?: (e: ErrorInfo) => void;
  now?: () => number;
}

const MAX_PENDING_FLOWS = 500_000;
/** Minutes open at once (a capture whose clock jumps about opens more; the oldest are closed). */
const MAX_OPEN_MINUTES = 64;
/** Minute deltas kept while writes fail (then the oldest go, counted). */
const MAX_PENDING_MINUTES = 2000;
const NO_GEO = { country: '', asn: null };
const PROTO_LABELS: Record<number, string> = {
  [IPPROTO_ICMP]: 'icmp',
  [IPPROTO_IGMP]: 'igmp',
  [IPPROTO_TCP]: 'tcp',
  [IPPROTO_UDP]: 'udp',
  [IPPROTO_GRE]: 'gre',
  [IPPROTO_ICMPV6]: 'icmpv6',
};

export class HistoryRecorder implements MinuteNames {
  private readonly own: Set<string>;
  private readonly session: SessionWrite;
  /** The minute packets are counted into now, and every minute still open (by minute). */
  private cur: MinuteTable | null = null;
  private curStart = 0;
  private curEnd = 0;
  private readonly open = new Map<number, MinuteTable>();
  /** Deltas of minutes closed, or of writes that failed, waiting for the next write. */
  private closed: MinuteWrite[] = [];
  private readonly labelIndex = new Map<string, number>();
  private readonly labels: string[] = [];
  private readonly protoIndex = new Int32Array(256).fill(-1);
  /** The service of the last packet that had one, and its label (services are constant strings). */
  private lastService = '\u0000';
  private lastServiceLabel = 0;
  private locality = new Int8Array(4096).fill(-1);
  private readonly firstSender = new Map<number, number>();
  private flows: HistoryFlow[] = [];
  private alerts = new Map<string, AlertDto>();
  private suggestions = new Map<string, SuggestionDto & { time: number }>();
  private readonly probes = new ProbeMinutes();
  private inFlight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failed = false;
  private stopped = false;
  /** Flows and minute deltas dropped because writes kept failing (bounded memory). */
  droppedFlows = 0;
  droppedMinutes = 0;

  constructor(private readonly o: RecorderOptions) {
    this.own = new Set(o.localAddresses ?? []);
    this.session = { ...o.session };
    this.timer = setInterval(() => void this.flush(), o.flushMs ?? FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Minutes closed and not written yet (a fast replay writes when an hour of them is waiting). */
  get pendingMinutes(): number {
    return this.closed.length + this.open.size;
  }

  get sessionId(): number {
    return this.session.id;
  }

  /** The packet path: the analyzer has counted `p`; add it to its minute. */
  onPacket(p: RawPacket, d: Decoded): void {
    const an = this.o.analyzer;
    const src = an.lastSrc;
    if (src < 0 || this.stopped) return;
    const sec = p.tsSec;
    let t: MinuteTable | null = this.cur;
    if (t === null || sec < this.curStart || sec >= this.curEnd) t = this.tableFor(Math.floor(sec / 60));
    let label: number;
    const service = d.service;
    if (service === this.lastService) label = this.lastServiceLabel;
    else if (service !== '') {
      const i = this.labelIndex.get(service);
      label = i === undefined ? this.newLabel(service) : i;
      this.lastService = service;
      this.lastServiceLabel = label;
    } else {
      const proto = d.ipProto & 255;
      label = this.protoIndex[proto];
      if (label < 0) label = this.protoIndex[proto] = this.newLabel(PROTO_LABELS[proto] ?? `ip-${proto}`);
    }
    t.count(src, an.lastDst, label, p.origLen, this);
  }

  private newLabel(s: string): number {
    const i = this.labels.length;
    this.labels.push(s);
    this.labelIndex.set(s, i);
    return i;
  }

  private tableFor(minute: number): MinuteTable {
    let t = this.open.get(minute);
    if (!t) {
      if (this.open.size >= MAX_OPEN_MINUTES) {
        const oldest = Math.min(...this.open.keys());
        this.close(this.open.get(oldest)!);
      }
      this.open.set(minute, (t = new MinuteTable(minute)));
    }
    if (this.cur === null || minute >= this.cur.minute) {
      this.cur = t;
      this.curStart = minute * 60;
      this.curEnd = this.curStart + 60;
    }
    return t;
  }

  /** Takes a minute's last delta and forgets it (packets for it later open it again: deltas add up). */
  private close(t: MinuteTable): void {
    const rows = t.delta(this.labels, this);
    if (rows.length) this.closed.push({ minute: t.minute, rows });
    this.open.delete(t.minute);
    if (this.cur === t) this.cur = null;
  }

  // MinuteNames, for the minute tables
  address(id: number): string {
    return this.o.analyzer.addresses.toString(id);
  }

  aIsLocal(a: number, b: number): boolean {
    const la = this.localityOfId(a);
    const lb = this.localityOfId(b);
    if (la !== lb) return la > lb;
    const key = a < b ? a * 2 ** 26 + b : b * 2 ** 26 + a;
    const first = this.firstSender.get(key);
    if (first !== undefined) return first === a;
    if (this.firstSender.size < 1_000_000) this.firstSender.set(key, a);
    return true;
  }

  private localityOfId(id: number): number {
    if (id >= this.locality.length) {
      const b = new Int8Array(Math.max(id + 1, this.locality.length * 2)).fill(-1);
      b.set(this.locality);
      this.locality = b;
    }
    let l = this.locality[id];
    if (l < 0) l = this.locality[id] = localityOf(this.address(id), this.own);
    return l;
  }

  geo(remote: string): { country: string; asn: number | null } {
    return this.o.geo ? this.o.geo(remote) : NO_GEO;
  }

  /** Flows that ended (or every flow, at the end of a session). */
  flowsEnded(rows: readonly EndedFlow[]): void {
    const names = this.o.analyzer.hostnames;
    for (const f of rows) {
      const aLocal = localityOf(f.a, this.own) >= localityOf(f.b, this.own);
      const remote = aLocal ? f.b : f.a;
      const g = this.geo(remote);
      this.flows.push({
        session: this.session.id,
        protocol: f.protocol,
        local: aLocal ? f.a : f.b,
        localPort: aLocal ? f.aPort : f.bPort,
        remote,
        remotePort: aLocal ? f.bPort : f.aPort,
        outbound: aLocal,
        app: f.app ?? '',
        service: f.service,
        name: names.get(remote) ?? '',
        country: g.country,
        asn: g.asn,
        bytesOut: aLocal ? f.bytesAtoB : f.bytesBtoA,
        bytesIn: aLocal ? f.bytesBtoA : f.bytesAtoB,
        packetsOut: aLocal ? f.packetsAtoB : f.packetsBtoA,
        packetsIn: aLocal ? f.packetsBtoA : f.packetsAtoB,
        start: f.start,
        duration: f.duration,
        rttMs: f.rttMs ?? null,
        retransmissions: f.retransmissions ?? 0,
      });
    }
    if (this.flows.length > MAX_PENDING_FLOWS) {
      const drop = this.flows.length - MAX_PENDING_FLOWS;
      this.flows.splice(0, drop);
      this.droppedFlows += drop;
    }
  }

  alert(a: AlertDto): void {
    this.alerts.set(a.id, a);
  }

  suggestion(s: SuggestionDto, time = this.now()): void {
    if (!this.suggestions.has(s.id)) this.suggestions.set(s.id, { ...s, time });
    else this.suggestions.set(s.id, { ...s, time: this.suggestions.get(s.id)!.time });
  }

  probe(u: ProbeUpdate): void {
    this.probes.add(u);
  }

  private now(): number {
    return this.o.now ? this.o.now() : Date.now() / 1000;
  }

  /** The store has opened and the session has its id there: writes can start. */
  attach(sink: HistorySink, sessionId: number): void {
    this.o.sink = sink;
    this.session.id = sessionId;
    for (const f of this.flows) f.session = sessionId;
  }

  /** Writes what is new; a flush already in flight is waited for (the next tick writes the rest). */
  flush(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const sink = this.o.sink;
    if (sink === null) return Promise.resolve();
    const b = this.take();
    const p = sink.write(b).then(
      () => {
        this.failed = false;
      },
      (err: unknown) => this.restore(b, err),
    );
    this.inFlight = p.finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private take(): WriteBatch {
    const s = this.session;
    const st = this.o.stats?.();
    if (st) {
      s.packets = st.packets;
      s.bytes = st.bytes;
      s.dropped = st.dropped;
    }
    s.lastSeen = this.now();
    const b = emptyBatch({ ...s });
    b.minutes = this.closed.splice(0);
    const latest = this.cur?.minute ?? Infinity;
    for (const t of [...this.open.values()]) {
      // the minute before the current one stays open a while for packets that come late
      if (t.minute < latest - 1) this.close(t);
      else if (t.dirty) b.minutes.push({ minute: t.minute, rows: t.delta(this.labels, this) });
    }
    b.minutes.push(...this.closed.splice(0));
    b.flows = this.flows.splice(0, MAX_FLOWS_PER_WRITE);
    b.alerts = [...this.alerts.values()];
    this.alerts = new Map();
    b.suggestions = [...this.suggestions.values()];
    b.probes = this.probes.take();
    return b;
  }

  private restore(b: WriteBatch, err: unknown): void {
    // deltas add up: the failed ones go back in line, ahead of what came since (bounded)
    this.closed = [...b.minutes, ...this.closed];
    if (this.closed.length > MAX_PENDING_MINUTES) {
      const drop = this.closed.length - MAX_PENDING_MINUTES;
      this.closed.splice(0, drop);
      this.droppedMinutes += drop;
    }
    this.flows = [...b.flows, ...this.flows].slice(0, MAX_PENDING_FLOWS);
    for (const a of b.alerts) if (!this.alerts.has(a.id)) this.alerts.set(a.id, a);
    if (!this.failed) {
      this.failed = true;
      const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
      this.o.onError?.({
        code: 'write-failed',
        message: `history could not be written (${msg}); the capture goes on`,
        hint: 'check the disk holding the history store; NetLens retries every few seconds',
      });
    }
  }

  /** The session ended: every minute is closed and everything is written (several writes for many flows). */
  async stop(reason: string, at = this.now()): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.o.sink === null) return; // history never opened: nothing can be written
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.inFlight) await this.inFlight;
    for (const t of [...this.open.values()]) this.close(t);
    this.session.stopped = at;
    this.session.stopReason = reason;
    do {
      await this.flush();
    } while (!this.failed && (this.flows.length > 0 || this.closed.length > 0));
    // a last write that failed: what it held is counted as lost (the store is gone or full)
    if (this.failed) this.droppedMinutes += this.closed.splice(0).length;
  }
}
