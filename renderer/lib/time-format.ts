/**
 * Time for charts and titles: ticks that fit the span shown (milliseconds for a zoomed second,
 * dates for days), and a title that says the real window ("14:03:00 – 14:05:30, 2 min 30 s").
 */
import { formatClock, formatDuration } from './format.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A tick of an axis that spans `span` seconds. */
export function formatTick(epochSec: number, span: number): string {
  if (!Number.isFinite(epochSec)) return '';
  if (span < 10) return formatClock(epochSec, true).slice(0, span < 1 ? 12 : 10);
  if (span > 2 * 86400) {
    const d = new Date(epochSec * 1000);
    return `${MONTHS[d.getMonth()]} ${d.getDate()} ${formatClock(epochSec).slice(0, 5)}`;
  }
  if (span > 3 * 3600) return formatClock(epochSec).slice(0, 5);
  return formatClock(epochSec);
}

/** "14:03:00 – 14:05:30 (2 min 30 s)"; sub-second spans keep milliseconds. */
export function spanTitle(from: number, to: number): string {
  const span = Math.max(0, to - from);
  const precise = span < 10;
  return `${formatClock(from, precise)} – ${formatClock(to, precise)} (${formatDuration(span)})`;
}

/** The size of one chart point in words: "1 s", "200 ms", "2 min", "1 h". */
export function bucketText(sec: number): string {
  if (sec < 1) return `${Math.round(sec * 1000)} ms`;
  if (sec < 60) return `${sec} s`;
  if (sec < 3600) return `${sec / 60} min`;
  return `${sec / 3600} h`;
}
