/**
 * Frames an attacker with the token could send: one 46 MB frame of nested arrays, nesting 10,000
 * deep under the limit, arguments far over their channel's size, and fields and values meant to be
 * echoed back. The server stays quick and small, and replies never repeat the input.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REQUEST_BYTES } from '../../src/service/request-bounds.js';
import { startServer, type RunningServer } from '../../src/server/netlens-server.js';
import { connect, wsUrl, type TestClient } from '../helpers/ws-client.js';

let server: RunningServer;
let client: TestClient;

beforeAll(async () => {
  const r = await startServer({ port: 0, engine: { probe: false } });
  if (!r.ok) throw new Error(r.error.message);
  server = r.value;
  client = await connect(wsUrl(server.url), { origin: `http://127.0.0.1:${server.port}` });
});
afterAll(async () => {
  client?.close();
  await server?.close();
});

/** Sends one raw frame on a fresh socket; resolves with the first reply's text or the close code. */
function once(frame: string): Promise<{ reply: string | null; code: number | null }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(wsUrl(server.url), { headers: { origin: `http://127.0.0.1:${server.port}` } });
    ws.on('open', () => ws.send(frame));
    ws.on('message', (d) => {
      const t = d.toString();
      if (t.includes('"reply"')) {
        resolve({ reply: t, code: null });
        ws.close();
      }
    });
    ws.on('close', (code) => resolve({ reply: null, code }));
    ws.on('error', () => {});
  });
}

describe('netlens serve: hostile frames', () => {
  it('a 46 MB frame of nested arrays is refused unread: no stall, no gigabytes', async () => {
    const depth = 23 << 20;
    const frame = '['.repeat(depth) + ']'.repeat(depth);
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const r = await once(frame);
    const ms = performance.now() - t0;
    const grew = (process.memoryUsage().rss - rss0) / 2 ** 20;
    console.log(
      `46 MB nested frame: closed with ${r.code} in ${ms.toFixed(0)} ms; RSS grew ${grew.toFixed(0)} MB (the sender's copy included)`,
    );
    expect(r.code).toBe(1009);
    expect(grew).toBeLessThan(400);
    expect((await client.request('app:info')).ok).toBe(true);
  });

  it('nesting 10,000 deep within the size limit is an error reply naming the limit, not a stack overflow', async () => {
    const deep = `{"id":5,"channel":"flows:page","args":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const r = await once(deep);
    expect(r.reply).not.toBeNull();
    const msg = JSON.parse(r.reply!) as { reply: { ok: boolean; error: { message: string } } };
    expect(msg.reply.ok).toBe(false);
    expect(msg.reply.error.message).toMatch(/nested deeper than 32 levels/);
    expect(msg.reply.error.message).not.toMatch(/call stack|bug/);
  });

  it('an argument over its channel limit is refused by size, and no reply echoes what was sent', async () => {
    const marker = 'ECHO'.repeat(50_000); // 200 KB
    const asks: [string, unknown][] = [
      ['packets:page', { offset: 0, limit: 10, padding: marker }],
      ['flows:page', { offset: 0, limit: 10, sort: marker, descending: true, search: '' }],
      ['flows:page', { [marker.slice(0, 5000)]: 1 }],
      ['export:run', { kind: marker.slice(0, 6000) }],
      ['settings:set', { [marker.slice(0, 5000)]: 1 }],
      ['settings:set', { theme: marker.slice(0, 5000) }],
      ['view:setFilter', { [marker.slice(0, 5000)]: '' }],
      [marker.slice(0, 6000), {}],
      ['packets:detail', { frame: marker.slice(0, 5000) }],
    ];
    for (const [channel, args] of asks) {
      const r = await client.request(channel as 'app:info', args);
      const text = JSON.stringify(r);
      expect(r.ok, channel.slice(0, 20)).toBe(false);
      expect(text.length, channel.slice(0, 20)).toBeLessThan(2000);
      expect(text, channel.slice(0, 20)).not.toContain('ECHOECHO');
    }
    const big = await client.request('packets:page', { offset: 0, limit: 10, padding: marker });
    expect(!big.ok && big.error.message).toMatch(/larger than 8 KB/);
  });

  it('the frame limit is the largest channel limit (the HTML report with its charts), far under 46 MB', () => {
    expect(MAX_REQUEST_BYTES).toBeLessThan(16 << 20);
    expect(MAX_REQUEST_BYTES).toBeGreaterThan(12 << 20);
  });
});
