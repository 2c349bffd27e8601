/**
 * The bytes of the latest packets, in one fixed byte ring, so that packets:detail (and the
 * packets view's info column) can decode them again. Bounded twice: by bytes and by packets.
 * Every frame is recorded, so frame f is entry (f - 1) % maxPackets while it is kept.
 */
import type { RawPacket } from '../capture/raw-packet.js';

/** Bytes kept of one frame at most (a 64 KiB offloaded super-frame is the largest seen in practice). */
export const MAX_FRAME_BYTES = 65_536;

export interface KeptPacket {
  frame: number;
  /** A copy the caller owns. */
  bytes: Buffer;
  origLen: number;
  tsSec: number;
  tsNsec: number;
  linkType: number;
}

export class RawRing {
  private readonly buf: Buffer;
  private readonly start: Float64Array;
  private readonly len: Uint32Array;
  private readonly origLen: Uint32Array;
  private readonly tsSec: Float64Array;
  private readonly tsNsec: Uint32Array;
  private readonly linkType: Uint16Array;
  /** Next write position in buf. */
  private pos = 0;
  /** Newest frame recorded, and the oldest still whole. */
  newest = 0;
  private oldestKept = 1;

  constructor(
    readonly maxBytes: number,
    readonly maxPackets: number,
  ) {
    this.buf = Buffer.alloc(Math.max(MAX_FRAME_BYTES, maxBytes));
    const n = Math.max(1, maxPackets);
    this.start = new Float64Array(n);
    this.len = new Uint32Array(n);
    this.origLen = new Uint32Array(n);
    this.tsSec = new Float64Array(n);
    this.tsNsec = new Uint32Array(n);
    this.linkType = new Uint16Array(n);
  }

  get oldest(): number {
    return this.newest === 0 ? 1 : this.oldestKept;
  }

  has(frame: number): boolean {
    return frame >= 1 && frame >= this.oldestKept && frame <= this.newest;
  }

  /** Keeps frame `frame` (must be newest + 1). */
  record(frame: number, p: RawPacket): void {
    const n = Math.min(p.capLen, MAX_FRAME_BYTES);
    const cap = this.start.length;
    if (frame - this.oldestKept + 1 > cap) this.oldestKept = frame - cap + 1;
    // Positions grow with frame numbers within a lap. Entries not yet overwritten (start >= the
    // write position) are the oldest; on a wrap, those in the skipped tail go first.
    let at = this.pos;
    if (at + n > this.buf.length) {
      while (this.oldestKept <= this.newest && this.start[(this.oldestKept - 1) % cap] >= at) this.oldestKept++;
      at = 0;
    }
    while (this.oldestKept <= this.newest) {
      const s = this.start[(this.oldestKept - 1) % cap];
      if (s >= at && s < at + n) this.oldestKept++;
      else break;
    }
    p.buf.copy(this.buf, at, p.offset, p.offset + n);
    const e = (frame - 1) % cap;
    this.start[e] = at;
    this.len[e] = n;
    this.origLen[e] = p.origLen;
    this.tsSec[e] = p.tsSec;
    this.tsNsec[e] = p.tsNsec;
    this.linkType[e] = p.linkType;
    this.pos = at + n;
    this.newest = frame;
    if (this.oldestKept > frame) this.oldestKept = frame;
  }

  /** A copy of a kept frame, or null once it is gone. */
  get(frame: number): KeptPacket | null {
    if (!this.has(frame)) return null;
    const e = (frame - 1) % this.start.length;
    const s = this.start[e];
    return {
      frame,
      bytes: Buffer.from(this.buf.subarray(s, s + this.len[e])),
      origLen: this.origLen[e],
      tsSec: this.tsSec[e],
      tsNsec: this.tsNsec[e],
      linkType: this.linkType[e],
    };
  }
}
