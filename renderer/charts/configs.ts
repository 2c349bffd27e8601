/**
 * Chart configurations as pure functions of snapshot data and a palette: the dashboard and the
 * HTML report's images draw the same charts. Only types come from Chart.js here.
 */
import type { ChartConfiguration } from './chart-core.js';
import type { FamilyBytes, ProtocolShare, TrafficPoint } from '../../src/api/snapshot.js';
import type { ProbeTargetStats } from '../../src/api/probe.js';
import { formatBits, formatClock, formatCount, formatMs } from '../lib/format.js';
import { alpha, type Palette } from './palette.js';

export const FAMILIES: (keyof FamilyBytes)[] = ['tcp', 'udp', 'icmp', 'other'];
const FAMILY_LABEL: Record<keyof FamilyBytes, string> = { tcp: 'TCP', udp: 'UDP', icmp: 'ICMP', other: 'Other' };

function hasData(data: readonly unknown[] | undefined): boolean {
  return (data ?? []).some((v) => (typeof v === 'number' ? v !== 0 : v !== null && v !== undefined));
}

/**
 * The timeline without its leading empty seconds (the engine's window starts before the first
 * packet of a file or a fresh capture), keeping at least `min` points so the axis does not jump.
 */
export function trimTimeline(points: readonly TrafficPoint[], min = 30): readonly TrafficPoint[] {
  let first = 0;
  while (first < points.length && points[first].packets === 0) first++;
  return points.slice(Math.max(0, Math.min(first, points.length - min)));
}

function axes(p: Palette, yTick: (v: number) => string, labels: readonly number[] | null): ChartConfiguration<'line'>['options'] {
  return {
    responsive: true,
    interaction: { mode: 'index', intersect: false },
    plugins: {
      legend: {
        position: 'bottom',
        // datasets with nothing to show stay out of the legend (ICMP out is usually empty)
        labels: { color: p.text, boxWidth: 12, boxHeight: 12, padding: 10, filter: (item, data) => hasData(data.datasets[item.datasetIndex ?? 0]?.data) },
      },
      tooltip: { enabled: true },
    },
    scales: {
      x: labels
        ? {
            type: 'category',
            grid: { color: p.grid },
            ticks: { color: p.muted, maxRotation: 0, autoSkip: true, autoSkipPadding: 16, maxTicksLimit: 6, callback: (_v, i) => formatClock(labels[i] ?? 0) },
          }
        : {
            // epoch seconds: whole seconds only, so no two ticks read the same
            type: 'linear',
            grid: { color: p.grid },
            ticks: { color: p.muted, maxRotation: 0, autoSkip: true, autoSkipPadding: 16, maxTicksLimit: 6, precision: 0, callback: (v) => formatClock(Number(v)) },
          },
      y: { grid: { color: p.grid }, ticks: { color: p.muted, callback: (v) => yTick(Number(v)), maxTicksLimit: 6 }, beginAtZero: true },
    },
  };
}

/**
 * Throughput over time, bits per second: traffic in stacked by protocol above the axis, traffic
 * out stacked below it (each point is one second of capture time).
 */
export function throughputChart(points: readonly TrafficPoint[], p: Palette): ChartConfiguration<'line'> {
  const labels = points.map((pt) => pt.t);
  const color: Record<keyof FamilyBytes, string> = { tcp: p.tcp, udp: p.udp, icmp: p.icmp, other: p.other };
  const datasets: ChartConfiguration<'line'>['data']['datasets'] = [];
  for (const dir of ['in', 'out'] as const) {
    FAMILIES.forEach((fam, i) => {
      const sign = dir === 'in' ? 1 : -1;
      datasets.push({
        label: `${FAMILY_LABEL[fam]} ${dir}`,
        data: points.map((pt) => sign * pt[dir][fam] * 8),
        stack: dir,
        fill: i === 0 ? 'origin' : '-1',
        borderColor: color[fam],
        backgroundColor: alpha(color[fam], dir === 'in' ? 0.45 : 0.25),
        borderDash: dir === 'out' ? [4, 3] : undefined,
        tension: 0,
      });
    });
  }
  const options = axes(p, (v) => formatBits(Math.abs(v)), labels)!;
  options.scales!.y = { ...options.scales!.y, stacked: true, beginAtZero: true };
  options.plugins!.tooltip = {
    callbacks: { label: (ctx) => `${ctx.dataset.label}: ${formatBits(Math.abs(Number(ctx.parsed.y)))}` },
    filter: (item) => Number(item.parsed.y) !== 0,
  };
  return { type: 'line', data: { labels, datasets }, options };
}

/** Packets per second over time. */
export function packetRateChart(points: readonly TrafficPoint[], p: Palette): ChartConfiguration<'line'> {
  const labels = points.map((pt) => pt.t);
  return {
    type: 'line',
    data: {
      labels,
      datasets: [{ label: 'Packets/s', data: points.map((pt) => pt.packets), borderColor: p.in, backgroundColor: alpha(p.in, 0.25), fill: 'origin', tension: 0 }],
    },
    options: { ...axes(p, (v) => formatCount(v), labels)!, plugins: { legend: { display: false } } },
  };
}

/** Protocol distribution: frames containing each protocol (the most common ones). */
export function protocolChart(protocols: readonly ProtocolShare[], p: Palette, max = 12): ChartConfiguration<'bar'> {
  const top = protocols.slice(0, max);
  return {
    type: 'bar',
    data: {
      labels: top.map((x) => x.protocol),
      datasets: [{ label: 'Packets', data: top.map((x) => x.packets), backgroundColor: top.map((_, i) => p.series[i % p.series.length]) }],
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (ctx) => `${formatCount(Number(ctx.parsed.x))} packets` } },
      },
      scales: {
        x: { grid: { color: p.grid }, ticks: { color: p.muted, callback: (v) => formatCount(Number(v)), maxTicksLimit: 6 }, beginAtZero: true },
        y: { grid: { display: false }, ticks: { color: p.text, autoSkip: false } },
      },
    },
  };
}

/**
 * Round-trip time per probe target over time (ms), with each lost probe marked on the axis.
 * x is epoch seconds (the probes' clock is in ms).
 */
export function latencyChart(targets: readonly ProbeTargetStats[], p: Palette): ChartConfiguration<'line'> {
  const datasets: ChartConfiguration<'line'>['data']['datasets'] = [];
  targets.forEach((t, i) => {
    const c = p.series[i % p.series.length];
    datasets.push({
      label: t.host,
      data: t.series.map((s) => ({ x: s.t / 1000, y: s.rttMs })) as { x: number; y: number }[],
      borderColor: c,
      backgroundColor: c,
      spanGaps: false,
      tension: 0,
      pointRadius: 0,
    });
  });
  const lost = targets.flatMap((t) => t.series.filter((s) => s.rttMs === null).map((s) => ({ x: s.t / 1000, y: 0 })));
  if (lost.length > 0) {
    datasets.push({
      type: 'scatter' as 'line',
      label: 'lost probe',
      data: lost,
      borderColor: p.loss,
      backgroundColor: p.loss,
      pointStyle: 'crossRot',
      pointRadius: 6,
      pointBorderWidth: 2,
      showLine: false,
    });
  }
  const options = axes(p, (v) => formatMs(v), null)!;
  options.interaction = { mode: 'nearest', intersect: false };
  options.plugins!.tooltip = {
    callbacks: {
      label: (ctx) => (ctx.dataset.label === 'lost probe' ? 'lost probe' : `${ctx.dataset.label}: ${formatMs(Number(ctx.parsed.y))}`),
    },
  };
  return { type: 'line', data: { datasets }, options };
}
