/**
 * Packets and bytes per second of packet time, split by protocol family, for charts and spike
 * detection. Bounded: past MAX_BUCKETS distinct buckets (a capture spanning days, or sparse
 * packets over years) the step doubles and neighbouring buckets merge, so a point then covers
 * 2, 4, 8 ... seconds (stepSec says how many). Buckets are rows of typed arrays, not objects.
 */
import type { TimelinePoint } from '../api/report.js';

export const FAMILY_NAMES = ['tcp', 'udp', 'icmp', 'other'] as const;
export const FAMILY_TCP = 0;
export const FAMILY_UDP = 1;
export const FAMILY_ICMP = 2;
export const FAMILY_OTHER = 3;
const FAMILIES = FAMILY_NAMES.length;

/** At most this many buckets: two days of seconds. */
export const MAX_BUCKETS = 172_800;
/** Empty buckets between the first and last are listed as zeros while the span is at most this many. */
const MAX_FILLED = 86_400;

export class Timeline {
  /** Seconds per bucket (a power of two). */
  stepSec = 1;
  /** Bucket start (seconds) → row. */
  private rows = new Map<number, number>();
  private packets = new Float64Array(1024);
  private bytes = new Float64Array(1024);
  private byFamily = new Float64Array(1024 * FAMILIES);
  private lastKey = Number.NaN;
  private lastRow = -1;

  count(sec: number, bytes: number, family: number): void {
    const key = this.stepSec === 1 ? sec : sec - (((sec % this.stepSec) + this.stepSec) % this.stepSec);
    let row = this.lastRow;
    if (key !== this.lastKey) {
      row = this.rows.get(key) ?? -1;
      if (row < 0) row = this.add(key);
      this.lastKey = key;
      this.lastRow = row;
    }
    this.packets[row]++;
    this.bytes[row] += bytes;
    this.byFamily[row * FAMILIES + family] += bytes;
  }

  /**
   * Calls `fn` for every bucket counted (in no particular order): its start (epoch seconds; it
   * covers stepSec seconds), packets, bytes, and bytes by family (a view: read it at once).
   */
  forEachBucket(fn: (start: number, packets: number, bytes: number, byFamily: Float64Array) => void): void {
    for (const [start, row] of this.rows)
      fn(start, this.packets[row], this.bytes[row], this.byFamily.subarray(row * FAMILIES, row * FAMILIES + FAMILIES));
  }

  /** Points in time order, with empty buckets between the first and last filled in as zeros. */
  points(): TimelinePoint[] {
    const keys = [...this.rows.keys()].sort((a, b) => a - b);
    if (keys.length === 0) return [];
    const out: TimelinePoint[] = [];
    const step = this.stepSec;
    const first = keys[0];
    const last = keys[keys.length - 1];
    const emit = (t: number, row: number | undefined): void => {
      const byProtocol: Record<string, number> = {};
      FAMILY_NAMES.forEach((n, i) => (byProtocol[n] = row === undefined ? 0 : this.byFamily[row * FAMILIES + i]));
      out.push({
        t,
        packets: row === undefined ? 0 : this.packets[row],
        bytes: row === undefined ? 0 : this.bytes[row],
        byProtocol,
      });
    };
    if ((last - first) / step <= MAX_FILLED) for (let t = first; t <= last; t += step) emit(t, this.rows.get(t));
    else for (const t of keys) emit(t, this.rows.get(t));
    return out;
  }

  private add(key: number): number {
    if (this.rows.size >= MAX_BUCKETS) {
      this.coarsen();
      return this.add(key - (((key % this.stepSec) + this.stepSec) % this.stepSec));
    }
    const row = this.rows.size;
    if (row >= this.packets.length) {
      const n = this.packets.length * 2;
      this.packets = grow(this.packets, n);
      this.bytes = grow(this.bytes, n);
      this.byFamily = grow(this.byFamily, n * FAMILIES);
    }
    this.rows.set(key, row);
    return row;
  }

  /** Doubles the step: each pair of neighbouring buckets becomes one. */
  private coarsen(): void {
    const step = this.stepSec * 2;
    const old = { rows: this.rows, packets: this.packets, bytes: this.bytes, byFamily: this.byFamily };
    this.stepSec = step;
    this.rows = new Map();
    this.packets = new Float64Array(old.packets.length);
    this.bytes = new Float64Array(old.bytes.length);
    this.byFamily = new Float64Array(old.byFamily.length);
    for (const [key, from] of old.rows) {
      const k = key - (((key % step) + step) % step);
      let row = this.rows.get(k);
      if (row === undefined) {
        row = this.rows.size;
        this.rows.set(k, row);
      }
      this.packets[row] += old.packets[from];
      this.bytes[row] += old.bytes[from];
      for (let i = 0; i < FAMILIES; i++) this.byFamily[row * FAMILIES + i] += old.byFamily[from * FAMILIES + i];
    }
    this.lastKey = Number.NaN;
    this.lastRow = -1;
  }
}

function grow(a: Float64Array, n: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}
