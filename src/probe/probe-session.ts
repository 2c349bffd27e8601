/**
 * All targets of one probing session, and the once-a-second update. Plain Node: it runs inside the
 * prober's worker thread (prober-worker.ts), but nothing here depends on that.
 */
import type { ProbeSample, ProbeSnapshot, ProbeTarget, ProbeUpdate } from '../api/probe.js';
import { pingFamilyFor } from './ping-output.js';
import { TargetProbe, type PingDriverKind } from './target-probe.js';

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
}

export interface ProbeSessionEvents {
  update(update: ProbeUpdate): void;
  /** Every target has finished (count reached, or nothing more can be probed). */
  done(snapshot: ProbeSnapshot): void;
}

export class ProbeSession {
  private probes: TargetProbe[] = [];
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
    this.checkDone();
  }

  snapshot(now = Date.now()): ProbeSnapshot {
    return {
      t: now,
      intervalMs: this.config.intervalMs,
      timeoutMs: this.config.timeoutMs,
      running: this.running,
      targets: this.probes.map((p) => p.stats(now)),
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
    await Promise.all(this.probes.map((p) => p.stop()));
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
    if (!this.probes.every((p) => p.isFinished)) return;
    this.doneSent = true;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A last update carries the samples settled since the previous tick, then the final snapshot.
    this.emitUpdate();
    this.events.done(this.snapshot());
  }
}
