/**
 * The dashboard's charts as PNG images for the HTML report: drawn off screen at a fixed size in
 * the light palette (a report is read on paper and in any theme), from the same configurations.
 */
import type { Snapshot } from '../../src/api/snapshot.js';
import type { ChartImage } from '../../src/api/views.js';
import { Chart, type ChartConfiguration, type ChartType, type Plugin } from './chart-core.js';
import { jitterChart, latencyChart, packetRateChart, protocolChart, throughputChart, trimTimeline } from './configs.js';
import { LIGHT_PALETTE } from './palette.js';

function render<T extends ChartType>(config: ChartConfiguration<T>, width: number, height: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  // a white background: PNGs are transparent otherwise, and unreadable on dark viewers
  const background: Plugin<T> = {
    id: 'background',
    beforeDraw(chart) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    },
  };
  const legend = config.options?.plugins?.legend;
  // TypeScript cannot follow a spread through Chart.js's DeepPartial of a generic chart type: the
  // merged object is the same type's options, with these fields set
  const options = {
    ...config.options,
    responsive: false,
    animation: false,
    devicePixelRatio: 1,
    // an image has no HTML beside it: the legend is drawn in it
    plugins: { ...config.options?.plugins, legend: { ...legend, display: legend !== undefined } },
  } as ChartConfiguration<T>['options'];
  const chart = new Chart<T>(canvas, { ...config, options, plugins: [background] });
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
      dataUrl: render(throughputChart(points, p), width, height),
    },
    { title: 'Packets per second', dataUrl: render(packetRateChart(points, p), width, height) },
    {
      title: 'Protocol distribution',
      dataUrl: render(protocolChart(s.protocols, p), width, height),
    },
  ];
  if (s.probe && s.probe.targets.length > 0) {
    images.push({
      title: 'Latency per probe target',
      dataUrl: render(latencyChart(s.probe.targets, p), width, height),
    });
    images.push({
      title: 'Jitter per probe target',
      dataUrl: render(jitterChart(s.probe.targets, p), width, height),
    });
  }
  return images;
}
