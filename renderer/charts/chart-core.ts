/**
 * The one place that imports Chart.js: registers only what the charts use (tree-shaken build) and
 * sets quiet defaults (no animation: snapshots arrive up to 10 times a second).
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
  type ChartData,
  type ChartDataset,
  type ChartOptions,
  type ChartType,
  type Plugin,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
);

Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', Roboto, Arial, sans-serif";
Chart.defaults.font.size = 12;
Chart.defaults.plugins.tooltip.animation = false;
Chart.defaults.elements.point.radius = 0;
Chart.defaults.elements.line.borderWidth = 1.5;

export { Chart };
export type { ChartConfiguration, ChartData, ChartDataset, ChartOptions, ChartType, Plugin };
