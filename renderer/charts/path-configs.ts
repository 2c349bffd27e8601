/**
 * The Path view's charts, as pure functions of snapshot data and a palette (as configs.ts):
 * - the latency timeline per hop (PingPlotter's lower pane): a line per hop over the rounds, the
 *   lost probes marked, the hop where the trouble starts drawn thicker;
 * - the Wi-Fi link's signal and noise over the session;
 * - the signal of each frame of a radiotap capture (the values tshark shows as radiotap.dbm_antsignal).
 * x is epoch seconds everywhere.
 */
import type { ChartConfiguration } from './chart-core.js';
import type { PathSnapshot } from '../../src/api/path.js';
import type { RadioSignalSeries, WifiSample } from '../../src/api/wifi.js';
import { formatMs } from '../lib/format.js';
import { perPalette, timeAxes, type LineOptions } from './configs.js';
import type { Palette } from './palette.js';

export const LOST_LABEL = 'lost probe';

const hopOptions = perPalette((p): LineOptions => {
  const o = timeAxes(p, (v) => formatMs(v), false);
  o.interaction = { mode: 'nearest', intersect: false };
  o.plugins!.tooltip = {
    callbacks: {
      label: (ctx) =>
        ctx.dataset.label === LOST_LABEL ? LOST_LABEL : `${ctx.dataset.label}: ${formatMs(Number(ctx.parsed.y))}`,
    },
  };
  return o;
});

/** Round-trip time of each hop over the rounds; `highlight` (a ttl) is drawn thicker. */
export function hopLatencyChart(path: PathSnapshot, p: Palette, highlight: number | null): ChartConfiguration<'line'> {
  const datasets: ChartConfiguration<'line'>['data']['datasets'] = [];
  const lost: { x: number; y: number }[] = [];
  path.hops.forEach((h, k) => {
    const row = path.series.rtt[k] ?? [];
    const data: { x: number; y: number | null }[] = [];
    row.forEach((v, r) => {
      const x = path.series.t[r] / 1000;
      if (v === -1) return;
      data.push({ x, y: v });
      if (v === null) lost.push({ x, y: 0 });
    });
    const c = p.series[k % p.series.length];
    const mine = h.ttl === highlight;
    datasets.push({
      label: `hop ${h.ttl}${h.address ? ` ${h.address}` : ''}`,
      data: data as { x: number; y: number }[],
      borderColor: c,
      backgroundColor: c,
      borderWidth: mine ? 4 : 1.5,
      spanGaps: false,
      tension: 0,
      pointRadius: 0,
    });
  });
  if (lost.length > 0) {
    datasets.push({
      type: 'scatter' as 'line',
      label: LOST_LABEL,
      data: lost,
      borderColor: p.loss,
      backgroundColor: p.loss,
      pointStyle: 'crossRot',
      pointRadius: 5,
      pointBorderWidth: 2,
      showLine: false,
    });
  }
  return { type: 'line', data: { datasets }, options: hopOptions(p) };
}

const dbmOptions = perPalette((p): LineOptions => {
  const o = timeAxes(p, (v) => `${v} dBm`, false);
  // signal is negative dBm: the axis fits the values instead of starting at 0
  const scales = o.scales!;
  scales.y = { ...scales.y, beginAtZero: false } as typeof scales.y;
  o.interaction = { mode: 'nearest', intersect: false };
  return o;
});

/** Signal and noise of the Wi-Fi link over the session (dBm). */
export function wifiHistoryChart(history: readonly WifiSample[], p: Palette): ChartConfiguration<'line'> {
  const line = (label: string, color: string, pick: (s: WifiSample) => number | null) => ({
    label,
    data: history.map((s) => ({ x: s.t / 1000, y: pick(s) })) as { x: number; y: number }[],
    borderColor: color,
    backgroundColor: color,
    spanGaps: false,
    tension: 0,
    pointRadius: 0,
  });
  return {
    type: 'line',
    data: {
      datasets: [line('signal', p.series[0], (s) => s.signalDbm), line('noise', p.other, (s) => s.noiseDbm)],
    },
    options: dbmOptions(p),
  };
}

/** The signal of each radiotap frame (dBm), one point per frame. */
export function radioSignalChart(radio: RadioSignalSeries, p: Palette): ChartConfiguration<'line'> {
  return {
    type: 'line',
    data: {
      datasets: [
        {
          label: 'signal per frame',
          data: radio.points.map((pt) => ({ x: pt.t / 1000, y: pt.dbm })),
          borderColor: p.series[0],
          backgroundColor: p.series[0],
          showLine: false,
          pointRadius: 2,
        },
      ],
    },
    options: dbmOptions(p),
  };
}
