/**
 * Traffic per second over a fixed window of the latest seconds (capture time), in and out, split
 * by protocol family: the dashboard's throughput chart and the current rates. Fixed memory.
 */
import type { FamilyBytes, Rates, TrafficPoint } from '../api/snapshot.js';

export const WINDOW_SEC = 120;
const FAMILIES = 4;

export class TrafficWindow {
  private readonly tag: Float64Array;
  private readonly packets: Float64Array;
  private readonly bytes: Float64Array;
  /** [slot * 4 + family] */
  private readonly inBytes: Float64Array;
  private readonly outBytes: Float64Array;
  /** Latest second counted, or -1. */
  latest = -1;

  constructor(readonly windowSec = WINDOW_SEC) {
    const n = windowSec;
    this.tag = new Float64Array(n).fill(-1);
    this.packets = new Float64Array(n);
    this.bytes = new Float64Array(n);
    this.inBytes = new Float64Array(n * FAMILIES);
    this.outBytes = new Float64Array(n * FAMILIES);
  }

  count(sec: number, bytes: number, family: number, out: boolean): void {
    if (sec > this.latest) this.latest = sec;
    else if (sec <= this.latest - this.windowSec) return; // older than the window
    const s = sec % this.windowSec;
    if (this.tag[s] !== sec) {
      this.tag[s] = sec;
      this.packets[s] = 0;
      this.bytes[s] = 0;
      this.inBytes.fill(0, s * FAMILIES, s * FAMILIES + FAMILIES);
      this.outBytes.fill(0, s * FAMILIES, s * FAMILIES + FAMILIES);
    }
    this.packets[s]++;
    this.bytes[s] += bytes;
    (out ? this.outBytes : this.inBytes)[s * FAMILIES + family] += bytes;
  }

  reset(): void {
    this.tag.fill(-1);
    this.latest = -1;
  }

  /** The window's seconds ending at `endSec` (default: the latest counted), empty seconds as zeros. */
  points(endSec = this.latest): TrafficPoint[] {
    if (endSec < 0) return [];
    const out: TrafficPoint[] = [];
    for (let t = endSec - this.windowSec + 1; t <= endSec; t++) {
      if (t < 0) continue;
      const s = t % this.windowSec;
      const have = this.tag[s] === t;
      out.push({
        t,
        packets: have ? this.packets[s] : 0,
        bytes: have ? this.bytes[s] : 0,
        in: have ? family(this.inBytes, s) : zero(),
        out: have ? family(this.outBytes, s) : zero(),
      });
    }
    return out;
  }

  /** Rates over second `sec` (the latest complete one). */
  rates(sec: number): Rates {
    if (sec < 0) return { t: null, inBitsPerSec: 0, outBitsPerSec: 0, bitsPerSec: 0, packetsPerSec: 0 };
    const s = sec % this.windowSec;
    if (this.tag[s] !== sec) return { t: sec, inBitsPerSec: 0, outBitsPerSec: 0, bitsPerSec: 0, packetsPerSec: 0 };
    let inB = 0;
    let outB = 0;
    for (let f = 0; f < FAMILIES; f++) {
      inB += this.inBytes[s * FAMILIES + f];
      outB += this.outBytes[s * FAMILIES + f];
    }
    return {
      t: sec,
      inBitsPerSec: inB * 8,
      outBitsPerSec: outB * 8,
      bitsPerSec: this.bytes[s] * 8,
      packetsPerSec: this.packets[s],
    };
  }
}

function family(a: Float64Array, s: number): FamilyBytes {
  const b = s * FAMILIES;
  return { tcp: a[b], udp: a[b + 1], icmp: a[b + 2], other: a[b + 3] };
}

function zero(): FamilyBytes {
  return { tcp: 0, udp: 0, icmp: 0, other: 0 };
}
