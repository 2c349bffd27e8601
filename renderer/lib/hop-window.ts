/**
 * The Path view's data: the rounds of each path kept across snapshots (a snapshot carries only the
 * latest minute) and the hop table at a chosen moment, PingPlotter style: mtr's columns over the
 * rounds of the minute that ends there. The engine's table is the whole session's; this one is
 * computed here from the same rounds with the same definitions (population standard deviation,
 * jitter as |difference| of consecutive answered RTTs).
 */
import type { PathHop, PathSnapshot } from '../../src/api/path.js';

/** Rounds kept per path in the window: 15 minutes at one round a second. */
export const ROUNDS_KEPT = 900;
/** The span of rounds the table at a moment covers. */
export const MOMENT_WINDOW_MS = 60_000;

export interface PathRounds {
  t: number[];
  /** Per hop (ttl − 1), per round: RTT, null lost, −1 not probed. */
  rtt: (number | null)[][];
}

/** Adds the snapshot's rounds newer than those kept; at most `limit` are kept. */
export function mergeRounds(acc: PathRounds | null, p: PathSnapshot, limit = ROUNDS_KEPT): PathRounds {
  const out: PathRounds = acc ? { t: acc.t.slice(), rtt: acc.rtt.map((r) => r.slice()) } : { t: [], rtt: [] };
  const lastT = out.t.length > 0 ? out.t[out.t.length - 1] : -Infinity;
  const hops = Math.max(out.rtt.length, p.series.rtt.length);
  while (out.rtt.length < hops) out.rtt.push(new Array<number | null>(out.t.length).fill(-1));
  p.series.t.forEach((t, r) => {
    if (t <= lastT) return;
    out.t.push(t);
    for (let k = 0; k < hops; k++) {
      const v = p.series.rtt[k]?.[r];
      out.rtt[k].push(v === undefined ? -1 : v); // null is a lost probe: keep it
    }
  });
  const drop = out.t.length - limit;
  if (drop > 0) {
    out.t.splice(0, drop);
    for (const row of out.rtt) row.splice(0, drop);
  }
  return out;
}

export interface HopRow {
  ttl: number;
  hop: PathHop;
  sent: number;
  lossPct: number | null;
  last: number | null;
  avg: number | null;
  best: number | null;
  worst: number | null;
  stdDev: number | null;
  jitter: number | null;
}

/** The engine's whole-session figures, as rows. */
export function liveRows(p: PathSnapshot): HopRow[] {
  return p.hops.map((h) => ({
    ttl: h.ttl,
    hop: h,
    sent: h.sent,
    lossPct: h.lossPct,
    last: h.rttMs.last,
    avg: h.rttMs.avg,
    best: h.rttMs.best,
    worst: h.rttMs.worst,
    stdDev: h.rttMs.stdDev,
    jitter: h.jitterMs.last,
  }));
}

/** The figures of the rounds sent in the minute up to `at` (epoch ms). */
export function rowsAt(p: PathSnapshot, rounds: PathRounds, at: number, windowMs = MOMENT_WINDOW_MS): HopRow[] {
  return p.hops.map((h, k) => {
    const row = rounds.rtt[k] ?? [];
    let sent = 0;
    let n = 0;
    let mean = 0;
    let m2 = 0;
    let best: number | null = null;
    let worst: number | null = null;
    let last: number | null = null;
    let jitter: number | null = null;
    rounds.t.forEach((t, r) => {
      const v = row[r];
      if (t > at || t <= at - windowMs || v === undefined || v === -1) return;
      sent++;
      if (v === null) return;
      n++;
      const d = v - mean;
      mean += d / n;
      m2 += d * (v - mean);
      if (last !== null) jitter = Math.abs(v - last);
      last = v;
      best = best === null ? v : Math.min(best, v);
      worst = worst === null ? v : Math.max(worst, v);
    });
    return {
      ttl: h.ttl,
      hop: h,
      sent,
      lossPct: sent > 0 ? (100 * (sent - n)) / sent : null,
      last,
      avg: n > 0 ? mean : null,
      best,
      worst,
      stdDev: n > 0 ? Math.sqrt(m2 / n) : null,
      jitter,
    };
  });
}
