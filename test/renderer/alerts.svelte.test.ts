import { describe, expect, it } from 'vitest';
import { AlertsState, MAX_ALERTS } from '../../renderer/state/alerts.svelte.js';
import type { AlertDto } from '../../src/api/alerts-view.js';
import { FakeApi } from './fake-api.js';
import { alert } from './fixtures.js';

describe('AlertsState', () => {
  it('merges events and snapshot summaries, newest first', () => {
    const s = new AlertsState(new FakeApi());
    s.upsert(alert('a', 100));
    s.applySummary({
      counts: { info: 0, warning: 2, critical: 1 },
      unacknowledged: 3,
      latest: [alert('b', 200, { severity: 'critical' }), alert('a', 150)],
      suggestions: [],
    });
    expect(s.list.map((x) => x.id)).toEqual(['b', 'a']);
    expect(s.list[1].lastTime).toBe(150);
    expect(s.unacknowledged).toBe(3);
    s.showSeverity('critical');
    expect(s.shown.map((x) => x.id)).toEqual(['b']);
  });

  it('acknowledges one or all', async () => {
    const api = new FakeApi().handle('alerts:ack', (a) => ({
      ok: true,
      value: { acknowledged: a.all ? 2 : a.ids.length },
    }));
    const s = new AlertsState(api);
    s.applySummary({
      counts: { info: 0, warning: 2, critical: 0 },
      unacknowledged: 2,
      latest: [alert('a', 1), alert('b', 2)],
      suggestions: [],
    });
    await s.acknowledge(['a']);
    expect(api.callsTo('alerts:ack')).toEqual([{ ids: ['a'] }]);
    expect(s.list.find((x) => x.id === 'a')?.acknowledged).toBe(true);
    expect(s.unacknowledged).toBe(1);
    await s.acknowledgeAll();
    expect(s.list.every((x) => x.acknowledged)).toBe(true);
    expect(s.unacknowledged).toBe(0);
  });

  it('shows how the delivery channels fare, from each snapshot, until a new session', () => {
    const s = new AlertsState(new FakeApi());
    const empty = { counts: { info: 0, warning: 0, critical: 0 }, unacknowledged: 0, latest: [], suggestions: [] };
    s.applySummary(empty);
    expect(s.delivery).toEqual([]);
    const hook = {
      channel: 'webhook' as const,
      sent: 2,
      failed: 1,
      retried: 3,
      dropped: 0,
      queued: 1,
      lastError: 'the webhook answered HTTP 500',
    };
    s.applySummary({ ...empty, delivery: [hook] });
    expect(s.delivery).toEqual([hook]);
    const before = s.delivery;
    s.applySummary({ ...empty, delivery: [{ ...hook }] });
    expect(s.delivery).toBe(before); // same numbers: no new array, no re-render
    s.clear();
    expect(s.delivery).toEqual([]);
  });

  it('keeps suggestions from the snapshot and clears on a new session', () => {
    const s = new AlertsState(new FakeApi());
    const sug = {
      id: 's1',
      kind: 'cleartext',
      title: 'Clear-text logins',
      why: 'FTP seen',
      action: 'Use SFTP',
      evidence: {},
    };
    s.applySummary({
      counts: { info: 0, warning: 0, critical: 0 },
      unacknowledged: 0,
      latest: [alert('a', 1)],
      suggestions: [sug],
    });
    expect(s.suggestions).toEqual([sug]);
    s.clear();
    expect(s.list).toEqual([]);
    expect(s.suggestions).toEqual([]);
  });

  it('load() merges the whole list from alerts:list: newest first, newer evidence already known kept', async () => {
    const api = new FakeApi().answer('alerts:list', [
      alert('c', 300),
      alert('a', 200, { summary: 'older a' }),
      alert('b', 100, { acknowledged: true }),
    ]);
    const s = new AlertsState(api);
    s.upsert(alert('a', 250, { summary: 'newer a' }));
    s.upsert(alert('d', 50));
    await s.load();
    expect(api.callsTo('alerts:list')).toEqual([{ limit: MAX_ALERTS }]);
    expect(s.list.map((x) => x.id)).toEqual(['c', 'a', 'b', 'd']);
    expect(s.list[1]).toMatchObject({ lastTime: 250, summary: 'newer a' });
    expect(s.list[2].acknowledged).toBe(true);
    expect(s.error).toBe('');
  });

  it('load() keeps an acknowledgement made here while the list was on its way', async () => {
    const s = new AlertsState(new FakeApi().answer('alerts:list', [alert('a', 100)]));
    s.upsert(alert('a', 100, { acknowledged: true }));
    await s.load();
    expect(s.list).toHaveLength(1);
    expect(s.list[0].acknowledged).toBe(true);
  });

  it('load() keeps the list bounded to the newest MAX_ALERTS', async () => {
    const many: AlertDto[] = Array.from({ length: MAX_ALERTS }, (_, i) => alert(`n${i}`, 10_000 - i));
    const s = new AlertsState(new FakeApi().answer('alerts:list', many));
    for (let i = 0; i < 50; i++) s.upsert(alert(`old${i}`, 100 + i)); // older than every listed one
    s.upsert(alert('newest', 20_000));
    await s.load();
    expect(s.list).toHaveLength(MAX_ALERTS);
    expect(s.list[0].id).toBe('newest');
    expect(s.list.some((x) => x.id.startsWith('old'))).toBe(false);
    for (let i = 1; i < s.list.length; i++) expect(s.list[i - 1].lastTime).toBeGreaterThanOrEqual(s.list[i].lastTime);
    expect(s.list.at(-1)!.id).toBe(`n${MAX_ALERTS - 2}`);
    // an upsert after that still bounds it
    s.upsert(alert('newer', 30_000));
    expect(s.list).toHaveLength(MAX_ALERTS);
    expect(s.list[0].id).toBe('newer');
  });

  it('load() puts an error in error, and drops a list that arrives after a new session began', async () => {
    const failing = new AlertsState(
      new FakeApi().fail('alerts:list', 'unreachable', 'the connection to NetLens was lost'),
    );
    failing.upsert(alert('a', 1));
    await failing.load();
    expect(failing.error).toBe('the connection to NetLens was lost');
    expect(failing.list.map((x) => x.id)).toEqual(['a']);

    let release: () => void = () => {};
    const slow = new FakeApi().handle(
      'alerts:list',
      () => new Promise((res) => (release = () => res({ ok: true, value: [alert('old-session', 5)] }))),
    );
    const s = new AlertsState(slow);
    const loading = s.load();
    s.clear();
    s.upsert(alert('new-session', 1));
    release();
    await loading;
    expect(s.list.map((x) => x.id)).toEqual(['new-session']);
  });
});
