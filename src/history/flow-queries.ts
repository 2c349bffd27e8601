/**
 * Flows of a past range that match the live view's filter fields: protocol (transport or
 * service), source and destination (address or CIDR; the source is the side that opened the
 * flow), a port on either side, text in a name or address, an app. A page at a time.
 */
import { BlockList, isIP } from 'node:net';
import { fail, ok, type Result } from '../api/errors.js';
import type { HistoryFlow, HistoryFlowsArgs, HistoryFlowsPage } from '../api/history.js';
import type { Duck, Param } from './duck.js';
import { marks } from './history-db.js';

const MAX_LIMIT = 1000;
const SRC = 'CASE WHEN outbound THEN local ELSE remote END';
const DST = 'CASE WHEN outbound THEN remote ELSE local END';

interface FlowRow {
  session: number;
  start: number;
  duration: number;
  protocol: string;
  local: string;
  local_port: number;
  remote: string;
  remote_port: number;
  outbound: boolean;
  app: string;
  service: string;
  name: string;
  country: string;
  asn: number | null;
  bytes_out: number;
  bytes_in: number;
  packets_out: number;
  packets_in: number;
  rtt_ms: number | null;
  retransmissions: number;
}

/** An address or a network ("10.0.0.0/8", "2001:db8::/32"), or an error value saying what is wrong. */
export function parseNetwork(text: string, what: string): Result<{ exact: string | null; list: BlockList }> {
  const m = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(text.trim());
  const family = m ? isIP(m[1]) : 0;
  const max = family === 4 ? 32 : 128;
  const prefix = m?.[2] === undefined ? max : Number(m[2]);
  if (!m || family === 0 || prefix > max)
    return fail(
      'invalid-argument',
      `${what} '${text}' is not an IP address or network`,
      'write an address (10.0.0.5) or a network (10.0.0.0/8, 2001:db8::/32)',
    );
  const list = new BlockList();
  list.addSubnet(m[1], prefix, family === 4 ? 'ipv4' : 'ipv6');
  return ok({ exact: prefix === max ? m[1] : null, list });
}

export async function queryFlows(db: Duck, a: HistoryFlowsArgs): Promise<Result<HistoryFlowsPage>> {
  if (!Number.isFinite(a.from) || !Number.isFinite(a.to) || a.to <= a.from)
    return fail('invalid-argument', 'the flows range needs a start before its end', 'give from < to (epoch seconds)');
  const where: string[] = ['start >= ?', 'start < ?'];
  const params: Param[] = [a.from, a.to];
  const f = a.filter ?? {};
  if (a.session !== undefined) {
    where.push('session = ?');
    params.push(a.session);
  }
  if (f.protocol) {
    where.push('(protocol = ? OR service = ?)');
    params.push(f.protocol.toLowerCase(), f.protocol.toLowerCase());
  }
  if (f.port !== undefined && f.port !== null) {
    where.push('(local_port = ? OR remote_port = ?)');
    params.push(f.port, f.port);
  }
  if (f.host) {
    where.push('(contains(lower(name), ?) OR contains(local, ?) OR contains(remote, ?))');
    const h = f.host.toLowerCase();
    params.push(h, h, h);
  }
  if (f.app) {
    where.push('app = ?');
    params.push(f.app);
  }
  for (const [side, expr] of [
    ['src', SRC],
    ['dst', DST],
  ] as const) {
    const text = f[side];
    if (!text) continue;
    const n = parseNetwork(text, side === 'src' ? 'the source' : 'the destination');
    if (!n.ok) return n;
    if (n.value.exact !== null) {
      where.push(`${expr} = ?`);
      params.push(n.value.exact);
      continue;
    }
    // a network: the addresses of the range that fall in it (a few thousand at most on a home network)
    const seen = await db.all<{ x: string }>(
      `SELECT DISTINCT x FROM (SELECT local AS x FROM flows WHERE start >= ? AND start < ? UNION SELECT remote FROM flows WHERE start >= ? AND start < ?)`,
      [a.from, a.to, a.from, a.to],
    );
    const inside = seen
      .map((r) => r.x)
      .filter((x) => {
        const fam = isIP(x);
        return fam !== 0 && n.value.list.check(x, fam === 4 ? 'ipv4' : 'ipv6');
      });
    if (inside.length === 0) return ok({ offset: a.offset ?? 0, total: 0, rows: [] });
    where.push(`${expr} IN (${marks(inside.length)})`);
    params.push(...inside);
  }
  const offset = Math.max(0, a.offset ?? 0);
  const limit = Math.min(MAX_LIMIT, Math.max(1, a.limit ?? 100));
  const w = where.join(' AND ');
  const total = await db.one<{ n: number }>(`SELECT count(*) AS n FROM flows WHERE ${w}`, params);
  const rows = await db.all<FlowRow>(`SELECT * FROM flows WHERE ${w} ORDER BY start, local, remote LIMIT ? OFFSET ?`, [
    ...params,
    limit,
    offset,
  ]);
  return ok({ offset, total: Number(total?.n ?? 0), rows: rows.map(toFlow) });
}

function toFlow(r: FlowRow): HistoryFlow {
  return {
    session: r.session,
    protocol: r.protocol,
    local: r.local,
    localPort: r.local_port,
    remote: r.remote,
    remotePort: r.remote_port,
    outbound: r.outbound,
    app: r.app,
    service: r.service,
    name: r.name,
    country: r.country,
    asn: r.asn,
    bytesOut: r.bytes_out,
    bytesIn: r.bytes_in,
    packetsOut: r.packets_out,
    packetsIn: r.packets_in,
    start: r.start,
    duration: r.duration,
    rttMs: r.rtt_ms,
    retransmissions: r.retransmissions,
  };
}
