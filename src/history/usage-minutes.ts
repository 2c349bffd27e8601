/**
 * The recorder's per-packet work: bytes and packets in and out per (minute of the packet's own
 * timestamp, local host, remote host, protocol), in typed arrays keyed by the analyzer's address
 * ids, so a packet costs one Map lookup and four additions and allocates nothing. Rows (with
 * strings) are made only when a minute is written, every few seconds.
 */
import type { UsageRow } from './write-batch.js';

/** Address ids below 2^21 and protocol labels below 2^10 make one exact number key (< 2^52). */
const ID_LIMIT = 2 ** 21;
const LABEL_LIMIT = 1024;
const FIRST_SLOTS = 256;

export interface MinuteNames {
  address(id: number): string;
  /** The local end of a pair the first time it is seen (a is the packet's source). */
  aIsLocal(a: number, b: number): boolean;
  /** Country and ASN of a remote address ('' and null until identity knows). */
  geo(remote: string): { country: string; asn: number | null };
}

export class MinuteTable {
  private readonly keys = new Map<number, number>();
  private readonly wideKeys = new Map<string, number>();
  private local = new Int32Array(FIRST_SLOTS);
  private remote = new Int32Array(FIRST_SLOTS);
  private label = new Int32Array(FIRST_SLOTS);
  private bytesIn = new Float64Array(FIRST_SLOTS);
  private bytesOut = new Float64Array(FIRST_SLOTS);
  private packetsIn = new Float64Array(FIRST_SLOTS);
  private packetsOut = new Float64Array(FIRST_SLOTS);
  private n = 0;
  /** Changed since the last rows() (nothing to write otherwise). */
  dirty = false;

  constructor(
    readonly minute: number,
    readonly part: number,
  ) {}

  get size(): number {
    return this.n;
  }

  count(src: number, dst: number, labelIndex: number, bytes: number, names: MinuteNames): void {
    const lo = src < dst ? src : dst;
    const hi = src < dst ? dst : src;
    let slot: number | undefined;
    if (hi < ID_LIMIT && labelIndex < LABEL_LIMIT) {
      const key = (lo * ID_LIMIT + hi) * LABEL_LIMIT + labelIndex;
      slot = this.keys.get(key);
      if (slot === undefined) {
        slot = this.add(src, dst, labelIndex, names);
        this.keys.set(key, slot);
      }
    } else {
      const key = `${lo}/${hi}/${labelIndex}`;
      slot = this.wideKeys.get(key);
      if (slot === undefined) {
        slot = this.add(src, dst, labelIndex, names);
        this.wideKeys.set(key, slot);
      }
    }
    if (this.local[slot] === src) {
      this.bytesOut[slot] += bytes;
      this.packetsOut[slot]++;
    } else {
      this.bytesIn[slot] += bytes;
      this.packetsIn[slot]++;
    }
    this.dirty = true;
  }

  private add(src: number, dst: number, labelIndex: number, names: MinuteNames): number {
    const slot = this.n++;
    if (slot >= this.local.length) this.grow();
    const srcLocal = names.aIsLocal(src, dst);
    this.local[slot] = srcLocal ? src : dst;
    this.remote[slot] = srcLocal ? dst : src;
    this.label[slot] = labelIndex;
    return slot;
  }

  private grow(): void {
    const n = this.local.length * 2;
    const i32 = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    const f64 = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.local = i32(this.local);
    this.remote = i32(this.remote);
    this.label = i32(this.label);
    this.bytesIn = f64(this.bytesIn);
    this.bytesOut = f64(this.bytesOut);
    this.packetsIn = f64(this.packetsIn);
    this.packetsOut = f64(this.packetsOut);
  }

  /** The minute so far, one row per (local, remote, protocol). */
  rows(labels: readonly string[], names: MinuteNames): UsageRow[] {
    this.dirty = false;
    const out: UsageRow[] = [];
    for (let i = 0; i < this.n; i++) {
      const remote = names.address(this.remote[i]);
      const g = names.geo(remote);
      out.push([
        names.address(this.local[i]),
        remote,
        '',
        labels[this.label[i]],
        g.country,
        g.asn,
        this.bytesIn[i],
        this.bytesOut[i],
        this.packetsIn[i],
        this.packetsOut[i],
      ]);
    }
    return out;
  }
}
