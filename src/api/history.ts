/**
 * History across sessions (issue 14): what the embedded store keeps and what its queries answer.
 * Times are epoch seconds unless a name says otherwise. Every string that came from the network
 * (host names, addresses, app names) is untrusted text: show it as text, never as HTML.
 */
import type { AlertDto, SuggestionDto } from './alerts-view.js';

/** How usage is grouped: 'host' is the remote end (what GlassWire's Hosts tab lists), 'local' this network's device. */
export type UsageGroupBy = 'app' | 'host' | 'local' | 'country' | 'asn' | 'protocol' | 'none';

export const USAGE_GROUPS: readonly UsageGroupBy[] = ['app', 'host', 'local', 'country', 'asn', 'protocol', 'none'];

export interface UsageArgs {
  from: number;
  to: number;
  by: UsageGroupBy;
  /**
   * Bucket edges (epoch seconds, ascending, at most 400): bucket i is [edges[i], edges[i+1]).
   * The caller chooses them (local midnights for a per-day chart, so days follow its time zone);
   * absent: one bucket [from, to).
   */
  edges?: number[];
  /** The groups kept by total (the rest are summed as "other"); 1..100, default 10. */
  top?: number;
  /** Only this host (local or remote address) or app. */
  host?: string;
  app?: string;
  /** Only sessions on this interface or network (SSID), or only this session. */
  iface?: string;
  network?: string;
  session?: number;
}

export interface UsageGroupTotal {
  /** The group's key ('' when unknown: an app not identified, a country not looked up); '(other)' sums the rest. */
  key: string;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
}

export interface UsageBucket {
  start: number;
  end: number;
  /** Same order as UsageResult.groups; bytes in + out per group. */
  bytes: number[];
  bytesIn: number;
  bytesOut: number;
}

export interface UsageResult {
  from: number;
  to: number;
  by: UsageGroupBy;
  /** The top groups by bytes (in + out), biggest first, then '(other)' when some were left out. */
  groups: UsageGroupTotal[];
  buckets: UsageBucket[];
  totals: { bytesIn: number; bytesOut: number; packetsIn: number; packetsOut: number };
}

/** A flow as history keeps it when it ends: local and remote sides, "out" is local → remote. */
export interface HistoryFlow {
  session: number;
  protocol: string;
  local: string;
  localPort: number;
  remote: string;
  remotePort: number;
  /** The local side sent the first packet seen (it opened the connection). */
  outbound: boolean;
  /** The owning application (identity), '' until known. */
  app: string;
  /** Port or protocol service ("https", "dns"...), or ''. */
  service: string;
  /** The remote side's learned name (DNS, SNI, HTTP Host), '' when none. */
  name: string;
  country: string;
  asn: number | null;
  bytesOut: number;
  bytesIn: number;
  packetsOut: number;
  packetsIn: number;
  start: number;
  duration: number;
  rttMs: number | null;
  retransmissions: number;
}

export interface HistoryFlowsArgs {
  from: number;
  to: number;
  /** The view's filter fields (src/dst match either side's address or CIDR here; host searches names too). */
  filter?: { protocol?: string; src?: string; dst?: string; port?: number | null; host?: string; app?: string };
  offset?: number;
  limit?: number;
  session?: number;
}

export interface HistoryFlowsPage {
  offset: number;
  total: number;
  rows: HistoryFlow[];
}

export interface HistorySession {
  id: number;
  kind: 'live' | 'file';
  iface: string;
  /** The network (Wi-Fi SSID) where known, else ''. */
  network: string;
  filter: string;
  file: string | null;
  startedAt: number;
  /** null while it runs, or when the engine died before it could say (see `lastSeen`). */
  stoppedAt: number | null;
  /** The last time the store heard from it (every write). */
  lastSeen: number;
  stopReason: string | null;
  packets: number;
  bytes: number;
  dropped: number | null;
  bytesIn: number;
  bytesOut: number;
  alerts: number;
  suggestions: number;
}

export interface HistorySessionDetail {
  session: HistorySession;
  alerts: AlertDto[];
  suggestions: SuggestionDto[];
  /** The top hosts and apps of the session. */
  topHosts: UsageGroupTotal[];
  topApps: UsageGroupTotal[];
  /** Per-minute bytes in/out over the session (its timeline). */
  timeline: { t: number; bytesIn: number; bytesOut: number }[];
}

export interface ProbeMinute {
  minute: number;
  host: string;
  sent: number;
  received: number;
  lossPct: number | null;
  rttP50: number | null;
  rttP95: number | null;
  rttMax: number | null;
  jitterMs: number | null;
}

/** What Forget removes: everything, a time range, or one host or app (over all time, or the range). */
export interface ForgetArgs {
  all?: boolean;
  from?: number;
  to?: number;
  host?: string;
  app?: string;
}

export interface HistoryConfig {
  /** false: keep no history at all (nothing is written; what was kept stays until forgotten). */
  enabled: boolean;
  minuteDays: number;
  hourDays: number;
  flowDays: number;
  /** The store never grows past this (the oldest data is pruned first). */
  maxBytes: number;
}

export type BudgetPeriod = 'month' | 'week';

export interface BudgetDto {
  id: number;
  /** What it counts: the sessions on an interface, or on a network (SSID). */
  scope: 'interface' | 'network';
  name: string;
  period: BudgetPeriod;
  allowanceBytes: number;
  /** Month: day of month 1..28 the cycle starts; week: 0 (Sunday) .. 6. */
  startDay: number;
}

export interface BudgetState {
  budget: BudgetDto;
  cycleStart: number;
  cycleEnd: number;
  usedBytes: number;
  usedPct: number;
  /** Used by the cycle's end at the pace so far (null in its first hour). */
  forecastBytes: number | null;
  /** 'ok' under 80%, 'warning' from 80%, 'exceeded' from 100%. */
  level: 'ok' | 'warning' | 'exceeded';
}

export interface HistoryStatus {
  path: string;
  enabled: boolean;
  bytes: number;
  maxBytes: number;
  oldest: number | null;
  newest: number | null;
  sessions: number;
  flows: number;
}
