import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { FromEngine } from '../../main/engine-messages.js';
import { HAVE_SHARED, samplePath } from '../helpers/shared-pcaps.js';

vi.mock('electron', async () => {
  const m = await import('./electron-mock.js');
  return { ...m.electronMock, default: m.electronMock };
});

const { FakeUtilityProcess } = await import('./electron-mock.js');
const { EngineHost, ENGINE_ENTRY, engineEnvironment } = await import('../../main/engine-host.js');

describe('engine host', () => {
  it("gives the engine the helper backend, and a packaged app's resources folder (not on Windows)", () => {
    expect(engineEnvironment({ PATH: '/bin' }, '/opt/NetLens/resources', 'linux')).toEqual({
      PATH: '/bin',
      NETLENS_LIVE_BACKEND: 'helper',
      NETLENS_RESOURCES: '/opt/NetLens/resources',
    });
    expect(engineEnvironment({}, null, 'win32')).toEqual({});
  });

  it('forks the engine entry in a utility process, answers requests by id and forwards events', async () => {
    const events: [string, unknown][] = [];
    const host = new EngineHost({ onEvent: (e, d) => events.push([e, d]) });
    host.configure({ theme: 'dark' } as never);
    host.start();
    const f = FakeUtilityProcess.forks.at(-1)!;
    expect(f.modulePath).toBe(ENGINE_ENTRY);
    expect(ENGINE_ENTRY).toMatch(/main[\\/]engine-entry\.js$/);
    expect(f.options.serviceName).toBe('NetLens engine');
    // capture goes through the helper, never with Electron's own rights
    expect((f.options.env as NodeJS.ProcessEnv).NETLENS_LIVE_BACKEND).toBe(
      process.platform === 'win32' ? undefined : 'helper',
    );
    expect(f.child.posted[0]).toEqual({ type: 'configure', settings: { theme: 'dark' } });
    const p1 = host.request('packets:page', { offset: 0, limit: 1 });
    const p2 = host.request('flows:page', { offset: 0, limit: 1 });
    const [m1, m2] = f.child.posted.slice(1) as { id: number; channel: string }[];
    expect(m1.channel).toBe('packets:page');
    f.child.emit('message', { type: 'reply', id: m2.id, reply: { ok: true, value: 'flows' } } satisfies FromEngine);
    f.child.emit('message', { type: 'reply', id: m1.id, reply: { ok: true, value: 'packets' } } satisfies FromEngine);
    expect(await p1).toEqual({ ok: true, value: 'packets' });
    expect(await p2).toEqual({ ok: true, value: 'flows' });
    f.child.emit('message', { type: 'event', event: 'state', data: { state: 'running' } });
    expect(events).toEqual([['state', { state: 'running' }]]);
  });

  it('says so and restarts the engine when it dies; pending requests get an error value', async () => {
    vi.useFakeTimers();
    const events: [string, unknown][] = [];
    const host = new EngineHost({ onEvent: (e, d) => events.push([e, d]) });
    host.start();
    const first = FakeUtilityProcess.forks.at(-1)!;
    const pending = host.request('capture:stop', undefined);
    first.child.emit('exit', 134);
    const r = await pending;
    expect(r.ok).toBe(false);
    expect(events[0][0]).toBe('error');
    const n = FakeUtilityProcess.forks.length;
    vi.advanceTimersByTime(1500);
    expect(FakeUtilityProcess.forks.length).toBe(n + 1);
    vi.useRealTimers();
  });

  it('does not restart an engine it is stopping', async () => {
    const host = new EngineHost({ onEvent: () => {} });
    host.start();
    const child = FakeUtilityProcess.forks.at(-1)!.child;
    const stopped = host.stop();
    expect(child.posted.at(-1)).toEqual({ type: 'dispose' });
    child.emit('exit', 0);
    await stopped;
    const n = FakeUtilityProcess.forks.length;
    await new Promise((r) => setTimeout(r, 1200));
    expect(FakeUtilityProcess.forks.length).toBe(n);
  });
});

const BUILT_ENTRY = resolve(import.meta.dirname, '../../dist/main/engine-entry.js');
const dir = mkdtempSync(join(tmpdir(), 'nl-entry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!HAVE_SHARED)('the built engine entry (dist/main/engine-entry.js)', () => {
  it('runs the engine over a parentPort: opens a file, pushes events, answers queries, exits on dispose', async () => {
    if (!existsSync(BUILT_ENTRY)) throw new Error('dist/main/engine-entry.js is missing: run npm run build');
    // Electron's utility process gives process.parentPort; a forked Node child with this shim is the same shape.
    const shim = join(dir, 'parent-port-shim.mjs');
    writeFileSync(
      shim,
      "process.parentPort = { on: (ev, l) => process.on('message', (data) => l({ data })), postMessage: (m) => process.send(m) };\n",
    );
    const child = fork(BUILT_ENTRY, [], { execArgv: ['--import', shim], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const got: FromEngine[] = [];
    const waitFor = (pred: (m: FromEngine) => boolean): Promise<FromEngine> =>
      new Promise((res, rej) => {
        const t = setTimeout(() => rej(new Error('timeout')), 20_000);
        const check = (): void => {
          const m = got.find(pred);
          if (m) {
            clearTimeout(t);
            res(m);
          } else setTimeout(check, 10);
        };
        check();
      });
    child.on('message', (m) => got.push(m as FromEngine));
    await waitFor((m) => m.type === 'ready');
    child.send({ type: 'request', id: 1, channel: 'file:open', args: { path: samplePath('zeek-wikipedia.pcap') } });
    await waitFor(
      (m) => m.type === 'event' && m.event === 'state' && (m.data as { state: string }).state === 'stopped',
    );
    child.send({ type: 'request', id: 2, channel: 'packets:page', args: { offset: 0, limit: 5 } });
    const page = (await waitFor((m) => m.type === 'reply' && m.id === 2)) as Extract<FromEngine, { type: 'reply' }>;
    expect(page.reply.ok && (page.reply.value as { total: number }).total).toBe(136);
    child.send({ type: 'request', id: 3, channel: 'packets:page', args: { offset: -5, limit: 5 } });
    const bad = (await waitFor((m) => m.type === 'reply' && m.id === 3)) as Extract<FromEngine, { type: 'reply' }>;
    expect(bad.reply.ok).toBe(false);
    child.send({ type: 'app-info', id: 4, versions: { node: '20', electron: '38', chrome: '140' } });
    const info = (await waitFor((m) => m.type === 'reply' && m.id === 4)) as Extract<FromEngine, { type: 'reply' }>;
    expect(info.reply.ok && (info.reply.value as { mode: string }).mode).toBe('desktop');
    const code = await new Promise<number | null>((res) => {
      child.on('exit', (c) => res(c));
      child.send({ type: 'dispose' });
    });
    expect(code).toBe(0);
  });
});
