/**
 * latency: round trips to a target (from the prober, or passive pings) that are high, jittery, or
 * suddenly well above their own baseline. Evaluated on the recent samples (the last 10 answered)
 * against the older ones (up to 60 before them).
 */
import type { AlertSeverity, Evidence } from '../../api/alerts.js';
import type { AlertContext } from '../context.js';
import { ms, round3 } from '../summary-format.js';
import { median } from '../windows.js';

const RECENT = 10;
const HISTORY = 70;
/** Seconds between evaluations of one target (a ping flood must not sort per reply). */
const EVERY_SEC = 1;

class Series {
  readonly rtts: number[] = [];
  readonly times: number[] = [];
  lastEval = Number.NEGATIVE_INFINITY;
  constructor(
    readonly label: string,
    readonly method: 'ping' | 'prober',
  ) {}
}

export class LatencyDetector {
  private readonly series = new Map<string, Series>();

  constructor(private readonly ctx: AlertContext) {}

  /** One answered probe to `key` (lost probes are packet-loss's business). */
  sample(key: string, label: string, method: 'ping' | 'prober', t: number, rttMs: number): void {
    let s = this.series.get(key);
    if (s === undefined) {
      if (this.series.size >= 10_000) return;
      s = new Series(label, method);
      this.series.set(key, s);
    }
    s.rtts.push(rttMs);
    s.times.push(t);
    if (s.rtts.length > HISTORY) {
      s.rtts.shift();
      s.times.shift();
    }
    if (s.rtts.length < RECENT || t - s.lastEval < EVERY_SEC) return;
    s.lastEval = t;
    this.evaluate(key, s, t);
  }

  private evaluate(key: string, s: Series, t: number): void {
    const cfg = this.ctx.settings.latency;
    const recent = s.rtts.slice(-RECENT);
    const older = s.rtts.slice(0, -RECENT);
    const med = median(recent);
    let jitter = 0;
    for (let i = 1; i < recent.length; i++) jitter += Math.abs(recent[i] - recent[i - 1]);
    jitter /= recent.length - 1;
    const base = older.length >= RECENT ? median(older) : null;
    const reasons: string[] = [];
    let severity: AlertSeverity = 'warning';
    if (base !== null && med >= cfg.riseFactor * base && med - base >= cfg.riseMinMs) {
      reasons.push(`rose from ${ms(base)} to ${ms(med)}`);
    }
    if (med >= cfg.rttMs) reasons.push(`${reasons.length ? 'now ' : 'take '}${ms(med)}, above ${ms(cfg.rttMs)}`);
    if (jitter >= cfg.jitterMs)
      reasons.push(`vary by ${ms(jitter)} from one probe to the next (jitter, above ${ms(cfg.jitterMs)})`);
    if (reasons.length === 0) return;
    if (med >= 3 * cfg.rttMs) severity = 'critical';
    const first = s.times[s.times.length - RECENT];
    const via = s.method === 'prober' ? 'probes' : 'pings seen on the network';
    const evidence: Evidence = {
      target: s.label,
      method: s.method,
      recentMedianMs: round3(med),
      baselineMedianMs: base === null ? null : round3(base),
      jitterMs: round3(jitter),
      recentRttsMs: recent.map(round3),
      rttThresholdMs: cfg.rttMs,
      jitterThresholdMs: cfg.jitterMs,
      samples: s.rtts.length,
    };
    this.ctx.incidents.raise('latency', `latency|${key}`, first, t, {
      severity,
      source: '',
      target: s.label,
      summary: `Round trips to ${s.label} ${reasons.join(', and ')} (median of the last ${RECENT} ${via}).`,
      evidence,
    });
  }
}
