/**
 * Passive ping: ICMP/ICMPv6 echo requests seen on the wire paired with their replies, giving a
 * round-trip sample per reply and a loss per request left unanswered past the timeout. The
 * prober measures actively; this sees whatever pings cross the capture (the user's own, a
 * monitoring system's). Bounded; ICMP is rare next to other traffic.
 */
const TIMEOUT_SEC = 2;
const FINAL_TIMEOUT_SEC = 1;
const MAX_PENDING = 16_384;

interface Pending {
  t: number;
  src: number;
  dst: number;
}

export type EchoSink = (target: number, t: number, rttMs: number | null) => void;

export class EchoTracker {
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly sink: EchoSink) {}

  private static key(pinger: number, id: number, seq: number): number {
    return ((id & 0xffff) * 0x1_0000 + (seq & 0xffff)) * 0x10_0000 + (pinger % 0x10_0000);
  }

  request(src: number, dst: number, id: number, seq: number, t: number): void {
    const k = EchoTracker.key(src, id, seq);
    if (this.pending.has(k)) return; // a repeated request: measure from the first
    if (this.pending.size >= MAX_PENDING) this.expire(Number.POSITIVE_INFINITY, MAX_PENDING / 4);
    this.pending.set(k, { t, src, dst });
  }

  /** A reply from `src` to `dst` (the pinger). */
  reply(src: number, dst: number, id: number, seq: number, t: number): void {
    const k = EchoTracker.key(dst, id, seq);
    const p = this.pending.get(k);
    if (p === undefined || p.dst !== src || p.src !== dst) return;
    this.pending.delete(k);
    this.sink(src, t, Math.max(0, (t - p.t) * 1000));
  }

  /** A request from `pinger` ran out of hops (traceroute): it is neither answered nor lost. */
  expired(pinger: number, id: number, seq: number): void {
    this.pending.delete(EchoTracker.key(pinger, id, seq));
  }

  /** Requests older than the timeout at `now` are lost (at most `limit` of them, oldest first). */
  expire(now: number, limit = Number.POSITIVE_INFINITY): void {
    if (this.pending.size === 0) return;
    let n = 0;
    for (const [k, p] of this.pending) {
      if (now - p.t < TIMEOUT_SEC || n >= limit) break;
      this.pending.delete(k);
      this.sink(p.dst, p.t, null);
      n++;
    }
  }

  /**
   * The capture ended: a request a second older than the last packet got no answer in time (a
   * reply takes far less on any path that is not broken); younger ones are too late to judge.
   */
  finish(now: number): void {
    this.expire(now + TIMEOUT_SEC - FINAL_TIMEOUT_SEC);
    this.pending.clear();
  }
}
