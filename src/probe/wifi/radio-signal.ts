/**
 * The signal of every frame a radiotap (monitor-mode) capture carried: the points for the chart
 * (the latest RADIO_POINTS, oldest first) and the whole capture's count, min, max and mean. Fed
 * once per frame that has an antenna signal, from the packet path: it only stores two numbers.
 */
import type { RadioSignalSeries } from '../../api/wifi.js';

export const RADIO_POINTS = 600;

export class RadioSignal {
  private readonly t = new Float64Array(RADIO_POINTS);
  private readonly dbm = new Int16Array(RADIO_POINTS);
  private next = 0;
  private frames = 0;
  private sum = 0;
  private min = 0;
  private max = 0;

  /** One frame's signal at capture time `tMs` (epoch ms). */
  add(tMs: number, dbm: number): void {
    if (this.frames === 0 || dbm < this.min) this.min = dbm;
    if (this.frames === 0 || dbm > this.max) this.max = dbm;
    this.frames++;
    this.sum += dbm;
    this.t[this.next] = tMs;
    this.dbm[this.next] = dbm;
    this.next = (this.next + 1) % RADIO_POINTS;
  }

  /** The series (its latest `limit` points); null when no frame carried a signal. */
  series(limit = RADIO_POINTS): RadioSignalSeries | null {
    if (this.frames === 0) return null;
    const held = Math.min(this.frames, RADIO_POINTS);
    const n = Math.min(held, limit);
    const points: { t: number; dbm: number }[] = new Array(n);
    for (let k = 0; k < n; k++) {
      const i = (this.next - n + k + RADIO_POINTS) % RADIO_POINTS;
      points[k] = { t: this.t[i], dbm: this.dbm[i] };
    }
    return { frames: this.frames, minDbm: this.min, maxDbm: this.max, meanDbm: this.sum / this.frames, points };
  }
}
