/**
 * The simplified E-model at its break points, with the figures worked out by hand:
 *   EL = latency + 2 × jitter + 10; R = 93.2 − EL/40 (EL < 160) or 93.2 − (EL − 120)/10;
 *   R −= 2.5 × loss%; R clamped to 0–100; MOS = 1 + 0.035R + 7e-6·R(R − 60)(100 − R).
 */
import { describe, expect, it } from 'vitest';
import type { ProbeSample } from '../../src/api/probe.js';
import {
  callQualityFromSamples,
  callQualityOf,
  effectiveLatency,
  gradeFor,
  mosFromR,
  rFactor,
} from '../../src/probe/call-quality.js';

describe('call quality (simplified E-model)', () => {
  it('effective latency adds twice the jitter and 10 ms', () => {
    expect(effectiveLatency(40, 5)).toBe(60);
  });

  it('EL 159 ms is on the gentle slope, EL 160 ms on the steep one', () => {
    // 93.2 − 159/40 = 89.225
    expect(rFactor({ latencyMs: 149, jitterMs: 0, lossPct: 0 })).toBeCloseTo(89.225, 10);
    // 93.2 − (160 − 120)/10 = 89.2
    expect(rFactor({ latencyMs: 150, jitterMs: 0, lossPct: 0 })).toBeCloseTo(89.2, 10);
    // past the break each ms costs 0.1 R, not 0.025: 93.2 − (200 − 120)/10 = 85.2
    expect(rFactor({ latencyMs: 170, jitterMs: 10, lossPct: 0 })).toBeCloseTo(85.2, 10);
    // MOS: 1 + 0.035·89.225 + 7e-6·89.225·29.225·10.775 = 4.319553...
    expect(mosFromR(89.225)).toBeCloseTo(1 + 3.122875 + 7e-6 * 89.225 * 29.225 * 10.775, 10);
    expect(mosFromR(89.225)).toBeCloseTo(4.31955, 4);
    expect(mosFromR(89.2)).toBeCloseTo(4.31891, 4);
  });

  it('loss costs 2.5 R per percent: 0, 5 and 20%', () => {
    // EL = 40 + 10 = 50: R = 93.2 − 1.25 = 91.95
    expect(rFactor({ latencyMs: 40, jitterMs: 0, lossPct: 0 })).toBeCloseTo(91.95, 10);
    expect(rFactor({ latencyMs: 40, jitterMs: 0, lossPct: 5 })).toBeCloseTo(79.45, 10);
    expect(rFactor({ latencyMs: 40, jitterMs: 0, lossPct: 20 })).toBeCloseTo(41.95, 10);
    expect(mosFromR(79.45)).toBeCloseTo(1 + 0.035 * 79.45 + 7e-6 * 79.45 * 19.45 * 20.55, 10);
    // R 41.95 is under 60: the cubic term turns negative
    expect(mosFromR(41.95)).toBeCloseTo(1 + 0.035 * 41.95 - 7e-6 * 41.95 * 18.05 * 58.05, 10);
  });

  it('R is clamped to 0–100, so MOS stays within 1–4.5', () => {
    expect(rFactor({ latencyMs: 40, jitterMs: 0, lossPct: 40 })).toBe(0);
    expect(rFactor({ latencyMs: 2000, jitterMs: 0, lossPct: 0 })).toBe(0);
    expect(rFactor({ latencyMs: 0, jitterMs: 0, lossPct: 0 })).toBeLessThanOrEqual(100);
    expect(mosFromR(0)).toBe(1);
    expect(mosFromR(100)).toBeCloseTo(4.5, 10);
    const worst = callQualityOf({ latencyMs: 3000, jitterMs: 500, lossPct: 90 }, 10);
    expect(worst.rFactor).toBe(0);
    expect(worst.mos).toBe(1);
    expect(worst.grade).toBe('bad');
  });

  it('grades in words at the MOS cut-offs', () => {
    expect(gradeFor(4.4).grade).toBe('excellent');
    expect(gradeFor(4.3).grade).toBe('excellent');
    expect(gradeFor(4.29).calls).toBe('good for video calls');
    expect(gradeFor(3.7).grade).toBe('fair');
    expect(gradeFor(3.5).calls).toBe('poor: expect choppy calls');
    expect(gradeFor(2).grade).toBe('bad');
  });

  it('reads latency, jitter and loss from a run of probes', () => {
    const rtts = [40, 44, 38, null, 42, 40, 46, 40, 38, 42, null, 40, 44, 36, 40, 42, 40, 38, 44, 40];
    const samples: ProbeSample[] = rtts.map((rttMs, k) => ({ seq: k + 1, t: 1000 * k, rttMs }));
    const q = callQualityFromSamples(samples)!;
    const answered = rtts.filter((r): r is number => r !== null);
    const mean = answered.reduce((a, b) => a + b, 0) / answered.length;
    let diff = 0;
    for (let k = 1; k < answered.length; k++) diff += Math.abs(answered[k] - answered[k - 1]);
    expect(q.latencyMs).toBeCloseTo(mean, 10);
    expect(q.jitterMs).toBeCloseTo(diff / (answered.length - 1), 10);
    expect(q.lossPct).toBe(10);
    const el = mean + 2 * q.jitterMs + 10;
    const r = 93.2 - el / 40 - 2.5 * 10;
    expect(q.rFactor).toBeCloseTo(r, 10);
    expect(q.mos).toBeCloseTo(1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r), 10);
    expect(q.grade).toBe(gradeFor(q.mos).grade);
    expect(q.games).toMatch(/games/);
  });

  it('gives no estimate from too few answers', () => {
    expect(callQualityFromSamples([{ seq: 1, t: 0, rttMs: 10 }])).toBeNull();
    expect(callQualityFromSamples([])).toBeNull();
  });
});
