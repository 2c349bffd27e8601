import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryDb } from '../../src/history/history-db.js';
import { queryUsage } from '../../src/history/usage-query.js';
import type { SessionWrite, UsageRow } from '../../src/history/write-batch.js';
import { emptyBatch } from '../../src/history/write-batch.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'netlens-hist-'));
  dirs.push(d);
  return join(d, 'history.duckdb');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const T0 = Date.UTC(2025, 0, 6, 0, 0, 0) / 1000; // a Monday, 00:00 UTC

function session(id: number, started = T0): SessionWrite {
  return {
    id,
    kind: 'live',
    iface: 'eth0',
    network: '',
    filter: '',
    file: null,
    started,
    stopped: null,
    lastSeen: started,
    stopReason: null,
    packets: 0,
    bytes: 0,
    dropped: 0,
  };
}

function row(remote: string, app: string, bytesIn: number, bytesOut: number): UsageRow {
  return ['192.168.1.10', remote, app, 'https', 'DE', 3320, bytesIn, bytesOut, 1, 1];
}

describe('the history store', () => {
  it('adds minute deltas, compacts them when the hour is rolled up, and answers usage exactly from minutes and hours', async () => {
    let now = T0;
    const r = await HistoryDb.open(tmp(), { now: () => now });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const h = r.value;
    const id = await h.beginSession(session(0));
    expect(id).toBe(1);
    // 3 hours of minutes: app A 1000 B in per minute, app B 10 B out per minute
    for (let m = 0; m < 180; m++) {
      const b = emptyBatch(session(id));
      b.minutes.push({ minute: T0 / 60 + m, rows: [row('1.1.1.1', 'A', 999, 0), row('8.8.8.8', 'B', 0, 10)] });
      await h.write(b);
      // the same minute again: a delta, added to what it had
      b.minutes[0].rows = [row('1.1.1.1', 'A', 1, 0)];
      await h.write(b);
    }
    now = T0 + 3 * 3600 + 600; // hours 0..2 closed and rolled up
    await h.upkeep.rollUp();
    expect(h.upkeep.hourWatermark).toBe(T0 / 3600 + 2);
    // the roll-up compacted the deltas: one row per minute and key
    const rows = await h.db.one<{ n: number }>('SELECT count(*)::DOUBLE n FROM usage_minute');
    expect(rows?.n).toBe(180 * 2);
    const u = await queryUsage(h.db, h.upkeep.hourWatermark, {
      from: T0 + 90,
      to: T0 + 3 * 3600,
      by: 'app',
      edges: [T0 + 90, T0 + 3600, T0 + 5400, T0 + 3 * 3600],
    });
    expect(u.ok).toBe(true);
    if (!u.ok) return;
    expect(u.value.groups.map((g) => g.key)).toEqual(['A', 'B']);
    // the first bucket starts at 00:01:30: minutes 00:02..00:59 (58 of them; minute 00:01 starts before it)
    expect(u.value.buckets[0].bytes).toEqual([58 * 1000, 58 * 10]);
    expect(u.value.buckets[1].bytes).toEqual([30 * 1000, 30 * 10]);
    expect(u.value.buckets[2].bytes).toEqual([90 * 1000, 90 * 10]);
    expect(u.value.totals.bytesIn).toBe(178 * 1000);
    const top1 = await queryUsage(h.db, h.upkeep.hourWatermark, { from: T0, to: T0 + 86400, by: 'host', top: 1 });
    expect(top1.ok && top1.value.groups.map((g) => [g.key, g.bytesIn + g.bytesOut])).toEqual([
      ['1.1.1.1', 180000],
      ['(other)', 1800],
    ]);
    h.close();
  });

  it('refuses bad usage arguments with a hint', async () => {
    const r = await HistoryDb.open(tmp());
    if (!r.ok) throw new Error(r.error.message);
    const u = await queryUsage(r.value.db, null, { from: 10, to: 5, by: 'app' });
    expect(u.ok).toBe(false);
    expect(!u.ok && u.error.code).toBe('invalid-argument');
    r.value.close();
  });
});
