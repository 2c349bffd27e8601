/**
 * The recorder's per-packet work: bytes and packets in and out per (minute of the packet's own
 * timestamp, local host, remote host, protocol), in typed arrays keyed by the analyzer's address
 * ids, so a packet costs a hash probe and four additions and allocates nothing. Rows (with
 * strings) are made only when a minute is written, every few seconds.
 */
import type { UsageRow } from './write-batch.js';

const FIRST_SLOTS = 256;
const EMPTY = -1;

export interface MinuteNames {
  address(id: number): string;
  /** The local end of a pair the first time it is seen (a is the packet's source). */
  aIsLocal(a: number, b: number): boolean;
  /** Country and ASN of a remote address ('' and null until identity knows). */
  geo(remote: string): { country: string; asn: number | null };
}

/**
 * One minute's counters: an open-addressing hash table over (lower id, higher id, protocol label).
 * Each slot's key is 4 ints in one array and its counters (now, and as last written) 8 doubles in
 * another, one cache line: a lookup is a few integer compares, an update touches three lines.
 */
const K = 4; // lo, hi, label, local
const C = 8; // bytes in, bytes out, packets in, packets out; then the same as last written

export class MinuteTable {
  private index = new Int32Array(FIRST_SLOTS * 2).fill(EMPTY);
  private mask = FIRST_SLOTS * 2 - 1;
  private keys = new Int32Array(FIRST_SLOTS * K);
  private counts = new Float64Array(FIRST_SLOTS * C);
  private n = 0;
  private lastLo = -1;
  private lastHi = -1;
  private lastLabel = -1;
  private lastSlot = 0;
  /** Changed since the last delta (nothing to write otherwise). */
  dirty = false;

  constructor(readonly minute: number) {}

  get size(): number {
    return this.n;
  }

  count(src: number, dst: number, labelIndex: number, bytes: number, names: MinuteNames): void {
    const lo = src < dst ? src : dst;
    const hi = src < dst ? dst : src;
    let slot: number;
    // packets come in bursts of one conversation: the last one first, then the table
    if (lo === this.lastLo && hi === this.lastHi && labelIndex === this.lastLabel) slot = this.lastSlot;
    else {
      slot = this.find(lo, hi, labelIndex, src, dst, names);
      this.lastLo = lo;
      this.lastHi = hi;
      this.lastLabel = labelIndex;
      this.lastSlot = slot;
    }
    const c = this.counts;
    const at = slot * C + (this.keys[slot * K + 3] === src ? 1 : 0);
    c[at] += bytes; // [0] bytes in, [1] bytes out
    c[at + 2]++; // [2] packets in, [3] packets out
    this.dirty = true;
  }

  private hash(lo: number, hi: number, label: number): number {
    return (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77) ^ Math.imul(label, 0xc2b2ae3d)) & this.mask;
  }

  private find(lo: number, hi: number, label: number, src: number, dst: number, names: MinuteNames): number {
    const index = this.index;
    const keys = this.keys;
    let h = this.hash(lo, hi, label);
    for (;;) {
      const s = index[h];
      if (s === EMPTY) break;
      const k = s * K;
      if (keys[k] === lo && keys[k + 1] === hi && keys[k + 2] === label) return s;
      h = (h + 1) & this.mask;
    }
    const slot = this.n++;
    if ((slot + 1) * K > this.keys.length) this.grow();
    const k = slot * K;
    this.keys[k] = lo;
    this.keys[k + 1] = hi;
    this.keys[k + 2] = label;
    this.keys[k + 3] = names.aIsLocal(src, dst) ? src : dst;
    index[h] = slot;
    if (this.n * 2 > this.mask) this.rehash();
    return slot;
  }

  private grow(): void {
    const keys = new Int32Array(this.keys.length * 2);
    keys.set(this.keys);
    this.keys = keys;
    const counts = new Float64Array(this.counts.length * 2);
    counts.set(this.counts);
    this.counts = counts;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    this.index = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    for (let s = 0; s < this.n; s++) {
      let h = this.hash(this.keys[s * K], this.keys[s * K + 1], this.keys[s * K + 2]);
      while (this.index[h] !== EMPTY) h = (h + 1) & this.mask;
      this.index[h] = s;
    }
  }

  /** What each (local, remote, protocol) gained since the last delta; that is then written. */
  delta(labels: readonly string[], names: MinuteNames): UsageRow[] {
    this.dirty = false;
    const out: UsageRow[] = [];
    const c = this.counts;
    for (let i = 0; i < this.n; i++) {
      const at = i * C;
      const pi = c[at + 2] - c[at + 6];
      const po = c[at + 3] - c[at + 7];
      if (pi === 0 && po === 0) continue;
      const bi = c[at] - c[at + 4];
      const bo = c[at + 1] - c[at + 5];
      for (let j = 0; j < 4; j++) c[at + 4 + j] = c[at + j];
      const k = i * K;
      const local = this.keys[k + 3];
      const remote = names.address(local === this.keys[k] ? this.keys[k + 1] : this.keys[k]);
      const g = names.geo(remote);
      out.push([names.address(local), remote, '', labels[this.keys[k + 2]], g.country, g.asn, bi, bo, pi, po]);
    }
    return out;
  }
}
