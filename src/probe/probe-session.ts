/**
 * All targets of one probing session, and the once-a-second update. Plain Node: it runs inside the
 * prober's worker thread (prober-worker.ts), but nothing here depends on that.
 */
import type { PathMethod } from '../api/path.js';
import type { ProbeSample, ProbeSnapshot, ProbeTarget, ProbeUpdate } from '../api/probe.js';
import { HopNames } from './path/hop-names.js';
import { PathProbe } from './path/path-probe.js';
import { RoundGate } from './path/round-gate.js';
import { wantsPath } from './path/path-targets.js';
import { tracerouteFamilyFor } from './path/traceroute-command.js';
import { pingFamilyFor } from './ping-output.js';
import { realSystem } from './system-access.js';
import { TargetProbe, type PingDriverKind } from './target-probe.js';
import { WifiMonitor } from './wifi/wifi-monitor.js';

export const UPDATE_MS = 1000;

export interface ProbeSessionConfig {
  targets: ProbeTarget[];
  intervalMs: number;
  timeoutMs: number;
  /** Probes per target, or null to run until stopped. */
  count: number | null;
  /** Samples per target kept in snapshots. */
  seriesLimit: number;
  driver: PingDriverKind;
  platform: NodeJS.Platform;
  /** Path probing of the internet targets (kinds 'public' and 'custom'), or null for none. */
  path: PathConfig | null;
  /** Reading the Wi-Fi link, or null for none. */
  wifi: WifiConfig | null;
}

export interface PathConfig {
  /** Time between rounds (each hop gets one probe per round). */
  intervalMs: number;
  timeoutMs: number;
  method: PathMethod | 'auto';
  /** Rounds kept for each path's timeline. */
  seriesLimit: number;
  /** Rounds per path, then done; null: until stopped. */
  count: number | null;
}

export interface WifiConfig {
  /** The capture interface; null: the interface of the default route. */
  interface: string | null;
  pollMs: number;
  /** Readings carried in each snapshot's history. */
  historyLimit: number;
}

export interface ProbeSessionEvents {
  update(update: ProbeUpdate): void;
  /** Every target has finished (count reached, or nothing more can be probed). */
  done(snapshot: ProbeSnapshot): void;
}

export class ProbeSession {
  private probes: TargetProbe[] = [];
  private paths: PathProbe[] = [];
  private readonly names = new HopNames();
  private gate: RoundGate | null = null;
  private wifi: WifiMonitor | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private doneSent = false;

  constructor(
    private readonly config: ProbeSessionConfig,
    private readonly events: ProbeSessionEvents,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.setTargets(this.config.targets);
    const w = this.config.wifi;
    if (w) {
      this.wifi = new WifiMonitor(realSystem, w.interface, w.pollMs);
      this.wifi.start();
    }
    // Updates tick on their own 1 s clock, anchored so that timer lateness does not accumulate.
    const started = Date.now();
    let n = 0;
    const tick = () => {
      this.emitUpdate();
      if (!this.running) return;
      n++;
      this.timer = setTimeout(tick, Math.max(0, started + (n + 1) * UPDATE_MS - Date.now()));
    };
    this.timer = setTimeout(tick, UPDATE_MS);
  }

  /** Adds and removes targets while running; targets that stay keep their statistics. */
  setTargets(targets: ProbeTarget[]): void {
    const wanted = new Map<string, ProbeTarget>();
    for (const t of targets) if (!wanted.has(t.host)) wanted.set(t.host, t);
    const keep: TargetProbe[] = [];
    for (const p of this.probes) {
      if (wanted.has(p.host)) {
        keep.push(p);
        wanted.delete(p.host);
      } else {
        void p.stop();
      }
    }
    for (const target of wanted.values()) {
      const probe = new TargetProbe({
        target,
        intervalMs: this.config.intervalMs,
        timeoutMs: this.config.timeoutMs,
        count: this.config.count,
        seriesLimit: this.config.seriesLimit,
        family: pingFamilyFor(this.config.platform),
        driver: this.config.driver,
        onFinished: () => this.checkDone(),
      });
      keep.push(probe);
      if (this.running) probe.start();
    }
    this.probes = keep;
    this.setPaths(targets);
    this.checkDone();
  }

  private setPaths(targets: ProbeTarget[]): void {
    const p = this.config.path;
    const wanted = new Set(p ? targets.filter(wantsPath).map((t) => t.host) : []);
    const keep: PathProbe[] = [];
    for (const probe of this.paths) {
      if (wanted.delete(probe.host)) keep.push(probe);
      else void probe.stop();
    }
    for (const host of wanted) {
      const probe = new PathProbe({
        host,
        intervalMs: p!.intervalMs,
        timeoutMs: p!.timeoutMs,
        count: p!.count,
        seriesLimit: p!.seriesLimit,
        family: tracerouteFamilyFor(this.config.platform),
        method: p!.method,
        names: this.names,
        gate: (this.gate ??= new RoundGate(p!.intervalMs)),
        onFinished: () => this.checkDone(),
      });
      keep.push(probe);
      if (this.running) probe.start();
    }
    this.paths = keep;
  }

  snapshot(now = Date.now()): ProbeSnapshot {
    return {
      t: now,
      intervalMs: this.config.intervalMs,
      timeoutMs: this.config.timeoutMs,
      running: this.running,
      targets: this.probes.map((p) => p.stats(now)),
      paths: this.paths.map((p) => p.snapshot()),
      verdicts: [],
      wifi: this.wifi ? this.wifi.snapshot(this.config.wifi?.historyLimit) : null,
    };
  }

  /**
   * Stops every ping; resolves once they have exited with a last update: the final snapshot and the
   * samples settled since the previous update (so every sample is in exactly one update).
   */
  async stop(): Promise<ProbeUpdate> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.all([...this.probes.map((p) => p.stop()), ...this.paths.map((p) => p.stop()), this.wifi?.stop()]);
    return this.takeUpdate();
  }

  private takeUpdate(): ProbeUpdate {
    const samples: { host: string; samples: ProbeSample[] }[] = [];
    for (const p of this.probes) {
      const fresh = p.takeFresh();
      if (fresh.length > 0) samples.push({ host: p.host, samples: fresh });
    }
    return { snapshot: this.snapshot(), samples };
  }

  private emitUpdate(): void {
    this.events.update(this.takeUpdate());
  }

  private checkDone(): void {
    if (!this.running || this.doneSent || this.probes.length === 0) return;
    if (!this.probes.every((p) => p.isFinished) || !this.paths.every((p) => p.isFinished)) return;
    this.doneSent = true;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A last update carries the samples settled since the previous tick, then the final snapshot.
    this.emitUpdate();
    this.events.done(this.snapshot());
  }
}
