/**
 * The store's tables, one home for their columns: the writer appends in this order and the
 * queries read these names. Times: epoch seconds (DOUBLE) for flows, alerts and sessions; whole
 * epoch minutes and hours (INTEGER) for the rollups. No indexes: DuckDB's zone maps over the
 * time-ordered rollups and flows answer the range queries, and appends stay cheap.
 */
import type { ColumnKind } from './duck.js';
import type { Duck } from './duck.js';

export const SCHEMA_VERSION = 1;

/** The dimensions usage_dim keeps, and the usage_hour expression of each. */
export const DIMENSIONS = {
  app: 'app',
  host: 'remote',
  local: 'local',
  country: 'country',
  asn: "coalesce(CAST(asn AS VARCHAR), '')",
  protocol: 'protocol',
} as const;

type Columns = readonly (readonly [name: string, sql: string, kind: ColumnKind])[];

/** The usage columns shared by the minute and hour rollups (after the time and session). */
export const USAGE_KEY: Columns = [
  ['local', 'VARCHAR', 'varchar'],
  ['remote', 'VARCHAR', 'varchar'],
  ['app', 'VARCHAR', 'varchar'],
  ['protocol', 'VARCHAR', 'varchar'],
  ['country', 'VARCHAR', 'varchar'],
  ['asn', 'INTEGER', 'int'],
];

export const USAGE_COUNTS: Columns = [
  ['bytes_in', 'BIGINT', 'bigint'],
  ['bytes_out', 'BIGINT', 'bigint'],
  ['packets_in', 'BIGINT', 'bigint'],
  ['packets_out', 'BIGINT', 'bigint'],
];

export const TABLES = {
  usage_minute: [['session', 'BIGINT', 'bigint'], ['minute', 'INTEGER', 'int'], ...USAGE_KEY, ...USAGE_COUNTS],
  usage_hour: [['session', 'BIGINT', 'bigint'], ['hour', 'INTEGER', 'int'], ...USAGE_KEY, ...USAGE_COUNTS],
  /**
   * usage_hour summed per dimension (dim: app, host, local, country, asn, protocol; key: its value):
   * what a month's chart reads when no host or app is singled out (a few thousand rows an hour
   * instead of one per conversation).
   */
  usage_dim: [
    ['dim', 'VARCHAR', 'varchar'],
    ['hour', 'INTEGER', 'int'],
    ['session', 'BIGINT', 'bigint'],
    ['key', 'VARCHAR', 'varchar'],
    ...USAGE_COUNTS,
  ],
  flows: [
    ['session', 'BIGINT', 'bigint'],
    ['start', 'DOUBLE', 'double'],
    ['duration', 'DOUBLE', 'double'],
    ['protocol', 'VARCHAR', 'varchar'],
    ['local', 'VARCHAR', 'varchar'],
    ['local_port', 'INTEGER', 'int'],
    ['remote', 'VARCHAR', 'varchar'],
    ['remote_port', 'INTEGER', 'int'],
    ['outbound', 'BOOLEAN', 'bool'],
    ['app', 'VARCHAR', 'varchar'],
    ['service', 'VARCHAR', 'varchar'],
    ['name', 'VARCHAR', 'varchar'],
    ['country', 'VARCHAR', 'varchar'],
    ['asn', 'INTEGER', 'int'],
    ['bytes_out', 'BIGINT', 'bigint'],
    ['bytes_in', 'BIGINT', 'bigint'],
    ['packets_out', 'BIGINT', 'bigint'],
    ['packets_in', 'BIGINT', 'bigint'],
    ['rtt_ms', 'DOUBLE', 'double'],
    ['retransmissions', 'INTEGER', 'int'],
  ],
  alerts: [
    ['session', 'BIGINT', 'bigint'],
    ['id', 'VARCHAR', 'varchar'],
    ['type', 'VARCHAR', 'varchar'],
    ['severity', 'VARCHAR', 'varchar'],
    ['first_time', 'DOUBLE', 'double'],
    ['last_time', 'DOUBLE', 'double'],
    ['source', 'VARCHAR', 'varchar'],
    ['target', 'VARCHAR', 'varchar'],
    ['summary', 'VARCHAR', 'varchar'],
    ['evidence', 'VARCHAR', 'varchar'],
    ['acknowledged', 'BOOLEAN', 'bool'],
  ],
  suggestions: [
    ['session', 'BIGINT', 'bigint'],
    ['id', 'VARCHAR', 'varchar'],
    ['kind', 'VARCHAR', 'varchar'],
    ['title', 'VARCHAR', 'varchar'],
    ['why', 'VARCHAR', 'varchar'],
    ['action', 'VARCHAR', 'varchar'],
    ['evidence', 'VARCHAR', 'varchar'],
    ['time', 'DOUBLE', 'double'],
  ],
  probe_minute: [
    ['session', 'BIGINT', 'bigint'],
    ['minute', 'INTEGER', 'int'],
    ['host', 'VARCHAR', 'varchar'],
    ['kind', 'VARCHAR', 'varchar'],
    ['sent', 'INTEGER', 'int'],
    ['received', 'INTEGER', 'int'],
    ['rtt_min', 'DOUBLE', 'double'],
    ['rtt_p50', 'DOUBLE', 'double'],
    ['rtt_p95', 'DOUBLE', 'double'],
    ['rtt_max', 'DOUBLE', 'double'],
    ['rtt_mean', 'DOUBLE', 'double'],
    ['jitter_ms', 'DOUBLE', 'double'],
  ],
  sessions: [
    ['id', 'BIGINT', 'bigint'],
    ['kind', 'VARCHAR', 'varchar'],
    ['iface', 'VARCHAR', 'varchar'],
    ['network', 'VARCHAR', 'varchar'],
    ['filter', 'VARCHAR', 'varchar'],
    ['file', 'VARCHAR', 'varchar'],
    ['started', 'DOUBLE', 'double'],
    ['stopped', 'DOUBLE', 'double'],
    ['last_seen', 'DOUBLE', 'double'],
    ['stop_reason', 'VARCHAR', 'varchar'],
    ['packets', 'BIGINT', 'bigint'],
    ['bytes', 'BIGINT', 'bigint'],
    ['dropped', 'BIGINT', 'bigint'],
  ],
  budgets: [
    ['id', 'INTEGER', 'int'],
    ['scope', 'VARCHAR', 'varchar'],
    ['name', 'VARCHAR', 'varchar'],
    ['period', 'VARCHAR', 'varchar'],
    ['allowance', 'BIGINT', 'bigint'],
    ['start_day', 'INTEGER', 'int'],
    /** The cycle (its start) and level (80 or 100) last alerted, so each is raised once per cycle. */
    ['alerted_cycle', 'DOUBLE', 'double'],
    ['alerted_level', 'INTEGER', 'int'],
  ],
  meta: [
    ['key', 'VARCHAR', 'varchar'],
    ['value', 'VARCHAR', 'varchar'],
  ],
} as const satisfies Record<string, Columns>;

export type TableName = keyof typeof TABLES;

export function kindsOf(table: TableName): ColumnKind[] {
  return TABLES[table].map((c) => c[2]);
}

/** Creates what is missing and records the version; a newer store than this code is refused. */
export async function ensureSchema(db: Duck): Promise<string | null> {
  for (const [name, cols] of Object.entries(TABLES)) {
    await db.run(`CREATE TABLE IF NOT EXISTS ${name} (${cols.map((c) => `${c[0]} ${c[1]}`).join(', ')})`);
  }
  const v = await db.one<{ value: string }>("SELECT value FROM meta WHERE key = 'schema'");
  if (!v) await db.run("INSERT INTO meta VALUES ('schema', ?)", [String(SCHEMA_VERSION)]);
  else if (Number(v.value) > SCHEMA_VERSION)
    return `the history store was written by a newer NetLens (schema ${v.value}, this one knows ${SCHEMA_VERSION})`;
  return null;
}

export async function getMeta(db: Duck, key: string): Promise<string | null> {
  const r = await db.one<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key]);
  return r ? r.value : null;
}

export async function setMeta(db: Duck, key: string, value: string): Promise<void> {
  await db.run('DELETE FROM meta WHERE key = ?', [key]);
  await db.run('INSERT INTO meta VALUES (?, ?)', [key, value]);
}
