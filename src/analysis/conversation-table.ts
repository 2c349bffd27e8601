/**
 * Conversations keyed by an unordered address pair (IP) or an unordered pair of address+port
 * (UDP), counted the way tshark's `-z conv` counts them: A is the source of the first packet.
 * A row is 48 bytes in a RecordStore (no object per conversation); lookups allocate nothing.
 * TCP has its own table (tcp-streams.ts) because tshark splits a reused 4-tuple into streams.
 */
import { RecordIndex } from './record-index.js';
import { CHUNK_BITS, LIVE, ROW_MASK, RecordStore } from './record-store.js';
import type { ServiceNames } from './service-names.js';

// 32-bit words of a row
const FLAGS = 0;
const K_LO = 1;
const K_HI = 2;
const K_PORTS = 3;
const PAB = 4;
const PBA = 5;
const BAB = 6;
const BBA = 7;
const WORDS = 8;
// doubles of a row
const START = 0;
const LAST = 1;
const DOUBLES = 2;
/** FLAGS: A is the lower end of the key (the key orders the two ends); the service in the top 16 bits. */
const A_IS_LO = 2;
const SERVICE_SHIFT = 16;
const TWO_32 = 4294967296;

/** One conversation as plain values (for the cold paths: reports, queries, logs). */
export interface ConversationRow {
  id: number;
  a: number;
  b: number;
  aPort: number;
  bPort: number;
  packetsAtoB: number;
  bytesAtoB: number;
  packetsBtoA: number;
  bytesBtoA: number;
  start: number;
  last: number;
  service: string;
}

export class ConversationTable {
  readonly store = new RecordStore(DOUBLES, WORDS);
  private readonly index: RecordIndex;
  /** Rows ever created (a new one since the last look means a new conversation), and the latest. */
  added = 0;
  lastAdded = -1;
  /** Tunnel descriptions of the (few) flows seen inside a tunnel, by row. */
  private readonly tunnels = new Map<number, string>();

  constructor(
    private readonly withPorts: boolean,
    private readonly services: ServiceNames,
  ) {
    this.index = new RecordIndex(this.store, K_LO, withPorts ? 3 : 2, 4096);
  }

  /** Conversations in the table. */
  get size(): number {
    return this.store.live;
  }

  /** One past the highest row id: rows are 0..end-1, those with isLive(). */
  get end(): number {
    return this.store.end;
  }

  isLive(id: number): boolean {
    return this.store.isLive(id);
  }

  /** Counts a packet from (src, srcPort) to (dst, dstPort) (ports 0 for IP); returns the row. */
  count(src: number, srcPort: number, dst: number, dstPort: number, bytes: number, t: number): number {
    const srcFirst = src < dst || (src === dst && srcPort <= dstPort);
    const lo = srcFirst ? src : dst;
    const hi = srcFirst ? dst : src;
    const ports = this.withPorts ? (srcFirst ? (srcPort << 16) | dstPort : (dstPort << 16) | srcPort) >>> 0 : 0;
    let id = this.index.find(lo, hi, ports);
    if (id < 0) id = this.create(lo, hi, ports, srcFirst, t);
    const s = this.store;
    const c = id >>> CHUNK_BITS;
    const u = s.u[c];
    const w = (id & ROW_MASK) * s.uStride + s.uBase;
    const fromA = ((u[w + FLAGS] & A_IS_LO) !== 0) === srcFirst;
    const pj = fromA ? PAB : PBA;
    const pv = u[w + pj] + 1;
    u[w + pj] = pv;
    if (pv >= TWO_32) s.carry(id, pj, pv);
    const bj = fromA ? BAB : BBA;
    const bv = u[w + bj] + bytes;
    u[w + bj] = bv;
    if (bv >= TWO_32) s.carry(id, bj, bv);
    const f = s.f[c];
    const fi = (id & ROW_MASK) * s.fStride;
    if (t > f[fi + LAST]) f[fi + LAST] = t;
    return id;
  }

  /** Sets the row's service if it has none yet. */
  noteService(id: number, name: string): void {
    const s = this.store;
    const flags = s.word(id, FLAGS);
    if (flags >>> SERVICE_SHIFT !== 0) return;
    s.setWord(id, FLAGS, (flags | (this.services.id(name) << SERVICE_SHIFT)) >>> 0);
  }

  /** Whether the row has a service name yet (cheap: the pipeline asks per packet). */
  hasService(id: number): boolean {
    return this.store.word(id, FLAGS) >>> SERVICE_SHIFT !== 0;
  }

  /** For a flow inside a tunnel: "VXLAN 42 via 10.0.0.1→10.0.0.2" (decode/tunnel/tunnel-text.ts), else ''. */
  tunnel(id: number): string {
    return this.tunnels.size === 0 ? '' : (this.tunnels.get(id) ?? '');
  }

  hasTunnel(id: number): boolean {
    return this.tunnels.has(id);
  }

  noteTunnel(id: number, text: string): void {
    this.tunnels.set(id, text);
  }

  /** Removes a row (live expiry): its id is handed out again later. */
  remove(id: number): void {
    this.tunnels.delete(id);
    this.index.remove(id);
  }

  a(id: number): number {
    return this.store.word(id, this.aIsLo(id) ? K_LO : K_HI);
  }

  b(id: number): number {
    return this.store.word(id, this.aIsLo(id) ? K_HI : K_LO);
  }

  aPort(id: number): number {
    const p = this.store.word(id, K_PORTS);
    return this.aIsLo(id) ? p >>> 16 : p & 0xffff;
  }

  bPort(id: number): number {
    const p = this.store.word(id, K_PORTS);
    return this.aIsLo(id) ? p & 0xffff : p >>> 16;
  }

  packetsAtoB(id: number): number {
    return this.store.wide(id, PAB);
  }

  packetsBtoA(id: number): number {
    return this.store.wide(id, PBA);
  }

  bytesAtoB(id: number): number {
    return this.store.wide(id, BAB);
  }

  bytesBtoA(id: number): number {
    return this.store.wide(id, BBA);
  }

  packets(id: number): number {
    return this.packetsAtoB(id) + this.packetsBtoA(id);
  }

  bytes(id: number): number {
    return this.bytesAtoB(id) + this.bytesBtoA(id);
  }

  start(id: number): number {
    return this.store.double(id, START);
  }

  last(id: number): number {
    return this.store.double(id, LAST);
  }

  service(id: number): string {
    return this.services.name(this.store.word(id, FLAGS) >>> SERVICE_SHIFT);
  }

  row(id: number): ConversationRow {
    return {
      id,
      a: this.a(id),
      b: this.b(id),
      aPort: this.aPort(id),
      bPort: this.bPort(id),
      packetsAtoB: this.packetsAtoB(id),
      bytesAtoB: this.bytesAtoB(id),
      packetsBtoA: this.packetsBtoA(id),
      bytesBtoA: this.bytesBtoA(id),
      start: this.start(id),
      last: this.last(id),
      service: this.service(id),
    };
  }

  /** Bytes the table takes (rows and index). */
  get byteSize(): number {
    return this.store.byteSize + this.index.byteSize;
  }

  private aIsLo(id: number): boolean {
    return (this.store.word(id, FLAGS) & A_IS_LO) !== 0;
  }

  private create(lo: number, hi: number, ports: number, srcFirst: boolean, t: number): number {
    const id = this.index.insert(lo, hi, ports);
    const s = this.store;
    s.setWord(id, FLAGS, LIVE | (srcFirst ? A_IS_LO : 0));
    s.setDouble(id, START, t);
    s.setDouble(id, LAST, t);
    this.added++;
    this.lastAdded = id;
    return id;
  }
}
