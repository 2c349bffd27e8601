import type { CallQuality, PathSnapshot, PathVerdict } from './path.js';
import type { WifiSnapshot } from './wifi.js';

/**
 * The prober's contract: plain data that crosses the worker boundary, IPC and the CLI's --json.
 * Times are milliseconds since the Unix epoch (the same clock as the traffic statistics, so latency
 * can be joined with load by time); durations and RTTs are milliseconds; `null` means "no data yet".
 */

/** Where a target came from: found on this machine, the public default, or added by the user. */
export type ProbeTargetKind = 'gateway' | 'dns' | 'public' | 'custom';

export interface ProbeTarget {
  /** A name or an IPv4/IPv6 address, as the user or the discovery gave it. */
  host: string;
  kind: ProbeTargetKind;
}

/**
 * - starting: no probe has a known outcome yet.
 * - ok: the latest probe was answered (some loss may still be reported).
 * - unreachable: the latest probes went unanswered (3 or more in a row, every probe so far, or an
 *   ICMP error such as "Destination Host Unreachable"); `message` says what was seen.
 * - unknown-host: the name does not resolve; `message` is the resolver's answer. Retried periodically.
 * - failed: the system ping could not run (missing, no permission); `message` and `hint` say why.
 */
export type ProbeTargetState = 'starting' | 'ok' | 'unreachable' | 'unknown-host' | 'failed';

/** One probe of the series: `rttMs` is null when it was lost (no reply within the timeout). */
export interface ProbeSample {
  /** Per-target probe number, from 1, continuous across restarts of the system ping. */
  seq: number;
  /** When the echo request was sent. */
  t: number;
  rttMs: number | null;
}

export interface RttSummary {
  last: number | null;
  min: number | null;
  mean: number | null;
  median: number | null;
  /** 95th percentile, linear interpolation between closest ranks. */
  p95: number | null;
  max: number | null;
}

/** Jitter three ways; each is computed over consecutive answered probes (losses are skipped). */
export interface JitterSummary {
  /** Mean absolute difference of consecutive RTTs (what PingPlotter shows as jitter). */
  meanAbsDiff: number | null;
  /** RFC 3550-style smoothed estimate: J += (|D| - J) / 16, with D the difference of consecutive RTTs. */
  rfc3550: number | null;
  /** Population standard deviation of the RTTs (what ping calls mdev). */
  stdDev: number | null;
}

/** A run of consecutive lost probes. */
export interface ProbeOutage {
  /** Send time of the first lost probe. */
  start: number;
  /** Probes lost in the run. */
  lost: number;
  /** True while the run is still going on (the latest probe was lost). */
  ongoing: boolean;
}

export interface ProbeTargetStats {
  host: string;
  kind: ProbeTargetKind;
  /** The address the system ping resolved and probes; null until known. */
  address: string | null;
  state: ProbeTargetState;
  message: string | null;
  hint: string | null;
  /** Probes with a known outcome (answered or timed out). */
  sent: number;
  received: number;
  /** Loss over the session, in percent; null before the first outcome. */
  lossPct: number | null;
  /** Loss over probes sent in the last 60 s, in percent. */
  lossPct60s: number | null;
  rttMs: RttSummary;
  jitterMs: JitterSummary;
  /** The most recent outages (runs of losses), oldest first; `outageCount` counts them all. */
  outages: ProbeOutage[];
  outageCount: number;
  /** The most recent samples, oldest first, one per interval (1 Hz by default): the chart series. */
  series: ProbeSample[];
  /** Call and game quality over the last minute's probes (see src/probe/call-quality.ts); null with too few. */
  callQuality: CallQuality | null;
}

export interface ProbeSnapshot {
  /** When the snapshot was taken. */
  t: number;
  intervalMs: number;
  timeoutMs: number;
  running: boolean;
  targets: ProbeTargetStats[];
  /** The path, hop by hop, to each internet target probed that way (empty when path probing is off). */
  paths: PathSnapshot[];
  /**
   * Where the trouble is, one verdict per path (same order), read with the traffic (delay only
   * under load is bufferbloat): filled in by the engine and the CLI; empty as the worker sends it.
   */
  verdicts: PathVerdict[];
  /** The Wi-Fi link of the capture interface or the default route; null when not read (off, or not wireless). */
  wifi: WifiSnapshot | null;
}

/** Pushed once a second while probing: the snapshot, plus every sample finalized since the last update (for logs). */
export interface ProbeUpdate {
  snapshot: ProbeSnapshot;
  samples: { host: string; samples: ProbeSample[] }[];
}

/** `netlens probe --json`: the final statistics. */
export interface ProbeJsonReport {
  targets: {
    host: string;
    kind: ProbeTargetKind;
    address: string | null;
    state: ProbeTargetState;
    message: string | null;
    sent: number;
    received: number;
    lossPct: number | null;
    rttMs: RttSummary;
    jitterMs: JitterSummary;
    outages: { start: number; lost: number }[];
    callQuality: CallQuality | null;
  }[];
}
