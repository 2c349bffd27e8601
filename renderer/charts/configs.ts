/**
 * Chart configurations as pure functions of snapshot data and a palette: the dashboard and the
 * HTML report's images draw the same charts. Only types come from Chart.js here.
 *
 * Options depend on the palette only and are cached per palette, so a new snapshot changes a
 * chart's data and nothing else (re-resolving Chart.js options is the costly part of an update).
 */
import type { ChartConfiguration, ChartDataset, ChartOptions } from './chart-core.js';
import type { FamilyBytes, ProtocolShare, TrafficPoint } from '../../src/api/snapshot.js';
import type { ProbeTargetStats } from '../../src/api/probe.js';
import { formatBits, formatCount, formatMs } from '../lib/format.js';
import { protocolColor } from '../lib/protocols.js';
import { formatTick } from '../lib/time-format.js';
import { alpha, type Palette } from './palette.js';

export const FAMILIES: (keyof FamilyBytes)[] = ['tcp', 'udp', 'icmp', 'other'];
const FAMILY_LABEL: Record<keyof FamilyBytes, string> = { tcp: 'TCP', udp: 'UDP', icmp: 'ICMP', other: 'Other' };

export interface LegendItem {
  label: string;
  color: string;
  dashed: boolean;
  /** A marker (lost probes) rather than a line or area. */
  mark: boolean;
}

/** The legend of a chart: its datasets that have something to show. */
export function legendItems(config: ChartConfiguration): LegendItem[] {
  return config.data.datasets
    .filter((d) => !d.hidden && d.label !== '' && hasData(d.data as unknown[]))
    .map((d) => {
      const ds = d as { label?: string; borderColor?: unknown; borderDash?: number[]; showLine?: boolean };
      return {
        label: ds.label ?? '',
        color: String(ds.borderColor ?? ''),
        dashed: (ds.borderDash?.length ?? 0) > 0,
        mark: ds.showLine === false,
      };
    });
}

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

export type LineOptions = ChartOptions<'line'>;

/** Memoizes options per palette object (the palette changes only with the theme). */
export function perPalette<T>(make: (p: Palette) => T): (p: Palette) => T {
  const cache = new WeakMap<Palette, T>();
  return (p) => {
    let v = cache.get(p);
    if (v === undefined) cache.set(p, (v = make(p)));
    return v;
  };
}

/** Seconds between the first and last label of a category axis (what its ticks must tell apart). */
function labelSpan(labels: readonly unknown[] | undefined): number {
  if (!labels || labels.length < 2) return 1;
  return Number(labels[labels.length - 1]) - Number(labels[0]);
}

/** A time axis: category labels holding epoch seconds, or (linear) epoch seconds as values. */
export function timeAxes(p: Palette, yTick: (v: number) => string, category: boolean): LineOptions {
  return {
    responsive: true,
    interaction: { mode: 'index', intersect: false },
    plugins: {
      // the dashboard draws legends in HTML (legendItems), cheaper to update and readable by
      // screen readers; report images turn this one on
      legend: {
        display: false,
        position: 'bottom',
        // datasets with nothing to show stay out of the legend (ICMP out is usually empty)
        labels: {
          color: p.text,
          boxWidth: 12,
          boxHeight: 12,
          padding: 10,
          filter: (item, data) => hasData(data.datasets[item.datasetIndex ?? 0]?.data),
        },
      },
      tooltip: { enabled: true },
    },
    scales: {
      x: category
        ? {
            type: 'category',
            grid: { color: p.grid },
            ticks: {
              color: p.muted,
              maxRotation: 0,
              autoSkip: true,
              autoSkipPadding: 16,
              maxTicksLimit: 6,
              callback(v) {
                return formatTick(Number(this.getLabelForValue(Number(v))), labelSpan(this.chart.data.labels));
              },
            },
          }
        : {
            // epoch seconds: whole seconds only, so no two ticks read the same
            type: 'linear',
            grid: { color: p.grid },
            ticks: {
              color: p.muted,
              maxRotation: 0,
              autoSkip: true,
              autoSkipPadding: 16,
              maxTicksLimit: 6,
              precision: 0,
              callback(v) {
                return formatTick(Number(v), this.max - this.min);
              },
            },
          },
      y: {
        grid: { color: p.grid },
        ticks: { color: p.muted, callback: (v) => yTick(Number(v)), maxTicksLimit: 6 },
        beginAtZero: true,
      },
    },
  };
}

export const throughputOptions = perPalette((p): LineOptions => {
  const o = timeAxes(p, (v) => formatBits(Math.abs(v)), true);
  // an empty chart reads 0 to 1 kbit/s, not six ticks of "0 bit/s" and "1 bit/s"
  o.scales!.y = { ...o.scales!.y, suggestedMax: 1000 };
  o.plugins!.tooltip = {
    // the lines are cumulative (see throughputChart): the tooltip tells each family's own rate
    callbacks: {
      label: (ctx) => `${ctx.dataset.label}: ${formatBits(Math.abs(ownValue(ctx.dataset, ctx.dataIndex)))}`,
    },
    filter: (item) => ownValue(item.dataset, item.dataIndex) !== 0,
  };
  return o;
});

/** A throughput series' own value at an index (its line is drawn stacked on the ones before). */
function ownValue(dataset: unknown, i: number): number {
  return ((dataset as { own?: number[] }).own ?? [])[i] ?? 0;
}

/**
 * Throughput over time, bits per second: traffic in stacked by protocol above the axis, traffic
 * out stacked below it (each point is one second of capture time). The stacking is computed here
 * and each area fills down to the previous line: Chart.js's own stacked fills cost several times
 * more per redraw. Empty series are hidden, not drawn.
 */
export function throughputChart(
  points: readonly TrafficPoint[],
  p: Palette,
  bucketSec = 1,
): ChartConfiguration<'line'> {
  const labels = points.map((pt) => pt.t);
  const color = (fam: keyof FamilyBytes): string => protocolColor(fam, p);
  const datasets: ChartConfiguration<'line'>['data']['datasets'] = [];
  for (const dir of ['in', 'out'] as const) {
    const sign = dir === 'in' ? 1 : -1;
    const sum = new Array<number>(points.length).fill(0);
    FAMILIES.forEach((fam, k) => {
      const own = points.map((pt) => (sign * pt[dir][fam] * 8) / bucketSec);
      for (let i = 0; i < own.length; i++) sum[i] += own[i];
      const dataset: ChartDataset<'line', number[]> & { own: number[] } = {
        label: `${FAMILY_LABEL[fam]} ${dir}`,
        data: [...sum],
        own,
        hidden: !hasData(own),
        fill: k === 0 ? 'origin' : '-1',
        borderColor: color(fam),
        backgroundColor: alpha(color(fam), dir === 'in' ? 0.45 : 0.25),
        borderDash: dir === 'out' ? [4, 3] : undefined,
        tension: 0,
      };
      datasets.push(dataset);
    });
  }
  return { type: 'line', data: { labels, datasets }, options: throughputOptions(p) };
}

function countAxes(p: Palette, log: boolean): LineOptions {
  const o: LineOptions = { ...timeAxes(p, (v) => formatCount(v), true), plugins: { legend: { display: false } } };
  // counts are whole: no tick reads 0.5 packets (and an empty chart is 0 to 1, not 1, 1, 1, 0, 0, 0)
  o.scales!.y = log
    ? { type: 'logarithmic', grid: { color: p.grid }, ticks: { color: p.muted, callback: logTick, maxTicksLimit: 6 } }
    : {
        ...o.scales!.y,
        ticks: { color: p.muted, callback: (v) => formatCount(Number(v)), precision: 0, maxTicksLimit: 6 },
        suggestedMax: 1,
      };
  return o;
}

/** Log ticks at 1, 10, 100…, as counts. */
function logTick(v: number | string): string {
  const n = Number(v);
  return n > 0 && Math.abs(Math.log10(n) - Math.round(Math.log10(n))) < 1e-9 ? formatCount(n) : '';
}

export const packetRateOptions = perPalette((p): LineOptions => countAxes(p, false));
export const packetRateLogOptions = perPalette((p): LineOptions => countAxes(p, true));

/** Packets per bucket over time (per second with 1 s buckets); `log`: a logarithmic axis. */
export function packetRateChart(points: readonly TrafficPoint[], p: Palette, log = false): ChartConfiguration<'line'> {
  return {
    type: 'line',
    data: {
      labels: points.map((pt) => pt.t),
      datasets: [
        {
          label: 'Packets',
          // zeros have no place on a log axis: they are gaps there
          data: points.map((pt) => (log && pt.packets === 0 ? null : pt.packets)),
          borderColor: p.in,
          backgroundColor: alpha(p.in, 0.25),
          fill: 'origin',
          tension: 0,
        },
      ],
    },
    options: log ? packetRateLogOptions(p) : packetRateOptions(p),
  };
}

export const protocolOptions = perPalette((p): ChartOptions<'bar'> => ({
  indexAxis: 'y',
  responsive: true,
  plugins: {
    legend: { display: false },
    tooltip: { callbacks: { label: (ctx) => `${formatCount(Number(ctx.parsed.x))} packets` } },
  },
  scales: {
    x: {
      grid: { color: p.grid },
      ticks: { color: p.muted, callback: (v) => formatCount(Number(v)), maxTicksLimit: 6 },
      beginAtZero: true,
    },
    y: { grid: { display: false }, ticks: { color: p.text, autoSkip: false } },
  },
}));

/** Protocol distribution: frames containing each protocol (the most common ones). */
export function protocolChart(protocols: readonly ProtocolShare[], p: Palette, max = 12): ChartConfiguration<'bar'> {
  const top = protocols.slice(0, max);
  return {
    type: 'bar',
    data: {
      labels: top.map((x) => x.protocol),
      datasets: [
        {
          label: 'Packets',
          data: top.map((x) => x.packets),
          backgroundColor: top.map((x) => protocolColor(x.protocol, p)),
        },
      ],
    },
    options: protocolOptions(p),
  };
}

/** The label of a target's lost probes (their own lane under the round trips). */
export const LOST = (host: string): string => `${host}: lost`;

export const latencyOptions = perPalette((p): LineOptions => {
  const o = timeAxes(p, (v) => formatMs(v), false);
  o.interaction = { mode: 'nearest', intersect: false };
  o.plugins!.tooltip = {
    callbacks: {
      label: (ctx) =>
        ctx.dataset.yAxisID === 'loss'
          ? `${ctx.dataset.label} probe`
          : `${ctx.dataset.label}: ${formatMs(Number(ctx.parsed.y))}`,
    },
  };
  // lost probes in a lane of their own under the round trips (never on the 0 ms line)
  o.scales!.y = { ...o.scales!.y, stack: 'probes', stackWeight: 6 };
  o.scales!.loss = {
    type: 'linear',
    axis: 'y',
    position: 'left',
    stack: 'probes',
    stackWeight: 1,
    offset: true,
    min: -1,
    max: 1,
    grid: { display: false },
    // the lane is named by its legend entries ("host: lost"), not by an axis title
    ticks: { display: false },
  };
  return o;
});

/**
 * Round-trip time per probe target over time (ms), and each lost probe marked in the lane under
 * them, in its target's colour. x is epoch seconds (the probes' clock is in ms).
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
  targets.forEach((t, i) => {
    const lost = t.series.filter((s) => s.rttMs === null).map((s) => ({ x: s.t / 1000, y: 0 }));
    if (lost.length === 0) return;
    const c = p.series[i % p.series.length];
    datasets.push({
      label: LOST(t.host),
      data: lost,
      yAxisID: 'loss',
      borderColor: c,
      backgroundColor: c,
      pointStyle: 'crossRot',
      pointRadius: 6,
      pointBorderWidth: 2,
      showLine: false,
    });
  });
  return { type: 'line', data: { datasets }, options: latencyOptions(p) };
}

/** Jitter per probe: |RTT − previous answered RTT| at each answered probe (losses are skipped). */
export function jitterSeries(t: ProbeTargetStats): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  let prev: number | null = null;
  for (const s of t.series) {
    if (s.rttMs === null) continue;
    if (prev !== null) out.push({ x: s.t / 1000, y: Math.abs(s.rttMs - prev) });
    prev = s.rttMs;
  }
  return out;
}

export const jitterOptions = perPalette((p): LineOptions => {
  const o = timeAxes(p, (v) => formatMs(v), false);
  o.interaction = { mode: 'nearest', intersect: false };
  o.plugins!.tooltip = {
    callbacks: { label: (ctx) => `${ctx.dataset.label}: jitter ${formatMs(Number(ctx.parsed.y))}` },
  };
  return o;
});

/** Jitter per probe target over time (ms), in the same colours as the latency chart. */
export function jitterChart(targets: readonly ProbeTargetStats[], p: Palette): ChartConfiguration<'line'> {
  // the same time span as the latency chart (an axis of its own would start at 1970 with one point)
  const times = targets.flatMap((t) => t.series.map((s) => s.t / 1000));
  const span =
    times.length > 0
      ? [
          {
            label: '',
            data: [
              { x: Math.min(...times), y: 0 },
              { x: Math.max(...times), y: 0 },
            ],
            borderWidth: 0,
            pointRadius: 0,
          },
        ]
      : [];
  return {
    type: 'line',
    data: {
      datasets: [
        ...span,
        ...targets.map((t, i) => ({
          label: t.host,
          data: jitterSeries(t),
          borderColor: p.series[i % p.series.length],
          backgroundColor: p.series[i % p.series.length],
          borderDash: [3, 2],
          tension: 0,
          pointRadius: 0,
        })),
      ],
    },
    options: jitterOptions(p),
  };
}
