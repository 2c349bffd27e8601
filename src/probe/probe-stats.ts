/**
 * Latency statistics as pure functions over plain arrays. The live accumulator (rtt-accumulator.ts)
 * computes the same figures incrementally; its tests check it against these.
 *
 * Definitions (each labelled in the API as what it is):
 * - RTTs are of answered probes only; losses are skipped, so "consecutive" means consecutive answered
 *   probes in send order, as PingPlotter and RFC 3550 (which sees only packets that arrive) do.
 * - p95 and median: linear interpolation between closest ranks (numpy's default, Excel's PERCENTILE.INC).
 * - stdDev: population standard deviation (divide by n), which is what ping prints as mdev.
 */
import type { JitterSummary, ProbeOutage, ProbeSample, RttSummary } from '../api/probe.js';

/** RFC 3550 section 6.4.1: the estimate moves 1/16 of the way towards each new |D|. */
export const RFC3550_GAIN = 1 / 16;

/** Percentile `p` (0..100) of values sorted ascending; null for none. */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export function stdDev(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null) return null;
  let sq = 0;
  for (const v of values) sq += (v - m) * (v - m);
  return Math.sqrt(sq / values.length);
}

/** Mean of |rtt[i] - rtt[i-1]|; null with fewer than two values. */
export function meanAbsDiff(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  let sum = 0;
  for (let i = 1; i < values.length; i++) sum += Math.abs(values[i] - values[i - 1]);
  return sum / (values.length - 1);
}

/** One step of the RFC 3550 estimator. */
export function rfc3550Step(jitter: number, previousRtt: number, rtt: number): number {
  return jitter + (Math.abs(rtt - previousRtt) - jitter) * RFC3550_GAIN;
}

/** The RFC 3550 estimate after all values, starting from 0 as the RFC does; null with fewer than two values. */
export function rfc3550Jitter(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  let j = 0;
  for (let i = 1; i < values.length; i++) j = rfc3550Step(j, values[i - 1], values[i]);
  return j;
}

export function summarizeRtt(values: readonly number[]): RttSummary {
  if (values.length === 0) return { last: null, min: null, mean: null, median: null, p95: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  return {
    last: values[values.length - 1],
    min: sorted[0],
    mean: mean(values),
    median: percentileSorted(sorted, 50),
    p95: percentileSorted(sorted, 95),
    max: sorted[sorted.length - 1],
  };
}

export function summarizeJitter(values: readonly number[]): JitterSummary {
  return { meanAbsDiff: meanAbsDiff(values), rfc3550: rfc3550Jitter(values), stdDev: stdDev(values) };
}

export function lossPct(sent: number, received: number): number | null {
  return sent > 0 ? ((sent - received) / sent) * 100 : null;
}

/** Runs of consecutive lost samples, in order; the last is `ongoing` if the series ends lost. */
export function findOutages(samples: readonly ProbeSample[]): ProbeOutage[] {
  const out: ProbeOutage[] = [];
  let run: ProbeOutage | null = null;
  for (const s of samples) {
    if (s.rttMs === null) {
      if (run) run.lost++;
      else out.push((run = { start: s.t, lost: 1, ongoing: false }));
    } else {
      run = null;
    }
  }
  if (run) run.ongoing = true;
  return out;
}

/** The answered RTTs of a series, in order. */
export function answeredRtts(samples: readonly ProbeSample[]): number[] {
  const rtts: number[] = [];
  for (const s of samples) if (s.rttMs !== null) rtts.push(s.rttMs);
  return rtts;
}
