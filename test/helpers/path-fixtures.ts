/** Paths and probe targets for the verdict and advice tests, built from a rule per hop and round. */
import type { PathHop, PathSnapshot } from '../../src/api/path.js';
import type { ProbeSnapshot, ProbeTargetStats } from '../../src/api/probe.js';
import { hopFiguresOf } from '../../src/probe/path/hop-stats.js';

/** Rounds per fixture path, one a second from T0. */
export const ROUNDS = 30;
export const T0 = 1_700_000_000_000;

/** A path whose hop k answers with rtt(k, round) (null: lost). */
export function makePath(
  n: number,
  rtt: (hop: number, round: number) => number | null,
  o: { reached?: boolean; asn?: (hop: number) => number | null } = {},
): PathSnapshot {
  const rows = Array.from({ length: n }, (_, k) => Array.from({ length: ROUNDS }, (_, r) => rtt(k + 1, r)));
  const reached = o.reached ?? true;
  const hops: PathHop[] = rows.map((row, k) => ({
    ...hopFiguresOf(k + 1, row),
    address: `10.0.${k + 1}.1`,
    name: null,
    org: null,
    asn: o.asn?.(k + 1) ?? null,
    country: null,
    lossKind: 'none',
    pathLossPct: null,
    destination: reached && k === n - 1,
  }));
  return {
    host: 'dest.example',
    address: '10.0.4.1',
    state: 'ok',
    message: null,
    hint: null,
    method: 'icmp',
    intervalMs: 1000,
    rounds: ROUNDS,
    reached,
    end: null,
    hops,
    series: { t: Array.from({ length: ROUNDS }, (_, r) => T0 + 1000 * r), rtt: rows },
    notes: [],
  };
}

/** A ping target answering every probe in `rtt` ms. */
export function target(host: string, rtt: number): ProbeTargetStats {
  const series = Array.from({ length: ROUNDS }, (_, k) => ({ seq: k + 1, t: T0 + 1000 * k, rttMs: rtt }));
  return {
    host,
    kind: 'public',
    address: host,
    state: 'ok',
    message: null,
    hint: null,
    sent: ROUNDS,
    received: ROUNDS,
    lossPct: 0,
    lossPct60s: 0,
    rttMs: { last: rtt, min: rtt, mean: rtt, median: rtt, p95: rtt, max: rtt },
    jitterMs: { meanAbsDiff: 0, rfc3550: 0, stdDev: 0 },
    outages: [],
    outageCount: 0,
    series,
    callQuality: null,
  };
}

/** A prober snapshot holding these paths and targets. */
export function probeSnapshot(paths: PathSnapshot[], targets: ProbeTargetStats[] = []): ProbeSnapshot {
  return { t: T0, intervalMs: 1000, timeoutMs: 1000, running: true, targets, paths, verdicts: [], wifi: null };
}
