/**
 * bufferbloat: round trips while the link is busy compared with round trips while it is idle,
 * second by second (passive pings and the prober's samples against the measured throughput).
 * Graded the way the Waveform bufferbloat test grades the latency added under load:
 * A+ under 5 ms, A under 30, B under 60, C under 200, D under 400, F from 400.
 */
import type { Suggestion } from '../../api/alerts.js';
import type { LoadState } from '../../probe/path/path-verdict.js';
import { HISTORY_SEC, type SecondHistory } from '../second-history.js';
import { bitRate, ms, round3 } from '../summary-format.js';
import { median } from '../windows.js';

export const GRADES: readonly [string, number][] = [
  ['A+', 5],
  ['A', 30],
  ['B', 60],
  ['C', 200],
  ['D', 400],
  ['F', Number.POSITIVE_INFINITY],
];

export function gradeFor(addedMs: number): string {
  for (const [g, below] of GRADES) if (addedMs < below) return g;
  return 'F';
}

/** Load below this (bytes/s) is never "busy": pings alone do not load a link. */
const MIN_LOAD_BYTES = 12_500;
/** Seconds with RTT samples needed on each side. */
const MIN_SECONDS = 3;

export interface BufferbloatResult {
  grade: string;
  idleMs: number;
  loadedMs: number;
  addedMs: number;
  speedBytesPerSec: number;
  idleSeconds: number;
  loadedSeconds: number;
}

/**
 * Which seconds of the history were busy and which idle, as bufferbloat reads them: busy is at
 * least half the peak throughput (and more than pings alone), idle at most a tenth of it; null when
 * the link was never loaded enough to tell. The path verdict uses the same split.
 */
export function loadClassifier(h: SecondHistory): ((sec: number) => LoadState) | null {
  let peak = 0;
  h.forEach((_s, i) => {
    if (h.bytes[i] > peak) peak = h.bytes[i];
  });
  if (peak < MIN_LOAD_BYTES * 4) return null;
  return (sec) => {
    const i = sec % HISTORY_SEC;
    if (sec < 0 || h.sec[i] !== sec) return null;
    const b = h.bytes[i];
    if (b >= 0.5 * peak && b >= MIN_LOAD_BYTES) return 'loaded';
    return b <= 0.1 * peak ? 'idle' : null;
  };
}

/** Measures bufferbloat from the history; null when there is not enough idle and busy time with RTT samples. */
export function measureBufferbloat(h: SecondHistory): BufferbloatResult | null {
  const state = loadClassifier(h);
  if (state === null) return null;
  const idle: number[] = [];
  const loaded: number[] = [];
  const loadRates: number[] = [];
  h.forEach((s, i) => {
    if (h.rttCount[i] === 0) return;
    const rtt = h.rttSum[i] / h.rttCount[i];
    const st = state(s);
    if (st === 'loaded') {
      loaded.push(rtt);
      loadRates.push(h.bytes[i]);
    } else if (st === 'idle') idle.push(rtt);
  });
  if (idle.length < MIN_SECONDS || loaded.length < MIN_SECONDS) return null;
  const idleMs = median(idle);
  const loadedMs = median(loaded);
  const addedMs = Math.max(0, loadedMs - idleMs);
  return {
    grade: gradeFor(addedMs),
    idleMs,
    loadedMs,
    addedMs,
    speedBytesPerSec: median(loadRates),
    idleSeconds: idle.length,
    loadedSeconds: loaded.length,
  };
}

export function bufferbloatAdvice(h: SecondHistory): Suggestion | null {
  const r = measureBufferbloat(h);
  if (r === null || r.addedMs < 30) return null; // A and A+: nothing to fix
  const speed = r.speedBytesPerSec * 8;
  const lo = (speed * 0.85) / 1e6;
  const hi = (speed * 0.95) / 1e6;
  const mid = (speed * 0.9) / 1e6;
  const fmt = (x: number): string => (x >= 10 ? x.toFixed(0) : x.toFixed(1));
  return {
    id: 's-bufferbloat',
    kind: 'bufferbloat',
    title: `Your connection has bufferbloat: grade ${r.grade} (+${ms(r.addedMs)} under load)`,
    why: `Idle, round trips took ${ms(r.idleMs)} (median of ${r.idleSeconds} seconds); while the link carried about ${bitRate(r.speedBytesPerSec)} they took ${ms(r.loadedMs)} (median of ${r.loadedSeconds} seconds), ${ms(r.addedMs)} more. Packets wait in an oversized queue; calls and games stutter whenever someone downloads or uploads. Bufferbloat tests grade that ${r.grade}.`,
    action: `Turn on smart queue management (SQM) on your router, with the cake (or fq_codel) queue, and set its bandwidth to 85–95% of the speed measured here: ${fmt(lo)}–${fmt(hi)} Mbit/s in the direction that was busy. The queue then stays short while the link is full. On a Linux router: tc qdisc replace dev IFACE root cake bandwidth ${fmt(mid)}mbit.`,
    evidence: {
      grade: r.grade,
      idleRttMs: round3(r.idleMs),
      loadedRttMs: round3(r.loadedMs),
      addedMs: round3(r.addedMs),
      measuredBitsPerSec: Math.round(speed),
      sqmBitsPerSec: [Math.round(speed * 0.85), Math.round(speed * 0.95)],
      idleSeconds: r.idleSeconds,
      loadedSeconds: r.loadedSeconds,
      gradeScaleMs: GRADES.filter(([, b]) => Number.isFinite(b)).map(([g, b]) => `${g}<${b}`),
    },
  };
}
