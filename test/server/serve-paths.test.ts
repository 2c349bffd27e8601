/**
 * No client names a path in `netlens serve`: files open only from under --data, logs go only
 * under --log-dir, exports only through the export store; symbolic links and `..` cannot lead
 * out of those folders. With neither folder given, the browser reaches no path at all.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/service/settings-schema.js';
import { startServer, type RunningServer } from '../../src/server/netlens-server.js';
import { writeMarkupCapture } from '../helpers/markup-capture.js';
import { connect, wsUrl, type TestClient } from '../helpers/ws-client.js';

const tmp = mkdtempSync(join(tmpdir(), 'nl-serve-paths-'));
const data = join(tmp, 'data');
const logs = join(tmp, 'logs');
const outside = join(tmp, 'outside');
const running: { server: RunningServer; client: TestClient }[] = [];

beforeAll(() => {
  for (const d of [data, logs, outside]) mkdirSync(d);
  writeMarkupCapture(join(data, 'in.pcap'));
  writeMarkupCapture(join(outside, 'out.pcap'));
  symlinkSync(join(outside, 'out.pcap'), join(data, 'link.pcap'));
  symlinkSync(outside, join(logs, 'escape'));
});
afterAll(async () => {
  for (const r of running) {
    r.client.close();
    await r.server.close();
  }
  rmSync(tmp, { recursive: true, force: true });
});

async function serve(opts: { dataDir?: string; logDir?: string }): Promise<TestClient> {
  const r = await startServer({ port: 0, engine: { probe: false }, ...opts });
  if (!r.ok) throw new Error(r.error.message);
  const client = await connect(wsUrl(r.value.url), { origin: `http://127.0.0.1:${r.value.port}` });
  running.push({ server: r.value, client });
  return client;
}

const errorOf = (r: { ok: boolean; error?: { message: string } }): string => (r.ok ? 'ok' : r.error!.message);

describe('netlens serve: paths', () => {
  it('with no --data nor --log-dir, no request reaches a path: file:open, export:run, capture:start logs, settings', async () => {
    const c = await serve({});
    expect(errorOf(await c.request('file:open', { path: join(data, 'in.pcap') }))).toMatch(
      /opens no files from the browser/,
    );
    // the examples: each would have written where the client said
    const target = join(outside, 'x.pcap');
    expect(errorOf(await c.request('export:run', { kind: 'session-json', path: target }))).toMatch(
      /cannot name a path/,
    );
    expect(existsSync(target)).toBe(false);
    const cron = join(outside, 'cron.d');
    const start = await c.request('capture:start', { interface: 'lo', filter: '', log: { folder: cron, rotateMb: 0 } });
    expect(errorOf(start)).toMatch(/does not log from the browser/);
    expect(existsSync(cron)).toBe(false);
    const set = await c.request('settings:set', {
      logging: { ...DEFAULT_SETTINGS.logging, enabled: true, folder: cron },
    });
    expect(errorOf(set)).toMatch(/does not log from the browser/);
  });

  it('with --data, opens files under it only: not outside, not through a link or ..', async () => {
    const c = await serve({ dataDir: data });
    expect((await c.request('file:open', { path: join(data, 'in.pcap') })).ok).toBe(true);
    expect(errorOf(await c.request('file:open', { path: join(outside, 'out.pcap') }))).toMatch(/is not under/);
    expect(errorOf(await c.request('file:open', { path: join(data, 'link.pcap') }))).toMatch(/is not under/);
    expect(errorOf(await c.request('file:open', { path: `${data}/../outside/out.pcap` }))).toMatch(/is not under/);
    expect(errorOf(await c.request('file:open', { path: '/etc/passwd' }))).toMatch(/is not under/);
  });

  it('with --log-dir, logs go there or under it only', async () => {
    const c = await serve({ logDir: logs });
    for (const folder of [outside, join(logs, 'escape'), join(logs, 'escape', 'deeper'), `${logs}/../outside`]) {
      const r = await c.request('capture:start', {
        interface: 'nl-no-such0',
        filter: '',
        log: { folder, rotateMb: 0 },
      });
      expect(errorOf(r), folder).toMatch(/is not under/);
    }
    // a folder under it passes the path check (and fails only on the interface, which does not exist)
    const under = await c.request('capture:start', {
      interface: 'nl-no-such0',
      filter: '',
      log: { folder: join(logs, 'today'), rotateMb: 0 },
    });
    expect(errorOf(under)).not.toMatch(/is not under|does not log/);
    expect(readdirSync(outside).sort()).toEqual(['out.pcap']);
  });
});

describe('netlens serve --data / --log-dir', () => {
  it('refuses a folder that does not exist, with exit 2 and a hint', () => {
    const bin = join(import.meta.dirname, '../../bin/netlens.js');
    if (!existsSync(join(import.meta.dirname, '../../dist/src/cli/main.js'))) return;
    for (const opt of ['--data', '--log-dir']) {
      const r = spawnSync(process.execPath, [bin, 'serve', '--port', '0', opt, join(tmp, 'nope')], {
        encoding: 'utf8',
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`${opt} .*nope is not a folder\\n  hint: give an existing folder`));
    }
  });
});
