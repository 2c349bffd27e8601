import { describe, expect, it } from 'vitest';
import { SessionState } from '../../renderer/state/session.svelte.js';
import { FlowsState } from '../../renderer/state/flows.svelte.js';
import { SettingsState } from '../../renderer/state/settings.svelte.js';
import { FakeApi } from './fake-api.js';
import { SETTINGS, flow, sessionInfo, snapshot } from './fixtures.js';

describe('SessionState', () => {
  it('takes newer snapshots of the current session only', () => {
    const s = new SessionState();
    expect(s.state).toBe('idle');
    expect(s.applySnapshot(snapshot(1, sessionInfo(1)))).toBe(true);
    expect(s.applySnapshot(snapshot(2, sessionInfo(1)))).toBe(false);
    expect(s.current?.seq).toBe(2);
    s.applySnapshot(snapshot(1, sessionInfo(1)));
    expect(s.current?.seq).toBe(2);
    expect(s.live).toBe(true);
    expect(s.applyInfo(sessionInfo(1, 'paused'))).toBe(false);
    expect(s.state).toBe('paused');
    expect(s.applyInfo(sessionInfo(2, 'starting', 'file'))).toBe(true);
    expect(s.current).toBeNull();
    expect(s.live).toBe(false);
    expect(s.applyInfo(sessionInfo(1, 'stopped'))).toBe(false);
    expect(s.info?.id).toBe(2);
  });
});

describe('FlowsState', () => {
  it('sorts: same column flips, a new one starts at its natural order; each change asks again', async () => {
    const api = new FakeApi().handle('flows:page', (a) => ({
      ok: true,
      value: { offset: a.offset, total: 2, all: 5, rows: [flow(0), flow(1)] },
    }));
    const f = new FlowsState(api, 50);
    await f.rows.show(0, 10);
    expect(f.all).toBe(5);
    expect(api.callsTo('flows:page')[0]).toEqual({ offset: 0, limit: 50, sort: 'bytes', descending: true, search: '' });
    f.sortBy('bytes');
    expect(f.descending).toBe(false);
    f.sortBy('a');
    expect(f.sort).toBe('a');
    expect(f.descending).toBe(false);
    f.sortBy('retransmissions');
    expect(f.descending).toBe(true);
    f.setSearch('example');
    await new Promise((r) => setTimeout(r, 0));
    const last = api.callsTo('flows:page').at(-1);
    expect(last).toEqual({ offset: 0, limit: 50, sort: 'retransmissions', descending: true, search: 'example' });
  });
});

describe('SettingsState', () => {
  it('saves only the groups that changed; the theme follows the system when asked', async () => {
    const api = new FakeApi()
      .answer('settings:get', SETTINGS)
      .handle('settings:set', (p) => ({ ok: true, value: { ...SETTINGS, ...p } }));
    const s = new SettingsState(api);
    await s.load();
    expect(s.dirty).toBe(false);
    s.setSystemDark(true);
    expect(s.effectiveTheme).toBe('dark');
    s.draft!.thresholds.portScanPorts = 50;
    expect(s.dirty).toBe(true);
    expect(await s.save()).toBe(true);
    expect(api.callsTo('settings:set')).toEqual([{ thresholds: { ...SETTINGS.thresholds, portScanPorts: 50 } }]);
    expect(s.dirty).toBe(false);
    await s.setTheme('light');
    expect(s.effectiveTheme).toBe('light');
    s.draft!.captureFilter = 'udp';
    s.revert();
    expect(s.draft!.captureFilter).toBe('tcp');
  });
});
