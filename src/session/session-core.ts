/**
 * What every session does, with or without views: one source (a file or a live interface) through
 * the PacketPipeline, and for live sessions the log (pcap, events, flows), the latency probes, the
 * detectors' clock and the periodic totals; then one orderly end (pipeline ended, alerts and
 * suggestions settled, log closed with its flows). The app's EngineSession adds views, snapshots
 * and queries on top of it; `netlens capture` prints from it. Expected failures are values.
 */
import type { AlertSettings } from '../api/alerts.js';
import { ok, type ErrorInfo, type Result } from '../api/errors.js';
import type { ProbeSnapshot, ProbeTarget } from '../api/probe.js';
import type { RawPacket } from '../capture/raw-packet.js';
import type { Decoded } from '../decode/decoded.js';
import { Prober } from '../probe/prober.js';
import { ProbeView } from './probe-view.js';
import { PacketPipeline } from './pipeline.js';
import { SessionLog } from './session-log.js';
import { FileSource, LiveSessionSource, type SessionSource } from './session-source.js';

export type SessionSpec =
  | { kind: 'file'; path: string }
  | {
      kind: 'live';
      device: string;
      filter: string;
      bufferBytes?: number;
      /** The interface's own addresses ("in" is traffic to them). */
      localAddresses?: string[];
    };

/** Where a live session's files go: a log folder (pcap, events, flows), an explicit pcap, or both. */
export interface LogTarget {
  logDir: string | null;
  pcapPath: string | null;
  rotateBytes?: number;
  rotateSeconds?: number;
  /** A ring of pcap parts under this many bytes (see SessionLogOptions.maxPcapBytes). */
  maxPcapBytes?: number;
  /** Extra fields for the log's start event (thresholds the command line set...). */
  startInfo?: Record<string, unknown>;
}

export interface SessionCoreOptions {
  spec: SessionSpec;
  /** The pipeline's top-N and detectors (false: none). */
  pipeline?: { topN?: number; alerts?: AlertSettings | false };
  /** Live sessions: the log; null for none. */
  log?: LogTarget | null;
  /** Live sessions: targets to probe; null or empty for none. */
  probeTargets?: ProbeTarget[] | null;
  /** Live sessions: stop by itself after this many packets (0: no limit). */
  count?: number;
  /** Live sessions: sees every packet after the pipeline counted it (`d` is reused: copy what you keep). */
  tap?: (p: RawPacket, d: Decoded) => void;
  /** Between the log's totals events (default 5000 ms). */
  totalsEveryMs?: number;
  /** The rates the totals events carry (default: averages since the last totals). */
  rates?: () => { packetsPerSec: number; bitsPerSec: number };
  /** Ended: by stop(reason), 'end-of-file', 'count', 'interface-gone' or 'error'. */
  onEnd(reason: string, error: ErrorInfo | null): void;
  /** Something went wrong that does not end the session (logging failed, probes are off). */
  onError(e: ErrorInfo): void;
}

const TOTALS_EVERY_MS = 5000;
const ALERT_CLOCK_MS = 1000;

export class SessionCore {
  readonly pipeline: PacketPipeline;
  private sourceValue: SessionSource | null = null;
  private logValue: SessionLog | null = null;
  private logErrorValue: ErrorInfo | null = null;
  private prober: Prober | null = null;
  private probeView: ProbeView | null = null;
  private timers: NodeJS.Timeout[] = [];
  private paused = false;
  private ended = false;
  private errorValue: ErrorInfo | null = null;
  private startedAtMs = Date.now();
  private last = { t: 0, packets: 0, bytes: 0 };

  constructor(private readonly opts: SessionCoreOptions) {
    this.pipeline = new PacketPipeline(opts.pipeline);
  }

  /** Opens the source (and for live sessions the log, probes and timers); an error value when it cannot. */
  async begin(): Promise<Result<void>> {
    const spec = this.opts.spec;
    let source: SessionSource;
    if (spec.kind === 'file') {
      const f = FileSource.open(spec.path);
      if (!f.ok) return f;
      source = f.value;
    } else {
      source = new LiveSessionSource({ device: spec.device, filter: spec.filter, bufferBytes: spec.bufferBytes });
    }
    // a source that ends by itself: the end of its file, or an error (a live interface that went away)
    const r = await source.begin(spec.kind === 'live' ? this.liveSink() : (p) => this.pipeline.push(p), (reason, err) =>
      this.end(err?.code === 'interface-gone' ? 'interface-gone' : reason, err),
    );
    if (!r.ok) return r;
    this.sourceValue = source;
    this.startedAtMs = Date.now();
    this.last = { t: performance.now(), packets: 0, bytes: 0 };
    if (source instanceof LiveSessionSource) {
      // idle flows leave the tables (into the flows log when there is one): memory stays flat
      this.pipeline.enableExpiry((rows) => this.logValue?.appendFlows(rows));
      const opened = this.openLog(source);
      if (!opened.ok) {
        source.stop();
        return opened;
      }
      this.startProber();
      this.timers.push(setInterval(() => this.logTotals(), this.opts.totalsEveryMs ?? TOTALS_EVERY_MS));
      // flows still expire when packets stop coming (a second behind the clock, as below)
      this.timers.push(setInterval(() => !this.paused && this.pipeline.expire(Date.now() / 1000 - 1), ALERT_CLOCK_MS));
      // with no packets for a while, the detectors' clock moves on (attempts settle, incidents end);
      // a second behind the wall clock, so it never runs ahead of packets still being delivered
      const alerts = this.pipeline.alerts;
      if (alerts !== null)
        this.timers.push(
          setInterval(() => {
            if (!this.paused) alerts.advance(Date.now() / 1000 - 1);
          }, ALERT_CLOCK_MS),
        );
    }
    return ok(undefined);
  }

  private liveSink(): (p: RawPacket) => void {
    const { tap, count = 0 } = this.opts;
    const pipeline = this.pipeline;
    return (p) => {
      pipeline.push(p);
      this.logValue?.writePacket(p);
      if (tap) tap(p, pipeline.decoded);
      if (count > 0 && pipeline.analyzer.packets >= count) this.stop('count');
    };
  }

  private openLog(source: LiveSessionSource): Result<void> {
    const target = this.opts.log;
    if (!target || (!target.logDir && !target.pcapPath)) return ok(undefined);
    const spec = this.opts.spec as Extract<SessionSpec, { kind: 'live' }>;
    const info = source.info!;
    const opened = SessionLog.open({
      iface: spec.device,
      filter: spec.filter,
      linkType: info.linkType,
      snaplen: info.snaplen,
      logDir: target.logDir,
      pcapPath: target.pcapPath,
      rotateBytes: target.rotateBytes ?? 0,
      rotateSeconds: target.rotateSeconds ?? 0,
      maxPcapBytes: target.maxPcapBytes ?? 0,
      nanosecond: info.timestamps === 'kernel-ns',
      startedAt: new Date(this.startedAtMs),
      startInfo: {
        backend: info.backend,
        timestamps: info.timestamps,
        bufferBytes: info.bufferSize,
        ...target.startInfo,
      },
      onError: (e) => {
        this.logErrorValue = e;
        this.opts.onError(e);
      },
    });
    if (!opened.ok) return opened;
    const log = opened.value;
    this.logValue = log;
    this.pipeline.alerts?.on('alert', ({ change, alert }) => log.alert({ change, alert }));
    this.pipeline.alerts?.on('suggestion', (s) => log.event('suggestion', { ...s }));
    return ok(undefined);
  }

  /** Probes one more host (the latency panel's Add target, issue 12); answers the targets now probed. */
  addProbeTarget(host: string): ProbeTarget[] {
    const current: ProbeTarget[] = this.prober
      ? this.prober.snapshot().targets.map((t) => ({ host: t.host, kind: t.kind }))
      : [];
    if (current.some((t) => t.host === host)) return current;
    const next: ProbeTarget[] = [...current, { host, kind: 'custom' as const }].slice(-8);
    if (this.prober) this.prober.setTargets(next);
    else this.startProber(next);
    return next;
  }

  private startProber(targets = this.opts.probeTargets): void {
    if (!targets || targets.length === 0) return;
    // the internet targets hop by hop too, and the Wi-Fi link of the capture interface
    const spec = this.opts.spec as Extract<SessionSpec, { kind: 'live' }>;
    const prober = new Prober({ targets, path: {}, wifi: { interface: spec.device } });
    const view = new ProbeView(this.pipeline.alerts);
    prober.on('update', (u) => {
      const enriched = view.enrich(u);
      this.pipeline.alerts?.ingestProbe(enriched);
    });
    this.probeView = view;
    const r = prober.start();
    if (!r.ok) {
      this.opts.onError({ ...r.error, message: `latency probes are off: ${r.error.message}` });
      return;
    }
    this.prober = prober;
  }

  /** Writes a totals event now (the log flushes its pcap with it). */
  logTotals(): void {
    const log = this.logValue;
    if (!log) return;
    const an = this.pipeline.analyzer;
    const now = performance.now();
    const dt = Math.max(1e-3, (now - this.last.t) / 1000);
    const rates = this.opts.rates?.() ?? {
      packetsPerSec: Math.round((an.packets - this.last.packets) / dt),
      bitsPerSec: Math.round(((an.bytes - this.last.bytes) * 8) / dt),
    };
    this.last = { t: now, packets: an.packets, bytes: an.bytes };
    log.totals({
      packets: an.packets,
      bytes: an.bytes,
      dropped: this.drops(),
      ...rates,
      elapsedSec: (Date.now() - this.startedAtMs) / 1000,
    });
  }

  pause(): void {
    if (this.ended || this.paused) return;
    this.paused = true;
    this.sourceValue?.pause();
  }

  resume(): void {
    if (this.ended || !this.paused) return;
    this.paused = false;
    this.sourceValue?.resume();
  }

  /** Stops the session (idempotent): the source stops, then the orderly end with this reason. */
  stop(reason: string): void {
    this.sourceValue?.stop();
    this.end(reason, null);
  }

  private end(reason: string, err: ErrorInfo | null): void {
    if (this.ended) return;
    this.ended = true;
    if (err) this.errorValue = err;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.sourceValue?.stop();
    this.pipeline.end();
    const log = this.logValue;
    if (log) {
      const an = this.pipeline.analyzer;
      log.close(this.opts.log?.logDir ? this.pipeline.flows() : [], {
        reason,
        packets: an.packets,
        bytes: an.bytes,
        dropped: this.drops(),
        flowsExpired: { ...an.expired },
        error: err?.code ?? null,
      });
    }
    if (this.prober) void this.prober.stop();
    this.opts.onEnd(reason, err);
  }

  get source(): SessionSource | null {
    return this.sourceValue;
  }

  get log(): SessionLog | null {
    return this.logValue;
  }

  /** Why logging stopped, if it did (capture went on). */
  get logError(): ErrorInfo | null {
    return this.logErrorValue;
  }

  /** The error that ended the session (interface gone...), if one did. */
  get error(): ErrorInfo | null {
    return this.errorValue;
  }

  get startedAt(): number {
    return this.startedAtMs;
  }

  get probes(): Prober | null {
    return this.prober;
  }

  /** The latest probe statistics, paths (their owners filled in) and verdicts; null when not probing. */
  probeSnapshot(): ProbeSnapshot | null {
    if (!this.prober) return null;
    return this.probeView?.snapshot() ?? this.prober.snapshot();
  }

  /** Packets the kernel dropped (null: the platform cannot say; files: null). */
  drops(): number | null {
    return this.sourceValue?.drops() ?? null;
  }
}
