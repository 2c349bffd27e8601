/**
 * The last hour, second by second: bytes, packets, broadcast/multicast frames, and the round-trip
 * samples (passive ping and the prober) that fell in each second. Bufferbloat compares RTT with
 * throughput second by second; the broadcast-storm advice reads the broadcast rate.
 */
export const HISTORY_SEC = 3600;

export class SecondHistory {
  readonly sec = new Float64Array(HISTORY_SEC).fill(-1);
  readonly bytes = new Float64Array(HISTORY_SEC);
  readonly packets = new Float64Array(HISTORY_SEC);
  readonly broadcast = new Float64Array(HISTORY_SEC);
  readonly rttSum = new Float64Array(HISTORY_SEC);
  readonly rttCount = new Float64Array(HISTORY_SEC);
  /** Latest whole second written. */
  latest = -1;

  private slot(sec: number): number {
    const i = sec % HISTORY_SEC;
    if (this.sec[i] !== sec) {
      this.sec[i] = sec;
      this.bytes[i] = 0;
      this.packets[i] = 0;
      this.broadcast[i] = 0;
      this.rttSum[i] = 0;
      this.rttCount[i] = 0;
    }
    return i;
  }

  /** The totals of a finished second. */
  put(sec: number, bytes: number, packets: number, broadcast: number): void {
    const i = this.slot(sec);
    this.bytes[i] = bytes;
    this.packets[i] = packets;
    this.broadcast[i] = broadcast;
    if (sec > this.latest) this.latest = sec;
  }

  /** A round-trip sample measured at time `t` (seconds). Samples older than the history are dropped. */
  addRtt(t: number, rttMs: number): void {
    const sec = Math.floor(t);
    if (this.latest >= 0 && sec <= this.latest - HISTORY_SEC) return;
    const i = this.slot(sec);
    this.rttSum[i] += rttMs;
    this.rttCount[i]++;
  }

  /** Calls `fn` for each second held, oldest first. */
  forEach(fn: (sec: number, i: number) => void): void {
    if (this.latest < 0) return;
    for (let s = Math.max(0, this.latest - HISTORY_SEC + 1); s <= this.latest; s++) {
      const i = s % HISTORY_SEC;
      if (this.sec[i] === s) fn(s, i);
    }
  }
}
