import { describe, expect, it } from 'vitest';
import {
  answeredRtts,
  findOutages,
  lossPct,
  mean,
  meanAbsDiff,
  percentileSorted,
  rfc3550Jitter,
  stdDev,
  summarizeJitter,
  summarizeRtt,
} from '../../src/probe/probe-stats.js';

// Hand-computed: RTTs 10, 12, 11, 15, 12 ms.
const RTTS = [10, 12, 11, 15, 12];

describe('RTT summary', () => {
  it('gives last, min, mean, median, p95 and max', () => {
    // sorted 10 11 12 12 15; p95 rank 0.95 * 4 = 3.8 -> 12 + 0.8 * (15 - 12) = 14.4
    const r = summarizeRtt(RTTS);
    expect({ ...r, p95: null }).toEqual({ last: 12, min: 10, mean: 12, median: 12, p95: null, max: 15 });
    expect(r.p95).toBeCloseTo(14.4, 12);
  });

  it('is all null with no answers', () => {
    expect(summarizeRtt([])).toEqual({ last: null, min: null, mean: null, median: null, p95: null, max: null });
  });

  it('interpolates percentiles between closest ranks', () => {
    expect(percentileSorted([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentileSorted([5], 95)).toBe(5);
    expect(percentileSorted([1, 2], 95)).toBeCloseTo(1.95, 12);
    expect(percentileSorted([], 50)).toBeNull();
  });
});

describe('jitter, three ways', () => {
  it('mean absolute difference of consecutive RTTs', () => {
    // |12-10| + |11-12| + |15-11| + |12-15| = 2 + 1 + 4 + 3 = 10, over 4 differences
    expect(meanAbsDiff(RTTS)).toBe(2.5);
  });

  it('RFC 3550 estimate with gain 1/16, from 0', () => {
    // J1 = 2/16 = 0.125; J2 = 0.125 + (1 - 0.125)/16 = 0.1796875;
    // J3 = 0.1796875 + (4 - 0.1796875)/16 = 0.41845703125; J4 = J3 + (3 - J3)/16 = 0.579803466796875
    expect(rfc3550Jitter(RTTS)).toBe(0.579803466796875);
  });

  it('population standard deviation', () => {
    // deviations -2 0 -1 3 0: squares sum to 14, / 5 = 2.8
    expect(stdDev(RTTS)).toBeCloseTo(Math.sqrt(2.8), 12);
    expect(stdDev([7])).toBe(0);
  });

  it('needs two answers for the difference-based figures', () => {
    expect(summarizeJitter([7])).toEqual({ meanAbsDiff: null, rfc3550: null, stdDev: 0 });
    expect(summarizeJitter([])).toEqual({ meanAbsDiff: null, rfc3550: null, stdDev: null });
    expect(mean([])).toBeNull();
  });
});

describe('loss and outages', () => {
  const s = (seq: number, rttMs: number | null) => ({ seq, t: 1000 * seq, rttMs });

  it('loss in percent', () => {
    expect(lossPct(20, 19)).toBe(5);
    expect(lossPct(0, 0)).toBeNull();
  });

  it('finds runs of consecutive losses with start and length', () => {
    const series = [
      s(1, 10),
      s(2, null),
      s(3, null),
      s(4, 11),
      s(5, null),
      s(6, 12),
      s(7, null),
      s(8, null),
      s(9, null),
    ];
    expect(findOutages(series)).toEqual([
      { start: 2000, lost: 2, ongoing: false },
      { start: 5000, lost: 1, ongoing: false },
      { start: 7000, lost: 3, ongoing: true },
    ]);
    expect(answeredRtts(series)).toEqual([10, 11, 12]);
  });

  it('skips losses for the consecutive-RTT figures', () => {
    const series = [s(1, 10), s(2, null), s(3, 14), s(4, 13)];
    expect(meanAbsDiff(answeredRtts(series))).toBe(2.5);
  });
});
