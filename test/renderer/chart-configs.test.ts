import { describe, expect, it } from 'vitest';
import {
  jitterSeries,
  latencyChart,
  legendItems,
  packetRateChart,
  protocolChart,
  throughputChart,
  trimTimeline,
} from '../../renderer/charts/configs.js';
import { LIGHT_PALETTE } from '../../renderer/charts/palette.js';
import type { TrafficPoint } from '../../src/api/snapshot.js';
import type { ProbeTargetStats } from '../../src/api/probe.js';

const zero = { tcp: 0, udp: 0, icmp: 0, other: 0 };
function pt(t: number, packets: number, inTcp = 0, outUdp = 0): TrafficPoint {
  return { t, packets, bytes: inTcp + outUdp, in: { ...zero, tcp: inTcp }, out: { ...zero, udp: outUdp } };
}

describe('chart configurations', () => {
  it('throughput: in stacked above the axis, out below, in bits per second', () => {
    const c = throughputChart([pt(10, 2, 100, 50), pt(11, 1, 25, 0)], LIGHT_PALETTE);
    expect(c.data.labels).toEqual([10, 11]);
    const byLabel = Object.fromEntries(c.data.datasets.map((d) => [d.label, d as typeof d & { own: number[] }]));
    expect(byLabel['TCP in'].own).toEqual([800, 200]);
    expect(byLabel['UDP out'].own).toEqual([-400, -0]);
    // drawn stacked: each line is the sum of its direction's families so far, filled to the one before
    expect(byLabel['UDP in'].data).toEqual([800, 200]);
    expect(byLabel['UDP in'].fill).toBe('-1');
    expect(byLabel['TCP out'].fill).toBe('origin');
    expect(byLabel['Other out'].data).toEqual([-400, 0]);
    expect(c.data.datasets).toHaveLength(8);
    // empty series are hidden and left out of the legend
    expect(byLabel['ICMP in'].hidden).toBe(true);
    expect(legendItems(c as never).map((l) => l.label)).toEqual(['TCP in', 'UDP out']);
  });

  it('packets per second follows the timeline', () => {
    const c = packetRateChart([pt(1, 5), pt(2, 7)], LIGHT_PALETTE);
    expect(c.data.datasets[0].data).toEqual([5, 7]);
  });

  it('protocols: the most common first, at most N', () => {
    const list = Array.from({ length: 20 }, (_, i) => ({ protocol: `p${i}`, packets: 100 - i, bytes: 1 }));
    const c = protocolChart(list, LIGHT_PALETTE, 12);
    expect(c.data.labels).toHaveLength(12);
    expect(c.data.labels?.[0]).toBe('p0');
    expect(c.options?.indexAxis).toBe('y');
  });

  it('latency: a line per target and a mark per lost probe', () => {
    const target = (host: string, rtts: (number | null)[]): ProbeTargetStats => ({
      host,
      kind: 'custom',
      address: host,
      state: 'ok',
      message: null,
      hint: null,
      sent: rtts.length,
      received: rtts.filter((r) => r !== null).length,
      lossPct: 0,
      lossPct60s: 0,
      rttMs: { last: null, min: null, mean: null, median: null, p95: null, max: null },
      jitterMs: { meanAbsDiff: null, rfc3550: null, stdDev: null },
      outages: [],
      outageCount: 0,
      series: rtts.map((r, i) => ({ seq: i + 1, t: 1000 * i, rttMs: r })),
      callQuality: null,
    });
    const c = latencyChart([target('a', [1, null, 3]), target('b', [5, 6, null])], LIGHT_PALETTE);
    // lost probes in their own lane (the 'loss' axis), one series per target in its colour
    expect(c.data.datasets.map((d) => d.label)).toEqual(['a', 'b', 'a: lost', 'b: lost']);
    expect(c.data.datasets[2].data).toEqual([{ x: 1, y: 0 }]);
    expect(c.data.datasets[3].data).toEqual([{ x: 2, y: 0 }]);
    expect(c.data.datasets[2]).toMatchObject({ yAxisID: 'loss', borderColor: c.data.datasets[0].borderColor });
    expect(c.data.datasets[0].data).toEqual([
      { x: 0, y: 1 },
      { x: 1, y: null },
      { x: 2, y: 3 },
    ]);
    expect(latencyChart([target('a', [1, 2])], LIGHT_PALETTE).data.datasets).toHaveLength(1);
    // jitter: the change between consecutive answered probes, losses skipped
    expect(jitterSeries(target('j', [10, 12, null, 9, 9]))).toEqual([
      { x: 1, y: 2 },
      { x: 3, y: 3 },
      { x: 4, y: 0 },
    ]);
    expect(legendItems(c).map((l) => [l.label, l.mark])).toEqual([
      ['a', false],
      ['b', false],
      ['a: lost', true],
      ['b: lost', true],
    ]);
  });

  it('the timeline loses its leading empty seconds, keeping a minimum', () => {
    const pts = [pt(1, 0), pt(2, 0), pt(3, 0), pt(4, 5), pt(5, 0)];
    expect(trimTimeline(pts, 1).map((p) => p.t)).toEqual([4, 5]);
    expect(trimTimeline(pts, 4).map((p) => p.t)).toEqual([2, 3, 4, 5]);
    expect(trimTimeline(pts, 30)).toHaveLength(5);
    expect(trimTimeline([pt(1, 0)], 0)).toEqual([]);
  });
});
