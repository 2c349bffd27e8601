/**
 * The snapshot: what the engine pushes at most 10 times a second while a session runs. Bounded
 * in size whatever the traffic (top-N lists, a fixed time window): under 64 KB as JSON.
 *
 * Under a view filter (see views.ts), `totals`, `rates`, `timeline`, `protocols`, `topTalkers`
 * and `topListeners` count only the matching packets; `all` always counts every packet.
 */
import type { AlertsSummary } from './alerts-view.js';
import type { ProbeSnapshot, ProbeTargetKind } from './probe.js';
import type { Endpoint } from './report.js';
import type { SessionInfo } from './session.js';
import type { ViewFilterStatus } from './views.js';
import type { RadioSignalSeries } from './wifi.js';

/** Bytes of one second split by protocol family (the chart's stacks). */
export interface FamilyBytes {
  tcp: number;
  udp: number;
  icmp: number;
  other: number;
}

/**
 * One second of traffic (capture time). "in" is traffic to this machine's addresses (live: the
 * interface's; files: private, loopback and link-local addresses), "out" everything else sent from
 * them; traffic between two outside hosts counts as "in".
 */
export interface TrafficPoint {
  /** Whole epoch second. */
  t: number;
  packets: number;
  bytes: number;
  in: FamilyBytes;
  out: FamilyBytes;
}

export interface Rates {
  /** The second these rates cover (the latest complete one), or null before there is one. */
  t: number | null;
  inBitsPerSec: number;
  outBitsPerSec: number;
  bitsPerSec: number;
  packetsPerSec: number;
}

/** Frames containing a protocol, as `analyze --json`'s `protocols` counts them (tshark's names). */
export interface ProtocolShare {
  protocol: string;
  packets: number;
  bytes: number;
}

/** Averages over the capture and its busiest second: what a file or a stopped capture shows. */
export interface RateSummary {
  /** From the first to the latest packet (files), or capture time without pauses (live). */
  durationSec: number;
  avgBitsPerSec: number;
  avgPacketsPerSec: number;
  /** The busiest whole second. */
  peakBitsPerSec: number;
  peakPacketsPerSec: number;
  /** When it was (epoch second), or null before any packet. */
  peakAt: number | null;
}

export interface Snapshot {
  /** Increases by one per snapshot of a session. */
  seq: number;
  /** When it was taken (wall clock, epoch ms). */
  t: number;
  session: SessionInfo;
  /** Live: seconds since start (wall clock). File: seconds from the first to the latest packet read. */
  elapsedSec: number;
  /** Counts of the view (filtered when a view filter is set). */
  totals: { packets: number; bytes: number };
  /** Every packet of the session, whatever the filter. */
  all: { packets: number; bytes: number; malformed: number };
  rates: Rates;
  /** Averages and peaks of the view (filtered like `totals`; the peak is of all traffic). */
  summary?: RateSummary;
  /**
   * The capturing host's own addresses that "in" and "out" are relative to (live: the interface's);
   * null for a file, where they are the private, loopback and link-local ones.
   */
  localAddresses?: string[] | null;
  /** Packets the kernel dropped: null when unknown (files, and platforms that cannot tell). */
  drops: number | null;
  /** The latest seconds (capture time), oldest first, empty seconds included; at most `windowSec` points. */
  timeline: { windowSec: number; points: TrafficPoint[] };
  /** Sorted by packets, most first. Unfiltered: equal to `analyze --json`'s `protocols`. */
  protocols: ProtocolShare[];
  /** Top 10 senders and receivers by bytes, with learned host names (as `analyze --json`). */
  topTalkers: Endpoint[];
  topListeners: Endpoint[];
  /**
   * Latency, jitter and loss per probe target, the paths hop by hop with their verdicts, and the
   * Wi-Fi link (live sessions with probing on), else null.
   */
  probe: ProbeSnapshot | null;
  /** Signal per frame of a radiotap (monitor-mode) capture, the latest frames; null when no frame carried one. */
  radio: RadioSignalSeries | null;
  /** Targets found but not probed, and why ("no route to 1.1.1.1, not probed"): information, not loss. */
  probeNotes?: { host: string; kind: ProbeTargetKind; message: string }[];
  /** With no gateway to probe: the busiest peer on the interface's subnets, offered as a target. */
  probeOffer?: { host: string; why: string } | null;
  alerts: AlertsSummary;
  counts: {
    /** TCP streams + UDP conversations (of the whole session). */
    flows: number;
    /** Packets kept for the packets view, and how many of them match the view filter. */
    packetsKept: number;
    packetsMatching: number;
  };
  filter: ViewFilterStatus;
}
