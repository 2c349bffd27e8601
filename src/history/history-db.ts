/**
 * The history store: one DuckDB file, opened by one process (the engine, or the CLI when no
 * engine runs). Every write batch is one transaction (DuckDB's write-ahead log makes a committed
 * batch survive a kill -9, and an uncommitted one vanish whole); upkeep after writes rolls closed
 * hours up, applies retention and keeps the file under its cap. The queries live beside it.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fail, ok, type Result } from '../api/errors.js';
import type { HistoryConfig, HistoryStatus } from '../api/history.js';
import { Duck, sqlString, type Param } from './duck.js';
import { normalizeConfig } from './history-config.js';
import { fileBytes, Upkeep } from './upkeep.js';
import { ensureSchema, getMeta, kindsOf, setMeta } from './schema.js';
import type { SessionWrite, WriteBatch } from './write-batch.js';

const COMPACT_SUFFIX = '.compact';

export interface HistoryDbOptions {
  config?: Partial<HistoryConfig>;
  /** The clock upkeep uses (tests move it); default Date.now()/1000. */
  now?: () => number;
  readOnly?: boolean;
}

export class HistoryDb {
  readonly upkeep: Upkeep;
  private config: HistoryConfig;

  private constructor(
    private duck: Duck,
    readonly path: string,
    opts: HistoryDbOptions,
  ) {
    this.config = normalizeConfig(opts.config);
    this.upkeep = new Upkeep(
      () => this.duck,
      path,
      () => this.config,
      opts.now ?? (() => Date.now() / 1000),
    );
  }

  get db(): Duck {
    return this.duck;
  }

  static async open(path: string, opts: HistoryDbOptions = {}): Promise<Result<HistoryDb>> {
    if (!opts.readOnly) {
      try {
        mkdirSync(dirname(path), { recursive: true });
      } catch (err) {
        return fail(
          'write-failed',
          `cannot create the folder for the history store ${path} (${(err as NodeJS.ErrnoException).code ?? err})`,
          'check that you may write there, or set NETLENS_DATA_DIR to another folder',
        );
      }
    }
    if (!opts.readOnly) rmSync(`${path}${COMPACT_SUFFIX}`, { force: true }); // a compaction a crash cut short
    const d = await Duck.open(path, { readOnly: opts.readOnly });
    if (!d.ok) return d;
    if (!opts.readOnly) {
      const bad = await ensureSchema(d.value);
      if (bad) {
        d.value.close();
        return fail('file-unreadable', bad, 'update NetLens, or move the file aside to start a new history');
      }
    }
    // the settings kept in the store (the app's Settings → History, or `netlens history config`), then these
    const kept = await getMeta(d.value, 'config');
    const h = new HistoryDb(d.value, path, { ...opts, config: { ...parseConfig(kept), ...opts.config } });
    if (!opts.readOnly) await h.upkeep.afterOpen();
    return ok(h);
  }

  get settings(): HistoryConfig {
    return this.config;
  }

  /** Changes the settings and keeps them in the store (the CLI and the engine read the same). */
  async configure(c: Partial<HistoryConfig>): Promise<HistoryConfig> {
    this.config = normalizeConfig({ ...this.config, ...c });
    await setMeta(this.db, 'config', JSON.stringify(this.config));
    await this.upkeep.setCheckpointThreshold();
    await this.upkeep.enforceCap();
    return this.config;
  }

  /** A new session's row; answers its id (ids only grow, also after Forget). */
  async beginSession(s: Omit<SessionWrite, 'id'>): Promise<number> {
    return this.db.transaction(async () => {
      const row = await this.db.one<{ id: number | null }>(
        "SELECT greatest(coalesce(max(id), 0), coalesce((SELECT max(value::BIGINT) FROM meta WHERE key = 'last_session'), 0)) + 1 AS id FROM sessions",
      );
      const id = Number(row?.id ?? 1);
      await this.putSession({ ...s, id });
      await this.db.run("DELETE FROM meta WHERE key = 'last_session'");
      await this.db.run("INSERT INTO meta VALUES ('last_session', ?)", [String(id)]);
      return id;
    });
  }

  /** Stores one batch in one transaction, then does the upkeep that is due. */
  async write(b: WriteBatch): Promise<void> {
    const db = this.db;
    const before = await this.upkeep.beforeWrite();
    await db.transaction(async () => {
      await this.putSession(b.session);
      const sid = b.session.id;
      // minute deltas are appended: the cheapest write DuckDB has (the hour's roll-up compacts them)
      if (b.minutes.length)
        await db.append(
          'usage_minute',
          kindsOf('usage_minute'),
          b.minutes.flatMap((m) => m.rows.map((r) => [sid, m.minute, ...r])),
        );
      if (b.probes.length) {
        await db.run(`DELETE FROM probe_minute WHERE session = ? AND minute IN (${marks(b.probes.length)})`, [
          sid,
          ...b.probes.map((p) => p.minute),
        ]);
        await db.append(
          'probe_minute',
          kindsOf('probe_minute'),
          b.probes.flatMap((p) => p.rows.map((r) => [sid, p.minute, ...r])),
        );
      }
      if (b.flows.length) {
        await db.append(
          'flows',
          kindsOf('flows'),
          b.flows.map((f) => [
            f.session,
            f.start,
            f.duration,
            f.protocol,
            f.local,
            f.localPort,
            f.remote,
            f.remotePort,
            f.outbound,
            f.app,
            f.service,
            f.name,
            f.country,
            f.asn,
            f.bytesOut,
            f.bytesIn,
            f.packetsOut,
            f.packetsIn,
            f.rttMs,
            f.retransmissions,
          ]),
        );
      }
      if (b.alerts.length) {
        await this.replaceById(
          'alerts',
          sid,
          b.alerts.map((a) => a.id),
        );
        await db.append(
          'alerts',
          kindsOf('alerts'),
          b.alerts.map((a) => [
            sid,
            a.id,
            a.type,
            a.severity,
            a.firstTime,
            a.lastTime,
            a.source,
            a.target,
            a.summary,
            JSON.stringify(a.evidence),
            a.acknowledged,
          ]),
        );
      }
      if (b.suggestions.length) {
        await this.replaceById(
          'suggestions',
          sid,
          b.suggestions.map((s) => s.id),
        );
        await db.append(
          'suggestions',
          kindsOf('suggestions'),
          b.suggestions.map((s) => [sid, s.id, s.kind, s.title, s.why, s.action, JSON.stringify(s.evidence), s.time]),
        );
      }
      await this.upkeep.rerollTouched(b.minutes.map((m) => m.minute));
    });
    this.upkeep.noteGrowth(before);
    await this.upkeep.afterWrite();
  }

  private async replaceById(table: 'alerts' | 'suggestions', sid: number, ids: string[]): Promise<void> {
    await this.db.run(`DELETE FROM ${table} WHERE session = ? AND id IN (${marks(ids.length)})`, [sid, ...ids]);
  }

  private async putSession(s: SessionWrite): Promise<void> {
    await this.db.run('DELETE FROM sessions WHERE id = ?', [s.id]);
    await this.db.append('sessions', kindsOf('sessions'), [
      [
        s.id,
        s.kind,
        s.iface,
        s.network,
        s.filter,
        s.file,
        s.started,
        s.stopped,
        s.lastSeen,
        s.stopReason,
        s.packets,
        s.bytes,
        s.dropped,
      ],
    ]);
  }

  async status(): Promise<HistoryStatus> {
    const r = await this.db.one<{ oldest: number | null; newest: number | null; sessions: number; flows: number }>(
      `SELECT least((SELECT min(hour) * 3600 FROM usage_hour), (SELECT min(minute) * 60 FROM usage_minute)) AS oldest,
              (SELECT max(minute) * 60 + 60 FROM usage_minute) AS newest,
              (SELECT count(*) FROM sessions) AS sessions, (SELECT count(*) FROM flows) AS flows`,
    );
    return {
      path: this.path,
      enabled: this.config.enabled,
      bytes: fileBytes(this.path),
      maxBytes: this.config.maxBytes,
      oldest: r?.oldest ?? null,
      newest: r?.newest ?? null,
      sessions: Number(r?.sessions ?? 0),
      flows: Number(r?.flows ?? 0),
    };
  }

  /** Flushes the write-ahead log into the file (closing does it too). */
  async checkpoint(): Promise<void> {
    await this.db.run('CHECKPOINT');
  }

  /**
   * Rewrites the store into a new file and swaps it in: what was deleted is then gone from the
   * disk too (DuckDB reuses freed blocks but does not wipe them), and the file is as small as its data.
   */
  async compact(): Promise<void> {
    const tmp = `${this.path}${COMPACT_SUFFIX}`;
    rmSync(tmp, { force: true });
    const name = (await this.db.one<{ d: string }>('SELECT current_database() AS d'))!.d;
    await this.db.run(`ATTACH ${sqlString(tmp)} AS netlens_compacted`);
    await this.db.run(`COPY FROM DATABASE "${name.replace(/"/g, '""')}" TO netlens_compacted`);
    await this.db.run('DETACH netlens_compacted');
    this.duck.close();
    renameSync(tmp, this.path);
    rmSync(`${this.path}.wal`, { force: true });
    const d = await Duck.open(this.path);
    if (!d.ok) throw new Error(`the compacted history store did not open: ${d.error.message}`);
    this.duck = d.value;
    await this.upkeep.setCheckpointThreshold();
  }

  close(): void {
    this.duck.close();
  }
}

function parseConfig(s: string | null): Partial<HistoryConfig> {
  if (s === null) return {};
  try {
    const v: unknown = JSON.parse(s);
    return v !== null && typeof v === 'object' ? (v as Partial<HistoryConfig>) : {};
  } catch {
    return {};
  }
}

/** "?, ?, ?" for n bound values. */
export function marks(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

export type { Param };
