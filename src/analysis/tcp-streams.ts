/**
 * TCP streams as tshark numbers them (`tcp.stream`): one per 4-tuple, and a new one when a SYN
 * reuses a 4-tuple with a different initial sequence number. Each stream carries the sequence
 * analysis that finds retransmissions (tshark's `tcp.analysis.retransmission`), the handshake
 * timing (`tcp.analysis.initial_rtt`), and the record trackers that decide when a frame counts
 * as TLS or DNS.
 */
import { Conversation } from './conversation.js';
import { FRAMING_DNS, FRAMING_NONE, FRAMING_TLS, PduTracker, isTlsHeader } from './tcp-pdu-tracker.js';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../decode/transport/tcp-flags.js';
import { seqAdd, seqLt } from './tcp-seq.js';
import { TupleIndex } from './tuple-index.js';

/** tshark's default out-of-order threshold when the stream's RTT is unknown: 3 ms. */
const OOO_DEFAULT_S = 0.003;

class Direction {
  baseSet = false;
  baseSeq = 0;
  nextSeq = 0;
  nextSet = false;
  /** Time of the segment that last advanced nextSeq. */
  nextTime = 0;
  lastAck = 0;
  ackSet = false;
  dupAcks = 0;
  readonly pdu = new PduTracker();
  framingChosen = false;
}

export class TcpStream extends Conversation {
  readonly index: number;
  readonly dir: [Direction, Direction] = [new Direction(), new Direction()];
  synTime = -1;
  synFromA = true;
  synAckTime = -1;
  /** tshark's initial RTT: the most recent SYN to the ACK that completes the handshake (s), or -1. */
  initialRtt = -1;
  /** SYN to SYN/ACK, and SYN/ACK to the handshake ACK (s), or -1. */
  serverRtt = -1;
  clientRtt = -1;
  retransmissions = 0;
  finOrRst = false;

  constructor(index: number, a: number, b: number, aPort: number, bPort: number, start: number) {
    super(a, b, aPort, bPort, start);
    this.index = index;
  }
}

/** What the analyzer learns from one TCP segment. */
export interface TcpVerdict {
  stream: TcpStream;
  fromA: boolean;
  retransmission: boolean;
  /** 1 when a TLS record ends in this frame, 2 when a DNS message does, else 0. */
  completedPdu: number;
  /** This segment completed the three-way handshake (the stream's initial RTT is now known). */
  handshakeDone: boolean;
}

export class TcpStreamTable {
  private readonly index = new TupleIndex(4, 4096);
  /** Per 4-tuple id: the index of its current stream in `rows`. */
  private current = new Int32Array(4096);
  readonly rows: TcpStream[] = [];
  private readonly verdict: TcpVerdict = {
    stream: null as unknown as TcpStream,
    fromA: true,
    retransmission: false,
    completedPdu: 0,
    handshakeDone: false,
  };

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
    const n = this.index.size;
    const tuple = srcFirst
      ? this.index.intern(src, srcPort, dst, dstPort)
      : this.index.intern(dst, dstPort, src, srcPort);
    let s: TcpStream;
    if (tuple >= n) {
      if (tuple >= this.current.length) {
        const next = new Int32Array(this.current.length * 2);
        next.set(this.current);
        this.current = next;
      }
      s = this.newStream(tuple, src, dst, srcPort, dstPort, t);
    } else {
      s = this.rows[this.current[tuple]];
      const fromA0 = src === s.a && srcPort === s.aPort;
      const d0 = s.dir[fromA0 ? 0 : 1];
      // A SYN with a new initial sequence number on a used 4-tuple starts a new stream (port reuse).
      if ((flags & (TCP_SYN | TCP_ACK)) === TCP_SYN && d0.baseSet && seq !== d0.baseSeq) {
        s = this.newStream(tuple, src, dst, srcPort, dstPort, t);
      }
    }
    if (counted && s.packets === 0 && !(src === s.a && srcPort === s.aPort)) this.reanchor(s);
    const fromA = src === s.a && srcPort === s.aPort;
    if (counted) s.count(fromA, bytes, t);
    const v = this.verdict;
    v.stream = s;
    v.fromA = fromA;
    v.retransmission = this.analyzeSequence(s, fromA, flags, seq, ack, wireLen, t);
    v.completedPdu = this.trackPdu(
      s,
      fromA,
      flags,
      buf,
      payloadAt,
      payloadCap,
      wireLen,
      seq,
      srcPort,
      dstPort,
      v.retransmission,
    );
    v.handshakeDone = this.trackHandshake(s, fromA, flags, t);
    if (flags & (TCP_FIN | TCP_RST)) s.finOrRst = true;
    return v;
  }

  /**
   * tshark's conversation table names as A the source of the first packet it counts; a segment
   * seen but not counted (a header cut by the snaplen) may have opened the stream from the other
   * side. Swap the ends so A is the first counted sender.
   */
  private reanchor(s: TcpStream): void {
    [s.a, s.b, s.aPort, s.bPort] = [s.b, s.a, s.bPort, s.aPort];
    s.dir.reverse();
    s.synFromA = !s.synFromA;
  }

  private newStream(tuple: number, src: number, dst: number, srcPort: number, dstPort: number, t: number): TcpStream {
    const s = new TcpStream(this.rows.length, src, dst, srcPort, dstPort, t);
    this.current[tuple] = this.rows.length;
    this.rows.push(s);
    return s;
  }

  /** tshark's retransmission test, simplified: data (or SYN/FIN) that does not advance the sequence space. */
  private analyzeSequence(
    s: TcpStream,
    fromA: boolean,
    flags: number,
    seq: number,
    ack: number,
    wireLen: number,
    t: number,
  ): boolean {
    const fwd = s.dir[fromA ? 0 : 1];
    const rev = s.dir[fromA ? 1 : 0];
    if (!fwd.baseSet) {
      fwd.baseSet = true;
      fwd.baseSeq = seq;
    }
    // Duplicate ACKs from this side feed the fast-retransmission test of the other side.
    if (flags & TCP_ACK) {
      if (fwd.ackSet && ack === fwd.lastAck && wireLen === 0 && !(flags & (TCP_SYN | TCP_FIN | TCP_RST))) fwd.dupAcks++;
      else if (!fwd.ackSet || seqLt(fwd.lastAck, ack)) {
        fwd.lastAck = ack;
        fwd.dupAcks = 0;
      }
      fwd.ackSet = true;
    }
    const synFin = flags & (TCP_SYN | TCP_FIN) ? 1 : 0;
    const advance = wireLen + synFin;
    let retrans = false;
    if (fwd.nextSet && advance > 0 && seqLt(seq, fwd.nextSeq)) {
      const keepAlive = wireLen <= 1 && !(flags & (TCP_SYN | TCP_FIN | TCP_RST)) && seq === (fwd.nextSeq - 1) >>> 0;
      if (!keepAlive) {
        const fast = rev.dupAcks >= 2 && rev.ackSet && seq === rev.lastAck;
        const ooo = s.initialRtt > 0 ? s.initialRtt : OOO_DEFAULT_S;
        // Only a segment with data can be out of order; a repeated SYN or FIN is a retransmission.
        const outOfOrder = !fast && wireLen > 0 && t - fwd.nextTime < ooo && fwd.nextSeq !== seqAdd(seq, wireLen);
        if (!outOfOrder) retrans = true;
      }
    }
    const end = seqAdd(seq, advance);
    if (!fwd.nextSet || seqLt(fwd.nextSeq, end)) {
      fwd.nextSeq = end;
      fwd.nextSet = true;
      fwd.nextTime = t;
    }
    if (retrans) s.retransmissions++;
    return retrans;
  }

  private trackPdu(
    s: TcpStream,
    fromA: boolean,
    flags: number,
    buf: Buffer,
    at: number,
    cap: number,
    wireLen: number,
    seq: number,
    srcPort: number,
    dstPort: number,
    retransmission: boolean,
  ): number {
    if (wireLen === 0) return 0;
    const d = s.dir[fromA ? 0 : 1];
    if (!d.framingChosen) {
      d.framingChosen = true;
      if (cap >= 3 && isTlsHeader(buf[at], buf[at + 1], buf[at + 2])) d.pdu.framing = FRAMING_TLS;
      else if (srcPort === 53 || dstPort === 53) d.pdu.framing = FRAMING_DNS;
    }
    if (d.pdu.framing === FRAMING_NONE) return 0;
    // A retransmission carries bytes already counted; tshark does not dissect them again.
    if (retransmission) return 0;
    const dataSeq = flags & TCP_SYN ? seqAdd(seq, 1) : seq;
    return d.pdu.feed(buf, at, cap, wireLen, dataSeq) ? d.pdu.framing : 0;
  }

  private trackHandshake(s: TcpStream, fromA: boolean, flags: number, t: number): boolean {
    const synAck = flags & (TCP_SYN | TCP_ACK);
    if (synAck === TCP_SYN) {
      // tshark measures from the most recent SYN, so a retransmitted SYN restarts the clock.
      if (s.initialRtt < 0) {
        s.synTime = t;
        s.synFromA = fromA;
      }
    } else if (synAck === (TCP_SYN | TCP_ACK)) {
      if (s.synTime >= 0 && s.synAckTime < 0) {
        s.synAckTime = t;
        s.serverRtt = t - s.synTime;
      }
    } else if (flags & TCP_ACK && s.synTime >= 0 && s.initialRtt < 0) {
      // Like tshark: the first segment that ACKs without SYN after the most recent SYN closes the
      // initial RTT, whichever side sends it (a RST/ACK answering a scan counts too).
      s.initialRtt = t - s.synTime;
      if (s.synAckTime >= 0 && fromA === s.synFromA) s.clientRtt = t - s.synAckTime;
      return true;
    }
    return false;
  }
}

export { FRAMING_DNS, FRAMING_TLS };
