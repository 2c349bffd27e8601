import { describe, expect, it } from 'vitest';
import { AppState } from '../../renderer/state/app.svelte.js';
import type { AppInfo } from '../../src/api/session.js';
import { FakeApi, settle } from './fake-api.js';
import { SETTINGS, alert, flow, sessionInfo, snapshot } from './fixtures.js';

const INFO: AppInfo = {
  name: 'NetLens',
  version: '0.1.0',
  platform: 'linux',
  arch: 'x64',
  mode: 'browser',
  versions: { node: '20', electron: null, chrome: null },
  capture: { possible: true, problem: null },
  protocols: ['tcp', 'udp', 'dns'],
  limits: { maxPageSize: 1000, packetsKept: 10000, packetBytesKept: 2000, timelineWindowSec: 300 },
};

function fakeEngine(): FakeApi {
  return new FakeApi()
    .answer('app:info', INFO)
    .answer('settings:get', SETTINGS)
    .handle('settings:set', (p) => ({ ok: true, value: { ...SETTINGS, ...p } }))
    .answer('interfaces:list', [
      {
        name: 'lo',
        description: 'Loopback',
        ipv4: ['127.0.0.1/8'],
        ipv6: [],
        mac: null,
        up: true,
        running: true,
        loopback: true,
        wireless: false,
        defaultRoute: false,
        pseudo: false,
      },
      {
        name: 'eth0',
        description: 'Ethernet',
        ipv4: ['10.0.0.2/24'],
        ipv6: [],
        mac: null,
        up: true,
        running: true,
        loopback: false,
        wireless: false,
        defaultRoute: true,
        pseudo: false,
      },
    ])
    .handle('view:setFilter', (f) => ({ ok: true, value: f }))
    .handle('flows:page', (a) => ({
      ok: true,
      value: {
        offset: a.offset,
        total: 3,
        all: 3,
        rows: [flow(0), flow(1), flow(2)].slice(a.offset, a.offset + a.limit),
      },
    }))
    .handle('packets:page', (a) => ({ ok: true, value: { offset: a.offset, total: 0, rows: [] } }))
    .answer('alerts:list', []);
}

describe('AppState: the one bridge from events to state', () => {
  it('loads info, settings and interfaces; puts the stored filters back', async () => {
    const api = fakeEngine();
    const app = new AppState(api);
    await app.connect();
    expect(app.info?.protocols).toEqual(['tcp', 'udp', 'dns']);
    expect(app.capture.selected).toBe('eth0');
    expect(app.capture.bpf).toBe('tcp');
    expect(app.capture.interfaces[0].name).toBe('eth0'); // default route first
    expect(app.connection).toBe('open');
  });

  it('snapshots feed the session, the alerts and the filter status; old ones are dropped', async () => {
    const api = fakeEngine();
    const app = new AppState(api);
    await app.connect();
    const s1 = sessionInfo(1);
    api.emit(
      'snapshot',
      snapshot(2, s1, {
        alerts: {
          counts: { info: 0, warning: 1, critical: 0 },
          unacknowledged: 1,
          latest: [alert('a', 5)],
          suggestions: [],
        },
      }),
    );
    expect(app.session.current?.seq).toBe(2);
    expect(app.alerts.list.map((a) => a.id)).toEqual(['a']);
    api.emit('snapshot', snapshot(1, s1));
    expect(app.session.current?.seq).toBe(2);
    // a new session: the old one's alerts go
    api.emit('state', sessionInfo(2, 'starting'));
    expect(app.session.current).toBeNull();
    expect(app.alerts.list).toEqual([]);
    api.emit('snapshot', snapshot(1, sessionInfo(2)));
    expect(app.session.current?.session.id).toBe(2);
    // a late snapshot of session 1 is ignored
    api.emit('snapshot', snapshot(9, s1));
    expect(app.session.current?.session.id).toBe(2);
    api.emit('alert', alert('b', 9));
    expect(app.alerts.list.map((a) => a.id)).toEqual(['b']);
  });

  it('refreshes the visible flows at most once per interval while data moves', async () => {
    let t = 0;
    const api = fakeEngine();
    const app = new AppState(api, { flowsRefreshMs: 1000, now: () => t });
    await app.connect();
    app.show('connections');
    await app.flows.rows.show(0, 20);
    await settle();
    const before = api.callsTo('flows:page').length;
    const s = sessionInfo(1);
    for (let i = 1; i <= 10; i++) {
      t = i * 100;
      api.emit('snapshot', snapshot(i, s));
    }
    await settle();
    // the new session asks once, then the throttle allows a refresh at t=100 and t=1000 at most
    const after = api.callsTo('flows:page').length - before;
    expect(after).toBeGreaterThanOrEqual(1);
    expect(after).toBeLessThanOrEqual(3);
    expect(app.flows.rows.total).toBe(3);
  });

  it('pushed errors become notices; navigate and commands act', async () => {
    const api = fakeEngine().handle('capture:stop', () => ({ ok: true, value: sessionInfo(1, 'stopped') }));
    const app = new AppState(api);
    await app.connect();
    api.emit('error', { code: 'interface-gone', message: 'eth0 went away', hint: 'plug it back' });
    expect(app.notices.map((n) => n.error.code)).toEqual(['interface-gone']);
    app.dismiss(app.notices[0].id);
    expect(app.notices).toEqual([]);
    api.emit('navigate', { view: 'alerts', alertId: 'x1' });
    expect(app.view).toBe('alerts');
    expect(app.focusAlert).toBe('x1');
    api.emit('command', { command: 'stop' });
    await settle();
    expect(api.callsTo('capture:stop')).toHaveLength(1);
    expect(app.session.state).toBe('stopped');
    api.emit('command', { command: 'focus-filter' });
    expect(app.focusFilterTick).toBe(1);
  });

  it('a start refused for lack of permission shows the permission page', async () => {
    const api = fakeEngine()
      .answer('filter:check', { checked: true, note: '' })
      .fail('capture:start', 'no-permission', 'cannot capture on eth0: permission denied', 'setcap …');
    const app = new AppState(api);
    await app.connect();
    api.answer('app:info', {
      ...INFO,
      capture: {
        possible: false,
        problem: {
          platform: 'linux',
          message: 'no permission',
          hint: 'give node the capability',
          steps: ['sudo setcap cap_net_raw,cap_net_admin=eip /usr/bin/node'],
        },
      },
    });
    expect(await app.startCapture()).toBe(false);
    expect(app.view).toBe('permission');
    expect(app.permission?.steps).toHaveLength(1);
  });

  it('a successful start remembers the interface and filter', async () => {
    const api = fakeEngine()
      .answer('filter:check', { checked: true, note: '' })
      .handle('capture:start', () => ({ ok: true, value: sessionInfo(1, 'starting') }));
    const app = new AppState(api);
    await app.connect();
    app.capture.bpf = 'udp';
    expect(await app.startCapture()).toBe(true);
    await settle();
    expect(api.callsTo('capture:start')).toEqual([{ interface: 'eth0', filter: 'udp', log: null }]);
    expect(api.callsTo('settings:set')).toContainEqual({ lastInterface: 'eth0', captureFilter: 'udp' });
    expect(app.session.state).toBe('starting');
  });

  it('a page loaded during a session asks for all its alerts; a session begun later starts from none', async () => {
    const listed = Array.from({ length: 25 }, (_, i) => alert(`s${i}`, 1000 - i));
    const api = fakeEngine().answer('alerts:list', listed);
    const app = new AppState(api);
    await app.connect();
    await settle();
    expect(api.callsTo('alerts:list')).toHaveLength(1);
    expect(app.alerts.list).toHaveLength(25);
    // the server tells a page opened late where the session stands: the first session it sees
    api.emit('state', sessionInfo(3, 'stopped'));
    api.emit(
      'snapshot',
      snapshot(7, sessionInfo(3, 'stopped'), {
        alerts: {
          counts: { info: 0, warning: 25, critical: 0 },
          unacknowledged: 25,
          latest: listed.slice(0, 20),
          suggestions: [],
        },
      }),
    );
    await settle();
    expect(api.callsTo('alerts:list')).toHaveLength(2);
    expect(app.alerts.list.map((a) => a.id)).toEqual(listed.map((a) => a.id));
    expect(app.alerts.error).toBe('');
    // a new session while the page watches: the old alerts go and nothing is asked
    api.emit('state', sessionInfo(4, 'starting'));
    await settle();
    expect(app.alerts.list).toEqual([]);
    expect(api.callsTo('alerts:list')).toHaveLength(2);
  });

  it('a desktop window reloaded late learns the session from a snapshot and asks for its alerts', async () => {
    const listed = Array.from({ length: 30 }, (_, i) => alert(`s${i}`, 1000 - i));
    const api = fakeEngine();
    const app = new AppState(api);
    await app.connect();
    await settle();
    api.answer('alerts:list', listed);
    api.emit(
      'snapshot',
      snapshot(9, sessionInfo(2, 'running'), {
        alerts: {
          counts: { info: 0, warning: 30, critical: 0 },
          unacknowledged: 30,
          latest: listed.slice(0, 20),
          suggestions: [],
        },
      }),
    );
    expect(app.alerts.list).toHaveLength(20);
    await settle();
    expect(app.alerts.list).toHaveLength(30);
  });

  it('reloads after the connection comes back', async () => {
    const api = fakeEngine();
    const app = new AppState(api);
    await app.connect();
    const n = api.callsTo('app:info').length;
    api.setConnection('closed');
    expect(app.connection).toBe('closed');
    api.setConnection('open');
    await settle();
    expect(api.callsTo('app:info').length).toBe(n + 1);
  });
});

describe('Throttle', () => {
  it('runs at once, then at most once per interval, and always runs the last call', async () => {
    const { Throttle } = await import('../../renderer/state/app.svelte.js');
    let t = 0;
    let calls = 0;
    const th = new Throttle(
      () => calls++,
      40,
      () => t,
    );
    th.run();
    expect(calls).toBe(1);
    t = 10;
    th.run();
    th.run();
    expect(calls).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(calls).toBe(2); // the trailing call
    t = 100;
    th.run();
    expect(calls).toBe(3);
  });
});
