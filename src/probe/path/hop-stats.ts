/**
 * One hop's figures, kept one probe at a time: mtr's columns (Snt, Loss%, Last, Avg, Best, Wrst,
 * StDev, and its jitter Jttr/Javg/Jmax), the addresses that answered at this distance, and the
 * timeline of the latest probes. The definitions match mtr's: loss over probes with a known outcome,
 * StDev the population standard deviation of the answered probes' RTTs (Welford's method, stable
 * over long sessions), jitter the |difference| of consecutive answered RTTs.
 */
import type { HopJitter, HopRtt } from '../../api/path.js';

/** Addresses kept per hop besides the latest (load balancing shows a few; more is a route flapping). */
export const MAX_OTHER_ADDRESSES = 4;

export interface HopFigures {
  ttl: number;
  address: string | null;
  others: string[];
  sent: number;
  received: number;
  lossPct: number | null;
  rttMs: HopRtt;
  jitterMs: HopJitter;
}

export class HopStats {
  private sent = 0;
  private received = 0;
  private last: number | null = null;
  private best: number | null = null;
  private worst: number | null = null;
  private wMean = 0;
  private wM2 = 0;
  private jitterLast: number | null = null;
  private jitterSum = 0;
  private jitterN = 0;
  private jitterMax: number | null = null;
  /** Latest responder first. */
  private addresses: string[] = [];

  constructor(readonly ttl: number) {}

  get answered(): number {
    return this.received;
  }

  get probes(): number {
    return this.sent;
  }

  get latestAddress(): string | null {
    return this.addresses[0] ?? null;
  }

  /** One probe's outcome: who answered (null: nobody) and its RTT (null: lost). */
  add(address: string | null, rttMs: number | null): void {
    this.sent++;
    if (rttMs === null) return;
    if (address !== null) this.noteAddress(address);
    this.received++;
    if (this.last !== null) {
      const j = Math.abs(rttMs - this.last);
      this.jitterLast = j;
      this.jitterSum += j;
      this.jitterN++;
      if (this.jitterMax === null || j > this.jitterMax) this.jitterMax = j;
    }
    this.last = rttMs;
    if (this.best === null || rttMs < this.best) this.best = rttMs;
    if (this.worst === null || rttMs > this.worst) this.worst = rttMs;
    const delta = rttMs - this.wMean;
    this.wMean += delta / this.received;
    this.wM2 += delta * (rttMs - this.wMean);
  }

  figures(): HopFigures {
    const n = this.received;
    return {
      ttl: this.ttl,
      address: this.addresses[0] ?? null,
      others: this.addresses.slice(1),
      sent: this.sent,
      received: n,
      lossPct: this.sent > 0 ? (100 * (this.sent - n)) / this.sent : null,
      rttMs: {
        last: this.last,
        avg: n > 0 ? this.wMean : null,
        best: this.best,
        worst: this.worst,
        stdDev: n > 0 ? Math.sqrt(this.wM2 / n) : null,
      },
      jitterMs: {
        last: this.jitterLast,
        avg: this.jitterN > 0 ? this.jitterSum / this.jitterN : null,
        max: this.jitterMax,
      },
    };
  }

  private noteAddress(address: string): void {
    if (this.addresses[0] === address) return;
    const at = this.addresses.indexOf(address);
    if (at > 0) this.addresses.splice(at, 1);
    this.addresses.unshift(address);
    if (this.addresses.length > MAX_OTHER_ADDRESSES + 1) this.addresses.length = MAX_OTHER_ADDRESSES + 1;
  }
}

/** The same figures over a plain list of outcomes (null = lost): for a moment of the timeline, and for tests. */
export function hopFiguresOf(ttl: number, outcomes: readonly (number | null)[]): HopFigures {
  const h = new HopStats(ttl);
  for (const rtt of outcomes) h.add(null, rtt);
  return h.figures();
}
