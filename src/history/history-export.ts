/**
 * Export of a range of history as Parquet (what ClickHouse, Spark, DuckDB and pandas read) or CSV,
 * written by DuckDB's own COPY: flows, per-minute or per-hour usage, sessions, alerts or probes.
 * Times are epoch seconds with a TIMESTAMP column beside them.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fail, ok, type Result } from '../api/errors.js';
import type { Duck } from './duck.js';
import { sqlString } from './duck.js';

export const EXPORT_TABLES = ['flows', 'usage', 'usage-hourly', 'sessions', 'alerts', 'probes'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];
export type ExportFormat = 'parquet' | 'csv';

export interface ExportArgs {
  table: ExportTable;
  from: number;
  to: number;
  format: ExportFormat;
  path: string;
}

const SELECTS: Record<ExportTable, string> = {
  flows: `SELECT to_timestamp(start) AS time, * FROM flows WHERE start >= $from AND start < $to ORDER BY start`,
  usage: `SELECT to_timestamp(minute * 60) AS time, minute * 60 AS start, * EXCLUDE (minute)
          FROM usage_minute WHERE minute * 60 >= $from AND minute * 60 < $to ORDER BY minute`,
  'usage-hourly': `SELECT to_timestamp(hour * 3600) AS time, hour * 3600 AS start, * EXCLUDE (hour)
          FROM usage_hour WHERE hour * 3600 >= $from AND hour * 3600 < $to ORDER BY hour`,
  sessions: `SELECT to_timestamp(started) AS time, * FROM sessions WHERE started >= $from AND started < $to ORDER BY started`,
  alerts: `SELECT to_timestamp(first_time) AS time, * FROM alerts
          WHERE last_time >= $from AND first_time < $to ORDER BY first_time`,
  probes: `SELECT to_timestamp(minute * 60) AS time, minute * 60 AS start, * EXCLUDE (minute)
          FROM probe_minute WHERE minute * 60 >= $from AND minute * 60 < $to ORDER BY minute`,
};

export async function exportHistory(db: Duck, a: ExportArgs): Promise<Result<{ rows: number; path: string }>> {
  if (!EXPORT_TABLES.includes(a.table))
    return fail('invalid-argument', `history cannot export '${String(a.table)}'`, `use ${EXPORT_TABLES.join(', ')}`);
  if (a.format !== 'parquet' && a.format !== 'csv')
    return fail('invalid-argument', `unknown export format '${String(a.format)}'`, 'use parquet or csv');
  if (!Number.isFinite(a.from) || !Number.isFinite(a.to) || a.from >= a.to)
    return fail('invalid-argument', 'the export range needs a start before its end', 'for example --since 30d');
  if (!existsSync(dirname(a.path)))
    return fail('write-failed', `the folder of ${a.path} does not exist`, 'create it first or write somewhere else');
  // the range is bound; COPY's file name cannot be, so it is quoted as a literal
  const select = SELECTS[a.table].replace(/\$from/g, '$1').replace(/\$to/g, '$2');
  const opts = a.format === 'parquet' ? '(FORMAT parquet, COMPRESSION zstd)' : '(FORMAT csv, HEADER true)';
  try {
    await db.run(`COPY (${select}) TO ${sqlString(a.path)} ${opts}`, [a.from, a.to]);
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return fail('write-failed', `cannot write ${a.path}: ${msg}`, 'check the folder and the disk');
  }
  const n = await db.one<{ n: number }>(`SELECT count(*) AS n FROM (${select})`, [a.from, a.to]);
  return ok({ rows: Number(n?.n ?? 0), path: a.path });
}
