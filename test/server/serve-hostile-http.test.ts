/**
 * `netlens serve` as a process, sent what no browser would: cookies and request targets that do
 * not parse, half-open connections. The process must keep running and keep answering.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startServe, type Served } from '../e2e/harness.js';
import { HEADERS_TIMEOUT_MS, MAX_WEBSOCKETS } from '../../src/server/connection-limits.js';
import { connect, upgradeStatus, wsUrl, type TestClient } from '../helpers/ws-client.js';
import { halfOpen, rawExchange, statusOf, timedGet } from '../helpers/raw-http.js';

const built = existsSync(join(ROOT, 'dist/src/cli/main.js'));
let served: Served;
let port = 0;
let token = '';

beforeAll(async () => {
  if (!built) return;
  served = await startServe(['--no-probe']);
  const u = new URL(served.url);
  port = Number(u.port);
  token = u.searchParams.get('token')!;
});

afterAll(async () => {
  await served?.stop();
});

const alive = (): boolean => served.child.exitCode === null && served.child.signalCode === null;

describe.skipIf(!built)('netlens serve survives requests that do not parse', () => {
  it('a cookie that is not percent-encoding is no token (HTTP and WebSocket upgrade), not a crash', async () => {
    const name = `netlens_token_${port}`;
    const http = await rawExchange(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${name}=%\r\n\r\n`);
    expect(statusOf(http)).toBeGreaterThanOrEqual(200);
    const upgrade = await rawExchange(
      port,
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${name}=%E0%A4%A\r\nConnection: Upgrade\r\n` +
        'Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(statusOf(upgrade)).toBe(403);
    expect(alive()).toBe(true);
    expect((await timedGet(port, `/?token=${token}`)).status).toBe(200);
  });

  it('a request target that is not a URL is a 400, on HTTP and on the upgrade path', async () => {
    for (const target of ['//[', 'http://[', '/%']) {
      const http = await rawExchange(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      expect(statusOf(http), target).not.toBe(0);
      const upgrade = await rawExchange(
        port,
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
      expect(statusOf(upgrade), target).not.toBe(0);
    }
    expect(alive()).toBe(true);
    expect((await timedGet(port, `/?token=${token}`)).status).toBe(200);
  });
});

describe.skipIf(!built)('netlens serve caps its open pages', () => {
  it(`a WebSocket past ${MAX_WEBSOCKETS} open ones is refused (503); closing one makes room`, async () => {
    const clients: TestClient[] = [];
    try {
      for (let i = 0; i < MAX_WEBSOCKETS; i++) clients.push(await connect(wsUrl(served.url)));
      expect(await upgradeStatus(wsUrl(served.url))).toBe(503);
      clients.pop()!.close();
      await new Promise((r) => setTimeout(r, 200));
      expect(await upgradeStatus(wsUrl(served.url))).toBe(101);
    } finally {
      for (const c of clients) c.close();
    }
  });
});

describe.skipIf(!built)('netlens serve under a flood of half-open connections (slowloris)', () => {
  it('a real request is answered while 1,500 connections hang, and the server closes them within its header timeout', async () => {
    // 1,024 descriptors, as many systems give a process: without a cap, 1,500 hanging sockets use them all
    const s = await startServe(['--no-probe'], null, ['prlimit', '--nofile=1024:1024', '--']);
    try {
      const u = new URL(s.url);
      const p = Number(u.port);
      const socks = await halfOpen(p, 1500);
      const closedCount = (): number => socks.filter((k) => k.closed).length;
      // one more that trickles a header line every second, as slowloris does, to stay "active"
      const trickle = (await halfOpen(p, 1))[0];
      const drip = setInterval(() => trickle.writable && trickle.write(`X-a: ${Date.now()}\r\n`), 1000);
      try {
        const got = await timedGet(p, `/?token=${u.searchParams.get('token')}`, {}, 5000);
        expect(got.status).toBe(200);
        const t0 = Date.now();
        while ((closedCount() < socks.length || !trickle.closed) && Date.now() - t0 < HEADERS_TIMEOUT_MS + 5000)
          await new Promise((r) => setTimeout(r, 250));
        console.log(
          `slowloris: ${socks.length} half-open sockets, a real GET answered in ${got.ms.toFixed(0)} ms; ` +
            `${closedCount()} closed by the server within ${Date.now() - t0} ms, the trickling one ${trickle.closed ? 'closed' : 'open'}`,
        );
        expect(closedCount()).toBe(socks.length);
        expect(trickle.closed).toBe(true);
        expect(s.child.exitCode).toBeNull();
      } finally {
        clearInterval(drip);
        for (const k of [...socks, trickle]) k.destroy();
      }
    } finally {
      await s.stop();
    }
  }, 60_000);
});
