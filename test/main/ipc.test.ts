import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../src/api/errors.js';
import { DEFAULT_SETTINGS } from '../../src/service/settings-schema.js';
import { IPC_GRANT_FILE_CHANNEL, REQUEST_CHANNELS } from '../../src/api/contract.js';

vi.mock('electron', async () => {
  const m = await import('./electron-mock.js');
  return { ...m.electronMock, default: m.electronMock };
});

const { FakeBrowserWindow, FakeWebContents, FakeFrame, ipcHandlers, ipcListeners } = await import('./electron-mock.js');
const { registerIpc } = await import('../../main/ipc.js');

function setup() {
  ipcHandlers.clear();
  const win = new FakeBrowserWindow({});
  const engine = {
    request: vi.fn(async (_c: string, a: unknown): Promise<Result<unknown>> => ({ ok: true, value: { echoed: a } })),
    appInfo: vi.fn(async () => ({ ok: true as const, value: {} as never })),
  };
  const deps = {
    window: () => win as never,
    engine,
    settings: {
      get: vi.fn(() => DEFAULT_SETTINGS),
      set: vi.fn((p: unknown) => ({ ok: true as const, value: { ...DEFAULT_SETTINGS, ...(p as object) } })),
    },
    dialogs: {
      openCapture: vi.fn(async () => null as string | null),
      saveExport: vi.fn(async () => '/home/me/report.html' as string | null),
    },
    settingsChanged: vi.fn(),
    permissionProblem: vi.fn(),
  };
  const unregister = registerIpc(deps);
  const ours = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
  const call = (channel: string, args: unknown, event: unknown = ours) =>
    ipcHandlers.get(channel)!(event, args) as Promise<Result<unknown>>;
  return { win, deps, engine, call, unregister, ours };
}

function code(r: Result<unknown>): string | null {
  return r.ok ? null : r.error.code;
}

describe('IPC handlers', () => {
  beforeEach(() => ipcHandlers.clear());

  it('register one handler per contract channel, and remove them all', () => {
    const { unregister } = setup();
    expect([...ipcHandlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
    unregister();
    expect(ipcHandlers.size).toBe(0);
  });

  it('refuse requests from another webContents, a subframe, or a page on another origin', async () => {
    const { call, engine, win } = setup();
    const args = { offset: 0, limit: 10 };
    const other = new FakeWebContents();
    expect(code(await call('packets:page', args, { sender: other, senderFrame: other.mainFrame }))).toBe(
      'invalid-argument',
    );
    expect(
      code(
        await call('packets:page', args, {
          sender: win.webContents,
          senderFrame: new FakeFrame('netlens://app/index.html'),
        }),
      ),
    ).toBe('invalid-argument');
    win.webContents.mainFrame.url = 'https://evil.example/';
    expect(code(await call('packets:page', args))).toBe('invalid-argument');
    expect(code(await call('settings:set', { theme: 'dark' }, { sender: other, senderFrame: other.mainFrame }))).toBe(
      'invalid-argument',
    );
    expect(engine.request).not.toHaveBeenCalled();
    win.destroyed = true;
    win.webContents.mainFrame.url = 'netlens://app/index.html';
    expect(code(await call('packets:page', args))).toBe('invalid-argument');
  });

  it('refuse bad arguments before the engine sees them', async () => {
    const { call, engine, deps } = setup();
    const bad: [string, unknown][] = [
      ['packets:page', { offset: 0, limit: 1e9 }],
      ['packets:page', { offset: '0', limit: 10 }],
      ['packets:detail', { frame: 0 }],
      ['flows:page', { offset: 0, limit: 10, sort: 'constructor', descending: true, search: '' }],
      ['capture:start', { interface: 'eth0', filter: 'tcp', log: { folder: 'relative/dir', rotateMb: 1 } }],
      ['capture:start', { interface: '', filter: '', log: null }],
      ['file:open', { path: '../../etc/passwd' }],
      ['export:run', { kind: 'exe' }],
      ['view:setFilter', { protocol: 'tcp', src: 'not-an-ip', dst: '', port: null, host: '' }],
      ['capture:stop', { surprise: true }],
      ['alerts:ack', { ids: [{}] }],
      ['alerts:list', { limit: 0 }],
      ['alerts:list', { limit: 1001 }],
      ['alerts:list', { limit: '20' }],
      ['alerts:list', { limit: 20, offset: 0 }],
      ['alerts:list', JSON.parse('{"__proto__": {"limit": 5}}')],
      ['settings:set', { theme: 'purple' }],
      ['settings:set', { __proto__: { polluted: true }, unknownKey: 1 }],
      ['settings:set', JSON.parse('{"__proto__": {"theme": "dark"}}')],
      ['settings:set', JSON.parse('{"constructor": {}}')],
      ['settings:set', { probe: JSON.parse('{"enabled": true, "targets": [], "__proto__": {}}') }],
      ['view:setFilter', { protocol: 'constructor', src: '', dst: '', port: null, host: '' }],
      ['view:setFilter', JSON.parse('{"__proto__": {}, "protocol": ""}')],
    ];
    for (const [channel, args] of bad)
      expect(code(await call(channel, args)), `${channel} ${JSON.stringify(args)}`).toBe('invalid-argument');
    expect(engine.request).not.toHaveBeenCalled();
    expect(deps.settings.set).not.toHaveBeenCalled();
  });

  it('pass validated requests on; open and save dialogs fill in missing paths; cancel is a value', async () => {
    const { call, engine, deps } = setup();
    const ok = await call('packets:page', { offset: 5, limit: 10 });
    expect(ok).toEqual({ ok: true, value: { echoed: { offset: 5, limit: 10 } } });
    expect(code(await call('file:open', {}))).toBe('cancelled');
    expect(engine.request).toHaveBeenCalledTimes(1);
    deps.dialogs.openCapture.mockResolvedValueOnce('/data/x.pcapng');
    await call('file:open', undefined);
    expect(engine.request).toHaveBeenLastCalledWith('file:open', { path: '/data/x.pcapng' });
    await call('export:run', { kind: 'html-report', charts: [] });
    expect(deps.dialogs.saveExport).toHaveBeenCalledWith('html-report');
    expect(engine.request).toHaveBeenLastCalledWith('export:run', {
      kind: 'html-report',
      path: '/home/me/report.html',
    });
    // alerts:list reaches the engine, its limit filled in when not given
    expect(await call('alerts:list', { limit: 50 })).toEqual({ ok: true, value: { echoed: { limit: 50 } } });
    expect(await call('alerts:list', {})).toEqual({ ok: true, value: { echoed: { limit: 500 } } });
  });

  it('save settings and tell the engine; show the permission page when capture is refused', async () => {
    const { call, deps, engine } = setup();
    const r = await call('settings:set', { theme: 'dark' });
    expect(r.ok).toBe(true);
    expect(deps.settingsChanged).toHaveBeenCalledTimes(1);
    engine.request.mockResolvedValueOnce({
      ok: false,
      error: { code: 'no-permission', message: 'no permission to capture on eth0', hint: 'setcap' },
    });
    const s = await call('capture:start', { interface: 'eth0', filter: '', log: null });
    expect(code(s)).toBe('no-permission');
    expect(deps.permissionProblem).toHaveBeenCalledTimes(1);
  });
});

describe('IPC: the window names no path (issue 11)', () => {
  beforeEach(() => ipcHandlers.clear());

  /** What the preload does for a dropped file: sends its path, gets a handle back. */
  const drop = (path: unknown, event: object): string => {
    const e: { returnValue?: unknown } = { ...event };
    ipcListeners.get(IPC_GRANT_FILE_CHANNEL)!(e, path);
    return e.returnValue as string;
  };

  it('file:open with a path opens the dialog instead; only the dialog choice reaches the engine', async () => {
    const { call, engine, deps } = setup();
    deps.dialogs.openCapture.mockResolvedValueOnce('/home/me/chosen.pcap');
    await call('file:open', { path: '/etc/shadow' });
    expect(deps.dialogs.openCapture).toHaveBeenCalledTimes(1);
    expect(engine.request).toHaveBeenCalledTimes(1);
    expect(engine.request).toHaveBeenLastCalledWith('file:open', { path: '/home/me/chosen.pcap' });
    expect(code(await call('file:open', { path: '/etc/shadow' }))).toBe('cancelled');
    expect(engine.request).toHaveBeenCalledTimes(1);
  });

  it('export:run with a path shows the save dialog; the path sent is never written', async () => {
    const { call, engine, deps } = setup();
    await call('export:run', { kind: 'pcap', path: '/etc/x.pcap' });
    expect(deps.dialogs.saveExport).toHaveBeenCalledWith('pcap');
    expect(engine.request).toHaveBeenLastCalledWith('export:run', { kind: 'pcap', path: '/home/me/report.html' });
    deps.dialogs.saveExport.mockResolvedValueOnce(null);
    expect(code(await call('export:run', { kind: 'session-json', path: '/home/me/.bashrc' }))).toBe('cancelled');
    expect(engine.request).toHaveBeenCalledTimes(1);
  });

  it('a dropped file opens by its handle, without a dialog; a made-up handle or a foreign drop opens nothing', async () => {
    const { call, engine, deps, ours } = setup();
    const handle = drop('/home/me/dropped.pcapng', ours);
    expect(handle).toMatch(/^f-[0-9a-f]{32}$/);
    await call('file:open', { handle });
    expect(engine.request).toHaveBeenLastCalledWith('file:open', { path: '/home/me/dropped.pcapng' });
    expect(deps.dialogs.openCapture).not.toHaveBeenCalled();
    expect(code(await call('file:open', { handle: 'f-00000000000000000000000000000000' }))).toBe('not-found');
    const other = new FakeWebContents();
    expect(drop('/etc/shadow', { sender: other, senderFrame: other.mainFrame })).toBe('');
    expect(drop('relative/x.pcap', ours)).toBe('');
    expect(engine.request).toHaveBeenCalledTimes(1);
  });
});
