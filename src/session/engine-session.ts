/**
 * One capture or opened file, end to end: source → PacketPipeline (decode, analysis) → the
 * session view (kept packets, traffic window, filtered view) → snapshots every 100–1000 ms
 * (bounded size) → queries answered a page at a time. Live sessions also log (or spool the pcap
 * for export) and probe latency. Expected failures are values; events report what happens later.
 */
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import type { AlertDto, DeliveryStatusDto, SuggestionDto } from '../api/alerts-view.js';
import { ok, type ErrorInfo, type Result } from '../api/errors.js';
import type { ProbeTarget } from '../api/probe.js';
import type { Thresholds } from '../api/settings.js';
import type { SessionInfo } from '../api/session.js';
import type { Snapshot } from '../api/snapshot.js';
import type { FlowsPage, FlowsPageArgs, PacketDetail, PacketsPage, ViewFilter } from '../api/views.js';
import type { RawPacket } from '../capture/raw-packet.js';
import { Prober } from '../probe/prober.js';
import { AlertFeed, alertSettingsFor, NoAlerts, type EngineAlerts } from './engine-alerts.js';
import { FlowQuery } from './flow-query.js';
import { packetDetailFor, packetsPage } from './packet-query.js';
import { PacketPipeline } from './pipeline.js';
import { SessionLog } from './session-log.js';
import { FileSource, LiveSessionSource, type SessionSource } from './session-source.js';
import { SessionView, type SessionViewOptions } from './session-view.js';
import { boundSnapshot } from './snapshot-bounds.js';

export type SessionSpec =
  | { kind: 'file'; path: string }
  | {
      kind: 'live';
      device: string;
      filter: string;
      log: { folder: string; rotateMb: number } | null;
      localAddresses?: string[];
      bufferBytes?: number;
    };

export interface SessionEvents {
  snapshot(s: Snapshot): void;
  state(info: SessionInfo): void;
  error(e: ErrorInfo): void;
  alert(a: AlertDto): void;
}

export interface EngineSessionOptions {
  id: number;
  spec: SessionSpec;
  events: SessionEvents;
  /** Where a live session's pcap is spooled for export when it is not logged to a folder. */
  spoolDir: string;
  view?: SessionViewOptions;
  filter?: ViewFilter;
  /** Between snapshots: 100..1000 ms (default 200, i.e. 5 per second). */
  snapshotIntervalMs?: number;
  /** Live sessions: targets to probe; null or empty for none. */
  probeTargets?: ProbeTarget[] | null;
  /** The detectors' thresholds (default: their defaults); null turns the detectors off. */
  thresholds?: Thresholds | null;
  /** Live sessions: how the alert delivery channels fare (shown beside the alerts). */
  deliveryStatus?: () => DeliveryStatusDto[];
}

export const DEFAULT_SNAPSHOT_MS = 200;
const TOTALS_EVERY_MS = 5000;

export class EngineSession {
  readonly pipeline: PacketPipeline;
  readonly view: SessionView;
  private readonly flowQuery: FlowQuery;
  private readonly alerts: EngineAlerts;
  private source: SessionSource | null = null;
  private log: SessionLog | null = null;
  private logFolder = '';
  private logError: ErrorInfo | null = null;
  private prober: Prober | null = null;
  private timer: NodeJS.Timeout | null = null;
  private totalsTimer: NodeJS.Timeout | null = null;
  private seq = 0;
  private stateValue: SessionInfo['state'] = 'starting';
  private startedAt = Date.now();
  private stoppedAt: number | null = null;
  private stopReason: SessionInfo['stopReason'] = null;
  private error: ErrorInfo | null = null;

  private constructor(private readonly opts: EngineSessionOptions) {
    const t = opts.thresholds;
    this.pipeline = new PacketPipeline({
      alerts: t === null ? false : t === undefined ? undefined : alertSettingsFor(t),
    });
    this.view = new SessionView(this.pipeline, {
      ...opts.view,
      localAddresses: opts.spec.kind === 'live' ? opts.spec.localAddresses : [],
    });
    this.pipeline.addObserver(this.view);
    this.flowQuery = new FlowQuery(this.pipeline.analyzer);
    this.alerts = this.pipeline.alerts ? new AlertFeed(this.pipeline.alerts) : new NoAlerts();
    if (opts.filter) this.view.setFilter(opts.filter);
  }

  /** Opens the source and starts; an error value when it cannot (no such file, no permission, bad filter). */
  static start(opts: EngineSessionOptions): Result<EngineSession> {
    const s = new EngineSession(opts);
    const r = s.begin();
    return r.ok ? ok(s) : r;
  }

  get id(): number {
    return this.opts.id;
  }

  get state(): SessionInfo['state'] {
    return this.stateValue;
  }

  private begin(): Result<void> {
    const spec = this.opts.spec;
    let source: SessionSource;
    if (spec.kind === 'file') {
      const f = FileSource.open(spec.path);
      if (!f.ok) return f;
      source = f.value;
    } else {
      source = new LiveSessionSource({ device: spec.device, filter: spec.filter, bufferBytes: spec.bufferBytes });
    }
    const sink =
      spec.kind === 'live' ? (p: RawPacket) => this.onLivePacket(p) : (p: RawPacket) => this.pipeline.push(p);
    const r = source.begin(sink, (reason, err) => this.onSourceEnd(reason, err));
    if (!r.ok) return r;
    this.source = source;
    this.startedAt = Date.now();
    if (spec.kind === 'live' && source instanceof LiveSessionSource) {
      const opened = this.openLog(spec, source);
      if (!opened.ok) {
        source.stop();
        return opened;
      }
      this.startProber();
      this.totalsTimer = setInterval(() => this.logTotals(), TOTALS_EVERY_MS);
    }
    this.stateValue = 'running';
    const ms = Math.min(1000, Math.max(100, this.opts.snapshotIntervalMs ?? DEFAULT_SNAPSHOT_MS));
    this.timer = setInterval(() => this.tick(), ms);
    this.opts.events.state(this.info());
    return ok(undefined);
  }

  /** Each snapshot tick: live time moves the detectors on, coalesced alerts go out, then the snapshot. */
  private tick(): void {
    if (this.opts.spec.kind === 'live' && this.stateValue === 'running')
      this.pipeline.alerts?.advance(Date.now() / 1000);
    this.flushAlerts();
    this.opts.events.snapshot(this.snapshot());
  }

  private flushAlerts(): void {
    for (const a of this.alerts.flush()) {
      this.log?.alert({ ...a });
      this.opts.events.alert(a);
    }
  }

  private onLivePacket(p: RawPacket): void {
    this.pipeline.push(p);
    this.log?.writePacket(p);
  }

  private openLog(spec: Extract<SessionSpec, { kind: 'live' }>, source: LiveSessionSource): Result<void> {
    const info = source.info!;
    const folder = spec.log?.folder ?? '';
    this.logFolder = folder;
    const opened = SessionLog.open({
      iface: spec.device,
      filter: spec.filter,
      linkType: info.linkType,
      snaplen: info.snaplen,
      logDir: folder || null,
      pcapPath: folder ? null : join(this.opts.spoolDir, `session-${this.opts.id}.pcap`),
      rotateBytes: (spec.log?.rotateMb ?? 0) * 1_000_000,
      nanosecond: info.timestamps === 'kernel-ns',
      startedAt: new Date(this.startedAt),
      startInfo: { backend: info.backend, timestamps: info.timestamps, bufferBytes: info.bufferSize },
      onError: (e) => {
        this.logError = e;
        this.opts.events.error(e);
      },
    });
    if (!opened.ok) return opened;
    this.log = opened.value;
    return ok(undefined);
  }

  private startProber(): void {
    const targets = this.opts.probeTargets;
    if (!targets || targets.length === 0) return;
    const prober = new Prober({ targets });
    prober.on('update', (u) => this.pipeline.alerts?.ingestProbe(u));
    const r = prober.start();
    if (!r.ok) {
      this.opts.events.error({ ...r.error, message: `latency probes are off: ${r.error.message}` });
      return;
    }
    this.prober = prober;
  }

  private logTotals(): void {
    const an = this.pipeline.analyzer;
    const rates = this.view.window.rates(Math.floor(Date.now() / 1000) - 1);
    this.log?.totals({
      packets: an.packets,
      bytes: an.bytes,
      dropped: this.source?.drops() ?? null,
      packetsPerSec: rates.packetsPerSec,
      bitsPerSec: rates.bitsPerSec,
      elapsedSec: (Date.now() - this.startedAt) / 1000,
    });
  }

  private onSourceEnd(reason: 'end-of-file' | 'error', err: ErrorInfo | null): void {
    if (err) {
      this.error = err;
      this.opts.events.error(err);
    }
    this.finish(reason === 'end-of-file' ? 'end-of-file' : 'error');
  }

  pause(): SessionInfo {
    if (this.stateValue === 'running') {
      this.source?.pause();
      this.stateValue = 'paused';
      this.opts.events.state(this.info());
    }
    return this.info();
  }

  resume(): SessionInfo {
    if (this.stateValue === 'paused') {
      this.source?.resume();
      this.stateValue = 'running';
      this.opts.events.state(this.info());
    }
    return this.info();
  }

  /** Stops the session (idempotent); the log is closed with the flows CSV, a last snapshot is sent. */
  stop(reason: 'user' | 'replaced' = 'user'): SessionInfo {
    this.source?.stop();
    this.finish(reason);
    return this.info();
  }

  private finish(reason: NonNullable<SessionInfo['stopReason']>): void {
    if (this.stateValue === 'stopped') return;
    this.stateValue = 'stopped';
    this.stoppedAt = Date.now();
    this.stopReason = reason;
    if (this.timer) clearInterval(this.timer);
    if (this.totalsTimer) clearInterval(this.totalsTimer);
    this.timer = null;
    this.totalsTimer = null;
    this.pipeline.end();
    if (this.alerts instanceof AlertFeed) this.alerts.refresh();
    this.flushAlerts();
    if (this.log) {
      const an = this.pipeline.analyzer;
      this.log.close(this.logFolder ? this.pipeline.flows() : [], {
        reason,
        packets: an.packets,
        bytes: an.bytes,
        dropped: this.source?.drops() ?? null,
        error: this.error?.code ?? null,
      });
    }
    if (this.prober) void this.prober.stop();
    this.opts.events.snapshot(this.snapshot());
    this.opts.events.state(this.info());
  }

  /** Stops it and removes the spooled pcap (when the service moves on to another session). */
  dispose(): void {
    this.stop('replaced');
    if (this.log && !this.logFolder) for (const f of this.log.files.pcaps) rmSync(f, { force: true });
  }

  info(): SessionInfo {
    const src = this.source;
    const log = this.log;
    return {
      id: this.opts.id,
      state: this.stateValue,
      source: src ? src.describe() : null,
      startedAt: this.startedAt,
      stoppedAt: this.stoppedAt,
      stopReason: this.stopReason,
      progress: src ? src.progress() : null,
      error: this.error,
      warnings: src ? src.warnings() : [],
      logging: log
        ? {
            active: log.active,
            folder: this.logFolder,
            pcaps: log.files.pcaps,
            events: log.files.events,
            flows: log.files.flows,
            error: this.logError,
          }
        : null,
    };
  }

  setFilter(f: ViewFilter): void {
    this.view.setFilter(f);
  }

  snapshot(): Snapshot {
    this.view.tick();
    const an = this.pipeline.analyzer;
    const live = this.opts.spec.kind === 'live';
    const stopped = this.stateValue === 'stopped';
    const now = Date.now();
    const latest = this.view.window.latest;
    const endSec = live && !stopped ? Math.floor(now / 1000) - 1 : latest;
    const rateSec = live || stopped ? endSec : latest - 1;
    const win = this.view.trafficWindow();
    const m = this.view.matching();
    const snap: Snapshot = {
      seq: ++this.seq,
      t: now,
      session: this.info(),
      elapsedSec: live
        ? ((this.stoppedAt ?? now) - this.startedAt) / 1000
        : an.packets > 0
          ? an.lastSec + an.lastNsec * 1e-9 - (an.firstSec + an.firstNsec * 1e-9)
          : 0,
      totals: this.view.totals(),
      all: { packets: an.packets, bytes: an.bytes, malformed: an.malformedPackets },
      rates: win.rates(rateSec),
      drops: this.source?.drops() ?? null,
      timeline: { windowSec: win.windowSec, points: win.points(endSec) },
      protocols: this.view.protocols(),
      topTalkers: this.view.top('tx'),
      topListeners: this.view.top('rx'),
      probe: this.prober ? this.prober.snapshot() : null,
      alerts: live ? { ...this.alerts.summary(), delivery: this.opts.deliveryStatus?.() ?? [] } : this.alerts.summary(),
      counts: {
        flows: an.tcpStreams.rows.length + an.udpConversations.rows.length,
        packetsKept: this.view.ring.size,
        packetsMatching: m.total,
      },
      filter: this.view.filterStatus(),
    };
    return boundSnapshot(snap);
  }

  flowsPage(args: FlowsPageArgs): FlowsPage {
    return this.flowQuery.page(args, this.view.matcher);
  }

  packetsPage(offset: number, limit: number): PacketsPage {
    return packetsPage(this.view, offset, limit);
  }

  packetDetail(frame: number): Result<PacketDetail> {
    return packetDetailFor(this.view, frame);
  }

  ackAlerts(ids: readonly string[], all: boolean): number {
    return this.alerts.ack(ids, all);
  }

  allAlerts(): AlertDto[] {
    return this.alerts.all();
  }

  /** The `limit` newest alerts, newest first (by latest evidence). */
  latestAlerts(limit: number): AlertDto[] {
    return this.alerts.latest(limit);
  }

  suggestions(): SuggestionDto[] {
    return this.alerts.suggestions();
  }

  /** The live session's pcap files so far (flushed), for export; null for file sessions. */
  pcapFiles(): string[] | null {
    if (!this.log) return null;
    if (this.stateValue !== 'stopped') this.logTotals();
    return this.log.files.pcaps;
  }

  get spec(): SessionSpec {
    return this.opts.spec;
  }
}
