/**
 * One capture or opened file, end to end: source → PacketPipeline (decode, analysis) → the
 * session view (kept packets, traffic window, filtered view) → snapshots every 100–1000 ms
 * (bounded size) → queries answered a page at a time. Live sessions also log (or spool the pcap
 * for export) and probe latency. Expected failures are values; events report what happens later.
 */
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import type { AlertDto, DeliveryStatusDto, SuggestionDto } from '../api/alerts-view.js';
import { fail, ok, type ErrorInfo, type Result } from '../api/errors.js';
import type { ProbeTarget } from '../api/probe.js';
import type { Thresholds } from '../api/settings.js';
import type { SessionInfo } from '../api/session.js';
import type { Snapshot } from '../api/snapshot.js';
import type {
  FlowsPage,
  FlowsPageArgs,
  PacketDetail,
  PacketsPage,
  StreamArgs,
  StreamText,
  TimelineArgs,
  TimelineRange,
  ViewFilter,
} from '../api/views.js';
import { RadioSignal } from '../probe/wifi/radio-signal.js';
import { AlertFeed, alertSettingsFor, NoAlerts, type EngineAlerts } from './engine-alerts.js';
import { FlowQuery } from './flow-query.js';
import { packetDetailFor, packetsPage } from './packet-query.js';
import type { PacketPipeline } from './pipeline.js';
import { SessionCore, type SessionSpec as CoreSpec } from './session-core.js';
import { SessionView, type SessionViewOptions } from './session-view.js';
import { busiestLocalPeer } from './probe-offer.js';
import { boundSnapshot, RADIO_SNAPSHOT_POINTS } from './snapshot-bounds.js';
import { followStream } from './stream-follow.js';
import { DEFAULT_TIMELINE_BUCKETS, fileSpan, timelineRange } from './timeline-query.js';

/** The spool of a live session not logged to a folder: parts of 64 MB, the newest 1 GB kept. */
export const SPOOL_PART_BYTES = 64_000_000;
export const SPOOL_MAX_BYTES = 1_000_000_000;

/** The app's session: a file, or a live interface logged to a folder (or only spooled for export). */
export type SessionSpec =
  | Extract<CoreSpec, { kind: 'file' }>
  | (Extract<CoreSpec, { kind: 'live' }> & { log: { folder: string; rotateMb: number } | null });

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
  /** Live sessions: targets found but not probed, and why (shown beside the probes). */
  probeNotes?: { host: string; kind: ProbeTarget['kind']; message: string }[];
  /** Live sessions: no gateway was found (the busiest local peer is then offered as a target). */
  noGateway?: boolean;
  /** The detectors' thresholds (default: their defaults); null turns the detectors off. */
  thresholds?: Thresholds | null;
  /** Live sessions: how the alert delivery channels fare (shown beside the alerts). */
  deliveryStatus?: () => DeliveryStatusDto[];
}

export const DEFAULT_SNAPSHOT_MS = 200;
export class EngineSession {
  readonly pipeline: PacketPipeline;
  readonly view: SessionView;
  private readonly core: SessionCore;
  private readonly flowQuery: FlowQuery;
  private readonly alerts: EngineAlerts;
  private readonly logFolder: string;
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;
  private stateValue: SessionInfo['state'] = 'starting';
  private stoppedAt: number | null = null;
  private stopReason: SessionInfo['stopReason'] = null;
  /** The signal of each radiotap frame, for the Wi-Fi chart. */
  private readonly radio = new RadioSignal();
  /** Spans the capture was paused (epoch seconds; `to` null while paused). */
  private readonly pauses: { from: number; to: number | null }[] = [];

  private constructor(private readonly opts: EngineSessionOptions) {
    const t = opts.thresholds;
    const spec = opts.spec;
    this.logFolder = spec.kind === 'live' ? (spec.log?.folder ?? '') : '';
    this.core = new SessionCore({
      spec,
      pipeline: { alerts: t === null ? false : t === undefined ? undefined : alertSettingsFor(t) },
      log:
        spec.kind === 'live'
          ? {
              logDir: this.logFolder || null,
              pcapPath: this.logFolder ? null : join(opts.spoolDir, `session-${opts.id}.pcap`),
              // the spool (no log folder) is a ring of parts: the newest SPOOL_MAX_BYTES are kept
              rotateBytes: this.logFolder ? (spec.log?.rotateMb ?? 0) * 1_000_000 : SPOOL_PART_BYTES,
              maxPcapBytes: this.logFolder ? 0 : SPOOL_MAX_BYTES,
            }
          : null,
      probeTargets: opts.probeTargets,
      rates: () => this.view.window.rates(Math.floor(Date.now() / 1000) - 1),
      onEnd: (reason, err) => {
        if (err) opts.events.error(err);
        this.finish(
          reason === 'end-of-file' || reason === 'replaced' ? reason : reason === 'user' && !err ? 'user' : 'error',
        );
      },
      onError: (e) => opts.events.error(e),
    });
    this.pipeline = this.core.pipeline;
    this.view = new SessionView(this.pipeline, {
      ...opts.view,
      localAddresses: spec.kind === 'live' ? spec.localAddresses : [],
    });
    this.pipeline.addObserver(this.view);
    const radio = this.radio;
    this.pipeline.addObserver({
      onPacket: (p, d) => {
        if (d.wlanHasSignal) radio.add(p.tsSec * 1000 + p.tsNsec / 1e6, d.wlanSignalDbm);
      },
    });
    this.flowQuery = new FlowQuery(this.pipeline.analyzer);
    this.alerts = this.pipeline.alerts ? new AlertFeed(this.pipeline.alerts) : new NoAlerts();
    if (opts.filter) this.view.setFilter(opts.filter);
  }

  /** Opens the source and starts; an error value when it cannot (no such file, no permission, bad filter). */
  static async start(opts: EngineSessionOptions): Promise<Result<EngineSession>> {
    const s = new EngineSession(opts);
    const r = await s.core.begin();
    if (!r.ok) return r;
    s.stateValue = 'running';
    const ms = Math.min(1000, Math.max(100, opts.snapshotIntervalMs ?? DEFAULT_SNAPSHOT_MS));
    s.timer = setInterval(() => s.tick(), ms);
    opts.events.state(s.info());
    return ok(s);
  }

  get id(): number {
    return this.opts.id;
  }

  get state(): SessionInfo['state'] {
    return this.stateValue;
  }

  /** Each snapshot tick: coalesced alerts go out, then the snapshot. */
  private tick(): void {
    this.flushAlerts();
    this.opts.events.snapshot(this.snapshot());
  }

  private flushAlerts(): void {
    for (const a of this.alerts.flush()) this.opts.events.alert(a);
  }

  pause(): SessionInfo {
    if (this.stateValue === 'running') {
      this.core.pause();
      this.stateValue = 'paused';
      this.pauses.push({ from: Date.now() / 1000, to: null });
      this.opts.events.state(this.info());
    }
    return this.info();
  }

  resume(): SessionInfo {
    if (this.stateValue === 'paused') {
      this.core.resume();
      this.stateValue = 'running';
      this.endPause();
      this.opts.events.state(this.info());
    }
    return this.info();
  }

  /** Stops the session (idempotent); the log is closed with the flows CSV, a last snapshot is sent. */
  stop(reason: 'user' | 'replaced' = 'user'): SessionInfo {
    this.core.stop(reason);
    return this.info();
  }

  private finish(reason: NonNullable<SessionInfo['stopReason']>): void {
    if (this.stateValue === 'stopped') return;
    this.stateValue = 'stopped';
    this.stoppedAt = Date.now();
    this.endPause();
    this.stopReason = reason;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.alerts instanceof AlertFeed) this.alerts.refresh();
    this.flushAlerts();
    this.opts.events.snapshot(this.snapshot());
    this.opts.events.state(this.info());
  }

  private endPause(): void {
    const last = this.pauses.at(-1);
    if (last && last.to === null) last.to = Date.now() / 1000;
  }

  /** Live: seconds captured (wall clock, pauses left out, frozen while paused). File: first to latest packet. */
  private elapsedSec(now: number): number {
    const an = this.pipeline.analyzer;
    if (this.opts.spec.kind !== 'live')
      return an.packets > 0 ? an.lastSec + an.lastNsec * 1e-9 - (an.firstSec + an.firstNsec * 1e-9) : 0;
    const end = (this.stoppedAt ?? now) / 1000;
    let paused = 0;
    for (const p of this.pauses) paused += Math.max(0, (p.to ?? end) - p.from);
    return Math.max(0, end - this.core.startedAt / 1000 - paused);
  }

  /** The session's span: first to latest packet (files), start to now or the stop (live). */
  private span(): { from: number; to: number } | null {
    if (this.opts.spec.kind === 'live')
      return { from: this.core.startedAt / 1000, to: (this.stoppedAt ?? Date.now()) / 1000 };
    return fileSpan(this.view.ring, this.pipeline.analyzer);
  }

  /** timeline:range: the traffic over a span (default: the whole session) in buckets that fit. */
  timeline(args: TimelineArgs): TimelineRange {
    const span = this.span();
    const from = args.from ?? span?.from ?? Date.now() / 1000;
    const to = Math.max(from, args.to ?? span?.to ?? from);
    return timelineRange(
      {
        ring: this.view.ring,
        matcher: this.view.matcher,
        seconds: this.pipeline.analyzer.timeline,
        paused: this.pauses.map((p) => ({ ...p })),
        session: span,
      },
      from,
      to,
      args.buckets ?? DEFAULT_TIMELINE_BUCKETS,
      args.filtered !== false,
    );
  }

  /** stream:follow: the bytes of one TCP or UDP conversation, as text, from the kept packets. */
  follow(args: StreamArgs): StreamText {
    return followStream(this.view, args);
  }

  /** probe:add: probes one more host in this live session (the latency panel's Add target). */
  addProbeTarget(host: string): Result<ProbeTarget[]> {
    if (this.opts.spec.kind !== 'live' || this.stateValue === 'stopped')
      return fail('no-session', 'probes run only during a live capture', 'start a live capture first');
    return ok(this.core.addProbeTarget(host));
  }

  /** With no gateway: the busiest peer on the interface's subnets that is not probed yet. */
  private probeOffer(): Snapshot['probeOffer'] {
    if (this.opts.spec.kind !== 'live' || !this.opts.noGateway || this.stateValue === 'stopped') return null;
    const probed = new Set(this.core.probes?.snapshot().targets.map((t) => t.host) ?? []);
    const host = busiestLocalPeer(this.view.localAddresses, [...this.view.top('tx'), ...this.view.top('rx')], probed);
    return host ? { host, why: `there is no default gateway here; ${host} is the busiest host on this network` } : null;
  }

  /** Averages of the view over the capture, and the busiest second of all traffic. */
  private summary(now: number): Snapshot['summary'] {
    const t = this.view.totals();
    return this.view.peaks.summary(t.packets, t.bytes, this.elapsedSec(now));
  }

  /** Stops it and removes the spooled pcap (when the service moves on to another session). */
  dispose(): void {
    this.stop('replaced');
    const log = this.core.log;
    if (log && !this.logFolder) for (const f of log.files.pcaps) rmSync(f, { force: true });
  }

  info(): SessionInfo {
    const src = this.core.source;
    const log = this.core.log;
    return {
      id: this.opts.id,
      state: this.stateValue,
      source: src ? src.describe() : null,
      startedAt: this.core.startedAt,
      stoppedAt: this.stoppedAt,
      stopReason: this.stopReason,
      progress: src ? src.progress() : null,
      error: this.core.error,
      warnings: src ? src.warnings() : [],
      logging: log
        ? {
            active: log.active,
            folder: this.logFolder,
            pcaps: log.files.pcaps,
            events: log.files.events,
            flows: log.files.flows,
            error: this.core.logError,
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
      elapsedSec: this.elapsedSec(now),
      totals: this.view.totals(),
      all: { packets: an.packets, bytes: an.bytes, malformed: an.malformedPackets },
      rates: win.rates(rateSec),
      summary: this.summary(now),
      localAddresses: live ? [...this.view.localAddresses] : null,
      drops: this.core.drops(),
      timeline: { windowSec: win.windowSec, points: win.points(endSec) },
      protocols: this.view.protocols(),
      topTalkers: this.view.top('tx'),
      topListeners: this.view.top('rx'),
      probe: this.core.probeSnapshot(),
      probeNotes: this.opts.probeNotes ?? [],
      probeOffer: this.probeOffer(),
      radio: this.radio.series(RADIO_SNAPSHOT_POINTS),
      alerts: live ? { ...this.alerts.summary(), delivery: this.opts.deliveryStatus?.() ?? [] } : this.alerts.summary(),
      counts: {
        flows: an.tcpStreams.size + an.udpConversations.size,
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
    const log = this.core.log;
    if (!log) return null;
    if (this.stateValue !== 'stopped') this.core.logTotals();
    return log.files.pcaps;
  }

  /** The live session's prober (null: not probing); history records its minutes. */
  get probes(): SessionCore['probes'] {
    return this.core.probes;
  }

  /** Packets the capture dropped so far (null: the platform cannot say). */
  drops(): number | null {
    return this.core.drops();
  }

  get spec(): SessionSpec {
    return this.opts.spec;
  }
}
