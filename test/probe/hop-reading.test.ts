/**
 * mtr's columns per hop and mtr's caution: loss at one router that the routers after it do not
 * show is that router limiting its ICMP answers, not loss; loss that continues is real, and starts
 * at the first hop that shows it.
 */
import { describe, expect, it } from 'vitest';
import { readHops } from '../../src/probe/path/hop-reading.js';
import { hopFiguresOf, HopStats } from '../../src/probe/path/hop-stats.js';

const lost = null;

describe('hop figures (mtr columns)', () => {
  it('computes Snt, Loss%, Last, Avg, Best, Wrst, StDev and jitter like mtr', () => {
    const f = hopFiguresOf(3, [10, 12, lost, 14, 8, lost, 16]);
    expect(f.sent).toBe(7);
    expect(f.received).toBe(5);
    expect(f.lossPct).toBeCloseTo((2 / 7) * 100, 10);
    expect(f.rttMs.last).toBe(16);
    expect(f.rttMs.avg).toBeCloseTo(12, 10);
    expect(f.rttMs.best).toBe(8);
    expect(f.rttMs.worst).toBe(16);
    // population standard deviation of 10, 12, 14, 8, 16 around 12: sqrt((4+0+4+16+16)/5)
    expect(f.rttMs.stdDev).toBeCloseTo(Math.sqrt(8), 10);
    // jitter over consecutive answers: |12−10|, |14−12|, |8−14|, |16−8| = 2, 2, 6, 8
    expect(f.jitterMs.last).toBe(8);
    expect(f.jitterMs.avg).toBeCloseTo(4.5, 10);
    expect(f.jitterMs.max).toBe(8);
  });

  it('keeps the latest responder and up to four others', () => {
    const h = new HopStats(5);
    for (const a of ['10.0.0.1', '10.0.0.2', '10.0.0.1', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']) h.add(a, 1);
    const f = h.figures();
    expect(f.address).toBe('10.0.0.6');
    expect(f.others).toEqual(['10.0.0.5', '10.0.0.4', '10.0.0.3', '10.0.0.1']);
  });
});

function path(rows: (number | null)[][]) {
  return rows.map((r, i) => hopFiguresOf(i + 1, r));
}

const ok20 = Array.from({ length: 20 }, () => 5);
/** 20 probes with `n` of them lost. */
function losing(n: number, rtt = 5): (number | null)[] {
  return Array.from({ length: 20 }, (_, k) => (k < n ? null : rtt));
}

describe('reading the hops', () => {
  it('calls loss at one router that later hops do not show rate limiting, in words', () => {
    const { readings, notes } = readHops(path([ok20, losing(10), ok20, ok20]), true);
    expect(readings.map((r) => r.lossKind)).toEqual(['none', 'rate-limit', 'none', 'none']);
    expect(readings[1].pathLossPct).toBe(0);
    expect(notes.join(' ')).toMatch(
      /Hop 2 answered only 50% of probes, but the hops after it lost 0%.*rate limiting.*not packet loss/,
    );
  });

  it('calls loss that continues to the destination path loss, starting where it starts', () => {
    const { readings, notes } = readHops(path([ok20, losing(2), losing(3), losing(2)]), true);
    expect(readings.map((r) => r.lossKind)).toEqual(['none', 'path', 'path', 'path']);
    expect(readings[1].pathLossPct).toBe(10);
    expect(readings[2].pathLossPct).toBe(10);
    expect(notes.join(' ')).toMatch(/From hop 2 on, about 10% of probes are lost all the way to the destination/);
  });

  it('tells rate limiting on top of real loss apart', () => {
    // hop 2 loses 40%, but only 10% continues: 30 points are the router's own limiting
    const { readings } = readHops(path([ok20, losing(8), losing(2), losing(2)]), true);
    expect(readings[1]).toEqual({ lossKind: 'rate-limit', pathLossPct: 10 });
    expect(readings[2].lossKind).toBe('path');
  });

  it('names silent routers and a silent destination', () => {
    const silent = Array.from({ length: 20 }, () => null);
    const { readings, notes } = readHops(path([ok20, silent, ok20, silent]), false);
    expect(readings.map((r) => r.lossKind)).toEqual(['none', 'silent', 'none', 'silent']);
    expect(notes.join(' ')).toMatch(/Hop 2 never answers probes, but the hops after it do/);
    expect(notes.join(' ')).toMatch(/The destination does not answer these probes.*hop 3 is the last that answers/);
  });

  it('says when a router answers slower than the hops after it', () => {
    const { notes } = readHops(path([ok20, Array.from({ length: 20 }, () => 60), ok20.map(() => 8)]), true);
    expect(notes.join(' ')).toMatch(/Hop 2 answers slower \(60 ms on average\) than the hops after it/);
  });

  it('reads nothing from too few probes', () => {
    const { readings, notes } = readHops(path([[null, null], [1]]), false);
    expect(readings.map((r) => r.lossKind)).toEqual(['none', 'none']);
    expect(notes).toEqual([]);
  });
});
