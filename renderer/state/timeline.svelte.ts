/**
 * The dashboard's time axis: the traffic over the span that fits (a file: all of it; live: the
 * last minute, ten minutes or the whole session), or the zoomed range (the view filter's time).
 * Asked from the engine (`timeline:range`) at any resolution, so a 0.6 s file and a 10-hour one
 * both fill the chart.
 */
import type { Api } from '../lib/api.js';
import type { TimelineArgs, TimelineRange } from '../../src/api/views.js';
import type { TimeRange } from './filters.svelte.js';

export type LiveWindow = 'minute' | 'tenMinutes' | 'session';

export const LIVE_WINDOWS: { id: LiveWindow; label: string; sec: number | null }[] = [
  { id: 'minute', label: '1 min', sec: 60 },
  { id: 'tenMinutes', label: '10 min', sec: 600 },
  { id: 'session', label: 'Whole session', sec: null },
];

/** Points a chart asks for (about one every 4 px of a dashboard chart). */
const BUCKETS = 240;

export class TimelineState {
  #range = $state.raw<TimelineRange | null>(null);
  #window = $state<LiveWindow>('tenMinutes');
  #log = $state(false);
  #error = $state('');
  private asked = 0;

  constructor(
    private readonly api: Api,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {}

  /** The latest answer (null before the first, or with no session). */
  get range(): TimelineRange | null {
    return this.#range;
  }

  /** The live span shown when not zoomed. */
  get window(): LiveWindow {
    return this.#window;
  }

  /** The packets chart on a logarithmic axis (small traffic next to a download). */
  get log(): boolean {
    return this.#log;
  }

  get error(): string {
    return this.#error;
  }

  setWindow(w: LiveWindow): void {
    this.#window = w;
  }

  setLog(log: boolean): void {
    this.#log = log;
  }

  /** What to ask for: the zoom, else (live) the window ending now, else the whole session. */
  args(live: boolean, zoom: TimeRange | null, startedAt: number | null = null): TimelineArgs {
    if (zoom) return { from: zoom.from, to: zoom.to, buckets: BUCKETS };
    const sec = LIVE_WINDOWS.find((w) => w.id === this.#window)?.sec ?? null;
    if (live && sec !== null) {
      const to = this.now();
      // a capture younger than the window fills the chart (no minutes of nothing before its start)
      return { from: Math.max(to - sec, startedAt ?? -Infinity), to, buckets: BUCKETS };
    }
    return { buckets: BUCKETS };
  }

  async refresh(live: boolean, zoom: TimeRange | null, startedAt: number | null = null): Promise<void> {
    const asked = ++this.asked;
    const r = await this.api.request('timeline:range', this.args(live, zoom, startedAt));
    if (asked !== this.asked) return; // a newer question was asked meanwhile
    if (r.ok) {
      this.#range = r.value;
      this.#error = '';
    } else if (r.error.code === 'no-session') {
      this.#range = null;
      this.#error = '';
    } else this.#error = r.error.message;
  }

  /** A new session: nothing to show until it is asked again. */
  clear(): void {
    this.asked++;
    this.#range = null;
  }
}
