import { describe, expect, it } from 'vitest';
import { seededRandom as rng } from '../helpers/seeded-random.js';
import type { ProbeSample } from '../../src/api/probe.js';
import { answeredRtts, findOutages, lossPct, summarizeJitter, summarizeRtt } from '../../src/probe/probe-stats.js';
import { LOSS_WINDOW_MS, MAX_OUTAGES, RttAccumulator } from '../../src/probe/rtt-accumulator.js';

function series(n: number, seed: number, lossShare: number): ProbeSample[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => ({
    seq: i + 1,
    t: 1_000_000 + i * 1000,
    rttMs: r() < lossShare ? null : 20 + r() * 30,
  }));
}

describe('RttAccumulator', () => {
  it('agrees with the pure functions over a whole session', () => {
    const samples = series(2000, 42, 0.07);
    const acc = new RttAccumulator(60);
    for (const s of samples) acc.add(s);
    const got = acc.stats(samples[samples.length - 1].t);
    const rtts = answeredRtts(samples);
    const want = { rtt: summarizeRtt(rtts), jitter: summarizeJitter(rtts) };
    for (const k of ['last', 'min', 'mean', 'median', 'p95', 'max'] as const)
      expect(got.rttMs[k]).toBeCloseTo(want.rtt[k]!, 9);
    for (const k of ['meanAbsDiff', 'rfc3550', 'stdDev'] as const)
      expect(got.jitterMs[k]).toBeCloseTo(want.jitter[k]!, 9);
    expect(got.sent).toBe(2000);
    expect(got.received).toBe(rtts.length);
    expect(got.lossPct).toBeCloseTo(lossPct(2000, rtts.length)!, 12);
    const outages = findOutages(samples);
    expect(got.outageCount).toBe(outages.length);
    expect(got.outages).toEqual(outages.slice(-MAX_OUTAGES));
    expect(got.series).toEqual(samples.slice(-60));
  });

  it('measures loss over the last 60 s separately from the session', () => {
    const acc = new RttAccumulator(10);
    // 120 probes at 1 Hz: the first 60 all lost, the last 60 all answered but one.
    for (let i = 0; i < 120; i++) acc.add({ seq: i + 1, t: i * 1000, rttMs: i < 60 || i === 100 ? null : 10 });
    const st = acc.stats(119_000);
    expect(st.lossPct).toBeCloseTo((61 / 120) * 100, 9);
    // window: probes sent at or after 119 s - 60 s = 59 s: 61 probes, of which #59 (lost) and #100 (lost)
    expect(st.lossPct60s).toBeCloseTo((2 / 61) * 100, 9);
    expect(st.outages).toEqual([
      { start: 0, lost: 60, ongoing: false },
      { start: 100_000, lost: 1, ongoing: false },
    ]);
    expect(LOSS_WINDOW_MS).toBe(60_000);
  });

  it('reports an ongoing outage and the run length', () => {
    const acc = new RttAccumulator(10);
    acc.add({ seq: 1, t: 0, rttMs: 5 });
    acc.add({ seq: 2, t: 1000, rttMs: null });
    acc.add({ seq: 3, t: 2000, rttMs: null });
    expect(acc.currentLossRun).toBe(2);
    expect(acc.stats(2000).outages).toEqual([{ start: 1000, lost: 2, ongoing: true }]);
  });
});
