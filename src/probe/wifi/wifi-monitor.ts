/**
 * The Wi-Fi link through a session: read every WIFI_POLL_MS (system_profiler, slow to start, every
 * MAC_PROFILER_POLL_MS), with the session's history of signal, noise and rate (bounded). Readings
 * never overlap; a reading that fails leaves the last link and says why.
 */
import type { WifiSample, WifiSnapshot } from '../../api/wifi.js';
import type { SystemAccess } from '../system-access.js';
import { readWifi, type WifiReading } from './wifi-reader.js';

export const WIFI_POLL_MS = 2000;
export const MAC_PROFILER_POLL_MS = 10_000;
/** Readings kept: an hour at the 2 s cadence. */
export const WIFI_HISTORY_LIMIT = 1800;

export class WifiMonitor {
  private reading: WifiReading | null = null;
  private history: WifiSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly sys: SystemAccess,
    private readonly captureInterface: string | null,
    private readonly pollMs = WIFI_POLL_MS,
  ) {}

  start(): void {
    this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.busy;
  }

  /** Reads once now (tests, and the first reading). */
  async readNow(): Promise<void> {
    const r = await readWifi(this.sys, this.captureInterface);
    this.reading = r.link === null && this.reading?.link ? { ...this.reading, message: r.message, hint: r.hint } : r;
    if (r.link) {
      this.history.push({
        t: Date.now(),
        signalDbm: r.link.signalDbm,
        noiseDbm: r.link.noiseDbm,
        txRateMbps: r.link.txRateMbps,
        connected: r.link.connected,
      });
      if (this.history.length > WIFI_HISTORY_LIMIT) this.history.shift();
    }
  }

  snapshot(historyLimit = WIFI_HISTORY_LIMIT): WifiSnapshot {
    const r = this.reading;
    return {
      source: r?.source ?? null,
      link: r?.link ?? null,
      history: this.history.slice(-historyLimit),
      message: r ? r.message : 'reading the Wi-Fi link',
      hint: r?.hint ?? null,
    };
  }

  /** True once a reading said this is not a Wi-Fi link at all (nothing to show, nothing to poll). */
  get notWireless(): boolean {
    return this.reading !== null && this.reading.link === null && this.history.length === 0;
  }

  private tick(): void {
    if (this.stopped) return;
    this.busy = this.readNow().finally(() => {
      this.busy = null;
      if (this.stopped) return;
      const slow = this.reading?.source === 'system_profiler';
      this.timer = setTimeout(() => this.tick(), slow ? Math.max(this.pollMs, MAC_PROFILER_POLL_MS) : this.pollMs);
    });
  }
}
