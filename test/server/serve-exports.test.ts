/**
 * Exports in `netlens serve` go through the export store: one download each, then gone. A
 * failed export says the export failed, not that logging stopped.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportKind } from '../../src/api/views.js';
import type { SessionInfo } from '../../src/api/session.js';
import { runExport } from '../../src/export/session-export.js';
import { startServer, type RunningServer } from '../../src/server/netlens-server.js';
import { writeMarkupCapture } from '../helpers/markup-capture.js';
import { connect, wsUrl, type TestClient } from '../helpers/ws-client.js';

const tmp = mkdtempSync(join(tmpdir(), 'nl-serve-exports-'));
let server: RunningServer;
let client: TestClient;

function get(path: string, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    request({ host: '127.0.0.1', port: server.port, path, method }, (r) => {
      let body = '';
      r.setEncoding('utf8').on('data', (c: string) => (body += c));
      r.on('end', () => res({ status: r.statusCode ?? 0, body }));
    })
      .on('error', rej)
      .end();
  });
}

beforeAll(async () => {
  const r = await startServer({ port: 0, engine: { probe: false } });
  if (!r.ok) throw new Error(r.error.message);
  server = r.value;
  client = await connect(wsUrl(server.url), { origin: `http://127.0.0.1:${server.port}` });
  const file = join(tmp, 'markup.pcap');
  writeMarkupCapture(file);
  expect((await server.service.handle('file:open', { path: file })).ok).toBe(true);
  await client.waitFor('state', (s: SessionInfo) => s.state === 'stopped');
});

afterAll(async () => {
  client?.close();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('netlens serve: exports', () => {
  it('each export downloads once, then is gone (a HEAD does not use it up), and its file is removed', async () => {
    for (const kind of ['pcap', 'flows-csv', 'session-json', 'html-report'] as ExportKind[]) {
      const r = await client.request('export:run', { kind });
      if (!r.ok) throw new Error(r.error.message);
      const url = r.value.url!;
      expect((await get(url, 'HEAD')).status, kind).toBe(200);
      const first = await get(url);
      expect(first.status, kind).toBe(200);
      expect(first.body.length, kind).toBeGreaterThan(20);
      const again = await get(url);
      expect(again.status, kind).toBe(404);
      expect(again.body).toMatch(/downloaded once/);
    }
    // the store's files went with their downloads
    const stores = readdirSync(tmpdir()).filter((n) => n.startsWith(`netlens-exports-${process.pid}-`));
    for (const s of stores) expect(readdirSync(join(tmpdir(), s))).toEqual([]);
  });

  it('a failed export names the export and the folder, never logging or --log-dir', () => {
    const session = server.service.current!;
    const gone = join(tmp, 'no-such-folder', 'out');
    for (const kind of ['pcap', 'flows-csv', 'session-json', 'html-report'] as ExportKind[]) {
      const r = runExport(session, kind, `${gone}.${kind}`);
      expect(r.ok, kind).toBe(false);
      if (r.ok) continue;
      expect(r.error.message, kind).toContain(gone);
      expect(r.error.message, kind).toMatch(/export/);
      expect(`${r.error.message} ${r.error.hint}`, kind).not.toMatch(/logging|--log-dir|capture goes on/);
      expect(existsSync(`${gone}.${kind}`)).toBe(false);
    }
  });
});
