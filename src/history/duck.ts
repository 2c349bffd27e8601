/**
 * The one home of `@duckdb/node-api`: opens the store's file, runs SQL with bound parameters,
 * appends rows in bulk, and turns what DuckDB says into plain numbers and strings. Opening
 * failures (another process holds the file, a damaged file, a folder that cannot be written) are
 * values with a hint; everything else DuckDB throws is a bug and propagates.
 */
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { fail, ok, type Result } from '../api/errors.js';

export type ColumnKind = 'int' | 'bigint' | 'double' | 'varchar' | 'bool';
export type Row = Record<string, unknown>;
export type Param = string | number | boolean | null | readonly string[] | readonly number[];

export interface DuckOptions {
  /** Worker threads DuckDB may use (default 2: the engine shares the machine). */
  threads?: number;
  memoryLimit?: string;
  readOnly?: boolean;
}

export class Duck {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    readonly path: string,
  ) {}

  static async open(path: string, opts: DuckOptions = {}): Promise<Result<Duck>> {
    const options: Record<string, string> = {
      threads: String(opts.threads ?? 2),
      memory_limit: opts.memoryLimit ?? '512MB',
      // the store is local only: DuckDB may not fetch extensions or read other files by itself
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    };
    if (opts.readOnly) options.access_mode = 'READ_ONLY';
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, options);
    } catch (err) {
      return openError(path, err);
    }
    const conn = await instance.connect();
    return ok(new Duck(instance, conn, path));
  }

  async run(sql: string, params: readonly Param[] = []): Promise<void> {
    await this.conn.run(sql, params.length ? (params as DuckDBValue[]) : undefined);
  }

  /** Runs a query and answers its rows, BIGINT and HUGEINT as numbers (byte counts stay below 2^53). */
  async all<T = Row>(sql: string, params: readonly Param[] = []): Promise<T[]> {
    const reader = await this.conn.runAndReadAll(sql, params.length ? (params as DuckDBValue[]) : undefined);
    const rows = reader.getRowObjectsJS() as Row[];
    for (const r of rows) for (const k in r) if (typeof r[k] === 'bigint') r[k] = Number(r[k]);
    return rows as T[];
  }

  async one<T = Row>(sql: string, params: readonly Param[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Appends rows to a table in its column order (`kinds` says each column's type). */
  async append(table: string, kinds: readonly ColumnKind[], rows: readonly (readonly unknown[])[]): Promise<void> {
    if (rows.length === 0) return;
    const ap = await this.conn.createAppender(table);
    try {
      for (const row of rows) {
        for (let i = 0; i < kinds.length; i++) appendValue(ap, kinds[i], row[i]);
        ap.endRow();
      }
      ap.flushSync();
    } finally {
      ap.closeSync();
    }
  }

  /** Runs `f` in one transaction: all of it is stored, or (on a throw, or a kill) none of it. */
  async transaction<T>(f: () => Promise<T>): Promise<T> {
    await this.conn.run('BEGIN TRANSACTION');
    try {
      const r = await f();
      await this.conn.run('COMMIT');
      return r;
    } catch (err) {
      await this.conn.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

function appendValue(ap: DuckDBAppender, kind: ColumnKind, v: unknown): void {
  if (v === null || v === undefined) {
    ap.appendNull();
    return;
  }
  switch (kind) {
    case 'int':
      ap.appendInteger(Math.trunc(Number(v)));
      return;
    case 'bigint':
      ap.appendDouble(Math.round(Number(v)));
      return;
    case 'double':
      ap.appendDouble(Number(v));
      return;
    case 'bool':
      ap.appendBoolean(Boolean(v));
      return;
    case 'varchar':
      ap.appendVarchar(String(v));
  }
}

/** A SQL string literal (for the few statements DuckDB cannot bind, such as COPY's file name). */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function openError(path: string, err: unknown): Result<never> {
  const msg = err instanceof Error ? err.message : String(err);
  if (/lock/i.test(msg))
    return fail(
      'file-unreadable',
      `the history store ${path} is open in another NetLens process`,
      'close the NetLens app or `netlens serve` that uses it (only one program may write it), then try again',
    );
  if (/permission|read-only|EACCES/i.test(msg))
    return fail(
      'write-failed',
      `cannot open the history store ${path}: ${firstLine(msg)}`,
      'check that the folder exists and that you may write it, or set NETLENS_DATA_DIR to another folder',
    );
  return fail(
    'file-unreadable',
    `cannot open the history store ${path}: ${firstLine(msg)}`,
    'if the file is damaged, move it aside (NetLens starts a new one) or run `netlens history forget --all`',
  );
}

function firstLine(s: string): string {
  return s.split('\n')[0].slice(0, 300);
}
