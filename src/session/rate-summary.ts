/**
 * Average and peak rates of a session, for the numbers shown when it is not live (a file, a
 * stopped capture): the busiest second (bits and packets) as packets go by, in one pass, and the
 * averages over the capture's span. Fixed memory.
 */
import type { RateSummary } from '../api/snapshot.js';

export class RateTracker {
  private sec = -1;
  private secBytes = 0;
  private secPackets = 0;
  private peakBytes = 0;
  private peakPackets = 0;
  private peakAt: number | null = null;

  /** One packet of `bytes` in epoch second `sec` (a packet older than the current second counts in it). */
  count(sec: number, bytes: number): void {
    if (sec > this.sec) {
      this.close();
      this.sec = sec;
    }
    this.secBytes += bytes;
    this.secPackets++;
  }

  /** The averages over `durationSec` of `packets`/`bytes`, and the busiest second so far. */
  summary(packets: number, bytes: number, durationSec: number): RateSummary {
    const peakBytes = Math.max(this.peakBytes, this.secBytes);
    const peakPackets = Math.max(this.peakPackets, this.secPackets);
    const at = this.secBytes > this.peakBytes ? this.sec : this.peakAt;
    // one packet (or all in the same instant) has no span: its rate is its bytes in one second
    const span = durationSec > 0 ? durationSec : 1;
    return {
      durationSec,
      avgBitsPerSec: (bytes * 8) / span,
      avgPacketsPerSec: packets / span,
      peakBitsPerSec: peakBytes * 8,
      peakPacketsPerSec: peakPackets,
      peakAt: at,
    };
  }

  private close(): void {
    if (this.secBytes > this.peakBytes) {
      this.peakBytes = this.secBytes;
      this.peakAt = this.sec;
    }
    if (this.secPackets > this.peakPackets) this.peakPackets = this.secPackets;
    this.secBytes = 0;
    this.secPackets = 0;
  }
}
