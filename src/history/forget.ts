/**
 * Forget: everything, a time range, or one host or app (over all time or within the range). The
 * rows go, the hours the range cut are rolled up again from the minutes that remain, and the file
 * is rewritten so what was forgotten is not left in freed blocks on the disk.
 */
import { fail, ok, type Result } from '../api/errors.js';
import type { ForgetArgs } from '../api/history.js';
import type { Param } from './duck.js';
import type { HistoryDb } from './history-db.js';

const DATA_TABLES = [
  'usage_minute',
  'usage_hour',
  'usage_dim',
  'flows',
  'alerts',
  'suggestions',
  'probe_minute',
  'sessions',
];

export function checkForget(a: ForgetArgs): Result<ForgetArgs> {
  const ranged = a.from !== undefined || a.to !== undefined;
  if (!a.all && !ranged && !a.host && a.app === undefined)
    return fail('invalid-argument', 'forget what?', 'give all, a time range (from/to), a host or an app');
  if (a.all && (ranged || a.host || a.app !== undefined))
    return fail('invalid-argument', 'forget all takes nothing else', 'leave out the range, host and app');
  if (ranged) {
    const from = a.from ?? -Infinity;
    const to = a.to ?? Infinity;
    if (Number.isNaN(from) || Number.isNaN(to) || from >= to)
      return fail('invalid-argument', 'the range to forget needs a start before its end', 'give from < to');
  }
  return ok(a);
}

/** Forgets what `a` names; answers how many rows went. */
export async function forget(h: HistoryDb, a: ForgetArgs): Promise<Result<{ rows: number }>> {
  const c = checkForget(a);
  if (!c.ok) return c;
  const db = h.db;
  let rows = 0;
  const count = async (table: string, where: string, params: Param[]): Promise<void> => {
    const r = await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, params);
    rows += Number(r?.n ?? 0);
    await db.run(`DELETE FROM ${table} WHERE ${where}`, params);
  };
  const from = a.from ?? -1e15;
  const to = a.to ?? 1e15;
  await db.transaction(async () => {
    if (a.all) {
      for (const t of DATA_TABLES) await count(t, 'true', []);
      return;
    }
    const who: { sql: string; params: Param[] } = a.host
      ? { sql: '(local = ? OR remote = ?)', params: [a.host, a.host] }
      : a.app !== undefined
        ? { sql: 'app = ?', params: [a.app] }
        : { sql: 'true', params: [] };
    const minuteRange: Param[] = [Math.ceil(from / 60), to / 60];
    await count('usage_minute', `minute >= ? AND minute < ? AND ${who.sql}`, [...minuteRange, ...who.params]);
    // hours the range touches: drop them, then roll them up again from the minutes still kept
    const hourLo = Math.floor(from / 3600);
    const hourHi = Math.ceil(to / 3600);
    await count('usage_hour', `hour >= ? AND hour < ? AND ${who.sql}`, [hourLo, hourHi, ...who.params]);
    await count('flows', `start >= ? AND start < ? AND ${who.sql}`, [from, to, ...who.params]);
    if (a.host) {
      await count('alerts', 'last_time >= ? AND last_time < ? AND (source = ? OR target = ?)', [
        from,
        to,
        a.host,
        a.host,
      ]);
    }
    if (!a.host && a.app === undefined) {
      await count('alerts', 'last_time >= ? AND last_time < ?', [from, to]);
      await count('suggestions', 'time >= ? AND time < ?', [from, to]);
      await count('probe_minute', 'minute >= ? AND minute < ?', minuteRange);
      await count('sessions', 'started >= ? AND coalesce(stopped, last_seen) < ?', [from, to]);
    }
    // the hours cut by the range's ends: roll them up again from the minutes still kept
    if (a.from !== undefined || a.to !== undefined)
      await h.upkeep.rerollTouched([a.from, a.to].filter((t) => t !== undefined).map((t) => Math.floor(t / 60)));
    // the per-dimension sums of every hour touched, made again from what usage_hour still holds
    const touched = await db.one<{ lo: number | null; hi: number | null }>(
      'SELECT min(hour) lo, max(hour) hi FROM usage_dim WHERE hour >= ? AND hour < ?',
      [hourLo, hourHi],
    );
    if (touched?.lo !== null && touched?.lo !== undefined)
      await h.upkeep.rollDimensions(touched.lo, Number(touched.hi) + 1);
  });
  await h.compact();
  return ok({ rows });
}
