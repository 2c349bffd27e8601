/**
 * Turns one streaming ping process's lines into one outcome per echo sequence number, in order:
 * answered (with its RTT) or lost. This is where the 1 Hz series is made exact:
 * - a reply slower than the timeout is a loss, whenever it arrives (ping itself would report it
 *   as a success with time=1500 ms); a reply for a sequence already given up on is ignored;
 * - sequences that never get a line (gaps) are losses once later sequences prove they were sent;
 * - duplicates (DUP!) are ignored; 16-bit sequence numbers are unwrapped (iputils wraps at 65536,
 *   which is 18 hours at 1 Hz).
 * A sequence is settled when its reply (or ICMP error) arrives, or as lost once ping has sent enough
 * later sequences that its timeout has certainly passed: `ceil(timeout / interval) + 1` of them,
 * the +1 absorbing ping's cadence wobble. Pure logic: no timers, no processes.
 */
import type { PingLine } from './ping-output.js';

export interface SeqOutcome {
  /** The sequence number, unwrapped (keeps growing past 65535). */
  seq: number;
  /** When the request was sent (epoch ms): exact for answers, estimated from the cadence for losses. */
  sentAt: number;
  rttMs: number | null;
  /** The ICMP error or send failure that came back instead of a reply, if any. */
  error: string | null;
}

export interface SequenceTrackerOptions {
  intervalMs: number;
  timeoutMs: number;
  /** The first sequence number ping uses: 1 for iputils, 0 for BSD/macOS. */
  firstSeq: number;
  /** Leading sequences to swallow (the warm-up probe of `ping -l 2`, see ping-command.ts). */
  warmUp: number;
  /** When the process was started; anchors send-time estimates before ping says anything. */
  startedAt: number;
  now: () => number;
}

interface Pending {
  rttMs: number | null;
  error: string | null;
  settled: boolean;
}

const SEQ_SPACE = 65536;

export class SequenceTracker {
  private next: number;
  private highestSent: number;
  private readonly grace: number;
  private readonly pending = new Map<number, Pending>();
  private readonly sentAt = new Map<number, number>();
  private lastEmitted: { seq: number; sentAt: number } | null = null;

  constructor(private readonly o: SequenceTrackerOptions) {
    this.next = o.firstSeq + o.warmUp;
    this.highestSent = o.firstSeq - 1;
    this.grace = Math.ceil(o.timeoutMs / o.intervalMs) + 1;
  }

  /** Feeds one parsed line; returns the outcomes it settled, in sequence order. */
  feed(line: PingLine): SeqOutcome[] {
    switch (line.kind) {
      case 'reply': {
        if (line.seq === null || line.duplicate) break;
        const seq = this.unwrap(line.seq);
        this.markSent(seq);
        const at = line.at ?? this.o.now();
        if (!this.sentAt.has(seq)) this.sentAt.set(seq, at - line.rttMs);
        if (seq < this.next) break; // settled already: a reply after we gave up on it
        const late = line.rttMs > this.o.timeoutMs;
        this.settle(seq, late ? null : line.rttMs, null);
        break;
      }
      case 'no-answer': {
        // Printed as ping sends the following sequence: it dates that one's send time.
        const seq = this.unwrap(line.seq);
        this.markSent(seq + 1);
        if (!this.sentAt.has(seq + 1)) this.sentAt.set(seq + 1, line.at ?? this.o.now());
        break;
      }
      case 'error': {
        if (line.seq === null) break;
        const seq = this.unwrap(line.seq);
        this.markSent(seq);
        if (seq >= this.next && !this.pending.get(seq)?.settled) this.settle(seq, null, line.message);
        break;
      }
      default:
        break;
    }
    return this.drain(false);
  }

  /**
   * The process ended. `complete`: it exited by itself after waiting out its last timeout, so every
   * sequence it sent is settled (`transmitted` from its summary says how many). Otherwise it was
   * stopped, and sequences still inside their timeout are dropped: their outcome is unknown.
   */
  finish(complete: boolean, transmitted: number | null): SeqOutcome[] {
    if (complete && transmitted !== null) this.markSent(this.o.firstSeq + transmitted - 1);
    return this.drain(complete);
  }

  private settle(seq: number, rttMs: number | null, error: string | null): void {
    this.pending.set(seq, { rttMs, error, settled: true });
  }

  private markSent(seq: number): void {
    if (seq > this.highestSent) this.highestSent = seq;
  }

  private drain(all: boolean): SeqOutcome[] {
    const out: SeqOutcome[] = [];
    while (this.next <= this.highestSent) {
      const p = this.pending.get(this.next);
      const settled = p?.settled === true;
      if (!settled && !all && this.highestSent < this.next + this.grace) break;
      out.push({
        seq: this.next,
        sentAt: this.estimateSentAt(this.next),
        rttMs: settled ? p.rttMs : null,
        error: settled ? p.error : null,
      });
      this.lastEmitted = { seq: this.next, sentAt: out[out.length - 1].sentAt };
      this.pending.delete(this.next);
      this.sentAt.delete(this.next);
      this.next++;
    }
    // Forget send times of warm-up probes and anything below the cursor.
    for (const seq of this.sentAt.keys()) if (seq < this.next) this.sentAt.delete(seq);
    return out;
  }

  private estimateSentAt(seq: number): number {
    const known = this.sentAt.get(seq);
    if (known !== undefined) return known;
    // Nearest later known send time, stepped back by whole intervals.
    let later: number | null = null;
    for (const s of this.sentAt.keys()) {
      if (s > seq && (later === null || s < later)) later = s;
    }
    if (later !== null) return (this.sentAt.get(later) as number) - (later - seq) * this.o.intervalMs;
    if (this.lastEmitted) return this.lastEmitted.sentAt + (seq - this.lastEmitted.seq) * this.o.intervalMs;
    return this.o.startedAt + Math.max(0, seq - this.o.firstSeq - this.o.warmUp) * this.o.intervalMs;
  }

  /** Maps a 16-bit sequence number to the unwrapped one nearest to where we are. */
  private unwrap(raw: number): number {
    const ref = Math.max(this.highestSent, this.next);
    return raw + SEQ_SPACE * Math.round((ref - raw) / SEQ_SPACE);
  }
}
