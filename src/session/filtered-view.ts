/**
 * The view under a filter: totals, the traffic window, protocol counts, per-address counters and
 * the list of matching kept packets, for packets that match. Built from the packet ring when the
 * filter is set (so it covers the packets kept then), then updated with every new packet.
 */
import type { Endpoint } from '../api/report.js';
import type { ProtocolShare } from '../api/snapshot.js';
import { PROTO_NAMES, protoName } from '../decode/protocols.js';
import { FLAG_OUT, PROTO_WORDS, type PacketRing } from './packet-ring.js';
import { topEndpoints } from './top-endpoints.js';
import { TrafficWindow } from './traffic-window.js';
import type { AddressLookup, FilterMatcher } from './view-filter.js';

/** Frames of matching packets, oldest first, as a ring as long as the packet ring. */
export class MatchList {
  private readonly frames: Float64Array;
  /** Matches pushed since the list began. */
  count = 0;

  constructor(capacity: number) {
    this.frames = new Float64Array(Math.max(1, capacity));
  }

  push(frame: number): void {
    this.frames[this.count % this.frames.length] = frame;
    this.count++;
  }

  /** Index (in push order) of the first match at or after `oldestFrame`. */
  firstFrom(oldestFrame: number): number {
    let lo = Math.max(0, this.count - this.frames.length);
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid) < oldestFrame) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  at(i: number): number {
    return this.frames[i % this.frames.length];
  }
}

export class FilteredView {
  packets = 0;
  bytes = 0;
  readonly window = new TrafficWindow();
  readonly matches: MatchList;
  /** First frame the view covers. */
  fromFrame = 1;
  private readonly protoPackets = new Float64Array(PROTO_NAMES.length);
  private readonly protoBytes = new Float64Array(PROTO_NAMES.length);
  private size = 0;
  private txPackets = new Float64Array(1024);
  private txBytes = new Float64Array(1024);
  private rxPackets = new Float64Array(1024);
  private rxBytes = new Float64Array(1024);

  constructor(
    readonly matcher: FilterMatcher,
    private readonly ring: PacketRing,
  ) {
    this.matches = new MatchList(ring.capacity);
  }

  /** Counts every kept packet that matches (when the filter is set). */
  rebuild(): void {
    const r = this.ring;
    this.fromFrame = r.newest === 0 ? 1 : r.oldest;
    for (let f = this.fromFrame; f <= r.newest; f++) this.add(r.slot(f), f);
  }

  /** Counts frame `frame`, recorded in ring slot `s`, if it matches. */
  add(s: number, frame: number): void {
    const r = this.ring;
    const src = r.src[s];
    const dst = r.dst[s];
    if (!this.matcher.matches(r.time[s], src, dst, r.srcPort[s], r.dstPort[s], r.protoBits, s * PROTO_WORDS)) return;
    const len = r.length[s];
    this.packets++;
    this.bytes += len;
    this.matches.push(frame);
    const flags = r.flags[s];
    this.window.count(Math.floor(r.time[s]), len, flags & 3, (flags & FLAG_OUT) !== 0);
    const b = s * PROTO_WORDS;
    for (let w = 0; w < PROTO_WORDS; w++) {
      let bits = r.protoBits[b + w];
      while (bits !== 0) {
        const low = bits & -bits;
        const id = w * 32 + (31 - Math.clz32(low));
        this.protoPackets[id]++;
        this.protoBytes[id] += len;
        bits ^= low;
      }
    }
    if (src >= 0) {
      this.grow(src);
      this.txPackets[src]++;
      this.txBytes[src] += len;
    }
    if (dst >= 0) {
      this.grow(dst);
      this.rxPackets[dst]++;
      this.rxBytes[dst] += len;
    }
  }

  protocols(): ProtocolShare[] {
    const out: ProtocolShare[] = [];
    for (let id = 1; id < this.protoPackets.length; id++) {
      if (this.protoPackets[id] > 0)
        out.push({ protocol: protoName(id), packets: this.protoPackets[id], bytes: this.protoBytes[id] });
    }
    return out.sort((x, y) => y.packets - x.packets || x.protocol.localeCompare(y.protocol));
  }

  top(lookup: AddressLookup, n: number, by: 'tx' | 'rx'): Endpoint[] {
    return topEndpoints(
      {
        size: this.size,
        txPackets: this.txPackets,
        txBytes: this.txBytes,
        rxPackets: this.rxPackets,
        rxBytes: this.rxBytes,
        toString: (id) => lookup.toString(id),
        nameOf: (a) => lookup.nameOf(a),
      },
      n,
      by,
    );
  }

  private grow(id: number): void {
    if (id < this.size) return;
    this.size = id + 1;
    if (id < this.txPackets.length) return;
    const n = Math.max(id + 1, this.txPackets.length * 2);
    const g = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.txPackets = g(this.txPackets);
    this.txBytes = g(this.txBytes);
    this.rxPackets = g(this.rxPackets);
    this.rxBytes = g(this.rxBytes);
  }
}
