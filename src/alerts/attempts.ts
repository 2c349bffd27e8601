/**
 * Connection attempts waiting for their outcome. A new TCP stream opened by a SYN (or by a
 * FIN/NULL/Xmas probe) and a new UDP conversation are attempts; a few seconds later (the grace)
 * the analyzer's row for that stream or conversation says what happened: answered (SYN/ACK, a UDP
 * reply), refused (RST) or nothing. Settled attempts feed the port-scan, SYN-flood and
 * access-attempt detectors. A bounded ring: under a flood the oldest settle early.
 */
import type { Analyzer } from '../analysis/analyzer.js';

export const KIND_SYN = 0;
export const KIND_UDP = 1;
export const KIND_FIN = 2;
export const KIND_NULL = 3;
export const KIND_XMAS = 4;
/** Other flag combinations without ACK (SYN+FIN, FIN+URG, ...). */
export const KIND_ODD = 5;
export const KIND_NAMES = ['SYN', 'UDP', 'FIN', 'NULL', 'Xmas', 'odd-flags'] as const;

export const OUT_OPEN = 1;
export const OUT_REFUSED = 2;
export const OUT_NO_ANSWER = 3;

export interface SettledAttempt {
  src: number;
  dst: number;
  port: number;
  kind: number;
  outcome: number;
  /** TCP: the client completed the handshake (ACKed the SYN/ACK). */
  completed: boolean;
  t: number;
  frame: number;
}

/**
 * Attempts in flight: 32,768 within a 3 s grace is 10,000 new connections a second; beyond that
 * (a flood) the oldest settle early, which only shortens their wait for an answer.
 */
const CAPACITY = 1 << 15;

export class AttemptRegistry {
  private head = 0;
  private size = 0;
  private readonly t = new Float64Array(CAPACITY);
  private readonly frame = new Float64Array(CAPACITY);
  private readonly src = new Int32Array(CAPACITY);
  private readonly dst = new Int32Array(CAPACITY);
  private readonly port = new Int32Array(CAPACITY);
  private readonly kind = new Uint8Array(CAPACITY);
  /** The attempt's TCP stream or UDP conversation row (by kind: KIND_UDP is a UDP row). */
  private readonly row = new Int32Array(CAPACITY);
  /** Reused for every settled attempt handed to the sink. */
  private readonly out: SettledAttempt = {
    src: 0,
    dst: 0,
    port: 0,
    kind: 0,
    outcome: 0,
    completed: false,
    t: 0,
    frame: 0,
  };
  /** Attempts settled before their grace ran out because the ring was full. */
  early = 0;

  constructor(
    private readonly an: Analyzer,
    private readonly sink: (a: SettledAttempt) => void,
  ) {}

  get pending(): number {
    return this.size;
  }

  add(src: number, dst: number, port: number, kind: number, row: number, t: number, frame: number): void {
    if (this.size === CAPACITY) {
      this.early++;
      this.settleOne();
    }
    const i = (this.head + this.size) & (CAPACITY - 1);
    this.t[i] = t;
    this.frame[i] = frame;
    this.src[i] = src;
    this.dst[i] = dst;
    this.port[i] = port;
    this.kind[i] = kind;
    this.row[i] = row;
    this.size++;
  }

  /** Settles every attempt made before `before` (seconds). */
  settle(before: number): void {
    while (this.size > 0 && this.t[this.head] < before) this.settleOne();
  }

  settleAll(): void {
    while (this.size > 0) this.settleOne();
  }

  private settleOne(): void {
    const i = this.head;
    const row = this.row[i];
    this.head = (this.head + 1) & (CAPACITY - 1);
    this.size--;
    const o = this.out;
    o.src = this.src[i];
    o.dst = this.dst[i];
    o.port = this.port[i];
    o.kind = this.kind[i];
    o.t = this.t[i];
    o.frame = this.frame[i];
    // packets the target sent back on this stream / conversation
    const t = o.kind === KIND_UDP ? this.an.udpConversations : this.an.tcpStreams;
    const a = t.a(row);
    const targetIsA = a === t.b(row) ? t.aPort(row) === o.port : a !== o.src;
    const back = targetIsA ? t.packetsAtoB(row) : t.packetsBtoA(row);
    if (o.kind === KIND_UDP) {
      o.outcome = back > 0 ? OUT_OPEN : OUT_NO_ANSWER;
      o.completed = back > 0;
    } else if (o.kind === KIND_SYN) {
      const s = this.an.tcpStreams;
      o.outcome = s.synAckTime(row) >= 0 ? OUT_OPEN : back > 0 ? OUT_REFUSED : OUT_NO_ANSWER;
      o.completed = s.clientAcked(row);
    } else {
      // stealth probes: a closed port answers RST, an open (or filtered) one stays silent
      o.outcome = back > 0 ? OUT_REFUSED : OUT_NO_ANSWER;
      o.completed = false;
    }
    this.sink(o);
  }
}
