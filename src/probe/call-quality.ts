/**
 * Call and game quality from latency, jitter and loss: the simplified E-model that VoIP monitors use
 * (derived from ITU-T G.107's R factor), then a grade in words.
 *
 *   effective latency EL = latency + 2 × jitter + 10 ms           (jitter buffers and codec delay)
 *   R = 93.2 − EL / 40               when EL < 160 ms
 *   R = 93.2 − (EL − 120) / 10       otherwise                      (delay hurts much more past 160 ms)
 *   R = R − 2.5 × loss%, then clamped to 0–100
 *   MOS = 1 + 0.035 R + 7·10⁻⁶ · R (R − 60) (100 − R)              (1 = unusable … 4.5 = best possible)
 *
 * Inputs: latency is the mean round trip of the answered probes, jitter the mean |difference| of
 * consecutive round trips (as PingPlotter shows it), loss the share of probes lost, all over the
 * same recent probes: those sent in the last minute (rtt-accumulator.ts's loss window).
 */
import type { CallGrade, CallQuality } from '../api/path.js';
import type { ProbeSample } from '../api/probe.js';
import { mean, meanAbsDiff } from './probe-stats.js';

export const EL_FIXED_MS = 10;
export const EL_JITTER_FACTOR = 2;
export const EL_BREAK_MS = 160;
export const R_MAX_BASE = 93.2;
export const R_PER_LOSS_PCT = 2.5;
/** Fewer answered probes than this give no estimate. */
export const MIN_CALL_SAMPLES = 5;

/** MOS cut-offs, best first: the usual VoIP scale (4.3+ is what a good landline sounds like). */
export const CALL_GRADES: readonly { grade: CallGrade; minMos: number; calls: string }[] = [
  { grade: 'excellent', minMos: 4.3, calls: 'excellent: good for video calls' },
  { grade: 'good', minMos: 4.0, calls: 'good for video calls' },
  { grade: 'fair', minMos: 3.6, calls: 'fair: calls work, with an occasional glitch' },
  { grade: 'poor', minMos: 3.1, calls: 'poor: expect choppy calls' },
  { grade: 'bad', minMos: Number.NEGATIVE_INFINITY, calls: 'bad: calls will break up or drop' },
];

/** Game cut-offs: round trip, jitter and loss that most online games start to feel. */
export const GAME_LIMITS = {
  greatRttMs: 50,
  playableRttMs: 100,
  jitterMs: 20,
  lossPct: 2,
} as const;

export interface ModelInputs {
  latencyMs: number;
  jitterMs: number;
  lossPct: number;
}

export function effectiveLatency(latencyMs: number, jitterMs: number): number {
  return latencyMs + EL_JITTER_FACTOR * jitterMs + EL_FIXED_MS;
}

/** The R factor, clamped to 0–100. */
export function rFactor(i: ModelInputs): number {
  const el = effectiveLatency(i.latencyMs, i.jitterMs);
  let r = el < EL_BREAK_MS ? R_MAX_BASE - el / 40 : R_MAX_BASE - (el - 120) / 10;
  r -= R_PER_LOSS_PCT * i.lossPct;
  return Math.min(100, Math.max(0, r));
}

export function mosFromR(r: number): number {
  return 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
}

export function gradeFor(mos: number): (typeof CALL_GRADES)[number] {
  for (const g of CALL_GRADES) if (mos >= g.minMos) return g;
  return CALL_GRADES[CALL_GRADES.length - 1];
}

export function gamesText(i: ModelInputs): string {
  const lat = Math.round(i.latencyMs);
  if (i.lossPct >= GAME_LIMITS.lossPct) return `games will stutter: ${round1(i.lossPct)}% of packets are lost`;
  if (i.jitterMs >= GAME_LIMITS.jitterMs)
    return `games will feel uneven: round trips vary by ${Math.round(i.jitterMs)} ms`;
  if (i.latencyMs < GAME_LIMITS.greatRttMs) return `great for games (${lat} ms round trip)`;
  if (i.latencyMs < GAME_LIMITS.playableRttMs) return `fine for most games (${lat} ms round trip)`;
  return `laggy for fast games (${lat} ms round trip)`;
}

export function callQualityOf(i: ModelInputs, samples: number): CallQuality {
  const r = rFactor(i);
  const mos = mosFromR(r);
  const g = gradeFor(mos);
  return {
    latencyMs: i.latencyMs,
    jitterMs: i.jitterMs,
    lossPct: i.lossPct,
    samples,
    effectiveLatencyMs: effectiveLatency(i.latencyMs, i.jitterMs),
    rFactor: r,
    mos,
    grade: g.grade,
    calls: g.calls,
    games: gamesText(i),
  };
}

/** Call quality over a run of probes (oldest first); null with too few answers to tell. */
export function callQualityFromSamples(samples: readonly ProbeSample[]): CallQuality | null {
  const rtts: number[] = [];
  for (const s of samples) if (s.rttMs !== null) rtts.push(s.rttMs);
  const latency = mean(rtts);
  if (latency === null || rtts.length < MIN_CALL_SAMPLES) return null;
  const jitter = meanAbsDiff(rtts) ?? 0;
  const lossPct = (100 * (samples.length - rtts.length)) / samples.length;
  return callQualityOf({ latencyMs: latency, jitterMs: jitter, lossPct }, samples.length);
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
