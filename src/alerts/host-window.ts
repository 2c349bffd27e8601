/**
 * Per-address counts over a sliding window, at no cost per packet: the analyzer already keeps
 * cumulative per-address counters (packets and bytes sent and received, TCP data segments and
 * retransmissions sent), so the window is the difference between them now and a snapshot taken
 * at the start of the previous half-window (between W/2 and W seconds of history).
 *
 * A snapshot costs time proportional to the number of addresses, once per half-window. When the
 * address table is huge and packets are few (a long capture after a spoofed flood), a snapshot
 * is skipped unless at least one packet per 8 addresses came since the last one, which bounds
 * the cost per packet; until the next snapshot, per-address windows are unknown (the detectors
 * that need them wait).
 */
import type { Analyzer } from '../analysis/analyzer.js';

/** Below this many addresses a snapshot is always taken (a few hundred KB of copying at most). */
const ALWAYS_SNAPSHOT = 65_536;

class Snapshot {
  gen = Number.NEGATIVE_INFINITY;
  /** The analyzer's packet count when it was taken. */
  packets = 0;
  bytes = 0;
  retxBytes = 0;
  n = 0;
  txPackets = new Float64Array(0);
  rxPackets = new Float64Array(0);
  txBytes = new Float64Array(0);
  dataSegs = new Float64Array(0);
  retx = new Float64Array(0);
  retxBytesById = new Float64Array(0);
  valid = false;

  /** Copies the analyzer's counters (or, when no packet came since `from` was taken, its copy's header). */
  take(an: Analyzer, gen: number, from: Snapshot): void {
    const a = an.addresses;
    const n = a.size;
    if (from.valid && from.packets === an.packets && from.n === n && from !== this) {
      // nothing moved: swap the arrays in, no copying
      [this.txPackets, from.txPackets] = [from.txPackets, this.txPackets];
      [this.rxPackets, from.rxPackets] = [from.rxPackets, this.rxPackets];
      [this.txBytes, from.txBytes] = [from.txBytes, this.txBytes];
      [this.dataSegs, from.dataSegs] = [from.dataSegs, this.dataSegs];
      [this.retx, from.retx] = [from.retx, this.retx];
      [this.retxBytesById, from.retxBytesById] = [from.retxBytesById, this.retxBytesById];
      this.n = n;
      this.gen = gen;
      this.packets = from.packets;
      this.bytes = from.bytes;
      this.retxBytes = from.retxBytes;
      this.valid = true;
      from.valid = false;
      return;
    }
    if (this.txPackets.length < n) {
      const cap = Math.max(1024, n * 2);
      this.txPackets = new Float64Array(cap);
      this.rxPackets = new Float64Array(cap);
      this.txBytes = new Float64Array(cap);
      this.dataSegs = new Float64Array(cap);
      this.retx = new Float64Array(cap);
      this.retxBytesById = new Float64Array(cap);
    }
    this.txPackets.set(a.txPackets.subarray(0, n));
    this.rxPackets.set(a.rxPackets.subarray(0, n));
    this.txBytes.set(a.txBytes.subarray(0, n));
    this.dataSegs.set(a.tcpDataSegments.subarray(0, n));
    this.retx.set(a.tcpRetransmissions.subarray(0, n));
    this.retxBytesById.set(a.tcpRetransmittedBytes.subarray(0, n));
    this.n = n;
    this.gen = gen;
    this.packets = an.packets;
    this.bytes = an.bytes;
    this.retxBytes = an.retransmittedBytes;
    this.valid = true;
  }
}

/** One finished half-window, per address (read only during the onRetire call). */
export interface RetiredGen {
  /** Address ids 0..n-1. */
  n: number;
  bytes: number;
  /** Bytes sent by each id in the half-window: `now[id] - (id < baseN ? base[id] : 0)`. */
  now: Float64Array;
  base: Float64Array;
  baseN: number;
}

export class HostWindow {
  private cur = new Snapshot();
  private prev = new Snapshot();
  /** Index of the current half-window (floor(t / half)). */
  gen = Number.NEGATIVE_INFINITY;
  /** Called with each finished half-window, when its per-address counts are known. */
  onRetire: ((g: RetiredGen, halfSec: number) => void) | null = null;
  private readonly retired: RetiredGen;

  constructor(
    private readonly an: Analyzer,
    readonly halfSec: number,
  ) {
    this.retired = { n: 0, bytes: 0, now: new Float64Array(0), base: new Float64Array(0), baseN: 0 };
  }

  /**
   * Moves to time `t` (seconds): at a new half-window, the snapshots shift. True when they did.
   * `src`/`dst`/`bytes`/`dataSeg` describe the packet that opened the new time, already counted
   * by the analyzer: it belongs to the new half-window, so it is taken out of the snapshot.
   */
  advance(t: number, src = -1, dst = -1, bytes = 0, dataSeg = false): boolean {
    const g = Math.floor(t / this.halfSec);
    if (g <= this.gen) return false;
    const an = this.an;
    // the half-window that just ended, if its start was snapshotted
    if (this.onRetire !== null && this.cur.valid && this.cur.gen === this.gen) {
      this.retired.n = an.addresses.size;
      this.retired.bytes = an.bytes - this.cur.bytes;
      this.retired.now = an.addresses.txBytes;
      this.retired.base = this.cur.txBytes;
      this.retired.baseN = this.cur.n;
      this.onRetire(this.retired, this.halfSec);
    }
    const n = an.addresses.size;
    const since = an.packets - (this.cur.valid ? this.cur.packets : 0);
    const old = this.prev;
    this.prev = this.cur;
    this.cur = old;
    if (n <= ALWAYS_SNAPSHOT || since * 8 >= n) {
      const c = this.cur;
      c.take(an, g, this.prev);
      if (src >= 0 && src < c.n && dst < c.n) {
        c.txPackets[src]--;
        c.txBytes[src] -= bytes;
        c.rxPackets[dst]--;
        if (dataSeg) c.dataSegs[src]--;
        c.packets--;
        c.bytes -= bytes;
      }
    } else this.cur.valid = false;
    if (g !== this.gen + 1) this.prev.valid = false; // a jump: the previous half-window is not the one before
    this.gen = g;
    return true;
  }

  /** The snapshot the window starts at, or null when unknown. */
  private base(): Snapshot | null {
    if (this.prev.valid && this.prev.gen === this.gen - 1) return this.prev;
    if (this.cur.valid && this.cur.gen === this.gen) return this.cur;
    return null;
  }

  /** Whether per-address window counts are known now. */
  get known(): boolean {
    return this.base() !== null;
  }

  /** Start of the window (seconds), or NaN when unknown. */
  get start(): number {
    const b = this.base();
    return b === null ? Number.NaN : b.gen * this.halfSec;
  }

  /** Packets of all addresses within the window (0 when unknown). */
  get packets(): number {
    const b = this.base();
    return b === null ? 0 : this.an.packets - b.packets;
  }

  /** Address ids that may have counts (0..size-1). */
  get size(): number {
    return this.an.addresses.size;
  }

  txPackets(id: number): number {
    const b = this.base();
    return b === null ? 0 : this.an.addresses.txPackets[id] - (id < b.n ? b.txPackets[id] : 0);
  }

  rxPackets(id: number): number {
    const b = this.base();
    return b === null ? 0 : this.an.addresses.rxPackets[id] - (id < b.n ? b.rxPackets[id] : 0);
  }

  txBytes(id: number): number {
    const b = this.base();
    return b === null ? 0 : this.an.addresses.txBytes[id] - (id < b.n ? b.txBytes[id] : 0);
  }

  dataSegs(id: number): number {
    const b = this.base();
    return b === null ? 0 : this.an.addresses.tcpDataSegments[id] - (id < b.n ? b.dataSegs[id] : 0);
  }

  retx(id: number): number {
    const b = this.base();
    return b === null ? 0 : this.an.addresses.tcpRetransmissions[id] - (id < b.n ? b.retx[id] : 0);
  }

  /** Retransmitted frame bytes sent by `id` within the window. */
  retxBytes(id: number): number {
    const b = this.base();
    return b === null ? 0 : this.an.addresses.tcpRetransmittedBytes[id] - (id < b.n ? b.retxBytesById[id] : 0);
  }

  /**
   * Calls `fn(id, windowCount)` for every address whose count of `what` within the window is at
   * least `min` (a tight loop over the counters, for the once-a-second checks).
   */
  forEachAtLeast(what: 'txPackets' | 'retx', min: number, fn: (id: number, n: number) => void): void {
    const b = this.base();
    if (b === null) return;
    const n = this.an.addresses.size;
    if (what === 'txPackets') {
      const cum = this.an.addresses.txPackets;
      const base = b.txPackets;
      const m = Math.min(n, b.n);
      for (let id = 0; id < m; id++) if (cum[id] - base[id] >= min) fn(id, cum[id] - base[id]);
      for (let id = m; id < n; id++) if (cum[id] >= min) fn(id, cum[id]);
    } else {
      const cum = this.an.addresses.tcpRetransmissions;
      const base = b.retx;
      for (let id = 0; id < n; id++) {
        const c = cum[id];
        if (c < min) continue;
        const w = c - (id < b.n ? base[id] : 0);
        if (w >= min) fn(id, w);
      }
    }
  }

  /** The analyzer's retransmitted data bytes at the window's start (to skip checks when nothing was resent). */
  get retransmittedBytesAtStart(): number {
    const b = this.base();
    return b === null ? -1 : b.retxBytes;
  }

  /** Bytes sent by `id` since the current half-window began (0 when unknown). */
  txBytesThisHalf(id: number): number {
    const c = this.cur;
    if (!c.valid || c.gen !== this.gen) return 0;
    return this.an.addresses.txBytes[id] - (id < c.n ? c.txBytes[id] : 0);
  }

  /**
   * The address `id` sent most packets to over the whole capture (from the IP conversations), or
   * -1. Time proportional to the conversations: call it when raising an alert, not per packet.
   */
  mainDestination(id: number): number {
    let best = -1;
    let most = 0;
    const ip = this.an.ipConversations;
    for (let c = 0; c < ip.end; c++) {
      if (!ip.isLive(c)) continue;
      const a = ip.a(c);
      const b = ip.b(c);
      const sent = a === id ? ip.packetsAtoB(c) : b === id ? ip.packetsBtoA(c) : 0;
      if (sent > most) {
        most = sent;
        best = a === id ? b : a;
      }
    }
    return best;
  }
}
