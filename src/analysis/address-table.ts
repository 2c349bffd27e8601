/**
 * Interns IPv4 and IPv6 addresses to dense ids (one id space for both), so every per-address and
 * per-pair table can be keyed by small integers. Also holds each address's traffic totals
 * (the endpoint table).
 */
import { ipv4ToString, ipv6ToString } from '../decode/format.js';
import { TupleIndex } from './tuple-index.js';

/** Addresses whose text is kept once made (the rest are formatted when asked): bounds the strings. */
const NAME_CACHE = 65_536;

export class AddressTable {
  private readonly v4 = new TupleIndex(1, 4096);
  private readonly v6 = new TupleIndex(4, 1024);
  private v4Global = new Int32Array(4096);
  private v6Global = new Int32Array(1024);
  /** Per global id: local id in its index, negative (-1 - local) for IPv6. */
  private local = new Int32Array(4096);
  private count = 0;
  private readonly names: (string | undefined)[] = [];
  // Endpoint totals, indexed by address id.
  txPackets = new Float64Array(4096);
  txBytes = new Float64Array(4096);
  rxPackets = new Float64Array(4096);
  rxBytes = new Float64Array(4096);
  /** TCP senders, indexed by address id: data-carrying segments, retransmissions, retransmitted frame bytes. */
  tcpDataSegments = new Float64Array(4096);
  tcpRetransmissions = new Float64Array(4096);
  tcpRetransmittedBytes = new Float64Array(4096);

  get size(): number {
    return this.count;
  }

  intern4(addr: number): number {
    const n = this.v4.size;
    const local = this.v4.intern(addr);
    if (local < n) return this.v4Global[local];
    if (local >= this.v4Global.length) this.v4Global = growI32(this.v4Global);
    return (this.v4Global[local] = this.add(local));
  }

  intern6(w: Uint32Array): number {
    const n = this.v6.size;
    const local = this.v6.intern(w[0], w[1], w[2], w[3]);
    if (local < n) return this.v6Global[local];
    if (local >= this.v6Global.length) this.v6Global = growI32(this.v6Global);
    return (this.v6Global[local] = this.add(-1 - local));
  }

  isV4(id: number): boolean {
    return this.local[id] >= 0;
  }

  toString(id: number): string {
    let s = id < NAME_CACHE ? this.names[id] : undefined;
    if (s === undefined) {
      const l = this.local[id];
      if (l >= 0) s = ipv4ToString(this.v4.keyWord(l, 0));
      else {
        const w = new Uint32Array(4);
        for (let j = 0; j < 4; j++) w[j] = this.v6.keyWord(-1 - l, j);
        s = ipv6ToString(w);
      }
      if (id < NAME_CACHE) this.names[id] = s;
    }
    return s;
  }

  private add(localRef: number): number {
    const id = this.count++;
    if (id >= this.local.length) {
      const n = this.local.length * 2;
      this.local = growI32(this.local, n);
      this.txPackets = growF64(this.txPackets, n);
      this.txBytes = growF64(this.txBytes, n);
      this.rxPackets = growF64(this.rxPackets, n);
      this.rxBytes = growF64(this.rxBytes, n);
      this.tcpDataSegments = growF64(this.tcpDataSegments, n);
      this.tcpRetransmissions = growF64(this.tcpRetransmissions, n);
      this.tcpRetransmittedBytes = growF64(this.tcpRetransmittedBytes, n);
    }
    this.local[id] = localRef;
    return id;
  }
}

function growI32(a: Int32Array, n = a.length * 2): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

function growF64(a: Float64Array, n: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}
