/**
 * The prober as the engine uses it: latency, jitter and loss to a set of targets, measured in a
 * worker thread by the system ping.
 *
 *   const prober = new Prober({ targets: await defaultTargets() });
 *   const started = prober.start();                // Result: a usage error for bad options
 *   const off = prober.on('update', (u) => ...);   // once a second: snapshot + samples settled since
 *   prober.snapshot();                             // the latest ProbeSnapshot, plain data
 *   const final = await prober.stop();
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fail, ok, type ErrorInfo, type Result } from '../api/errors.js';
import type { ProbeSnapshot, ProbeTarget, ProbeUpdate } from '../api/probe.js';
import { MIN_INTERVAL_ROOT_MS } from './ping-command.js';
import type { PathMethod } from '../api/path.js';
import { PATH_INTERVAL_MS, PATH_SERIES_LIMIT, PATH_TIMEOUT_MS } from './path/path-probe.js';
import type { ProbeSessionConfig } from './probe-session.js';
import { WIFI_POLL_MS } from './wifi/wifi-monitor.js';
import type { PingDriverKind } from './target-probe.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

export const DEFAULT_INTERVAL_MS = 1000;
export const DEFAULT_TIMEOUT_MS = 1000;
export const DEFAULT_SERIES_LIMIT = 60;
const STOP_GRACE_MS = 5000;

export interface ProberOptions {
  targets: ProbeTarget[];
  /** Time between probes to one target (default 1000: the 1 Hz series). */
  intervalMs?: number;
  /** A reply slower than this is a loss (default 1000). */
  timeoutMs?: number;
  /** Probes per target, then 'done'; omit to probe until stop(). */
  count?: number | null;
  /** Samples per target kept in each snapshot's series (default 60). */
  seriesLimit?: number;
  /** 'auto' streams where the system ping can (see ping-command.ts) and loops one-shots on Windows. */
  driver?: PingDriverKind;
  /**
   * Probe the internet targets (kinds 'public' and 'custom') hop by hop as well (default off): one
   * probe per hop per `intervalMs` (default and minimum 1000), see src/probe/path/.
   */
  path?: { intervalMs?: number; timeoutMs?: number; method?: PathMethod | 'auto'; seriesLimit?: number } | false;
  /** Read the Wi-Fi link of this interface (null: the default route's) every few seconds (default off). */
  wifi?: { interface: string | null; pollMs?: number; historyLimit?: number } | false;
}

/** The least time between two probes of one hop: routers answer probes at most about once a second. */
export const MIN_PATH_INTERVAL_MS = 1000;
/** Wi-Fi readings carried in each snapshot. */
export const WIFI_SNAPSHOT_HISTORY = 150;

export interface ProberEvents {
  /** Once a second, and once more on stop(): every settled sample is in exactly one update. */
  update: (update: ProbeUpdate) => void;
  done: (snapshot: ProbeSnapshot) => void;
  /** The worker ended: `null` after stop(), an error if it died (a bug). */
  exit: (error: ErrorInfo | null) => void;
}

type Listeners = { [K in keyof ProberEvents]: Set<ProberEvents[K]> };

export class Prober {
  private readonly config: ProbeSessionConfig;
  private worker: Worker | null = null;
  private latest: ProbeSnapshot;
  private stopping: Promise<ProbeSnapshot> | null = null;
  private readonly listeners: Listeners = { update: new Set(), done: new Set(), exit: new Set() };

  constructor(options: ProberOptions) {
    const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.config = {
      targets: options.targets.map((t) => ({ host: t.host, kind: t.kind })),
      intervalMs,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      count: options.count ?? null,
      seriesLimit: options.seriesLimit ?? DEFAULT_SERIES_LIMIT,
      driver: options.driver ?? 'auto',
      platform: process.platform,
      path: options.path
        ? {
            intervalMs: options.path.intervalMs ?? PATH_INTERVAL_MS,
            timeoutMs: options.path.timeoutMs ?? PATH_TIMEOUT_MS,
            method: options.path.method ?? 'auto',
            seriesLimit: options.path.seriesLimit ?? PATH_SERIES_LIMIT,
            count: options.count ?? null,
          }
        : null,
      wifi: options.wifi
        ? {
            interface: options.wifi.interface,
            pollMs: options.wifi.pollMs ?? WIFI_POLL_MS,
            historyLimit: options.wifi.historyLimit ?? WIFI_SNAPSHOT_HISTORY,
          }
        : null,
    };
    this.latest = this.initialSnapshot();
  }

  on<K extends keyof ProberEvents>(event: K, cb: ProberEvents[K]): () => void {
    const set = this.listeners[event] as Set<ProberEvents[K]>;
    set.add(cb);
    return () => set.delete(cb);
  }

  start(): Result<void> {
    if (this.worker) return ok(undefined);
    const invalid = validate(this.config);
    if (invalid) return { ok: false, error: invalid };
    const url = new URL('./prober-worker.js', import.meta.url);
    if (!existsSync(fileURLToPath(url))) {
      return fail('internal', 'the prober worker is not built', 'run `npm run build` (the worker runs from dist/)');
    }
    const worker = new Worker(url, { workerData: this.config });
    this.worker = worker;
    worker.on('message', (m: FromWorker) => this.onMessage(m));
    let failure: ErrorInfo | null = null;
    worker.on('error', (err) => {
      failure = { code: 'internal', message: `the prober stopped: ${err.message}`, hint: 'this is a bug in NetLens' };
    });
    worker.on('exit', () => {
      this.worker = null;
      this.latest = { ...this.latest, running: false };
      this.emit(
        'exit',
        this.stopping
          ? null
          : (failure ?? {
              code: 'internal',
              message: 'the prober stopped unexpectedly',
              hint: 'this is a bug in NetLens',
            }),
      );
    });
    return ok(undefined);
  }

  /** Replaces the target list; targets that stay keep their statistics. */
  setTargets(targets: ProbeTarget[]): void {
    this.config.targets = targets.map((t) => ({ host: t.host, kind: t.kind }));
    this.post({ type: 'set-targets', targets: this.config.targets });
  }

  snapshot(): ProbeSnapshot {
    return this.latest;
  }

  /** Stops every ping and the worker; resolves with the final snapshot. */
  stop(): Promise<ProbeSnapshot> {
    if (this.stopping) return this.stopping;
    const worker = this.worker;
    if (!worker) return Promise.resolve(this.latest);
    this.stopping = new Promise<ProbeSnapshot>((resolve) => {
      const timer = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve(this.latest);
      });
    });
    this.post({ type: 'stop' });
    return this.stopping;
  }

  private onMessage(m: FromWorker): void {
    switch (m.type) {
      case 'update':
        this.latest = m.update.snapshot;
        this.emit('update', m.update);
        break;
      case 'done':
        this.latest = m.snapshot;
        this.emit('done', m.snapshot);
        break;
      case 'stopped':
        this.latest = m.update.snapshot;
        this.emit('update', m.update);
        break;
    }
  }

  private post(m: ToWorker): void {
    this.worker?.postMessage(m);
  }

  private emit<K extends keyof ProberEvents>(event: K, ...args: Parameters<ProberEvents[K]>): void {
    for (const cb of this.listeners[event]) (cb as (...a: Parameters<ProberEvents[K]>) => void)(...args);
  }

  private initialSnapshot(): ProbeSnapshot {
    const empty = { last: null, min: null, mean: null, median: null, p95: null, max: null };
    return {
      t: Date.now(),
      intervalMs: this.config.intervalMs,
      timeoutMs: this.config.timeoutMs,
      running: false,
      targets: this.config.targets.map((t) => ({
        host: t.host,
        kind: t.kind,
        address: null,
        state: 'starting',
        message: null,
        hint: null,
        sent: 0,
        received: 0,
        lossPct: null,
        lossPct60s: null,
        rttMs: { ...empty },
        jitterMs: { meanAbsDiff: null, rfc3550: null, stdDev: null },
        outages: [],
        outageCount: 0,
        series: [],
        callQuality: null,
      })),
      paths: [],
      verdicts: [],
      wifi: null,
    };
  }
}

function validate(c: ProbeSessionConfig): ErrorInfo | null {
  const bad = (message: string, hint: string): ErrorInfo => ({ code: 'usage', message, hint });
  if (!Number.isFinite(c.intervalMs) || c.intervalMs < MIN_INTERVAL_ROOT_MS) {
    return bad(
      `probe interval ${c.intervalMs} ms is too short`,
      `use at least ${MIN_INTERVAL_ROOT_MS} ms (1000 ms without root)`,
    );
  }
  if (!Number.isFinite(c.timeoutMs) || c.timeoutMs <= 0)
    return bad(`probe timeout ${c.timeoutMs} ms is not valid`, 'use a positive number of milliseconds');
  if (c.count !== null && (!Number.isSafeInteger(c.count) || c.count < 1))
    return bad(`probe count ${c.count} is not valid`, 'use a whole number of at least 1');
  if (!Number.isSafeInteger(c.seriesLimit) || c.seriesLimit < 1)
    return bad(`series limit ${c.seriesLimit} is not valid`, 'use a whole number of at least 1');
  if (c.path && (!Number.isFinite(c.path.intervalMs) || c.path.intervalMs < MIN_PATH_INTERVAL_MS)) {
    return bad(
      `path probe interval ${c.path.intervalMs} ms is too short`,
      `use at least ${MIN_PATH_INTERVAL_MS} ms: one probe per hop per second is what routers answer`,
    );
  }
  if (c.path && (!Number.isFinite(c.path.timeoutMs) || c.path.timeoutMs <= 0))
    return bad(`path probe timeout ${c.path.timeoutMs} ms is not valid`, 'use a positive number of milliseconds');
  return null;
}
