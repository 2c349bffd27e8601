/**
 * traffic-spike: a second whose bytes or packets are far above the learned baseline. The baseline
 * is robust: the median and the MAD (median absolute deviation) of the per-second rates over the
 * last few minutes, so earlier bursts do not raise it much. A spike must also be above an
 * absolute floor, so an idle link does not alert on a page load.
 */
import type { AlertSeverity, Evidence } from '../../api/alerts.js';
import { type AlertContext, Paced } from '../context.js';
import type { HostWindow } from '../host-window.js';
import { bitRate, count, duration, round3 } from '../summary-format.js';
import { medianOf } from '../windows.js';

/** The baseline statistics are recomputed this often (seconds); between, the cached ones serve. */
const STATS_EVERY = 60;

class Baseline {
  private readonly ring: Float64Array;
  private n = 0;
  private next = 0;
  private readonly scratch: Float64Array;
  median = 0;
  mad = 0;
  private age = STATS_EVERY;

  constructor(size: number) {
    this.ring = new Float64Array(size);
    this.scratch = new Float64Array(size);
  }

  get filled(): number {
    return this.n;
  }

  push(v: number): void {
    this.ring[this.next] = v;
    this.next = (this.next + 1) % this.ring.length;
    if (this.n < this.ring.length) this.n++;
    this.age++;
  }

  /** Median and MAD of the ring, recomputed at most every STATS_EVERY pushes. */
  stats(): void {
    if (this.age < STATS_EVERY) return;
    this.age = 0;
    const n = this.n;
    this.scratch.set(this.ring.subarray(0, n));
    this.median = medianOf(this.scratch, n);
    for (let i = 0; i < n; i++) this.scratch[i] = Math.abs(this.ring[i] - this.median);
    this.mad = medianOf(this.scratch, n);
  }

  /** True when `v` is a spike over this baseline. */
  isSpike(v: number, factor: number, madK: number, floor: number): boolean {
    return v >= floor && v >= factor * this.median && v > this.median + madK * 1.4826 * this.mad;
  }
}

class SpikeIncident extends Paced {
  seconds = 0;
  peakBytes = 0;
  peakPackets = 0;
  baseBytes = 0;
  basePackets = 0;
  madBytes = 0;
  madPackets = 0;
  topSender = -1;
  topSenderBytes = 0;
  last: number;
  constructor(readonly first: number) {
    super();
    this.last = first;
  }
}

export class TrafficSpikeDetector {
  private readonly bytes: Baseline;
  private readonly packets: Baseline;
  private lastSec = -1;
  private incident: SpikeIncident | null = null;

  constructor(
    private readonly ctx: AlertContext,
    private readonly hosts: HostWindow,
  ) {
    const n = Math.max(1, Math.round(ctx.settings.trafficSpike.baselineSec));
    this.bytes = new Baseline(n);
    this.packets = new Baseline(n);
  }

  /** A finished second with its totals. */
  second(sec: number, bytes: number, packets: number): void {
    const cfg = this.ctx.settings.trafficSpike;
    if (this.lastSec >= 0) {
      // seconds without packets are part of "usual" too (up to a full baseline of them)
      const gap = Math.min(sec - this.lastSec - 1, cfg.baselineSec);
      for (let i = 0; i < gap; i++) {
        this.bytes.push(0);
        this.packets.push(0);
      }
    }
    this.lastSec = sec;
    if (this.bytes.filled >= cfg.minBaselineSec) {
      this.bytes.stats();
      this.packets.stats();
      const byBytes = this.bytes.isSpike(bytes, cfg.factor, cfg.madK, cfg.minBytesPerSec);
      const byPackets = this.packets.isSpike(packets, cfg.factor, cfg.madK, cfg.minPacketsPerSec);
      if (byBytes || byPackets) this.spike(sec, bytes, packets);
    }
    this.bytes.push(bytes);
    this.packets.push(packets);
  }

  private spike(sec: number, bytes: number, packets: number): void {
    let inc = this.incident;
    if (inc === null || sec - inc.last > this.ctx.settings.incidentGapSec) {
      inc = new SpikeIncident(sec);
      inc.baseBytes = this.bytes.median;
      inc.basePackets = this.packets.median;
      inc.madBytes = this.bytes.mad;
      inc.madPackets = this.packets.mad;
      this.incident = inc;
    }
    inc.seconds++;
    inc.last = sec + 1;
    if (bytes > inc.peakBytes) {
      inc.peakBytes = bytes;
      // who sent most in the current half-window
      const h = this.hosts;
      let best = -1;
      let bestBytes = 0;
      for (let id = 0; id < h.size; id++) {
        const b = h.txBytesThisHalf(id);
        if (b > bestBytes) {
          bestBytes = b;
          best = id;
        }
      }
      inc.topSender = best;
      inc.topSenderBytes = bestBytes;
    }
    inc.peakPackets = Math.max(inc.peakPackets, packets);
    inc.dirty = true;
  }

  tick(): void {
    const inc = this.incident;
    if (inc === null) return;
    inc.size = inc.seconds;
    if (!this.ctx.due(inc)) return;
    const ctx = this.ctx;
    const cfg = ctx.settings.trafficSpike;
    const ratio = inc.baseBytes > 0 ? inc.peakBytes / inc.baseBytes : Number.POSITIVE_INFINITY;
    // info: traffic changes all the time; a warning only for a huge jump (50x the floor, 20x usual)
    const severity: AlertSeverity = inc.peakBytes >= 50 * cfg.minBytesPerSec && ratio >= 20 ? 'warning' : 'info';
    const times = Number.isFinite(ratio)
      ? `${ratio >= 10 ? count(ratio) : ratio.toFixed(1)} times the usual ${bitRate(inc.baseBytes)}`
      : `from a usual ${bitRate(inc.baseBytes)}`;
    const top = inc.topSender >= 0 ? `; the top sender was ${ctx.named(inc.topSender)}` : '';
    const evidence: Evidence = {
      peakBytesPerSec: inc.peakBytes,
      peakPacketsPerSec: inc.peakPackets,
      baselineBytesPerSec: round3(inc.baseBytes),
      baselineMadBytesPerSec: round3(inc.madBytes),
      baselinePacketsPerSec: round3(inc.basePackets),
      baselineMadPacketsPerSec: round3(inc.madPackets),
      spikeSeconds: inc.seconds,
      baselineSec: cfg.baselineSec,
      factor: cfg.factor,
      topSender: inc.topSender >= 0 ? ctx.addr(inc.topSender) : null,
      topSenderBytes: inc.topSenderBytes,
    };
    ctx.incidents.raise('traffic-spike', 'traffic-spike', inc.first, inc.last, {
      severity,
      source: inc.topSender >= 0 ? ctx.addr(inc.topSender) : '',
      target: 'the network',
      summary: `Traffic jumped to ${bitRate(inc.peakBytes)} (${count(inc.peakPackets)} packets per second), ${times}, for ${duration(inc.seconds)}${top}.`,
      evidence,
    });
  }
}
