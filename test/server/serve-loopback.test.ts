/**
 * Loopback is 127.0.0.0/8 and ::1: `netlens serve --host 127.0.0.2` is this machine only, so it
 * must not warn that other machines can connect; an address that is not loopback must.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../src/server/access.js';
import { ROOT, startServe } from '../e2e/harness.js';
import { timedGet } from '../helpers/raw-http.js';

const built = existsSync(join(ROOT, 'dist/src/cli/main.js'));

describe('loopback addresses', () => {
  it('127.0.0.0/8, ::1 and localhost are loopback; LAN, public and wildcard addresses are not', () => {
    for (const h of ['127.0.0.1', '127.0.0.2', '127.255.255.254', '::1', '[::1]', 'localhost', '::ffff:127.0.0.9'])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.2', '10.0.0.1', '128.0.0.1', 'example.com', '::2'])
      expect(isLoopbackHost(h), h).toBe(false);
  });

  it.skipIf(!built)('serve --host 127.0.0.2 serves there and does not warn about other machines', async () => {
    const s = await startServe(['--no-probe', '--host', '127.0.0.2']);
    try {
      const u = new URL(s.url);
      expect(u.hostname).toBe('127.0.0.2');
      const got = await new Promise<number>((resolve) => {
        void import('node:http').then(({ request }) => {
          const req = request({ host: '127.0.0.2', port: Number(u.port), path: u.pathname + u.search }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', () => resolve(0));
          req.end();
        });
      });
      expect(got).toBe(200);
      expect(s.stderr()).not.toMatch(/other machines can connect/);
      // not reachable on 127.0.0.1: it is bound to .2 only
      expect((await timedGet(Number(u.port), '/', {}, 2000)).status).toBe(0);
    } finally {
      await s.stop();
    }
  });
});
