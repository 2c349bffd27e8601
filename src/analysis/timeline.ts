/** Packets and bytes per whole second, split by protocol family, for charts and spike detection. */
import type { TimelinePoint } from '../api/report.js';

export const FAMILY_NAMES = ['tcp', 'udp', 'icmp', 'other'] as const;
export const FAMILY_TCP = 0;
export const FAMILY_UDP = 1;
export const FAMILY_ICMP = 2;
export const FAMILY_OTHER = 3;

class Bucket {
  packets = 0;
  bytes = 0;
  readonly byFamily = new Float64Array(FAMILY_NAMES.length);
  constructor(readonly t: number) {}
}

export class Timeline {
  private readonly buckets = new Map<number, Bucket>();
  private last: Bucket | null = null;

  count(sec: number, bytes: number, family: number): void {
    let b = this.last;
    if (b === null || b.t !== sec) {
      b = this.buckets.get(sec) ?? null;
      if (b === null) {
        b = new Bucket(sec);
        this.buckets.set(sec, b);
      }
      this.last = b;
    }
    b.packets++;
    b.bytes += bytes;
    b.byFamily[family] += bytes;
  }

  /** Points in time order, with empty seconds between the first and last filled in as zeros. */
  points(): TimelinePoint[] {
    const secs = [...this.buckets.keys()].sort((a, b) => a - b);
    if (secs.length === 0) return [];
    const out: TimelinePoint[] = [];
    const first = secs[0];
    const lastSec = secs[secs.length - 1];
    // A capture spanning days would make a huge series of zeros: fill gaps only up to a day.
    const fill = lastSec - first <= 86_400;
    const emit = (t: number, b: Bucket | undefined): void => {
      const byProtocol: Record<string, number> = {};
      FAMILY_NAMES.forEach((n, i) => (byProtocol[n] = b ? b.byFamily[i] : 0));
      out.push({ t, packets: b?.packets ?? 0, bytes: b?.bytes ?? 0, byProtocol });
    };
    if (fill) for (let t = first; t <= lastSec; t++) emit(t, this.buckets.get(t));
    else for (const t of secs) emit(t, this.buckets.get(t));
    return out;
  }
}
