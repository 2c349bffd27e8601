/**
 * Past sessions: the list (with their totals, alert and suggestion counts) and one session in
 * full (its alerts, suggestions, top hosts and apps, and its per-minute timeline), which the app
 * shows read-only as if it were live.
 */
import type { AlertDto, AlertSeverity, SuggestionDto } from '../api/alerts-view.js';
import { fail, ok, type Result } from '../api/errors.js';
import type { HistorySession, HistorySessionDetail } from '../api/history.js';
import type { Duck } from './duck.js';
import { marks } from './history-db.js';
import { queryUsage } from './usage-query.js';

interface SessionRow {
  id: number;
  kind: string;
  iface: string;
  network: string;
  filter: string;
  file: string | null;
  started: number;
  stopped: number | null;
  last_seen: number;
  stop_reason: string | null;
  packets: number;
  bytes: number;
  dropped: number | null;
}

/** Bytes in and out per session: whole hours from usage_hour, the rest from usage_minute. */
function totalsSql(w: number, ids: number): string {
  return `SELECT session, sum(bytes_in)::DOUBLE bi, sum(bytes_out)::DOUBLE bo FROM (
      SELECT session, bytes_in, bytes_out FROM usage_hour WHERE hour <= ${w} AND session IN (${marks(ids)})
      UNION ALL
      SELECT session, bytes_in, bytes_out FROM usage_minute WHERE minute >= ${(w + 1) * 60} AND session IN (${marks(ids)})
    ) GROUP BY session`;
}

export async function listSessions(
  db: Duck,
  watermark: number | null,
  args: { limit?: number; offset?: number } = {},
): Promise<HistorySession[]> {
  const limit = Math.min(1000, Math.max(1, args.limit ?? 100));
  const rows = await db.all<SessionRow>('SELECT * FROM sessions ORDER BY started DESC, id DESC LIMIT ? OFFSET ?', [
    limit,
    Math.max(0, args.offset ?? 0),
  ]);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const w = Math.floor(watermark ?? -1);
  const totals = await db.all<{ session: number; bi: number; bo: number }>(totalsSql(w, ids.length), [...ids, ...ids]);
  const counts = await db.all<{ session: number; a: number; s: number }>(
    `SELECT id AS session,
       (SELECT count(DISTINCT id) FROM alerts WHERE alerts.session = s.id) AS a,
       (SELECT count(DISTINCT id) FROM suggestions WHERE suggestions.session = s.id) AS s
     FROM sessions s WHERE id IN (${marks(ids.length)})`,
    ids,
  );
  const t = new Map(totals.map((r) => [r.session, r]));
  const c = new Map(counts.map((r) => [r.session, r]));
  return rows.map((r) => toSession(r, t.get(r.id), c.get(r.id)));
}

function toSession(
  r: SessionRow,
  t: { bi: number; bo: number } | undefined,
  c: { a: number; s: number } | undefined,
): HistorySession {
  return {
    id: r.id,
    kind: r.kind === 'file' ? 'file' : 'live',
    iface: r.iface,
    network: r.network,
    filter: r.filter,
    file: r.file,
    startedAt: r.started,
    stoppedAt: r.stopped,
    lastSeen: r.last_seen,
    stopReason: r.stop_reason,
    packets: r.packets,
    bytes: r.bytes,
    dropped: r.dropped,
    bytesIn: t?.bi ?? 0,
    bytesOut: t?.bo ?? 0,
    alerts: c?.a ?? 0,
    suggestions: c?.s ?? 0,
  };
}

export async function sessionDetail(
  db: Duck,
  watermark: number | null,
  id: number,
): Promise<Result<HistorySessionDetail>> {
  const list = await db.all<SessionRow>('SELECT * FROM sessions WHERE id = ?', [id]);
  if (list.length === 0)
    return fail('not-found', `history has no session ${id}`, 'list them with `netlens history sessions`');
  const w = Math.floor(watermark ?? -1);
  const [totals] = await db.all<{ session: number; bi: number; bo: number }>(totalsSql(w, 1), [id, id]);
  const r = list[0];
  const end = (r.stopped ?? r.last_seen) + 60;
  const range = { from: Math.floor(r.started / 60) * 60, to: Math.ceil(end / 60) * 60, session: id };
  const hosts = await queryUsage(db, watermark, { ...range, by: 'host', top: 10 });
  const apps = await queryUsage(db, watermark, { ...range, by: 'app', top: 10 });
  const timeline = await db.all<{ t: number; bi: number; bo: number }>(
    `SELECT t, sum(bi)::DOUBLE bi, sum(bo)::DOUBLE bo FROM (
       SELECT minute * 60 AS t, bytes_in bi, bytes_out bo FROM usage_minute WHERE session = ?
       UNION ALL
       SELECT hour * 3600 AS t, bytes_in, bytes_out FROM usage_hour WHERE session = ?
         AND hour NOT IN (SELECT DISTINCT minute // 60 FROM usage_minute WHERE session = ?)
     ) GROUP BY t ORDER BY t LIMIT 20000`,
    [id, id, id],
  );
  const alerts = await db.all<AlertRow>('SELECT * FROM alerts WHERE session = ? ORDER BY last_time DESC', [id]);
  const sugg = await db.all<SuggestionRow>('SELECT * FROM suggestions WHERE session = ? ORDER BY time', [id]);
  const [counts] = await db.all<{ a: number; s: number }>(
    'SELECT (SELECT count(DISTINCT id) FROM alerts WHERE session = ?) a, (SELECT count(DISTINCT id) FROM suggestions WHERE session = ?) s',
    [id, id],
  );
  return ok({
    session: toSession(r, totals, counts),
    alerts: alerts.map(toAlert),
    suggestions: sugg.map(toSuggestion),
    topHosts: hosts.ok ? hosts.value.groups : [],
    topApps: apps.ok ? apps.value.groups : [],
    timeline: timeline.map((x) => ({ t: x.t, bytesIn: x.bi, bytesOut: x.bo })),
  });
}

interface AlertRow {
  id: string;
  type: string;
  severity: string;
  first_time: number;
  last_time: number;
  source: string | null;
  target: string | null;
  summary: string;
  evidence: string;
  acknowledged: boolean;
}

interface SuggestionRow {
  id: string;
  kind: string;
  title: string;
  why: string;
  action: string;
  evidence: string;
}

function parseObject(s: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(s);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function toAlert(r: AlertRow): AlertDto {
  return {
    id: r.id,
    type: r.type,
    severity: (['info', 'warning', 'critical'].includes(r.severity) ? r.severity : 'info') as AlertSeverity,
    firstTime: r.first_time,
    lastTime: r.last_time,
    source: r.source,
    target: r.target,
    summary: r.summary,
    evidence: parseObject(r.evidence),
    acknowledged: r.acknowledged,
  };
}

function toSuggestion(r: SuggestionRow): SuggestionDto {
  return { id: r.id, kind: r.kind, title: r.title, why: r.why, action: r.action, evidence: parseObject(r.evidence) };
}
