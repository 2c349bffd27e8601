/**
 * Per-address counters over a sliding window (two half-window generations), indexed by the
 * analyzer's address ids: packets sent and received, bytes sent, TCP data segments and
 * retransmissions sent, and each sender's most frequent destination (majority vote). Only typed
 * arrays and a list of the ids touched in each generation, so the per-packet cost is a few array
 * writes and a generation is cleared in time proportional to the hosts it saw.
 */
import { growF64, growI32 } from './windows.js';

export class HostGen {
  txPackets = new Float64Array(1024);
  rxPackets = new Float64Array(1024);
  txBytes = new Float64Array(1024);
  dataSegs = new Float64Array(1024);
  retx = new Float64Array(1024);
  /** Majority-vote candidate destination per sender, and its vote count. */
  cand = new Int32Array(1024);
  votes = new Int32Array(1024);
  private stamp = new Uint8Array(1024);
  touched = new Int32Array(1024);
  nTouched = 0;
  packets = 0;
  bytes = 0;
  /** Index of the generation (floor(t / half)); -Infinity when never used. */
  gen = Number.NEGATIVE_INFINITY;

  ensure(id: number): void {
    if (id < this.txPackets.length) return;
    this.txPackets = growF64(this.txPackets, id);
    this.rxPackets = growF64(this.rxPackets, id);
    this.txBytes = growF64(this.txBytes, id);
    this.dataSegs = growF64(this.dataSegs, id);
    this.retx = growF64(this.retx, id);
    this.cand = growI32(this.cand, id);
    this.votes = growI32(this.votes, id);
    const s = new Uint8Array(this.txPackets.length);
    s.set(this.stamp);
    this.stamp = s;
  }

  touch(id: number): void {
    if (this.stamp[id] === 1) return;
    this.stamp[id] = 1;
    if (this.nTouched === this.touched.length) this.touched = growI32(this.touched, this.nTouched);
    this.touched[this.nTouched++] = id;
  }

  /** Zeroes what this generation counted (only the touched ids). */
  clear(): void {
    for (let i = 0; i < this.nTouched; i++) {
      const id = this.touched[i];
      this.txPackets[id] = 0;
      this.rxPackets[id] = 0;
      this.txBytes[id] = 0;
      this.dataSegs[id] = 0;
      this.retx[id] = 0;
      this.votes[id] = 0;
      this.stamp[id] = 0;
    }
    this.nTouched = 0;
    this.packets = 0;
    this.bytes = 0;
  }
}

export class HostWindow {
  cur = new HostGen();
  prev = new HostGen();
  /** Called with a generation about to be cleared (it has just become older than the window). */
  onRetire: ((g: HostGen, halfSec: number) => void) | null = null;

  constructor(readonly halfSec: number) {}

  /** Moves the window to time `t` (seconds). */
  advance(t: number): void {
    const g = Math.floor(t / this.halfSec);
    if (g <= this.cur.gen) return;
    const old = this.prev;
    if (g === this.cur.gen + 1) {
      // prev falls out, cur becomes prev; the last complete generation is reported as it leaves cur
      if (this.onRetire !== null && this.cur.gen !== Number.NEGATIVE_INFINITY) this.onRetire(this.cur, this.halfSec);
      old.clear();
      this.prev = this.cur;
      this.cur = old;
    } else {
      if (this.onRetire !== null && this.cur.gen !== Number.NEGATIVE_INFINITY) this.onRetire(this.cur, this.halfSec);
      this.cur.clear();
      this.prev.clear();
      this.prev.gen = g - 1;
    }
    this.cur.gen = g;
  }

  /** One IP packet from `src` to `dst`. */
  count(src: number, dst: number, bytes: number): void {
    const c = this.cur;
    const hi = src > dst ? src : dst;
    if (hi >= c.txPackets.length) c.ensure(hi);
    if (hi >= this.prev.txPackets.length) this.prev.ensure(hi);
    c.touch(src);
    c.touch(dst);
    c.txPackets[src]++;
    c.txBytes[src] += bytes;
    c.rxPackets[dst]++;
    c.packets++;
    c.bytes += bytes;
    if (c.cand[src] === dst) c.votes[src]++;
    else if (c.votes[src] === 0) {
      c.cand[src] = dst;
      c.votes[src] = 1;
    } else c.votes[src]--;
  }

  /** A TCP segment with data from `src` (already counted by count()); `retransmission` as the analyzer judged it. */
  dataSegment(src: number, retransmission: boolean): void {
    this.cur.dataSegs[src]++;
    if (retransmission) this.cur.retx[src]++;
  }

  txPackets(id: number): number {
    return this.cur.txPackets[id] + this.prev.txPackets[id];
  }

  rxPackets(id: number): number {
    return this.cur.rxPackets[id] + this.prev.rxPackets[id];
  }

  txBytes(id: number): number {
    return this.cur.txBytes[id] + this.prev.txBytes[id];
  }

  dataSegs(id: number): number {
    return this.cur.dataSegs[id] + this.prev.dataSegs[id];
  }

  retx(id: number): number {
    return this.cur.retx[id] + this.prev.retx[id];
  }

  /** The sender's most frequent destination in the current generation (or the previous), or -1. */
  mainDestination(id: number): number {
    if (this.cur.votes[id] > 0) return this.cur.cand[id];
    if (this.prev.votes[id] > 0) return this.prev.cand[id];
    return -1;
  }
}
