/**
 * What the views of one session read, kept as packets go by (a pipeline observer): compact
 * records of the latest packets, the bytes of the latest ones, the traffic window, and the view
 * under the current filter. Everything here has a fixed bound.
 */
import type { Endpoint } from '../api/report.js';
import type { ProtocolShare } from '../api/snapshot.js';
import type { ViewFilter, ViewFilterStatus } from '../api/views.js';
import type { RawPacket } from '../capture/raw-packet.js';
import type { Decoded } from '../decode/decoded.js';
import { FilteredView } from './filtered-view.js';
import { LocalAddresses } from './local-addresses.js';
import { PacketRing } from './packet-ring.js';
import type { PacketObserver, PacketPipeline } from './pipeline.js';
import { RateTracker } from './rate-summary.js';
import { RawRing } from './raw-ring.js';
import { topEndpoints } from './top-endpoints.js';
import { TrafficWindow } from './traffic-window.js';
import { EMPTY_FILTER, FilterMatcher, type AddressLookup } from './view-filter.js';

export interface SessionViewOptions {
  /** Latest packets kept as compact records (the packets view, filtered recounts). */
  packetsKept?: number;
  /** Latest packets whose bytes are kept for packets:detail, and the bytes they may take. */
  packetBytesKept?: number;
  bytesKept?: number;
  /** The live interface's addresses ("in" is traffic to them); none: private ranges. */
  localAddresses?: string[];
}

export const DEFAULT_PACKETS_KEPT = 500_000;
export const DEFAULT_PACKET_BYTES_KEPT = 50_000;
export const DEFAULT_BYTES_KEPT = 32 << 20;
const TOP_N = 10;

export class SessionView implements PacketObserver {
  readonly ring: PacketRing;
  readonly raw: RawRing;
  readonly window = new TrafficWindow();
  /** The busiest second of all traffic. */
  readonly peaks = new RateTracker();
  readonly lookup: AddressLookup;
  /** The live interface's addresses (empty for files: private ranges count as ours). */
  readonly localAddresses: string[];
  private readonly local: LocalAddresses;
  private filtered: FilteredView | null = null;
  private filterValue: ViewFilter = EMPTY_FILTER;
  /** The matcher used for flows (and for packets when no filter is active it matches all). */
  matcher: FilterMatcher;

  constructor(
    private readonly pipeline: PacketPipeline,
    opts: SessionViewOptions = {},
  ) {
    this.ring = new PacketRing(opts.packetsKept ?? DEFAULT_PACKETS_KEPT);
    this.raw = new RawRing(opts.bytesKept ?? DEFAULT_BYTES_KEPT, opts.packetBytesKept ?? DEFAULT_PACKET_BYTES_KEPT);
    this.localAddresses = opts.localAddresses ?? [];
    this.local = new LocalAddresses(this.localAddresses);
    const an = pipeline.analyzer;
    this.lookup = {
      toString: (id) => an.addresses.toString(id),
      isV4: (id) => an.addresses.isV4(id),
      nameOf: (a) => an.hostnames.get(a),
    };
    this.matcher = new FilterMatcher(EMPTY_FILTER, this.lookup);
  }

  onPacket(p: RawPacket, d: Decoded, frame: number): void {
    const a = this.pipeline.analyzer.addresses;
    let src = -1;
    let dst = -1;
    if (d.ipVersion === 4) {
      src = a.intern4(d.src4);
      dst = a.intern4(d.dst4);
    } else if (d.ipVersion === 6) {
      src = a.intern6(d.src6);
      dst = a.intern6(d.dst6);
    }
    const out = src >= 0 && this.local.isLocal(src, a) && !this.local.isLocal(dst, a);
    const s = this.ring.record(frame, p, d, src, dst, out, this.pipeline.analyzer.lastTcpApp);
    this.raw.record(frame, p);
    this.window.count(p.tsSec, p.origLen, this.ring.flags[s] & 3, out);
    this.peaks.count(p.tsSec, p.origLen);
    if (this.filtered !== null) this.filtered.add(s, frame);
  }

  get filter(): ViewFilter {
    return this.filterValue;
  }

  /** Sets a normalized filter: the filtered view is recounted from the kept packets. */
  setFilter(f: ViewFilter): void {
    this.filterValue = f;
    this.matcher = new FilterMatcher(f, this.lookup);
    if (this.matcher.active) {
      this.filtered = new FilteredView(this.matcher, this.ring);
      this.filtered.rebuild();
    } else {
      this.filtered = null;
    }
  }

  /** Called once per snapshot: host names learned since are taken into account from now on. */
  tick(): void {
    this.matcher.refreshNames();
  }

  filterStatus(): ViewFilterStatus {
    const fv = this.filtered;
    return {
      filter: this.filterValue,
      active: fv !== null,
      fromFrame: fv ? fv.fromFrame : 1,
      complete: fv ? fv.fromFrame <= 1 : true,
    };
  }

  totals(): { packets: number; bytes: number } {
    const fv = this.filtered;
    if (fv) return { packets: fv.packets, bytes: fv.bytes };
    const an = this.pipeline.analyzer;
    return { packets: an.packets, bytes: an.bytes };
  }

  trafficWindow(): TrafficWindow {
    return this.filtered ? this.filtered.window : this.window;
  }

  protocols(): ProtocolShare[] {
    if (this.filtered) return this.filtered.protocols();
    const flat = this.pipeline.analyzer.protocols.flat();
    return Object.entries(flat)
      .map(([protocol, c]) => ({ protocol, packets: c.packets, bytes: c.bytes }))
      .sort((x, y) => y.packets - x.packets || x.protocol.localeCompare(y.protocol));
  }

  top(by: 'tx' | 'rx'): Endpoint[] {
    if (this.filtered) return this.filtered.top(this.lookup, TOP_N, by);
    const an = this.pipeline.analyzer;
    const a = an.addresses;
    return topEndpoints(
      {
        size: a.size,
        txPackets: a.txPackets,
        txBytes: a.txBytes,
        rxPackets: a.rxPackets,
        rxBytes: a.rxBytes,
        toString: (id) => a.toString(id),
        nameOf: (addr) => an.hostnames.get(addr),
      },
      TOP_N,
      by,
    );
  }

  /** Kept packets matching the filter: how many, and the frame of the i-th (oldest first). */
  matching(): { total: number; frameAt: (i: number) => number } {
    const r = this.ring;
    const fv = this.filtered;
    if (!fv) {
      const oldest = r.oldest;
      return { total: r.size, frameAt: (i) => oldest + i };
    }
    const first = fv.matches.firstFrom(r.oldest);
    return { total: fv.matches.count - first, frameAt: (i) => fv.matches.at(first + i) };
  }
}
