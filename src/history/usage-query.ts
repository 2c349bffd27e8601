/**
 * Usage between two times, grouped (app, host, country...) and cut into buckets the caller
 * chooses. Whole hours already rolled up are read from usage_hour, everything else (edges, the
 * hours not rolled up yet, hours cut by a bucket edge) from usage_minute, so every answer is
 * exact to the minute and a month reads about 720 rows per key instead of 43,200.
 */
import { fail, ok, type Result } from '../api/errors.js';
import type { UsageArgs, UsageBucket, UsageGroupBy, UsageGroupTotal, UsageResult } from '../api/history.js';
import { USAGE_GROUPS } from '../api/history.js';
import type { Duck, Param } from './duck.js';

export const MAX_BUCKETS = 400;
export const OTHER = '(other)';

const GROUP_SQL: Record<UsageGroupBy, string> = {
  app: 'app',
  host: 'remote',
  local: 'local',
  country: 'country',
  asn: "coalesce(CAST(asn AS VARCHAR), '')",
  protocol: 'protocol',
  none: "''",
};

interface Row {
  i: number;
  g: string | null;
  bi: number;
  bo: number;
  pi: number;
  po: number;
}

export function checkUsageArgs(a: UsageArgs): Result<{ edges: number[]; top: number }> {
  if (!USAGE_GROUPS.includes(a.by))
    return fail('invalid-argument', `usage cannot be grouped by '${String(a.by)}'`, `use ${USAGE_GROUPS.join(', ')}`);
  if (!Number.isFinite(a.from) || !Number.isFinite(a.to) || a.to <= a.from)
    return fail('invalid-argument', 'the usage range needs a start before its end', 'give from < to (epoch seconds)');
  const edges = a.edges && a.edges.length >= 2 ? a.edges : [a.from, a.to];
  if (edges.length > MAX_BUCKETS + 1)
    return fail('invalid-argument', `at most ${MAX_BUCKETS} buckets`, 'ask for days or hours over a longer range');
  for (let i = 0; i < edges.length; i++)
    if (!Number.isFinite(edges[i]) || (i > 0 && edges[i] <= edges[i - 1]))
      return fail('invalid-argument', 'bucket edges must be ascending numbers', 'give epoch seconds, oldest first');
  const top = a.top ?? 10;
  if (!Number.isInteger(top) || top < 1 || top > 100)
    return fail('invalid-argument', 'top takes 1 to 100 groups', 'for example top: 10');
  return ok({ edges, top });
}

/** The WHERE clause of the optional filters (host, app, interface, network, session). */
export function usageFilters(a: Pick<UsageArgs, 'host' | 'app' | 'iface' | 'network' | 'session'>): {
  sql: string;
  params: Param[];
} {
  const parts: string[] = [];
  const params: Param[] = [];
  if (a.host) {
    parts.push('(local = ? OR remote = ?)');
    params.push(a.host, a.host);
  }
  if (a.app !== undefined) {
    parts.push('app = ?');
    params.push(a.app);
  }
  if (a.session !== undefined) {
    parts.push('session = ?');
    params.push(a.session);
  }
  if (a.iface !== undefined || a.network !== undefined) {
    const s: string[] = [];
    if (a.iface !== undefined) {
      s.push('iface = ?');
      params.push(a.iface);
    }
    if (a.network !== undefined) {
      s.push('network = ?');
      params.push(a.network);
    }
    parts.push(`session IN (SELECT id FROM sessions WHERE ${s.join(' AND ')})`);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

/**
 * The minute ranges a query must read: everything after the last hour rolled up, the partial
 * hours at the range's ends, and the hours a bucket edge cuts (a time zone on the half hour).
 */
export function minuteRanges(edges: readonly number[], watermark: number): [number, number][] {
  const from = edges[0];
  const to = edges[edges.length - 1];
  const out: [number, number][] = [];
  const add = (lo: number, hi: number): void => {
    const a = Math.max(lo, from);
    const b = Math.min(hi, to);
    if (a < b) out.push([a, b]);
  };
  add(Math.max(from, (watermark + 1) * 3600), to);
  add(from, Math.ceil(from / 3600) * 3600);
  add(Math.floor(to / 3600) * 3600, to);
  for (const e of edges) if (e % 3600 !== 0) add(Math.floor(e / 3600) * 3600, Math.floor(e / 3600) * 3600 + 3600);
  // merged, so no minute is read twice
  out.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const r of out) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

export async function queryUsage(db: Duck, watermark: number | null, a: UsageArgs): Promise<Result<UsageResult>> {
  const c = checkUsageArgs(a);
  if (!c.ok) return c;
  const { edges, top } = c.value;
  const w = Math.floor(watermark ?? -1);
  const from = edges[0];
  const to = edges[edges.length - 1];
  const f = usageFilters(a);
  const values = edges
    .slice(0, -1)
    .map(() => '(?, ?, ?)')
    .join(', ');
  const bucketParams: Param[] = edges.slice(0, -1).flatMap((e, i) => [i, e, edges[i + 1]]);
  const sums = 'sum(bytes_in) bi, sum(bytes_out) bo, sum(packets_in) pi, sum(packets_out) po';
  // whole hours: the per-dimension sums unless a host or an app is singled out
  const dims = !a.host && a.app === undefined;
  const hourSource = dims
    ? `SELECT hour, ${a.by === 'none' ? "''" : 'key'} AS k, ${sums} FROM usage_dim WHERE dim = ? AND hour <= ? AND hour >= ? AND hour < ?${f.sql} GROUP BY ALL`
    : `SELECT hour, ${GROUP_SQL[a.by]} AS k, ${sums} FROM usage_hour WHERE hour <= ? AND hour >= ? AND hour < ?${f.sql} GROUP BY ALL`;
  const hourParams: Param[] = [
    ...(dims ? [a.by === 'none' ? 'protocol' : a.by] : []),
    w,
    Math.floor(from / 3600),
    Math.ceil(to / 3600),
    ...f.params,
  ];
  const ranges = minuteRanges(edges, w);
  const minuteSql = ranges.length
    ? ranges
        .map(
          () =>
            `SELECT minute, ${GROUP_SQL[a.by]} AS k, ${sums} FROM usage_minute WHERE minute >= ? AND minute < ?${f.sql} GROUP BY ALL`,
        )
        .join(' UNION ALL ')
    : `SELECT 0 AS minute, '' AS k, 0 bi, 0 bo, 0 pi, 0 po WHERE false`;
  const minuteParams: Param[] = ranges.flatMap(([lo, hi]) => [Math.ceil(lo / 60), Math.ceil(hi / 60), ...f.params]);
  const sql = `
    WITH b(i, lo, hi) AS (VALUES ${values}),
    h AS (${hourSource}),
    m AS (${minuteSql}),
    hb AS (SELECT hr.range AS hour, b.i FROM range(?, ?) hr ASOF JOIN b ON hr.range * 3600 >= b.lo
        WHERE hr.range * 3600 + 3600 <= b.hi),
    src AS (
      SELECT hb.i, h.k, h.bi, h.bo, h.pi, h.po FROM h JOIN hb ON h.hour = hb.hour
      UNION ALL
      SELECT b.i, m.k, m.bi, m.bo, m.pi, m.po FROM m ASOF JOIN b ON m.minute * 60 >= b.lo
        WHERE m.minute * 60 < b.hi
          AND NOT (m.minute // 60 <= ? AND (m.minute // 60) * 3600 >= b.lo AND (m.minute // 60) * 3600 + 3600 <= b.hi)
    ),
    per AS (SELECT i, k, sum(bi) bi, sum(bo) bo, sum(pi) pi, sum(po) po FROM src GROUP BY i, k),
    tot AS (SELECT k, sum(bi + bo) AS b FROM per GROUP BY k),
    top AS (SELECT k FROM tot ORDER BY b DESC, k LIMIT ?)
    SELECT i, CASE WHEN k IN (SELECT k FROM top) THEN k ELSE NULL END AS g,
           sum(bi)::DOUBLE bi, sum(bo)::DOUBLE bo, sum(pi)::DOUBLE pi, sum(po)::DOUBLE po
      FROM per GROUP BY ALL`;
  const hours: Param[] = [Math.floor(from / 3600), Math.ceil(to / 3600)];
  const params: Param[] = [...bucketParams, ...hourParams, ...minuteParams, ...hours, w, top];
  const rows = await db.all<Row>(sql, params);
  return ok(shapeUsage(a.by, edges, rows));
}

function shapeUsage(by: UsageGroupBy, edges: number[], rows: Row[]): UsageResult {
  const totals = new Map<string, UsageGroupTotal>();
  for (const r of rows) {
    const k = r.g ?? OTHER;
    let t = totals.get(k);
    if (!t) totals.set(k, (t = { key: k, bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0 }));
    t.bytesIn += r.bi;
    t.bytesOut += r.bo;
    t.packetsIn += r.pi;
    t.packetsOut += r.po;
  }
  const groups = [...totals.values()].sort((x, y) => {
    if ((x.key === OTHER) !== (y.key === OTHER)) return x.key === OTHER ? 1 : -1;
    return y.bytesIn + y.bytesOut - (x.bytesIn + x.bytesOut) || (x.key < y.key ? -1 : 1);
  });
  const index = new Map(groups.map((g, i) => [g.key, i]));
  const buckets: UsageBucket[] = edges.slice(0, -1).map((e, i) => ({
    start: e,
    end: edges[i + 1],
    bytes: groups.map(() => 0),
    bytesIn: 0,
    bytesOut: 0,
  }));
  for (const r of rows) {
    const b = buckets[r.i];
    b.bytes[index.get(r.g ?? OTHER)!] += r.bi + r.bo;
    b.bytesIn += r.bi;
    b.bytesOut += r.bo;
  }
  const sum = { bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0 };
  for (const g of groups) {
    sum.bytesIn += g.bytesIn;
    sum.bytesOut += g.bytesOut;
    sum.packetsIn += g.packetsIn;
    sum.packetsOut += g.packetsOut;
  }
  return { from: edges[0], to: edges[edges.length - 1], by, groups, buckets, totals: sum };
}

/** Local midnights from `from` to past `to` (per-day chart edges in this process's time zone). */
export function dayEdges(from: number, to: number): number[] {
  const d = new Date(from * 1000);
  d.setHours(0, 0, 0, 0);
  const edges = [d.getTime() / 1000];
  while (edges[edges.length - 1] < to && edges.length <= MAX_BUCKETS) {
    d.setDate(d.getDate() + 1);
    edges.push(d.getTime() / 1000);
  }
  return edges;
}
