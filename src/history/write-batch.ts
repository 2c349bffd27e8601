/**
 * What the recorder hands the store every few seconds: one transaction's worth. Minute rollups
 * are deltas (what each row gained since the last batch: the store adds them, a failed batch is
 * sent again); probe minutes carry their whole minute so far (the store replaces them). A batch
 * lost in a crash costs only the seconds since the previous one.
 */
import type { AlertDto, SuggestionDto } from '../api/alerts-view.js';
import type { HistoryFlow } from '../api/history.js';

/** local, remote, app, protocol, country, asn, bytes in, bytes out, packets in, packets out. */
export type UsageRow = [string, string, string, string, string, number | null, number, number, number, number];

export interface MinuteWrite {
  minute: number;
  rows: UsageRow[];
}

/** host, kind, sent, received, rtt min, p50, p95, max, mean, jitter (ms; null without replies). */
export type ProbeRow = [
  string,
  string,
  number,
  number,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
];

export interface ProbeMinuteWrite {
  minute: number;
  rows: ProbeRow[];
}

export interface SessionWrite {
  id: number;
  kind: 'live' | 'file';
  iface: string;
  network: string;
  filter: string;
  file: string | null;
  started: number;
  stopped: number | null;
  lastSeen: number;
  stopReason: string | null;
  packets: number;
  bytes: number;
  dropped: number | null;
}

export interface WriteBatch {
  session: SessionWrite;
  minutes: MinuteWrite[];
  probes: ProbeMinuteWrite[];
  flows: HistoryFlow[];
  alerts: AlertDto[];
  suggestions: (SuggestionDto & { time: number })[];
}

export function emptyBatch(session: SessionWrite): WriteBatch {
  return { session, minutes: [], probes: [], flows: [], alerts: [], suggestions: [] };
}
