/**
 * alerts:list: a window reloaded during or after a session gets all the session's alerts (the
 * engine keeps up to 1000), not only a snapshot's latest 20. The capture is written here: 25 SYN
 * port scans from 25 sources, one after another, so 25 port-scan alerts with distinct times.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDto } from '../../src/api/alerts-view.js';
import type { Result } from '../../src/api/errors.js';
import type { Snapshot } from '../../src/api/snapshot.js';
import { analyzeFile } from '../../src/session/analyze-file.js';
import { EngineService } from '../../src/service/engine-service.js';
import { replayFile } from '../helpers/engine-replay.js';
import { SCAN_TARGET, scannerAddress, writePortScansCapture } from '../helpers/port-scans-capture.js';

const SCANS = 25;
const dir = mkdtempSync(join(tmpdir(), 'nl-alerts-list-'));
const file = join(dir, 'scans.pcap');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => writePortScansCapture(file, SCANS));

function list(r: Result<unknown>): AlertDto[] {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as AlertDto[];
}

async function replay(): Promise<{ svc: EngineService; last: Snapshot }> {
  const { svc } = await replayFile(file);
  return { svc, last: svc.current!.snapshot() };
}

describe('alerts:list', () => {
  it('the written capture raises one port-scan alert per scanner (analyzeFile)', () => {
    const r = analyzeFile(file);
    if (!r.ok) throw new Error(r.error.message);
    const scans = r.value.report.alerts.filter((a) => a.type === 'port-scan');
    expect(scans).toHaveLength(SCANS);
    expect(new Set(scans.map((a) => a.source))).toEqual(
      new Set(Array.from({ length: SCANS }, (_, i) => scannerAddress(i))),
    );
    expect(scans.every((a) => a.target === SCAN_TARGET)).toBe(true);
  });

  it('answers an empty list before any session', async () => {
    const svc = new EngineService({ emit: () => {}, probe: false });
    expect(await svc.handle('alerts:list', {})).toEqual({ ok: true, value: [] });
    expect(await svc.handle('alerts:list', { limit: 10 })).toEqual({ ok: true, value: [] });
    svc.dispose();
  });

  it('answers every alert of the session, newest first, where a snapshot holds 20; limit keeps the newest', async () => {
    const { svc, last } = await replay();
    expect(last.alerts.latest).toHaveLength(20);
    const total = last.alerts.counts.info + last.alerts.counts.warning + last.alerts.counts.critical;
    expect(total).toBeGreaterThan(20);

    const all = list(await svc.handle('alerts:list', {}));
    expect(all).toHaveLength(total);
    const scans = all.filter((a) => a.type === 'port-scan');
    expect(scans).toHaveLength(SCANS);
    // newest first: the scans ran one after another, the last scanner's is the newest
    expect(scans.map((a) => a.source)).toEqual(Array.from({ length: SCANS }, (_, i) => scannerAddress(SCANS - 1 - i)));
    for (let i = 1; i < all.length; i++) expect(all[i - 1].lastTime).toBeGreaterThanOrEqual(all[i].lastTime);
    expect(all.slice(0, 20).map((a) => a.id)).toEqual(last.alerts.latest.map((a) => a.id));
    expect(new Set(all.map((a) => a.id))).toEqual(new Set(svc.current!.allAlerts().map((a) => a.id)));

    const five = list(await svc.handle('alerts:list', { limit: 5 }));
    expect(five).toEqual(all.slice(0, 5));
    expect(list(await svc.handle('alerts:list', { limit: 1 }))).toEqual(all.slice(0, 1));
    expect(list(await svc.handle('alerts:list', { limit: 1000 }))).toEqual(all);

    // acknowledgement shows in the list
    expect(await svc.handle('alerts:ack', { ids: [scans[3].id] })).toEqual({ ok: true, value: { acknowledged: 1 } });
    const after = list(await svc.handle('alerts:list', {}));
    expect(after.find((a) => a.id === scans[3].id)!.acknowledged).toBe(true);
    expect(after.filter((a) => a.acknowledged)).toHaveLength(1);
    svc.dispose();
  });

  it('refuses bad arguments with invalid-argument', async () => {
    const svc = new EngineService({ emit: () => {}, probe: false });
    const bad: unknown[] = [
      { limit: 0 },
      { limit: 1001 },
      { limit: 2.5 },
      { limit: -1 },
      { limit: '10' },
      { limit: null },
      { limit: Number.NaN },
      { limit: 10, offset: 0 },
      { all: true },
      JSON.parse('{"__proto__": {"limit": 5}}'),
      JSON.parse('{"limit": 5, "__proto__": {}}'),
      JSON.parse('{"constructor": {}}'),
      [10],
      10,
      'all',
    ];
    for (const args of bad) {
      const r = await svc.handle('alerts:list', args);
      expect(r.ok ? null : r.error.code, JSON.stringify(args)).toBe('invalid-argument');
    }
    // nothing, or an inherited field, is the default
    expect((await svc.handle('alerts:list', undefined)).ok).toBe(true);
    expect((await svc.handle('alerts:list', Object.create({ limit: 0 }))).ok).toBe(true);
    svc.dispose();
  });
});
