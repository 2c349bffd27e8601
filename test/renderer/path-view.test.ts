/**
 * The Path view's pure parts: rounds kept across snapshots, the hop table at a moment (mtr's
 * columns over the minute up to it), the hop timeline chart (a line per hop, lost probes marked,
 * the trouble hop thicker) and the radiotap chart (one point per frame, the series' values: those
 * equal tshark's, test/probe/radio-signal.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { PathHop, PathSnapshot } from '../../src/api/path.js';
import { hopLatencyChart, LOST_LABEL, radioSignalChart } from '../../renderer/charts/path-configs.js';
import { LIGHT_PALETTE } from '../../renderer/charts/palette.js';
import { liveRows, mergeRounds, rowsAt } from '../../renderer/lib/hop-window.js';

const T0 = 1_700_000_000_000;

function hop(ttl: number): PathHop {
  return {
    ttl,
    address: `10.0.${ttl}.1`,
    name: null,
    org: null,
    asn: null,
    country: null,
    others: [],
    sent: 0,
    received: 0,
    lossPct: null,
    rttMs: { last: null, avg: null, best: null, worst: null, stdDev: null },
    jitterMs: { last: null, avg: null, max: null },
    lossKind: 'none',
    pathLossPct: null,
    destination: ttl === 2,
  };
}

/** A snapshot holding rounds `from`..`to` (one a second): hop 1 answers r, hop 2 r + 10, lost every 4th. */
function snap(from: number, to: number): PathSnapshot {
  const rs = Array.from({ length: to - from + 1 }, (_, k) => from + k);
  return {
    host: 'h',
    address: '10.0.2.1',
    state: 'ok',
    message: null,
    hint: null,
    method: 'icmp',
    intervalMs: 1000,
    rounds: to + 1,
    reached: true,
    end: null,
    hops: [hop(1), hop(2)],
    series: {
      t: rs.map((r) => T0 + 1000 * r),
      rtt: [rs.map((r) => r), rs.map((r) => (r % 4 === 3 ? null : r + 10))],
    },
    notes: [],
  };
}

describe('path rounds and the table at a moment', () => {
  it('keeps rounds across snapshots that overlap, bounded', () => {
    let acc = mergeRounds(null, snap(0, 59));
    acc = mergeRounds(acc, snap(30, 89));
    expect(acc.t).toHaveLength(90);
    expect(acc.rtt[0].slice(58, 62)).toEqual([58, 59, 60, 61]);
    expect(mergeRounds(acc, snap(60, 119), 100).t).toHaveLength(100);
  });

  it('computes mtr columns over the minute up to the moment', () => {
    const p = snap(0, 119);
    const acc = mergeRounds(null, p);
    const at = T0 + 1000 * 119;
    const [h1, h2] = rowsAt(p, acc, at);
    // rounds 60..119 are in the minute
    expect(h1.sent).toBe(60);
    expect(h1.lossPct).toBe(0);
    expect(h1.avg).toBeCloseTo(89.5, 10);
    expect(h1.best).toBe(60);
    expect(h1.worst).toBe(119);
    expect(h1.last).toBe(119);
    expect(h1.jitter).toBe(1);
    // population standard deviation of 60..119
    expect(h1.stdDev).toBeCloseTo(Math.sqrt((60 * 60 - 1) / 12), 10);
    expect(h2.lossPct).toBe(25);
    expect(h2.last).toBe(128);
    // an earlier moment: the rounds before it only
    expect(rowsAt(p, acc, T0 + 1000 * 9)[0]).toMatchObject({ sent: 10, best: 0, worst: 9 });
    expect(liveRows(p)[0].hop.address).toBe('10.0.1.1');
  });
});

describe('path charts', () => {
  it('draws a line per hop, marks lost probes and thickens the trouble hop', () => {
    const c = hopLatencyChart(snap(0, 7), LIGHT_PALETTE, 2);
    expect(c.data.datasets.map((d) => d.label)).toEqual(['hop 1 10.0.1.1', 'hop 2 10.0.2.1', LOST_LABEL]);
    expect(c.data.datasets[2].data).toEqual([
      { x: (T0 + 3000) / 1000, y: 0 },
      { x: (T0 + 7000) / 1000, y: 0 },
    ]);
    expect(c.data.datasets[1].borderWidth).toBeGreaterThan(c.data.datasets[0].borderWidth as number);
  });

  it('plots the radiotap series one point per frame', () => {
    const radio = {
      frames: 3,
      minDbm: -74,
      maxDbm: -58,
      meanDbm: -63.7,
      points: [-74, -59, -58].map((dbm, k) => ({ t: T0 + k, dbm })),
    };
    const c = radioSignalChart(radio, LIGHT_PALETTE);
    expect(c.data.datasets[0].data).toEqual(radio.points.map((p) => ({ x: p.t / 1000, y: p.dbm })));
  });
});
