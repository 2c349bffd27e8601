/**
 * The checks of the history channels (request-validators.ts holds the rest): every field's type
 * and range, unknown fields refused, so nothing a window or a browser sends reaches the store
 * unchecked. The store checks meaning again (ranges in order, budgets' days).
 */
import type { RequestArgs } from '../api/contract.js';
import { fail, ok, type Result } from '../api/errors.js';
import { USAGE_GROUPS, type UsageGroupBy } from '../api/history.js';
import { HISTORY_LIMITS } from '../history/history-config.js';

type Obj = Record<string, unknown>;
type HistoryChannel =
  | 'history:usage'
  | 'history:sessions'
  | 'history:session'
  | 'history:flows'
  | 'history:forget'
  | 'history:status'
  | 'history:configure'
  | 'history:budgets'
  | 'history:budgetSet'
  | 'history:budgetDelete';

const MAX_TEXT = 256;
const MAX_EDGES = 401;
/** Epoch seconds from 1970 to 2200. */
const MAX_TIME = 7.3e9;

const bad = (message: string, hint: string): Result<never> => fail('invalid-argument', message, hint);

function fields(ch: string, args: unknown, allowed: readonly string[], optional = false): Result<Obj> {
  if ((args === undefined || args === null) && optional) return ok({});
  if (typeof args !== 'object' || args === null || Array.isArray(args))
    return bad(`${ch}: the argument must be an object`, `send { ${allowed.join(', ')} }`);
  for (const k of Object.keys(args))
    if (!allowed.includes(k)) return bad(`${ch}: unknown field '${k}'`, `fields: ${allowed.join(', ')}`);
  return ok(args as Obj);
}

/** A number in [min, max] (whole when `int`); absent is allowed when `optional`. */
function num(ch: string, o: Obj, k: string, min: number, max: number, int: boolean, optional: boolean) {
  const v = o[k];
  if (v === undefined && optional) return ok(undefined);
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (int && !Number.isInteger(v)))
    return bad(`${ch}: ${k} must be a ${int ? 'whole ' : ''}number from ${min} to ${max}`, `got ${JSON.stringify(v)}`);
  return ok(v);
}

function str(ch: string, o: Obj, k: string, optional: boolean): Result<string | undefined> {
  const v = o[k];
  if (v === undefined && optional) return ok(undefined);
  if (typeof v !== 'string' || v.length > MAX_TEXT || v.includes('\0'))
    return bad(`${ch}: ${k} must be text of at most ${MAX_TEXT} characters`, `give ${k} as text`);
  return ok(v);
}

/** Runs the checks in order; the first failure is the answer, else the object they built. */
function build<T>(parts: [string, Result<unknown>][]): Result<T> {
  const out: Obj = {};
  for (const [k, r] of parts) {
    if (!r.ok) return r;
    if (r.value !== undefined) out[k] = r.value;
  }
  return ok(out as T);
}

const time = (ch: string, o: Obj, k: string, optional = false) => num(ch, o, k, 0, MAX_TIME, false, optional);

export const HISTORY_CHECKS: { [C in HistoryChannel]: (args: unknown) => Result<RequestArgs<C>> } = {
  'history:usage': (args) => {
    const ch = 'history:usage';
    const f = fields(ch, args, ['from', 'to', 'by', 'edges', 'top', 'host', 'app', 'iface', 'network', 'session']);
    if (!f.ok) return f;
    const o = f.value;
    if (!USAGE_GROUPS.includes(o.by as UsageGroupBy))
      return bad(`${ch}: by must be one of ${USAGE_GROUPS.join(', ')}`, 'for example by: "app"');
    const e = o.edges;
    if (
      e !== undefined &&
      (!Array.isArray(e) || e.length > MAX_EDGES || !e.every((x) => typeof x === 'number' && Number.isFinite(x)))
    )
      return bad(`${ch}: edges must be at most ${MAX_EDGES} numbers`, 'epoch seconds, ascending');
    return build([
      ['from', time(ch, o, 'from')],
      ['to', time(ch, o, 'to')],
      ['by', ok(o.by)],
      ['edges', ok(e === undefined ? undefined : [...(e as number[])])],
      ['top', num(ch, o, 'top', 1, 100, true, true)],
      ['host', str(ch, o, 'host', true)],
      ['app', str(ch, o, 'app', true)],
      ['iface', str(ch, o, 'iface', true)],
      ['network', str(ch, o, 'network', true)],
      ['session', num(ch, o, 'session', 1, Number.MAX_SAFE_INTEGER, true, true)],
    ]);
  },
  'history:sessions': (args) => {
    const f = fields('history:sessions', args, ['limit', 'offset'], true);
    if (!f.ok) return f;
    return build([
      ['limit', num('history:sessions', f.value, 'limit', 1, 1000, true, true)],
      ['offset', num('history:sessions', f.value, 'offset', 0, 1e9, true, true)],
    ]);
  },
  'history:session': (args) => {
    const f = fields('history:session', args, ['id']);
    if (!f.ok) return f;
    return build([['id', num('history:session', f.value, 'id', 1, Number.MAX_SAFE_INTEGER, true, false)]]);
  },
  'history:flows': (args) => {
    const ch = 'history:flows';
    const f = fields(ch, args, ['from', 'to', 'filter', 'offset', 'limit', 'session']);
    if (!f.ok) return f;
    const o = f.value;
    let filter: Result<unknown> = ok(undefined);
    if (o.filter !== undefined) {
      const g = fields(ch, o.filter, ['protocol', 'src', 'dst', 'port', 'host', 'app']);
      if (!g.ok) return g;
      const port = g.value.port === null ? ok(undefined) : num(ch, g.value, 'port', 0, 65535, true, true);
      filter = build([
        ['protocol', str(ch, g.value, 'protocol', true)],
        ['src', str(ch, g.value, 'src', true)],
        ['dst', str(ch, g.value, 'dst', true)],
        ['port', port],
        ['host', str(ch, g.value, 'host', true)],
        ['app', str(ch, g.value, 'app', true)],
      ]);
    }
    return build([
      ['from', time(ch, o, 'from')],
      ['to', time(ch, o, 'to')],
      ['filter', filter],
      ['offset', num(ch, o, 'offset', 0, 1e9, true, true)],
      ['limit', num(ch, o, 'limit', 1, 1000, true, true)],
      ['session', num(ch, o, 'session', 1, Number.MAX_SAFE_INTEGER, true, true)],
    ]);
  },
  'history:forget': (args) => {
    const ch = 'history:forget';
    const f = fields(ch, args, ['all', 'from', 'to', 'host', 'app']);
    if (!f.ok) return f;
    const o = f.value;
    if (o.all !== undefined && typeof o.all !== 'boolean') return bad(`${ch}: all must be true or false`, 'all: true');
    return build([
      ['all', ok(o.all)],
      ['from', time(ch, o, 'from', true)],
      ['to', time(ch, o, 'to', true)],
      ['host', str(ch, o, 'host', true)],
      ['app', str(ch, o, 'app', true)],
    ]);
  },
  'history:status': (args) =>
    args === undefined || args === null ? ok(undefined) : bad('history:status takes no argument', 'send nothing'),
  'history:budgets': (args) =>
    args === undefined || args === null ? ok(undefined) : bad('history:budgets takes no argument', 'send nothing'),
  'history:configure': (args) => {
    const ch = 'history:configure';
    const f = fields(ch, args, ['enabled', 'minuteDays', 'hourDays', 'flowDays', 'maxBytes']);
    if (!f.ok) return f;
    const o = f.value;
    if (o.enabled !== undefined && typeof o.enabled !== 'boolean')
      return bad(`${ch}: enabled must be true or false`, 'enabled: false keeps no history');
    const days = (k: string) => num(ch, o, k, HISTORY_LIMITS.minDays, HISTORY_LIMITS.maxDays, true, true);
    return build([
      ['enabled', ok(o.enabled)],
      ['minuteDays', days('minuteDays')],
      ['hourDays', days('hourDays')],
      ['flowDays', days('flowDays')],
      ['maxBytes', num(ch, o, 'maxBytes', HISTORY_LIMITS.minBytes, HISTORY_LIMITS.maxBytes, true, true)],
    ]);
  },
  'history:budgetSet': (args) => {
    const ch = 'history:budgetSet';
    const f = fields(ch, args, ['id', 'scope', 'name', 'period', 'allowanceBytes', 'startDay']);
    if (!f.ok) return f;
    const o = f.value;
    if (o.scope !== 'interface' && o.scope !== 'network')
      return bad(`${ch}: scope must be 'interface' or 'network'`, 'what the budget counts');
    if (o.period !== 'month' && o.period !== 'week') return bad(`${ch}: period must be 'month' or 'week'`, 'period');
    return build([
      ['id', num(ch, o, 'id', 1, 1e6, true, true)],
      ['scope', ok(o.scope)],
      ['name', str(ch, o, 'name', false)],
      ['period', ok(o.period)],
      ['allowanceBytes', num(ch, o, 'allowanceBytes', 1, Number.MAX_SAFE_INTEGER, true, false)],
      ['startDay', num(ch, o, 'startDay', 0, 28, true, false)],
    ]);
  },
  'history:budgetDelete': (args) => {
    const f = fields('history:budgetDelete', args, ['id']);
    if (!f.ok) return f;
    return build([['id', num('history:budgetDelete', f.value, 'id', 1, 1e6, true, false)]]);
  },
};
