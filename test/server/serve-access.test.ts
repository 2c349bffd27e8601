import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/netlens-server.js';
import WebSocket from 'ws';
import { connect, upgradeStatus, wsUrl } from '../helpers/ws-client.js';

const dir = mkdtempSync(join(tmpdir(), 'nl-serve-access-'));
let server: RunningServer;

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>NetLens test page</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, '..', 'nl-serve-secret.txt'), 'secret');
  const r = await startServer({ port: 0, rendererDir: dir, engine: { probe: false } });
  if (!r.ok) throw new Error(r.error.message);
  server = r.value;
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(dir, '..', 'nl-serve-secret.txt'), { force: true });
});

describe('netlens serve: access', () => {
  it('binds 127.0.0.1 by default and prints a URL carrying a long random token', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[0-9a-f]{48}$`));
  });

  it('serves the page and its scripts to anyone (public code, no data), and never sets a cookie', async () => {
    const page = await get(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('NetLens test page');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['set-cookie']).toBeUndefined();
    expect((await get('/')).status).toBe(200);
    const asset = await get('/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['set-cookie']).toBeUndefined();
  });

  it('takes the token from the WebSocket handshake (subprotocol, Bearer, ?token=), never from a cookie', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    const bare = wsUrl(server.url, null);
    // a page: the token as a subprotocol beside 'netlens', which the server selects
    const page = await new Promise<string>((resolve, reject) => {
      const ws = new WebSocket(bare, ['netlens', `netlens.token.${server.token}`], { headers: { origin } });
      ws.on('open', () => {
        resolve(ws.protocol);
        ws.close();
      });
      ws.on('error', reject);
    });
    expect(page).toBe('netlens');
    expect(
      await upgradeStatus(bare, { origin, 'sec-websocket-protocol': `netlens, netlens.token.${'0'.repeat(48)}` }),
    ).toBe(403);
    expect(await upgradeStatus(bare, { origin, authorization: `Bearer ${server.token}` })).toBe(101);
    expect(await upgradeStatus(bare, { origin, cookie: `netlens_token_${server.port}=${server.token}` })).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding) and paths outside the renderer', async () => {
    expect((await get(`/?token=${server.token}`, { host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await get(`/?token=${server.token}`, { host: `localhost:${server.port}` })).status).toBe(200);
    const out = await get(`/..%2fnl-serve-secret.txt?token=${server.token}`);
    expect(out.status).toBe(404);
    expect(out.body).not.toContain('secret');
  });

  it('refuses WebSocket upgrades without the token, with a wrong one, or from another Origin', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    expect(await upgradeStatus(wsUrl(server.url, null), { origin })).toBe(403);
    expect(await upgradeStatus(wsUrl(server.url, 'f'.repeat(48)), { origin })).toBe(403);
    expect(await upgradeStatus(wsUrl(server.url), { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(wsUrl(server.url), { origin: `http://localhost:${server.port + 1}` })).toBe(403);
    expect(await upgradeStatus(wsUrl(server.url), { origin: 'null' })).toBe(403);
    expect(await upgradeStatus(wsUrl(server.url), { origin })).toBe(101);
  });

  it('answers malformed frames with an error value and keeps the connection', async () => {
    const c = await connect(wsUrl(server.url), { origin: `http://127.0.0.1:${server.port}` });
    c.sendRaw('this is not json');
    c.sendRaw(JSON.stringify({ id: 7, channel: 'capture:start', args: { interface: 42 } }));
    const info = await c.request('app:info');
    expect(info.ok).toBe(true);
    if (info.ok) expect(info.value.mode).toBe('browser');
    const bad = await c.request('packets:page', { offset: 0, limit: 'all' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('invalid-argument');
    const noFile = await c.request('file:open', {});
    expect(noFile.ok).toBe(false);
    c.close();
  });
});

describe('netlens serve: an explicit --host', () => {
  it('answers only to that address as Host (DNS rebinding), and refuses a port already taken', async () => {
    const r = await startServer({ port: 0, host: '127.0.0.2', rendererDir: dir, engine: { probe: false } });
    if (!r.ok) throw new Error(r.error.message);
    const s = r.value;
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/\?token=/);
      const at = (host: string): Promise<number> =>
        new Promise((res, rej) => {
          request({ host: '127.0.0.2', port: s.port, path: `/?token=${s.token}`, headers: { host } }, (resp) => {
            resp.resume();
            res(resp.statusCode ?? 0);
          })
            .on('error', rej)
            .end();
        });
      expect(await at(`127.0.0.2:${s.port}`)).toBe(200);
      expect(await at(`127.0.0.1:${s.port}`)).toBe(403);
      expect(await at(`attacker.example:${s.port}`)).toBe(403);
      const taken = await startServer({ port: s.port, host: '127.0.0.2', rendererDir: dir, engine: { probe: false } });
      expect(taken.ok).toBe(false);
      if (!taken.ok) expect(taken.error.message).toMatch(/already in use/);
    } finally {
      await s.close();
    }
  });
});
