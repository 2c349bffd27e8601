/**
 * `netlens serve` as a process, sent what no browser would: cookies and request targets that do
 * not parse, half-open connections. The process must keep running and keep answering.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startServe, type Served } from '../e2e/harness.js';
import { rawExchange, statusOf, timedGet } from '../helpers/raw-http.js';

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
