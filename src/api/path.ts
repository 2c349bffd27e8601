/**
 * Where is the problem: the path to an internet target hop by hop (mtr's columns), call and game
 * quality per target, and the verdict that compares them. Plain data: it crosses the prober's worker
 * boundary, IPC, WebSocket and the CLI's --json. Times are epoch milliseconds, RTTs milliseconds,
 * `null` means "no data yet". Names and organisations come from the network: untrusted text.
 */
import type { WifiSnapshot } from './wifi.js';

/**
 * How the hops are found: TTL-limited probes sent by the system traceroute, one per hop per round.
 * - icmp: ICMP echo requests (`traceroute -I`: as mtr does by default; needs root, or ping sockets).
 * - udp: UDP datagrams to unlikely ports (plain `traceroute`: allowed for every user on Linux).
 * - tracert: Windows' tracert (three probes per hop, millisecond resolution).
 */
export type PathMethod = 'icmp' | 'udp' | 'tracert';

/** mtr's columns: Last, Avg, Best, Wrst, StDev (population standard deviation of the answered probes). */
export interface HopRtt {
  last: number | null;
  avg: number | null;
  best: number | null;
  worst: number | null;
  stdDev: number | null;
}

/** mtr's jitter columns: Jttr (|last − previous|), Javg (mean of those), Jmax. */
export interface HopJitter {
  last: number | null;
  avg: number | null;
  max: number | null;
}

/**
 * What a hop's loss means, with mtr's caution built in:
 * - none: every probe so far was answered (or too few were sent to tell);
 * - rate-limit: this router answers fewer probes than routers after it, so the traffic itself passes:
 *   the router limits (or deprioritises) its own ICMP answers; it is not packet loss;
 * - path: loss that continues to the later hops and the destination: real loss, starting here;
 * - silent: the router never answers probes at all (common, and harmless: traffic passes it).
 */
export type HopLossKind = 'none' | 'rate-limit' | 'path' | 'silent';

export interface PathHop {
  /** Distance in hops (the probes' TTL), from 1. */
  ttl: number;
  /** The router (or the destination) that answered last; null while none has. */
  address: string | null;
  /** Its reverse-DNS name (untrusted text), when found. */
  name: string | null;
  /** Its network's operator, AS number and country, where known. */
  org: string | null;
  asn: number | null;
  country: string | null;
  /** Other addresses that answered at this distance (load balancing, route changes), at most 4. */
  others: string[];
  /** Probes with a known outcome. */
  sent: number;
  received: number;
  lossPct: number | null;
  rttMs: HopRtt;
  jitterMs: HopJitter;
  lossKind: HopLossKind;
  /** Loss that continues from here to the end of the path (the least loss of this and every later hop). */
  pathLossPct: number | null;
  /** The destination itself answered at this distance. */
  destination: boolean;
}

/** The latest rounds, for the per-hop latency timeline. */
export interface PathSeries {
  /** When each round was sent, oldest first. */
  t: number[];
  /** Per hop (index = ttl − 1), per round: the RTT, null when lost, −1 when that round did not probe the hop. */
  rtt: (number | null)[][];
}

/**
 * - starting: no round has finished yet.
 * - ok: hops answer (the destination may still be silent: see `reached`).
 * - unreachable: the latest rounds got no answer from any hop (no route, network down).
 * - unknown-host: the name does not resolve.
 * - failed: the system traceroute could not run (missing, no permission); `hint` says how to fix it.
 */
export type PathState = 'starting' | 'ok' | 'unreachable' | 'unknown-host' | 'failed';

export interface PathSnapshot {
  host: string;
  address: string | null;
  state: PathState;
  message: string | null;
  hint: string | null;
  method: PathMethod | null;
  /** Time between rounds: each hop gets one probe per round. */
  intervalMs: number;
  rounds: number;
  /** The destination answered in some round. */
  reached: boolean;
  /** A router answers that the destination cannot be reached (traceroute's !N, !H, !X...): the path ends there. */
  end: { ttl: number; reason: string } | null;
  hops: PathHop[];
  series: PathSeries;
  /** What the hops show, in words (mtr's cautions: rate limiting, silent routers). */
  notes: string[];
}

// ---- call and game quality

/** Grades of the MOS estimate, best first (see src/probe/call-quality.ts for the cut-offs). */
export type CallGrade = 'excellent' | 'good' | 'fair' | 'poor' | 'bad';

export interface CallQuality {
  /** The inputs: mean RTT, mean |difference| of consecutive RTTs, loss, over `samples` probes. */
  latencyMs: number;
  jitterMs: number;
  lossPct: number;
  samples: number;
  /** The simplified E-model's steps: effective latency, R factor (0–100), MOS (1–4.5). */
  effectiveLatencyMs: number;
  rFactor: number;
  mos: number;
  grade: CallGrade;
  /** The grade for calls in words ("good for video calls"). */
  calls: string;
  /** What the same figures mean for online games. */
  games: string;
}

// ---- the verdict

/**
 * Where the trouble starts: your home (the router or Wi-Fi, hop 1), your provider (its first hops),
 * the internet beyond it, only the destination, only under load (bufferbloat), or nowhere.
 */
export type VerdictPlace = 'home' | 'provider' | 'internet' | 'destination' | 'load' | 'none';

/** Which verdict of several tells most, first first: trouble near you before trouble far away. */
export const VERDICT_RANK: Record<VerdictPlace, number> = {
  home: 0,
  provider: 1,
  load: 2,
  destination: 3,
  internet: 4,
  none: 5,
};

/** The most telling of several targets' verdicts (by place, then the nearer hop), or null for none. */
export function mostTelling<T extends { place: VerdictPlace; hop: number | null }>(verdicts: readonly T[]): T | null {
  const far = Number.MAX_SAFE_INTEGER;
  return (
    [...verdicts].sort((a, b) => VERDICT_RANK[a.place] - VERDICT_RANK[b.place] || (a.hop ?? far) - (b.hop ?? far))[0] ??
    null
  );
}

export interface PathVerdict {
  host: string;
  place: VerdictPlace;
  /** The hop where the delay or loss starts (ttl), or null. */
  hop: number | null;
  hopAddress: string | null;
  /** Latency added at that hop and kept to the end of the path, ms. */
  addedMs: number | null;
  /** Loss that starts there and continues to the destination, percent. */
  lossPct: number | null;
  title: string;
  why: string;
  action: string;
  evidence: Record<string, string | number | boolean | null>;
}

/** `netlens probe --path HOST --json`: the probe report's targets, plus each path with its call quality and verdict. */
export interface PathJsonReport {
  paths: (PathSnapshot & { callQuality: CallQuality | null; verdict: PathVerdict })[];
  wifi: WifiSnapshot | null;
}
