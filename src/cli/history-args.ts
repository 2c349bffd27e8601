/** Reading the history command's values: time ranges ("30d", "12h", an ISO date) and sizes ("100MB"). */
import { fail, ok, type Result } from '../api/errors.js';

const UNIT_SEC: Record<string, number> = { m: 60, h: 3600, d: 86400, w: 7 * 86400 };
const UNIT_BYTES: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** "30d", "12h", "90m", "2w" before `now`, or a date ("2025-01-31", "2025-01-31T12:00") in local time. */
export function parseTime(option: string, raw: string, now: number): Result<number> {
  const m = /^(\d+(?:\.\d+)?)([mhdw])$/.exec(raw.trim());
  if (m) return ok(now - Number(m[1]) * UNIT_SEC[m[2]]);
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?(Z|[+-]\d{2}:?\d{2})?$/.test(raw.trim())) {
    const t = Date.parse(raw.trim().length === 10 ? `${raw.trim()}T00:00` : raw.trim());
    if (Number.isFinite(t)) return ok(t / 1000);
  }
  return fail(
    'usage',
    `history: --${option} takes a duration back from now (30d, 12h, 90m, 2w) or a date, not '${raw}'`,
    `for example --${option} 7d or --${option} 2025-01-31`,
  );
}

/** "100MB", "50GB", "1.5GiB", "2000000" (bytes). */
export function parseSize(option: string, raw: string): Result<number> {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?$/i.exec(raw.trim());
  const n = m ? Math.round(Number(m[1]) * UNIT_BYTES[(m[2] ?? 'b').toLowerCase()]) : NaN;
  if (!Number.isSafeInteger(n) || n < 1)
    return fail('usage', `history: --${option} takes a size such as 100MB or 50GB, not '${raw}'`, `--${option} 50GB`);
  return ok(n);
}

/** The range of --since/--from and --until/--to (default: `defaultSince` back from now, until now). */
export function parseRange(
  values: Record<string, string | boolean | undefined>,
  now: number,
  defaultSince: string,
): Result<{ from: number; to: number }> {
  const since = (values.since ?? values.from ?? defaultSince) as string;
  const from = parseTime(values.since !== undefined ? 'since' : 'from', since, now);
  if (!from.ok) return from;
  const untilRaw = (values.until ?? values.to) as string | undefined;
  const to = untilRaw === undefined ? ok(now) : parseTime(values.until !== undefined ? 'until' : 'to', untilRaw, now);
  if (!to.ok) return to;
  if (to.value <= from.value)
    return fail('usage', 'history: the range ends before it starts', 'give --since before --until');
  return ok({ from: from.value, to: to.value });
}
