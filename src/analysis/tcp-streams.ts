/**
 * TCP streams as tshark numbers them (`tcp.stream`): one per 4-tuple, and a new one when a SYN
 * reuses a 4-tuple with a different initial sequence number. Each stream carries the sequence
 * analysis that finds retransmissions (tshark's `tcp.analysis.retransmission`), the handshake
 * timing (`tcp.analysis.initial_rtt`), and the record trackers that decide when a frame counts
 * as TLS or DNS. A stream is a 136-byte row (tcp-stream-layout.ts); record trackers exist only
 * for the streams that carry TLS or DNS.
 */
import { RecordIndex } from './record-index.js';
import { CHUNK_BITS, LIVE, ROW_MASK, RecordStore } from './record-store.js';
import type { ServiceNames } from './service-names.js';
import { FRAMING_DNS, FRAMING_NONE, FRAMING_TLS, PduTracker, isTlsHeader } from './tcp-pdu-tracker.js';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../decode/transport/tcp-flags.js';
import { seqAdd, seqLt } from './tcp-seq.js';
import * as L from './tcp-stream-layout.js';

/** tshark's default out-of-order threshold when the stream's RTT is unknown: 3 ms. */
const OOO_DEFAULT_S = 0.003;
const TWO_32 = 4294967296;

/** What the analyzer learns from one TCP segment. */
export interface TcpVerdict {
  /** The stream's row. */
  stream: number;
  fromA: boolean;
  retransmission: boolean;
  /** 1 when a TLS record ends in this frame, 2 when a DNS message does, else 0. */
  completedPdu: number;
  /** The sender's direction follows records (TLS or DNS). */
  framed: boolean;
  /** This segment completed the three-way handshake; then the times below are set (s, or -1). */
  handshakeDone: boolean;
  initialRtt: number;
  serverRtt: number;
  clientRtt: number;
  /** The handshake's client and server (address ids). */
  client: number;
  server: number;
}

export class TcpStreamTable {
  /**
   * Stream rows, in the order streams began (while none expires: tcp.stream numbers). The index
   * finds each 4-tuple's current stream; an older stream of a reused 4-tuple is left out of it.
   */
  readonly store = new RecordStore(L.DOUBLES, L.WORDS);
  private readonly index = new RecordIndex(this.store, L.K_LO, 3, 4096);
  /** Record trackers: a pair (A→B, B→A) per slot; slot s is `pdus[2s]`, `pdus[2s + 1]`. */
  private readonly pdus: PduTracker[] = [];
  private readonly freePdus: number[] = [];
  /** Streams ever created (a new one since the last look means a new stream), and the latest. */
  added = 0;
  lastAdded = -1;
  /** Tunnel descriptions of the (few) flows seen inside a tunnel, by row. */
  private readonly tunnels = new Map<number, string>();
  private readonly verdict: TcpVerdict = {
    stream: -1,
    fromA: true,
    retransmission: false,
    completedPdu: 0,
    framed: false,
    handshakeDone: false,
    initialRtt: -1,
    serverRtt: -1,
    clientRtt: -1,
    client: -1,
    server: -1,
  };

  constructor(private readonly services: ServiceNames) {}

  /** Streams in the table. */
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

  /**
   * Counts one TCP segment. `wireLen` is the segment's payload length on the wire; `buf[payloadAt..]`
   * holds `payloadCap` captured bytes of it. The returned object is reused.
   */
  count(
    src: number,
    srcPort: number,
    dst: number,
    dstPort: number,
    flags: number,
    seq: number,
    ack: number,
    buf: Buffer,
    payloadAt: number,
    payloadCap: number,
    wireLen: number,
    bytes: number,
    t: number,
    counted = true,
  ): TcpVerdict {
    const srcFirst = src < dst || (src === dst && srcPort <= dstPort);
    const lo = srcFirst ? src : dst;
    const hi = srcFirst ? dst : src;
    const ports = (srcFirst ? (srcPort << 16) | dstPort : (dstPort << 16) | srcPort) >>> 0;
    const s = this.store;
    let id = this.index.find(lo, hi, ports);
    if (id < 0) id = this.newStream(lo, hi, ports, srcFirst, t);
    else {
      const d0 = this.fromA(id, srcFirst) ? 0 : 1;
      // A SYN with a new initial sequence number on a used 4-tuple starts a new stream (port reuse).
      if (
        (flags & (TCP_SYN | TCP_ACK)) === TCP_SYN &&
        (s.word(id, L.FLAGS) & (L.BASE_SET << d0)) !== 0 &&
        seq >>> 0 !== s.word(id, L.BASE + 3 * d0)
      ) {
        this.index.unindex(id);
        s.setWord(id, L.FLAGS, s.word(id, L.FLAGS) & ~L.INDEXED);
        id = this.newStream(lo, hi, ports, srcFirst, t);
      }
    }
    if (counted && !this.fromA(id, srcFirst) && this.packets(id) === 0) this.reanchor(id);
    const fromA = this.fromA(id, srcFirst);
    if (counted) this.countPacket(id, fromA, bytes, t);
    const v = this.verdict;
    v.stream = id;
    v.fromA = fromA;
    v.retransmission = this.analyzeSequence(id, fromA ? 0 : 1, flags, seq >>> 0, ack >>> 0, wireLen, t);
    v.completedPdu = this.trackPdu(
      id,
      fromA ? 0 : 1,
      flags,
      buf,
      payloadAt,
      payloadCap,
      wireLen,
      seq,
      srcPort,
      dstPort,
    );
    v.framed = this.framing(id, fromA ? 0 : 1) !== FRAMING_NONE;
    v.handshakeDone = this.trackHandshake(id, fromA, flags, t);
    if (flags & (TCP_FIN | TCP_RST)) s.setWord(id, L.FLAGS, s.word(id, L.FLAGS) | L.FIN_OR_RST);
    return v;
  }

  // ---------------------------------------------------------------- reading rows

  a(id: number): number {
    return this.store.word(id, this.aIsLo(id) ? L.K_LO : L.K_HI);
  }

  b(id: number): number {
    return this.store.word(id, this.aIsLo(id) ? L.K_HI : L.K_LO);
  }

  aPort(id: number): number {
    const p = this.store.word(id, L.K_PORTS);
    return this.aIsLo(id) ? p >>> 16 : p & 0xffff;
  }

  bPort(id: number): number {
    const p = this.store.word(id, L.K_PORTS);
    return this.aIsLo(id) ? p & 0xffff : p >>> 16;
  }

  packetsAtoB(id: number): number {
    return this.store.wide(id, L.PAB);
  }

  packetsBtoA(id: number): number {
    return this.store.wide(id, L.PBA);
  }

  bytesAtoB(id: number): number {
    return this.store.wide(id, L.BAB);
  }

  bytesBtoA(id: number): number {
    return this.store.wide(id, L.BBA);
  }

  packets(id: number): number {
    return this.packetsAtoB(id) + this.packetsBtoA(id);
  }

  bytes(id: number): number {
    return this.bytesAtoB(id) + this.bytesBtoA(id);
  }

  start(id: number): number {
    return this.store.double(id, L.START);
  }

  last(id: number): number {
    return this.store.double(id, L.LAST);
  }

  service(id: number): string {
    return this.services.name(this.store.word(id, L.FLAGS) >>> L.SERVICE_SHIFT);
  }

  hasService(id: number): boolean {
    return this.store.word(id, L.FLAGS) >>> L.SERVICE_SHIFT !== 0;
  }

  /** Sets the stream's service if it has none yet. */
  noteService(id: number, name: string): void {
    const f = this.store.word(id, L.FLAGS);
    if (f >>> L.SERVICE_SHIFT === 0)
      this.store.setWord(id, L.FLAGS, (f | (this.services.id(name) << L.SERVICE_SHIFT)) >>> 0);
  }

  retransmissions(id: number): number {
    return this.store.word(id, L.RETRANS);
  }

  /** tshark's initial RTT in seconds, or -1. */
  initialRtt(id: number): number {
    return this.store.double(id, L.INITIAL_RTT);
  }

  synTime(id: number): number {
    return this.store.double(id, L.SYN_TIME);
  }

  synAckTime(id: number): number {
    return this.store.double(id, L.SYNACK_TIME);
  }

  /** The client ACKed the SYN/ACK: the handshake completed. */
  clientAcked(id: number): boolean {
    return (this.store.word(id, L.FLAGS) & L.CLIENT_ACKED) !== 0;
  }

  finOrRst(id: number): boolean {
    return (this.store.word(id, L.FLAGS) & L.FIN_OR_RST) !== 0;
  }

  /** The framing (FRAMING_*) direction `dir` (0: A→B) follows. */
  framing(id: number, dir: number): number {
    const slot = this.store.word(id, L.PDU);
    return slot === 0 ? FRAMING_NONE : this.pdus[2 * (slot - 1) + dir].framing;
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

  /** Removes a stream (live expiry): its id is handed out again later. */
  remove(id: number): void {
    this.tunnels.delete(id);
    const s = this.store;
    const slot = s.word(id, L.PDU);
    if (slot !== 0) this.freePdus.push(slot - 1);
    if ((s.word(id, L.FLAGS) & L.INDEXED) !== 0) this.index.unindex(id);
    s.release(id);
  }

  /** Bytes the table takes (rows and index; record trackers not included). */
  get byteSize(): number {
    return this.store.byteSize + this.index.byteSize;
  }

  // ---------------------------------------------------------------- counting

  private aIsLo(id: number): boolean {
    return (this.store.word(id, L.FLAGS) & L.A_IS_LO) !== 0;
  }

  /** Whether a packet whose source is the key's lower end (`srcFirst`) comes from A. */
  private fromA(id: number, srcFirst: boolean): boolean {
    return this.aIsLo(id) === srcFirst;
  }

  private countPacket(id: number, fromA: boolean, bytes: number, t: number): void {
    const s = this.store;
    const c = id >>> CHUNK_BITS;
    const u = s.u[c];
    const w = (id & ROW_MASK) * s.uStride + s.uBase;
    const pj = fromA ? L.PAB : L.PBA;
    const pv = u[w + pj] + 1;
    u[w + pj] = pv;
    if (pv >= TWO_32) s.carry(id, pj, pv);
    const bj = fromA ? L.BAB : L.BBA;
    const bv = u[w + bj] + bytes;
    u[w + bj] = bv;
    if (bv >= TWO_32) s.carry(id, bj, bv);
    const f = s.f[c];
    const fi = (id & ROW_MASK) * s.fStride;
    if (t > f[fi + L.LAST]) f[fi + L.LAST] = t;
  }

  /** A new stream, the 4-tuple's current one; its first packet's source (`srcFirst`: the lower end) is A. */
  private newStream(lo: number, hi: number, ports: number, srcFirst: boolean, t: number): number {
    const s = this.store;
    const id = this.index.insert(lo, hi, ports);
    s.setWord(id, L.FLAGS, LIVE | L.SYN_FROM_A | L.INDEXED | (srcFirst ? L.A_IS_LO : 0));
    s.setDouble(id, L.START, t);
    s.setDouble(id, L.LAST, t);
    s.setDouble(id, L.SYN_TIME, -1);
    s.setDouble(id, L.SYNACK_TIME, -1);
    s.setDouble(id, L.INITIAL_RTT, -1);
    s.setDouble(id, L.SERVER_RTT, -1);
    this.added++;
    this.lastAdded = id;
    return id;
  }

  /**
   * tshark's conversation table names as A the source of the first packet it counts; a segment
   * seen but not counted (a header cut by the snaplen) may have opened the stream from the other
   * side. Swap the ends so A is the first counted sender.
   */
  private reanchor(id: number): void {
    const s = this.store;
    const swapWord = (x: number, y: number): void => {
      const v = s.word(id, x);
      s.setWord(id, x, s.word(id, y));
      s.setWord(id, y, v);
    };
    for (let j = 0; j < 3; j++) swapWord(L.BASE + j, L.BASE + 3 + j);
    const d = s.word(id, L.DUPS);
    s.setWord(id, L.DUPS, ((d << 16) | (d >>> 16)) >>> 0);
    const nt = s.double(id, L.NEXT_TIME);
    s.setDouble(id, L.NEXT_TIME, s.double(id, L.NEXT_TIME + 1));
    s.setDouble(id, L.NEXT_TIME + 1, nt);
    const f = s.word(id, L.FLAGS);
    let dirs = 0;
    for (const bit of [L.BASE_SET, L.NEXT_SET, L.ACK_SET, L.FRAMING_CHOSEN]) {
      if (f & bit) dirs |= bit << 1;
      if (f & (bit << 1)) dirs |= bit;
    }
    // A and B trade places: the key stays, the flag says which end is A
    const flip = L.SYN_FROM_A | L.A_IS_LO;
    s.setWord(id, L.FLAGS, ((f & ~L.DIR_BITS & ~flip) | dirs | (~f & flip)) >>> 0);
    const slot = s.word(id, L.PDU);
    if (slot !== 0) {
      const i = 2 * (slot - 1);
      [this.pdus[i], this.pdus[i + 1]] = [this.pdus[i + 1], this.pdus[i]];
    }
  }

  /** tshark's retransmission test, simplified: data (or SYN/FIN) that does not advance the sequence space. */
  private analyzeSequence(
    id: number,
    dir: number,
    flags: number,
    seq: number,
    ack: number,
    wireLen: number,
    t: number,
  ): boolean {
    const s = this.store;
    const c = id >>> CHUNK_BITS;
    const u = s.u[c];
    const f = s.f[c];
    const w = (id & ROW_MASK) * s.uStride + s.uBase;
    const fi = (id & ROW_MASK) * s.fStride;
    const rev = 1 - dir;
    let fl = u[w + L.FLAGS];
    if ((fl & (L.BASE_SET << dir)) === 0) {
      fl |= L.BASE_SET << dir;
      u[w + L.BASE + 3 * dir] = seq;
    }
    // Duplicate ACKs from this side feed the fast-retransmission test of the other side.
    if (flags & TCP_ACK) {
      const ackSet = (fl & (L.ACK_SET << dir)) !== 0;
      const lastAck = u[w + L.ACK + 3 * dir];
      if (ackSet && ack === lastAck && wireLen === 0 && !(flags & (TCP_SYN | TCP_FIN | TCP_RST))) {
        const d = u[w + L.DUPS];
        const mine = dir === 0 ? d & 0xffff : d >>> 16;
        if (mine < 0xffff) u[w + L.DUPS] = d + (dir === 0 ? 1 : 0x10000);
      } else if (!ackSet || seqLt(lastAck, ack)) {
        u[w + L.ACK + 3 * dir] = ack;
        u[w + L.DUPS] = dir === 0 ? u[w + L.DUPS] & 0xffff0000 : u[w + L.DUPS] & 0xffff;
      }
      fl |= L.ACK_SET << dir;
    }
    const synFin = flags & (TCP_SYN | TCP_FIN) ? 1 : 0;
    const advance = wireLen + synFin;
    const nextSet = (fl & (L.NEXT_SET << dir)) !== 0;
    const nextSeq = u[w + L.NEXT + 3 * dir];
    let retrans = false;
    if (nextSet && advance > 0 && seqLt(seq, nextSeq)) {
      const keepAlive = wireLen <= 1 && !(flags & (TCP_SYN | TCP_FIN | TCP_RST)) && seq === (nextSeq - 1) >>> 0;
      if (!keepAlive) {
        const revDups = rev === 0 ? u[w + L.DUPS] & 0xffff : u[w + L.DUPS] >>> 16;
        const fast = revDups >= 2 && (fl & (L.ACK_SET << rev)) !== 0 && seq === u[w + L.ACK + 3 * rev];
        const irtt = f[fi + L.INITIAL_RTT];
        const ooo = irtt > 0 ? irtt : OOO_DEFAULT_S;
        // Only a segment with data can be out of order; a repeated SYN or FIN is a retransmission.
        const outOfOrder =
          !fast && wireLen > 0 && t - f[fi + L.NEXT_TIME + dir] < ooo && nextSeq !== seqAdd(seq, wireLen);
        if (!outOfOrder) retrans = true;
      }
    }
    const end = seqAdd(seq, advance);
    if (!nextSet || seqLt(nextSeq, end)) {
      u[w + L.NEXT + 3 * dir] = end;
      fl |= L.NEXT_SET << dir;
      f[fi + L.NEXT_TIME + dir] = t;
    }
    u[w + L.FLAGS] = fl;
    if (retrans) u[w + L.RETRANS]++;
    return retrans;
  }

  private trackPdu(
    id: number,
    dir: number,
    flags: number,
    buf: Buffer,
    at: number,
    cap: number,
    wireLen: number,
    seq: number,
    srcPort: number,
    dstPort: number,
  ): number {
    if (wireLen === 0) return 0;
    const s = this.store;
    const fl = s.word(id, L.FLAGS);
    if ((fl & (L.FRAMING_CHOSEN << dir)) === 0) {
      s.setWord(id, L.FLAGS, fl | (L.FRAMING_CHOSEN << dir));
      let framing = FRAMING_NONE;
      if (cap >= 3 && isTlsHeader(buf[at], buf[at + 1], buf[at + 2])) framing = FRAMING_TLS;
      else if (srcPort === 53 || dstPort === 53) framing = FRAMING_DNS;
      if (framing !== FRAMING_NONE) this.trackers(id)[dir].framing = framing;
    }
    const slot = s.word(id, L.PDU);
    if (slot === 0) return 0;
    const pdu = this.pdus[2 * (slot - 1) + dir];
    if (pdu.framing === FRAMING_NONE) return 0;
    // A retransmission carries bytes already counted; tshark does not dissect them again.
    if (this.verdict.retransmission) return 0;
    const dataSeq = flags & TCP_SYN ? seqAdd(seq, 1) : seq;
    return pdu.feed(buf, at, cap, wireLen, dataSeq) ? pdu.framing : 0;
  }

  /** The stream's pair of record trackers, made when first needed. */
  private trackers(id: number): [PduTracker, PduTracker] {
    const s = this.store;
    let slot = s.word(id, L.PDU) - 1;
    if (slot < 0) {
      const reused = this.freePdus.pop();
      if (reused !== undefined) {
        slot = reused;
        this.pdus[2 * slot] = new PduTracker();
        this.pdus[2 * slot + 1] = new PduTracker();
      } else {
        slot = this.pdus.length / 2;
        this.pdus.push(new PduTracker(), new PduTracker());
      }
      s.setWord(id, L.PDU, slot + 1);
    }
    return [this.pdus[2 * slot], this.pdus[2 * slot + 1]];
  }

  private trackHandshake(id: number, fromA: boolean, flags: number, t: number): boolean {
    const s = this.store;
    const synAck = flags & (TCP_SYN | TCP_ACK);
    const irtt = s.double(id, L.INITIAL_RTT);
    if (synAck === TCP_SYN) {
      // tshark measures from the most recent SYN, so a retransmitted SYN restarts the clock.
      if (irtt < 0) {
        s.setDouble(id, L.SYN_TIME, t);
        const fl = s.word(id, L.FLAGS);
        s.setWord(id, L.FLAGS, fromA ? fl | L.SYN_FROM_A : fl & ~L.SYN_FROM_A);
      }
    } else if (synAck === (TCP_SYN | TCP_ACK)) {
      const syn = s.double(id, L.SYN_TIME);
      if (syn >= 0 && s.double(id, L.SYNACK_TIME) < 0) {
        s.setDouble(id, L.SYNACK_TIME, t);
        s.setDouble(id, L.SERVER_RTT, t - syn);
      }
    } else if (flags & TCP_ACK && s.double(id, L.SYN_TIME) >= 0 && irtt < 0) {
      // Like tshark: the first segment that ACKs without SYN after the most recent SYN closes the
      // initial RTT, whichever side sends it (a RST/ACK answering a scan counts too).
      const v = this.verdict;
      v.initialRtt = t - s.double(id, L.SYN_TIME);
      s.setDouble(id, L.INITIAL_RTT, v.initialRtt);
      const fl = s.word(id, L.FLAGS);
      const synFromA = (fl & L.SYN_FROM_A) !== 0;
      const synAckTime = s.double(id, L.SYNACK_TIME);
      v.clientRtt = synAckTime >= 0 && fromA === synFromA ? t - synAckTime : -1;
      if (v.clientRtt >= 0) s.setWord(id, L.FLAGS, fl | L.CLIENT_ACKED);
      v.serverRtt = s.double(id, L.SERVER_RTT);
      v.client = synFromA ? this.a(id) : this.b(id);
      v.server = synFromA ? this.b(id) : this.a(id);
      return true;
    }
    return false;
  }
}

export { FRAMING_DNS, FRAMING_TLS };
