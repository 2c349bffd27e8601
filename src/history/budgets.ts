/**
 * Data budgets: an allowance per month or week for the sessions on one interface or network
 * (SSID), from a start day; what is used so far this cycle, a forecast for the cycle's end at the
 * pace so far, and a `data-budget` alert at 80% and at 100%, each once per cycle.
 */
import type { AlertDto } from '../api/alerts-view.js';
import { fail, ok, type Result } from '../api/errors.js';
import type { BudgetDto, BudgetState } from '../api/history.js';
import type { Duck } from './duck.js';
import { kindsOf } from './schema.js';
import { queryUsage } from './usage-query.js';

export const BUDGET_WARNING_PCT = 80;
export const BUDGET_EXCEEDED_PCT = 100;
export const DATA_BUDGET_ALERT = 'data-budget';
const MAX_BUDGETS = 50;

interface BudgetRow {
  id: number;
  scope: string;
  name: string;
  period: string;
  allowance: number;
  start_day: number;
  alerted_cycle: number | null;
  alerted_level: number | null;
}

function toBudget(r: BudgetRow): BudgetDto {
  return {
    id: r.id,
    scope: r.scope === 'network' ? 'network' : 'interface',
    name: r.name,
    period: r.period === 'week' ? 'week' : 'month',
    allowanceBytes: r.allowance,
    startDay: r.start_day,
  };
}

export function checkBudget(b: Omit<BudgetDto, 'id'>): Result<Omit<BudgetDto, 'id'>> {
  if (b.scope !== 'interface' && b.scope !== 'network')
    return fail('invalid-argument', 'a budget counts an interface or a network', "scope: 'interface' or 'network'");
  if (typeof b.name !== 'string' || b.name.length === 0 || b.name.length > 256)
    return fail('invalid-argument', 'a budget needs the name of its interface or network', 'for example wlan0');
  if (b.period !== 'month' && b.period !== 'week')
    return fail('invalid-argument', 'a budget is monthly or weekly', "period: 'month' or 'week'");
  if (!Number.isSafeInteger(b.allowanceBytes) || b.allowanceBytes < 1)
    return fail('invalid-argument', 'the allowance must be a whole number of bytes above 0', 'for example 50 GB');
  const maxDay = b.period === 'month' ? 28 : 6;
  const minDay = b.period === 'month' ? 1 : 0;
  if (!Number.isInteger(b.startDay) || b.startDay < minDay || b.startDay > maxDay)
    return fail(
      'invalid-argument',
      `the cycle's start day must be ${minDay}..${maxDay} for a ${b.period}ly budget`,
      b.period === 'month' ? 'a day of the month, 1 to 28' : 'a weekday, 0 (Sunday) to 6',
    );
  return ok(b);
}

export async function listBudgets(db: Duck): Promise<BudgetDto[]> {
  return (await db.all<BudgetRow>('SELECT * FROM budgets ORDER BY id')).map(toBudget);
}

/** Adds a budget (no id) or replaces one (its id); answers it with its id. */
export async function putBudget(db: Duck, b: Omit<BudgetDto, 'id'> & { id?: number }): Promise<Result<BudgetDto>> {
  const c = checkBudget(b);
  if (!c.ok) return c;
  return db.transaction(async () => {
    let id = b.id;
    if (id === undefined) {
      const n = await db.one<{ n: number; next: number }>(
        'SELECT count(*) AS n, coalesce(max(id), 0) + 1 AS next FROM budgets',
      );
      if (Number(n?.n ?? 0) >= MAX_BUDGETS)
        return fail('invalid-argument', `at most ${MAX_BUDGETS} budgets`, 'remove one first');
      id = Number(n?.next ?? 1);
    } else {
      const had = await db.one('SELECT id FROM budgets WHERE id = ?', [id]);
      if (!had) return fail('not-found', `there is no budget ${id}`, 'list the budgets to see their ids');
      await db.run('DELETE FROM budgets WHERE id = ?', [id]);
    }
    await db.append('budgets', kindsOf('budgets'), [
      [id, b.scope, b.name, b.period, b.allowanceBytes, b.startDay, null, null],
    ]);
    return ok({
      id,
      scope: b.scope,
      name: b.name,
      period: b.period,
      allowanceBytes: b.allowanceBytes,
      startDay: b.startDay,
    });
  });
}

export async function deleteBudget(db: Duck, id: number): Promise<Result<{ removed: boolean }>> {
  const had = await db.one('SELECT id FROM budgets WHERE id = ?', [id]);
  await db.run('DELETE FROM budgets WHERE id = ?', [id]);
  return ok({ removed: had !== undefined });
}

/** The cycle holding `now` (local time): [start, end) in epoch seconds. */
export function cycleOf(b: Pick<BudgetDto, 'period' | 'startDay'>, now: number): { start: number; end: number } {
  const d = new Date(now * 1000);
  d.setHours(0, 0, 0, 0);
  if (b.period === 'week') {
    d.setDate(d.getDate() - ((d.getDay() - b.startDay + 7) % 7));
    const start = d.getTime() / 1000;
    d.setDate(d.getDate() + 7);
    return { start, end: d.getTime() / 1000 };
  }
  if (d.getDate() < b.startDay) d.setMonth(d.getMonth() - 1);
  d.setDate(b.startDay);
  const start = d.getTime() / 1000;
  d.setMonth(d.getMonth() + 1);
  return { start, end: d.getTime() / 1000 };
}

async function stateOf(db: Duck, watermark: number | null, b: BudgetDto, now: number): Promise<BudgetState> {
  const { start, end } = cycleOf(b, now);
  const scope = b.scope === 'network' ? { network: b.name } : { iface: b.name };
  const u = await queryUsage(db, watermark, { from: start, to: Math.max(start + 60, now), by: 'none', ...scope });
  const used = u.ok ? u.value.totals.bytesIn + u.value.totals.bytesOut : 0;
  const elapsed = now - start;
  const pct = (used / b.allowanceBytes) * 100;
  return {
    budget: b,
    cycleStart: start,
    cycleEnd: end,
    usedBytes: used,
    usedPct: pct,
    forecastBytes: elapsed >= 3600 ? Math.round((used / elapsed) * (end - start)) : null,
    level: pct >= BUDGET_EXCEEDED_PCT ? 'exceeded' : pct >= BUDGET_WARNING_PCT ? 'warning' : 'ok',
  };
}

export async function budgetStates(db: Duck, watermark: number | null, now: number): Promise<BudgetState[]> {
  const out: BudgetState[] = [];
  for (const b of await listBudgets(db)) out.push(await stateOf(db, watermark, b, now));
  return out;
}

/** The budgets' states, and an alert for each level newly reached this cycle (remembered, so raised once). */
export async function checkBudgets(
  db: Duck,
  watermark: number | null,
  now: number,
): Promise<{ states: BudgetState[]; alerts: AlertDto[] }> {
  const rows = await db.all<BudgetRow>('SELECT * FROM budgets ORDER BY id');
  const states: BudgetState[] = [];
  const alerts: AlertDto[] = [];
  for (const r of rows) {
    const s = await stateOf(db, watermark, toBudget(r), now);
    states.push(s);
    const level = s.usedPct >= BUDGET_EXCEEDED_PCT ? 100 : s.usedPct >= BUDGET_WARNING_PCT ? 80 : 0;
    const already = r.alerted_cycle === s.cycleStart ? (r.alerted_level ?? 0) : 0;
    if (level > already) {
      alerts.push(budgetAlert(s, level, now));
      await db.run('UPDATE budgets SET alerted_cycle = ?, alerted_level = ? WHERE id = ?', [s.cycleStart, level, r.id]);
    }
  }
  return { states, alerts };
}

function budgetAlert(s: BudgetState, level: number, now: number): AlertDto {
  const b = s.budget;
  const what = `${b.scope === 'network' ? 'network' : 'interface'} ${b.name}`;
  const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;
  const forecast = s.forecastBytes === null ? '' : `; at this pace ${mb(s.forecastBytes)} by the cycle's end`;
  return {
    id: `${DATA_BUDGET_ALERT}:${b.id}:${s.cycleStart}:${level}`,
    type: DATA_BUDGET_ALERT,
    severity: level >= 100 ? 'critical' : 'warning',
    firstTime: now,
    lastTime: now,
    source: null,
    target: b.name,
    summary: `${level >= 100 ? 'Data budget used up' : 'Data budget 80% used'} on ${what}: ${mb(s.usedBytes)} of ${mb(b.allowanceBytes)} (${Math.round(s.usedPct)}%)${forecast}`,
    evidence: {
      budget: b.id,
      scope: b.scope,
      name: b.name,
      period: b.period,
      allowanceBytes: b.allowanceBytes,
      usedBytes: s.usedBytes,
      usedPct: Math.round(s.usedPct * 10) / 10,
      forecastBytes: s.forecastBytes,
      cycleStart: s.cycleStart,
      cycleEnd: s.cycleEnd,
    },
    acknowledged: false,
  };
}
