/**
 * The dashboard's charts as PNG images for the HTML report: drawn off screen at a fixed size in
 * the light palette (a report is read on paper and in any theme), from the same configurations.
 */
import type { Snapshot } from '../../src/api/snapshot.js';
import type { ChartImage } from '../../src/api/views.js';
import { Chart, type ChartConfiguration } from './chart-core.js';
import { jitterChart, latencyChart, packetRateChart, protocolChart, throughputChart, trimTimeline } from './configs.js';
import { LIGHT_PALETTE } from './palette.js';

function render(config: ChartConfiguration, width: number, height: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  // a white background: PNGs are transparent otherwise, and unreadable on dark viewers
  const background = {
    id: 'background',
    beforeDraw(chart: Chart) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    },
  };
  const legend = (config.options?.plugins as { legend?: object } | undefined)?.legend;
  const chart = new Chart(canvas, {
    ...config,
    options: {
      ...config.options,
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      // an image has no HTML beside it: the legend is drawn in it
      plugins: {
        ...config.options?.plugins,
        legend: { ...legend, display: (legend as { display?: boolean } | undefined) !== undefined },
      },
    },
    plugins: [background],
  } as ChartConfiguration);
  try {
    return chart.toBase64Image('image/png');
  } finally {
    chart.destroy();
  }
}

export function chartImages(s: Snapshot, width = 960, height = 320): ChartImage[] {
  const p = LIGHT_PALETTE;
  const points = trimTimeline(s.timeline.points);
  const images: ChartImage[] = [
    {
      title: 'Throughput in/out by protocol',
      dataUrl: render(throughputChart(points, p) as ChartConfiguration, width, height),
    },
    { title: 'Packets per second', dataUrl: render(packetRateChart(points, p) as ChartConfiguration, width, height) },
    {
      title: 'Protocol distribution',
      dataUrl: render(protocolChart(s.protocols, p) as ChartConfiguration, width, height),
    },
  ];
  if (s.probe && s.probe.targets.length > 0) {
    images.push({
      title: 'Latency per probe target',
      dataUrl: render(latencyChart(s.probe.targets, p) as ChartConfiguration, width, height),
    });
    images.push({
      title: 'Jitter per probe target',
      dataUrl: render(jitterChart(s.probe.targets, p) as ChartConfiguration, width, height),
    });
  }
  return images;
}
