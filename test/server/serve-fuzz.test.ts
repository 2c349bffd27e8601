/**
 * Fuzz (issue 11, acceptance 2): random and mutated HTTP requests and WebSocket frames (bytes,
 * JSON, nesting 10,000 deep, 40 MB) thrown at a running `netlens serve` on loopback for
 * NETLENS_FUZZ_SECONDS (default 60). The server must never exit, must answer a normal request
 * within 1 s afterwards, and its RSS must return under 300 MB. Prints the seed and the figures.
 */
import { readFileSync } from 'node:fs';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom as rng } from '../helpers/seeded-random.js';
import { REQUEST_CHANNELS } from '../../src/api/contract.js';
import { ROOT, startServe, type Served } from '../e2e/harness.js';
import { writeMarkupCapture } from '../helpers/markup-capture.js';
import { timedGet } from '../helpers/raw-http.js';
import { connect, wsUrl } from '../helpers/ws-client.js';

const SECONDS = Number(process.env.NETLENS_FUZZ_SECONDS ?? 60);
const built = existsSync(join(ROOT, 'dist/src/cli/main.js'));
const dir = mkdtempSync(join(tmpdir(), 'nl-fuzz-'));
let served: Served;
let port = 0;

beforeAll(async () => {
  if (!built) return;
  const file = join(dir, 'markup.pcap');
  writeMarkupCapture(file);
  served = await startServe(['--no-probe', file]);
  port = Number(new URL(served.url).port);
});
afterAll(async () => {
  await served?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const rssMb = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
};

describe.skipIf(!built)('netlens serve under fuzz', () => {
  it(
    `survives ${SECONDS} s of random and mutated requests and frames, then answers within 1 s and shrinks under 300 MB`,
    async () => {
      const seed = Number(process.env.NETLENS_FUZZ_SEED ?? Date.now() % 1e9);
      const rand = rng(seed);
      const int = (n: number): number => Math.floor(rand() * n);
      const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
      const token = new URL(served.url).searchParams.get('token')!;
      const host = `127.0.0.1:${port}`;
      const counts: Record<string, number> = {};
      const count = (k: string): void => void (counts[k] = (counts[k] ?? 0) + 1);
      let peak = 0;
      const pid = served.child.pid!;

      const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(256)));
      const mutate = (b: Buffer): Buffer => {
        const out = Buffer.from(b);
        for (let i = 0, k = 1 + int(8); i < k; i++) out[int(out.length)] = int(256);
        return rand() < 0.3 ? out.subarray(0, int(out.length)) : out;
      };
      const httpTemplates = [
        `GET /?token=${token} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
        `GET /assets/x.js HTTP/1.1\r\nHost: ${host}\r\nCookie: netlens_token_${port}=%\r\n\r\n`,
        `GET /export/${'a'.repeat(24)} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
        `POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\n\r\nhello`,
        `GET /ws HTTP/1.1\r\nHost: ${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: netlens, netlens.token.${token}\r\n\r\n`,
        `GET //[ HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
        `GET /${'%'.repeat(3000)} HTTP/1.1\r\nHost: ${host}\r\nX: ${'y'.repeat(20_000)}\r\n\r\n`,
      ];
      const http = (): Promise<void> =>
        new Promise((resolve) => {
          const s = netConnect(port, '127.0.0.1');
          const done = (): void => {
            clearTimeout(t);
            s.destroy();
            resolve();
          };
          const t = setTimeout(done, 150);
          s.on('error', done);
          s.on('close', done);
          s.resume();
          const kind = int(3);
          count(`http-${['random', 'mutated', 'template'][kind]}`);
          s.write(
            kind === 0
              ? bytes(1 + int(4000))
              : kind === 1
                ? mutate(Buffer.from(pick(httpTemplates)))
                : pick(httpTemplates),
          );
        });

      const randomJson = (depth: number): unknown => {
        const r = int(depth > 4 ? 5 : 8);
        if (r === 0) return int(1e9) - 5e8;
        if (r === 1) return bytes(int(40)).toString('latin1');
        if (r === 2) return rand() < 0.5;
        if (r === 3) return null;
        if (r === 4) return pick(['', 'lo', '/etc/passwd', '__proto__', 'constructor', '../../x', '\u0000']);
        if (r === 5) return Array.from({ length: int(5) }, () => randomJson(depth + 1));
        const o: Record<string, unknown> = {};
        for (let i = int(5); i > 0; i--)
          o[pick(['path', 'kind', 'limit', 'offset', '__proto__', 'log', 'folder', 'x'])] = randomJson(depth + 1);
        return o;
      };
      const frames = (): string | Buffer => {
        const kind = int(100);
        if (kind < 25) {
          count('ws-request');
          return JSON.stringify({ id: 1 + int(1000), channel: pick(REQUEST_CHANNELS), args: randomJson(0) });
        }
        if (kind < 45) {
          count('ws-mutated');
          return mutate(
            Buffer.from(JSON.stringify({ id: 3, channel: pick(REQUEST_CHANNELS), args: randomJson(0) })),
          ).toString('latin1');
        }
        if (kind < 60) {
          count('ws-json');
          return JSON.stringify(randomJson(0));
        }
        if (kind < 75) {
          count('ws-bytes');
          return bytes(1 + int(2000));
        }
        if (kind < 90) {
          count('ws-nested-10000');
          const d = 10_000;
          return `{"id":9,"channel":"${pick(REQUEST_CHANNELS)}","args":${'['.repeat(d)}${']'.repeat(d)}}`;
        }
        count('ws-40MB');
        return rand() < 0.5 ? '['.repeat(20 << 20) + ']'.repeat(20 << 20) : `"${'x'.repeat(40 << 20)}"`;
      };
      const ws = (): Promise<void> =>
        new Promise((resolve) => {
          const sock = new WebSocket(`ws://${host}/ws`, ['netlens', `netlens.token.${token}`], {
            headers: { origin: `http://${host}` },
          });
          const done = (): void => {
            clearTimeout(t);
            sock.terminate();
            resolve();
          };
          const t = setTimeout(done, 2000);
          sock.on('error', done);
          sock.on('close', done);
          sock.on('open', () => {
            for (let i = 1 + int(20); i > 0; i--) {
              const f = frames();
              if (sock.readyState !== sock.OPEN) break;
              sock.send(f, { binary: Buffer.isBuffer(f) && rand() < 0.5 });
            }
            setTimeout(done, 50 + int(200));
          });
        });

      const t0 = Date.now();
      const deadline = t0 + SECONDS * 1000;
      const workers = Array.from({ length: 4 }, async (_, w) => {
        while (Date.now() < deadline) {
          await (w === 0 ? http() : w === 1 ? Promise.all([http(), http()]) : ws());
          if (served.child.exitCode !== null || served.child.signalCode !== null) return;
        }
      });
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 500);
      await Promise.all(workers);
      clearInterval(sampler);
      expect(served.child.exitCode, served.stderr()).toBeNull();
      expect(served.child.signalCode).toBeNull();

      // a normal page load and a normal request, right after
      const page = await timedGet(port, '/', {}, 1000);
      const client = await connect(wsUrl(served.url), { origin: `http://${host}` });
      const a0 = performance.now();
      const info = await Promise.race([
        client.request('app:info'),
        new Promise<null>((r) => setTimeout(() => r(null), 1000)),
      ]);
      const answerMs = performance.now() - a0;
      client.close();
      let rss = rssMb(pid);
      for (let i = 0; i < 40 && rss >= 300; i++) {
        await new Promise((r) => setTimeout(r, 250));
        rss = rssMb(pid);
      }
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      console.log(
        `serve fuzz (seed ${seed}): ${total} requests and frames in ${((Date.now() - t0) / 1000).toFixed(0)} s ` +
          `(${Object.entries(counts)
            .sort()
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}); server exits 0; afterwards GET / ${page.status} in ${page.ms.toFixed(0)} ms, ` +
          `app:info in ${answerMs.toFixed(0)} ms; RSS peak ${peak.toFixed(0)} MB, after ${rss.toFixed(0)} MB`,
      );
      expect(page.status).toBe(200);
      expect(info?.ok).toBe(true);
      expect(answerMs).toBeLessThan(1000);
      expect(rss).toBeLessThan(300);
    },
    SECONDS * 1000 + 120_000,
  );
});
