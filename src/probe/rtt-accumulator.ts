/**
 * Per-target statistics kept up to date one sample at a time, so a long session costs O(log n) per
 * probe instead of recomputing over every RTT each second. The figures are defined in probe-stats.ts;
 * the tests check that both agree.
 *
 * Median and p95 over the whole session need every RTT: they are kept sorted (8 bytes per answered
 * probe, about 0.7 MB per target per day at 1 Hz).
 */
import type { ProbeOutage, ProbeSample, ProbeTargetStats } from '../api/probe.js';
import { callQualityFromSamples } from './call-quality.js';
import { lossPct, percentileSorted, rfc3550Step } from './probe-stats.js';

export const LOSS_WINDOW_MS = 60_000;
/** Outages kept for snapshots; `outageCount` still counts them all. */
export const MAX_OUTAGES = 50;

export type AccumulatedStats = Pick<
  ProbeTargetStats,
  | 'sent'
  | 'received'
  | 'lossPct'
  | 'lossPct60s'
  | 'rttMs'
  | 'jitterMs'
  | 'outages'
  | 'outageCount'
  | 'series'
  | 'callQuality'
>;

export class RttAccumulator {
  private sent = 0;
  private received = 0;
  private sorted: number[] = [];
  private sum = 0;
  // Welford's running mean and squared deviations: stable where sum-of-squares is not.
  private wMean = 0;
  private wM2 = 0;
  private last: number | null = null;
  private absDiffSum = 0;
  private jitter = 0;
  private outages: ProbeOutage[] = [];
  private outageCount = 0;
  private current: ProbeOutage | null = null;
  private window: ProbeSample[] = [];
  private series: ProbeSample[] = [];

  constructor(private readonly seriesLimit: number) {}

  /** The length of the loss run the series ends in (0 when the latest probe was answered). */
  get currentLossRun(): number {
    return this.current?.lost ?? 0;
  }

  get answered(): number {
    return this.received;
  }

  add(sample: ProbeSample): void {
    this.sent++;
    this.window.push(sample);
    this.series.push(sample);
    if (this.series.length > this.seriesLimit) this.series.shift();
    const rtt = sample.rttMs;
    if (rtt === null) {
      if (this.current) {
        this.current.lost++;
      } else {
        this.current = { start: sample.t, lost: 1, ongoing: true };
        this.outages.push(this.current);
        this.outageCount++;
        if (this.outages.length > MAX_OUTAGES) this.outages.shift();
      }
      return;
    }
    if (this.current) {
      this.current.ongoing = false;
      this.current = null;
    }
    this.received++;
    this.sum += rtt;
    const delta = rtt - this.wMean;
    this.wMean += delta / this.received;
    this.wM2 += delta * (rtt - this.wMean);
    this.sorted.splice(insertionIndex(this.sorted, rtt), 0, rtt);
    if (this.last !== null) {
      this.absDiffSum += Math.abs(rtt - this.last);
      this.jitter = rfc3550Step(this.jitter, this.last, rtt);
    }
    this.last = rtt;
  }

  stats(now: number): AccumulatedStats {
    const cutoff = now - LOSS_WINDOW_MS;
    let drop = 0;
    while (drop < this.window.length && this.window[drop].t < cutoff) drop++;
    if (drop > 0) this.window.splice(0, drop);
    const windowLost = this.window.reduce((n, s) => n + (s.rttMs === null ? 1 : 0), 0);
    const n = this.received;
    return {
      sent: this.sent,
      received: n,
      lossPct: lossPct(this.sent, n),
      lossPct60s: lossPct(this.window.length, this.window.length - windowLost),
      rttMs: {
        last: this.last,
        min: n > 0 ? this.sorted[0] : null,
        mean: n > 0 ? this.sum / n : null,
        median: percentileSorted(this.sorted, 50),
        p95: percentileSorted(this.sorted, 95),
        max: n > 0 ? this.sorted[n - 1] : null,
      },
      jitterMs: {
        meanAbsDiff: n >= 2 ? this.absDiffSum / (n - 1) : null,
        rfc3550: n >= 2 ? this.jitter : null,
        stdDev: n > 0 ? Math.sqrt(this.wM2 / n) : null,
      },
      outages: this.outages.map((o) => ({ ...o })),
      outageCount: this.outageCount,
      series: this.series.slice(),
      callQuality: callQualityFromSamples(this.window),
    };
  }
}

/** First index whose value is greater than `v` (so equal values keep arrival order). */
function insertionIndex(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
