import { describe, expect, it } from 'vitest';
import { AlertsState } from '../../renderer/state/alerts.svelte.js';
import { FakeApi } from './fake-api.js';
import { alert } from './fixtures.js';

describe('AlertsState', () => {
  it('merges events and snapshot summaries, newest first', () => {
    const s = new AlertsState(new FakeApi());
    s.upsert(alert('a', 100));
    s.applySummary({ counts: { info: 0, warning: 2, critical: 1 }, unacknowledged: 3, latest: [alert('b', 200, { severity: 'critical' }), alert('a', 150)], suggestions: [] });
    expect(s.list.map((x) => x.id)).toEqual(['b', 'a']);
    expect(s.list[1].lastTime).toBe(150);
    expect(s.unacknowledged).toBe(3);
    s.severity = 'critical';
    expect(s.shown.map((x) => x.id)).toEqual(['b']);
  });

  it('acknowledges one or all', async () => {
    const api = new FakeApi().handle('alerts:ack', (a) => ({ ok: true, value: { acknowledged: a.all ? 2 : a.ids.length } }));
    const s = new AlertsState(api);
    s.applySummary({ counts: { info: 0, warning: 2, critical: 0 }, unacknowledged: 2, latest: [alert('a', 1), alert('b', 2)], suggestions: [] });
    await s.acknowledge(['a']);
    expect(api.callsTo('alerts:ack')).toEqual([{ ids: ['a'] }]);
    expect(s.list.find((x) => x.id === 'a')?.acknowledged).toBe(true);
    expect(s.unacknowledged).toBe(1);
    await s.acknowledgeAll();
    expect(s.list.every((x) => x.acknowledged)).toBe(true);
    expect(s.unacknowledged).toBe(0);
  });

  it('keeps suggestions from the snapshot and clears on a new session', () => {
    const s = new AlertsState(new FakeApi());
    const sug = { id: 's1', kind: 'cleartext', title: 'Clear-text logins', why: 'FTP seen', action: 'Use SFTP', evidence: {} };
    s.applySummary({ counts: { info: 0, warning: 0, critical: 0 }, unacknowledged: 0, latest: [alert('a', 1)], suggestions: [sug] });
    expect(s.suggestions).toEqual([sug]);
    s.clear();
    expect(s.list).toEqual([]);
    expect(s.suggestions).toEqual([]);
  });
});
