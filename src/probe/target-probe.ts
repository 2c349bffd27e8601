/**
 * One target: keeps a ping driver running, turns its outcomes into the target's series and
 * statistics, and turns trouble into states with a message (never exceptions):
 * - the name does not resolve: 'unknown-host', retried every RESOLVE_RETRY_MS while probing
 *   continuously (a name can come back with the network);
 * - ping gives up (no route, network down: it exits on "connect: Network is unreachable"): each
 *   interval while it is down counts as a lost probe, so the series keeps its cadence and the outage
 *   shows (one spawn a second while down is cheap), and ping is restarted every DOWN_RETRY_MS;
 * - ping cannot run at all (missing, no permission): 'failed', with a hint.
 */
import type { ProbeSample, ProbeTarget, ProbeTargetState, ProbeTargetStats } from '../api/probe.js';
import { streamingCommand } from './ping-command.js';
import type { PingFamily } from './ping-output.js';
import type { PingDriver, PingExit, PingSink } from './ping-sink.js';
import { OneShotPing } from './one-shot-ping.js';
import { RttAccumulator } from './rtt-accumulator.js';
import type { SeqOutcome } from './sequence-tracker.js';
import { StreamingPing } from './streaming-ping.js';

export const RESOLVE_RETRY_MS = 10_000;
export const DOWN_RETRY_MS = 1_000;
/** Consecutive losses after which a target is called unreachable rather than merely lossy. */
export const UNREACHABLE_AFTER = 3;

export type PingDriverKind = 'auto' | 'streaming' | 'one-shot';

export interface TargetProbeOptions {
  target: ProbeTarget;
  intervalMs: number;
  timeoutMs: number;
  count: number | null;
  seriesLimit: number;
  family: PingFamily;
  driver: PingDriverKind;
  /** Called once the target will produce no more samples (count reached, unknown host, failure). */
  onFinished: () => void;
}

export class TargetProbe {
  private readonly acc: RttAccumulator;
  private driver: PingDriver | null = null;
  private address: string | null = null;
  private exitState: { state: ProbeTargetState; message: string | null; hint: string | null } | null = null;
  private problem: string | null = null;
  private seq = 0;
  private fresh: ProbeSample[] = [];
  private retryTimer: NodeJS.Timeout | null = null;
  private downTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private finished = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly o: TargetProbeOptions) {
    this.acc = new RttAccumulator(o.seriesLimit);
  }

  get host(): string {
    return this.o.target.host;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  start(): void {
    if (this.stopped || this.finished) return;
    const remaining = this.o.count === null ? null : this.o.count - this.seq;
    if (remaining !== null && remaining <= 0) return this.finish();
    const opts = { host: this.host, intervalMs: this.o.intervalMs, timeoutMs: this.o.timeoutMs, count: remaining };
    const sink = this.sink();
    const command = this.o.driver === 'one-shot' ? null : streamingCommand(this.o.family, this.host, opts);
    this.driver = command
      ? new StreamingPing(this.o.family, command, opts, sink)
      : new OneShotPing(this.o.family, opts, sink);
  }

  /** Stops probing; resolves once the system ping has exited. */
  stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    if (!this.driver) return Promise.resolve();
    const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.driver.stop();
    return idle;
  }

  /** Samples settled since the last call (for the session log). */
  takeFresh(): ProbeSample[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }

  stats(now: number): ProbeTargetStats {
    const s = this.acc.stats(now);
    const { state, message, hint } = this.describe(s.sent);
    return { host: this.host, kind: this.o.target.kind, address: this.address, state, message, hint, ...s };
  }

  private describe(sent: number): { state: ProbeTargetState; message: string | null; hint: string | null } {
    if (this.exitState) return this.exitState;
    if (sent === 0) return { state: 'starting', message: null, hint: null };
    const run = this.acc.currentLossRun;
    if (run === 0) return { state: 'ok', message: null, hint: null };
    if (run >= UNREACHABLE_AFTER || this.acc.answered === 0 || this.problem !== null) {
      return { state: 'unreachable', message: this.problem ?? `no reply within ${this.o.timeoutMs} ms`, hint: null };
    }
    return { state: 'ok', message: null, hint: null };
  }

  private sink(): PingSink {
    return {
      address: (a) => {
        this.address = a;
        if (this.exitState?.state === 'unknown-host') this.exitState = null;
      },
      outcomes: (list) => this.record(list),
      problem: (m) => {
        this.problem = m;
      },
      exit: (e) => this.onExit(e),
    };
  }

  private record(list: SeqOutcome[]): void {
    for (const o of list) {
      if (this.o.count !== null && this.seq >= this.o.count) return;
      this.addSample(o.sentAt, o.rttMs);
    }
  }

  private addSample(t: number, rttMs: number | null): void {
    const sample: ProbeSample = { seq: ++this.seq, t, rttMs };
    this.acc.add(sample);
    this.fresh.push(sample);
    if (rttMs !== null) this.problem = null;
    this.exitState = null;
  }

  private onExit(e: PingExit): void {
    this.driver = null;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    if (this.stopped) return;
    switch (e.reason) {
      case 'stopped':
        return;
      case 'complete':
        return this.start(); // finishes if the count is reached, else runs the rest
      case 'failed':
        this.exitState = { state: 'failed', message: e.message, hint: e.hint };
        return this.finish();
      case 'unknown-host':
        this.exitState = { state: 'unknown-host', message: e.message, hint: e.hint };
        if (this.o.count !== null) return this.finish();
        this.retryTimer = setTimeout(() => this.start(), RESOLVE_RETRY_MS);
        return;
      case 'down':
        this.problem = e.message;
        return this.goDown();
    }
  }

  /**
   * Ping is not running but should be: each interval that passes counts as one lost probe (dated at
   * the start of its slot, so the series keeps its cadence), and ping is restarted every
   * DOWN_RETRY_MS; the first answer after the route comes back ends the outage.
   */
  private goDown(): void {
    const slot0 = Date.now();
    const retryEvery = Math.max(1, Math.round(DOWN_RETRY_MS / this.o.intervalMs));
    let ticks = 0;
    const tick = () => {
      this.downTimer = null;
      if (this.stopped || this.finished) return;
      this.addSample(slot0 + ticks * this.o.intervalMs, null);
      ticks++;
      if (this.o.count !== null && this.seq >= this.o.count) return this.finish();
      if (ticks % retryEvery === 0) return this.start();
      this.downTimer = setTimeout(tick, Math.max(0, slot0 + (ticks + 1) * this.o.intervalMs - Date.now()));
    };
    this.downTimer = setTimeout(tick, this.o.intervalMs);
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.clearTimers();
    this.o.onFinished();
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.downTimer) clearTimeout(this.downTimer);
    this.retryTimer = this.downTimer = null;
  }
}
