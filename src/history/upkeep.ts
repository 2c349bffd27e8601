/**
 * Keeping the store in shape after writes: closed hours are rolled up from the minute rollups
 * (usage_hour is what long ranges read), retention drops what is older than the settings keep,
 * and the disk cap prunes the oldest data before the file could pass it. Pruning frees DuckDB
 * blocks (reused by later writes, so the file stops growing) and checkpoints so they are free.
 */
import type { HistoryConfig } from '../api/history.js';
import type { Duck } from './duck.js';
import { daysToSec, PRUNE_AT, PRUNE_TO, ROLLUP_DELAY_SEC } from './history-config.js';
import { statSync } from 'node:fs';
import { DIMENSIONS, getMeta, setMeta, USAGE_COUNTS, USAGE_KEY } from './schema.js';

const RETENTION_EVERY_SEC = 600;
/** DuckDB's block: the file grows and frees in these. */
const BLOCK_BYTES = 262_144;
const KEY_COLS = USAGE_KEY.map((c) => c[0]).join(', ');
const SUM_COLS = USAGE_COUNTS.map((c) => `sum(${c[0]})`).join(', ');
/** The tables with a time, and how to read it in epoch seconds. */
const TIMED: readonly [table: string, time: string][] = [
  ['flows', 'start'],
  ['usage_minute', 'minute * 60'],
  ['usage_hour', 'hour * 3600'],
  ['usage_dim', 'hour * 3600'],
  ['probe_minute', 'minute * 60'],
  ['alerts', 'last_time'],
  ['suggestions', 'time'],
];

export interface StoreSize {
  /** File and write-ahead log on disk. */
  fileBytes: number;
  /** Blocks in use plus the write-ahead log: what the data takes (the file keeps freed blocks for reuse). */
  usedBytes: number;
}

export class Upkeep {
  private lastRetention = -Infinity;
  private watermark: number | null = null;
  /** Pruning runs counted (the disk-cap test reads it). */
  prunes = 0;
  /** The largest recent growth of the file by one write (decays by a tenth per write). */
  private growth = 0;

  constructor(
    private readonly duck: () => Duck,
    private readonly path: string,
    private readonly config: () => HistoryConfig,
    private readonly now: () => number,
  ) {}

  private get db(): Duck {
    return this.duck();
  }

  async afterOpen(): Promise<void> {
    const w = await getMeta(this.db, 'hour_watermark');
    this.watermark = w === null ? null : Number(w);
    await this.setCheckpointThreshold();
    await this.afterWrite();
  }

  /** The last hour rolled up into usage_hour (null: none yet); minute rows answer for later hours. */
  get hourWatermark(): number | null {
    return this.watermark;
  }

  async afterWrite(): Promise<void> {
    await this.rollUp();
    const now = this.now();
    if (now - this.lastRetention >= RETENTION_EVERY_SEC) {
      this.lastRetention = now;
      await this.applyRetention(now);
    }
    await this.enforceCap();
  }

  /** A smaller write-ahead log for a small cap: a checkpoint then needs little room of its own. */
  async setCheckpointThreshold(): Promise<void> {
    const mb = Math.max(1, Math.min(16, Math.floor(this.config().maxBytes / 16 / 1024 ** 2)));
    await this.db.run(`SET checkpoint_threshold = '${mb}MB'`);
  }

  /** Rolls up every closed hour after the watermark (an hour closes ROLLUP_DELAY_SEC after its end). */
  async rollUp(): Promise<void> {
    const last = Math.floor((this.now() - ROLLUP_DELAY_SEC) / 3600) - 1;
    let first = this.watermark === null ? null : this.watermark + 1;
    if (first === null) {
      const r = await this.db.one<{ m: number | null }>('SELECT min(minute) AS m FROM usage_minute');
      if (r?.m === null || r?.m === undefined) return;
      first = Math.floor(r.m / 60);
    }
    if (first > last) return;
    await this.db.transaction(async () => {
      await this.rollHours(first, last + 1);
      await setMeta(this.db, 'hour_watermark', String(last));
    });
    this.watermark = last;
  }

  /**
   * usage_hour for hours [lo, hi) made again from usage_minute, and usage_dim from that; the
   * minutes' deltas (a row per write) are compacted to one row per minute and key.
   */
  private async rollHours(lo: number, hi: number): Promise<void> {
    const range = [lo * 60, hi * 60];
    await this.db.run(
      `CREATE OR REPLACE TEMP TABLE netlens_compact AS SELECT session, minute, ${KEY_COLS}, ${SUM_COLS} FROM usage_minute
       WHERE minute >= ? AND minute < ? GROUP BY session, minute, ${KEY_COLS}`,
      range,
    );
    await this.db.run('DELETE FROM usage_minute WHERE minute >= ? AND minute < ?', range);
    await this.db.run('INSERT INTO usage_minute SELECT * FROM netlens_compact ORDER BY minute');
    await this.db.run('DROP TABLE netlens_compact');
    await this.db.run('DELETE FROM usage_hour WHERE hour >= ? AND hour < ?', [lo, hi]);
    await this.db.run(
      `INSERT INTO usage_hour SELECT session, minute // 60, ${KEY_COLS}, ${SUM_COLS} FROM usage_minute
       WHERE minute >= ? AND minute < ? GROUP BY session, minute // 60, ${KEY_COLS}`,
      [lo * 60, hi * 60],
    );
    await this.rollDimensions(lo, hi);
  }

  /** usage_dim for hours [lo, hi) made again from usage_hour (after a roll-up, or a Forget). */
  async rollDimensions(lo: number, hi: number): Promise<void> {
    await this.db.run('DELETE FROM usage_dim WHERE hour >= ? AND hour < ?', [lo, hi]);
    for (const [dim, expr] of Object.entries(DIMENSIONS))
      await this.db.run(
        `INSERT INTO usage_dim SELECT '${dim}', hour, session, ${expr}, ${SUM_COLS} FROM usage_hour
         WHERE hour >= ? AND hour < ? GROUP BY hour, session, ${expr}`,
        [lo, hi],
      );
  }

  /** Minutes written into hours already rolled up (late packets, a clock stepped back): roll those hours again. */
  async rerollTouched(minutes: readonly number[]): Promise<void> {
    const w = this.watermark;
    if (w === null) return;
    const hours = [...new Set(minutes.map((m) => Math.floor(m / 60)))].filter((h) => h <= w);
    for (const h of hours) {
      const kept = await this.db.one<{ n: number }>(
        'SELECT count(*) AS n FROM usage_minute WHERE minute >= ? AND minute < ?',
        [h * 60, (h + 1) * 60],
      );
      if (!kept?.n) continue; // its minutes are past retention: the hour row is all there is
      await this.rollHours(h, h + 1);
    }
  }

  async applyRetention(now = this.now()): Promise<void> {
    const c = this.config();
    // whole hours, so an hour's minutes are all kept or all gone
    const minuteCut = Math.floor((now - daysToSec(c.minuteDays)) / 3600) * 60;
    // minute rows go only once their hour is rolled up
    const rolled = this.watermark === null ? -Infinity : (this.watermark + 1) * 60;
    const cut = Math.min(minuteCut, rolled);
    if (Number.isFinite(cut)) {
      await this.db.run('DELETE FROM usage_minute WHERE minute < ?', [cut]);
      await this.db.run('DELETE FROM probe_minute WHERE minute < ?', [cut]);
    }
    const hourCut = now - daysToSec(c.hourDays);
    await this.db.run('DELETE FROM usage_hour WHERE hour < ?', [Math.floor(hourCut / 3600)]);
    await this.db.run('DELETE FROM usage_dim WHERE hour < ?', [Math.floor(hourCut / 3600)]);
    await this.db.run('DELETE FROM flows WHERE start < ?', [now - daysToSec(c.flowDays)]);
    await this.db.run('DELETE FROM alerts WHERE last_time < ?', [hourCut]);
    await this.db.run('DELETE FROM suggestions WHERE time < ?', [hourCut]);
    await this.db.run('DELETE FROM sessions WHERE coalesce(stopped, last_seen) < ?', [hourCut]);
  }

  async size(): Promise<StoreSize> {
    const r = await this.db.one<{ used_blocks: number; block_size: number }>('PRAGMA database_size');
    const used = Number(r?.used_blocks ?? 0) * Number(r?.block_size ?? 0);
    return { fileBytes: fileBytes(this.path), usedBytes: used + statBytes(`${this.path}.wal`) };
  }

  /**
   * Room kept free below the cap for the next write and the checkpoint after it (DuckDB writes
   * new blocks before it frees the old ones): twice the largest recent growth, at least 8 blocks.
   */
  private reserve(): number {
    return Math.max(this.growth * 2, 8 * BLOCK_BYTES, this.config().maxBytes * 0.05);
  }

  /** Before a write: prune now if the write could take the file past the cap. */
  async beforeWrite(): Promise<number> {
    const before = fileBytes(this.path);
    if (before + this.reserve() > this.config().maxBytes) await this.enforceCap(true);
    return fileBytes(this.path);
  }

  /** After a write: how much it grew the file (remembered, decaying, for the reserve). */
  noteGrowth(before: number): void {
    const grew = Math.max(0, fileBytes(this.path) - before);
    this.growth = Math.max(grew, this.growth * 0.9);
  }

  /**
   * Prunes the oldest data while the store (its blocks in use, its log, and the reserve) is past
   * PRUNE_AT of its cap (or, `urgent`, when the file itself is near it), down to PRUNE_TO.
   */
  async enforceCap(urgent = false): Promise<void> {
    const cap = this.config().maxBytes;
    const reserve = this.reserve();
    let s = await this.size();
    if (!urgent && s.usedBytes + reserve <= cap * PRUNE_AT && s.fileBytes <= cap) return;
    for (let round = 0; round < 50 && s.usedBytes + reserve > cap * PRUNE_TO; round++) {
      const span = await this.timeSpan();
      if (span === null) break;
      // the share of the span to drop: what is over the target, at least a tenth
      const over = (s.usedBytes + reserve - cap * PRUNE_TO) / Math.max(1, s.usedBytes);
      const cut = span.oldest + Math.max(3600, (span.newest - span.oldest) * Math.min(0.3, Math.max(0.1, over)));
      await this.deleteBefore(cut);
      await this.db.run('CHECKPOINT');
      this.prunes++;
      const before = s.usedBytes;
      s = await this.size();
      // deleted rows free their blocks only once whole row groups go: when a round frees nothing,
      // more deleting would only eat the newest data; the freed rows' room is reused meanwhile
      if (before - s.usedBytes < BLOCK_BYTES) break;
    }
  }

  private async timeSpan(): Promise<{ oldest: number; newest: number } | null> {
    const parts = TIMED.map(([t, time]) => `SELECT min(${time}) AS lo, max(${time}) AS hi FROM ${t}`).join(
      ' UNION ALL ',
    );
    const r = await this.db.one<{ lo: number | null; hi: number | null }>(
      `SELECT min(lo) AS lo, max(hi) AS hi FROM (${parts})`,
    );
    if (r?.lo === null || r?.lo === undefined || r.hi === null) return null;
    return { oldest: Number(r.lo), newest: Number(r.hi) };
  }

  /** Deletes every row older than `t` (epoch seconds), in every table that has a time. */
  async deleteBefore(t: number): Promise<void> {
    await this.db.transaction(async () => {
      for (const [table, time] of TIMED) await this.db.run(`DELETE FROM ${table} WHERE ${time} < ?`, [t]);
      await this.db.run('DELETE FROM sessions WHERE coalesce(stopped, last_seen) < ?', [t]);
    });
  }
}

function statBytes(p: string): number {
  try {
    return statSync(p).size;
  } catch {
    return 0; // not there (yet)
  }
}

/** The store's size on disk: the file and its write-ahead log. */
export function fileBytes(path: string): number {
  return statBytes(path) + statBytes(`${path}.wal`);
}
