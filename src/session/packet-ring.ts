/**
 * Compact records of the latest packets (struct of arrays, fixed capacity): what the packets view
 * lists and what filtered totals are recomputed from when the view filter changes. About 45 bytes
 * a packet; frame f lives in slot (f - 1) % capacity while it is among the last `capacity` frames.
 */
import type { Decoded } from '../decode/decoded.js';
import { PROTO, PROTO_NAMES } from '../decode/protocols.js';
import type { RawPacket } from '../capture/raw-packet.js';
import { IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP } from '../decode/net/ip-protocols.js';

export const PROTO_WORDS = 3;
if (PROTO_NAMES.length > PROTO_WORDS * 32) throw new Error('packet-ring.ts: more protocols than PROTO_WORDS bits');
export const FAMILY_TCP = 0;
export const FAMILY_UDP = 1;
export const FAMILY_ICMP = 2;
export const FAMILY_OTHER = 3;
/** flags: bits 0-1 family, bit 2 outbound, bit 3 malformed. */
export const FLAG_OUT = 4;
export const FLAG_MALFORMED = 8;

export function familyOf(d: Decoded): number {
  if (d.ipVersion === 0) return FAMILY_OTHER;
  switch (d.ipProto) {
    case IPPROTO_TCP:
      return FAMILY_TCP;
    case IPPROTO_UDP:
      return FAMILY_UDP;
    case IPPROTO_ICMP:
    case IPPROTO_ICMPV6:
      return FAMILY_ICMP;
    default:
      return FAMILY_OTHER;
  }
}

/** The protocol a packet list shows: the application when a payload carries it, else the last layer but 'data'. */
export function shownProtocol(d: Decoded): number {
  if (d.app !== 0 && (d.payloadLen > 0 || d.srcPort < 0 || d.ipProto === IPPROTO_UDP)) return d.app;
  for (let i = d.layerCount - 1; i >= 0; i--) {
    const id = d.layers[i];
    if (id !== PROTO.data || i === 0) return id;
  }
  return 0;
}

export class PacketRing {
  readonly capacity: number;
  /** Frames recorded so far (the newest frame number). */
  newest = 0;
  readonly time: Float64Array;
  readonly length: Uint32Array;
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly srcPort: Int32Array;
  readonly dstPort: Int32Array;
  readonly protoBits: Uint32Array;
  readonly shown: Uint8Array;
  readonly flags: Uint8Array;

  constructor(capacity: number) {
    this.capacity = Math.max(1, Math.floor(capacity));
    const n = this.capacity;
    this.time = new Float64Array(n);
    this.length = new Uint32Array(n);
    this.src = new Int32Array(n);
    this.dst = new Int32Array(n);
    this.srcPort = new Int32Array(n);
    this.dstPort = new Int32Array(n);
    this.protoBits = new Uint32Array(n * PROTO_WORDS);
    this.shown = new Uint8Array(n);
    this.flags = new Uint8Array(n);
  }

  /** The oldest frame still kept (newest + 1 when none is). */
  get oldest(): number {
    return Math.max(1, this.newest - this.capacity + 1);
  }

  get size(): number {
    return this.newest === 0 ? 0 : this.newest - this.oldest + 1;
  }

  has(frame: number): boolean {
    return frame >= this.oldest && frame <= this.newest && frame >= 1;
  }

  slot(frame: number): number {
    return (frame - 1) % this.capacity;
  }

  /**
   * Records frame `frame` (must be newest + 1). `src`/`dst` are address ids or -1; `out` says
   * outbound; `tcpApp` is the application layer the analyzer counted for a TCP segment (0 if none),
   * so a protocol filter matches the frames the protocol counts show, not every segment on its port.
   */
  record(frame: number, p: RawPacket, d: Decoded, src: number, dst: number, out: boolean, tcpApp = 0): number {
    this.newest = frame;
    const s = (frame - 1) % this.capacity;
    this.time[s] = p.tsSec + p.tsNsec * 1e-9;
    this.length[s] = p.origLen;
    this.src[s] = src;
    this.dst[s] = dst;
    this.srcPort[s] = d.srcPort;
    this.dstPort[s] = d.dstPort;
    const b = s * PROTO_WORDS;
    const bits = this.protoBits;
    bits[b] = 0;
    bits[b + 1] = 0;
    bits[b + 2] = 0;
    for (let i = 0; i < d.layerCount; i++) {
      const id = d.layers[i];
      bits[b + (id >>> 5)] |= 1 << (id & 31);
    }
    if (tcpApp !== 0) bits[b + (tcpApp >>> 5)] |= 1 << (tcpApp & 31);
    this.shown[s] = shownProtocol(d);
    this.flags[s] = familyOf(d) | (out ? FLAG_OUT : 0) | (d.malformed ? FLAG_MALFORMED : 0);
    return s;
  }
}
