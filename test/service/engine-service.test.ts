import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventMap, EventName } from '../../src/api/contract.js';
import type { ErrorInfo, Result } from '../../src/api/errors.js';
import type { SessionInfo } from '../../src/api/session.js';
import { openCaptureFile } from '../../src/capture/capture-file.js';
import { analyzeFile } from '../../src/session/analyze-file.js';
import { EngineService } from '../../src/service/engine-service.js';
import { HAVE_SHARED, samplePath } from '../helpers/shared-pcaps.js';
import { MARKUP_DNS_NAME, MARKUP_HOST, writeMarkupCapture } from '../helpers/markup-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'nl-service-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HAVE_CAPINFOS = spawnSync('sh', ['-c', 'command -v capinfos']).status === 0;

function service() {
  const events: { event: EventName; data: unknown; at: number }[] = [];
  const svc = new EngineService({
    emit: <E extends EventName>(event: E, data: EventMap[E]) => events.push({ event, data, at: performance.now() }),
    probe: false,
  });
  const stopped = (): Promise<SessionInfo> =>
    new Promise((resolve) => {
      const t = setInterval(() => {
        const s = events
          .filter((e) => e.event === 'state')
          .map((e) => e.data as SessionInfo)
          .find((s) => s.state === 'stopped');
        if (s) {
          clearInterval(t);
          resolve(s);
        }
      }, 10);
    });
  return { svc, events, stopped };
}

function errorOf(r: Result<unknown>): ErrorInfo {
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('engine service', () => {
  it('app:info lists the filter protocols with the names a person reads', () => {
    const { svc } = service();
    const info = svc.appInfo('browser');
    expect(info.protocols).toContain('lldp');
    expect(info.protocolNames?.dns).toBe('DNS: name lookups');
    expect(info.protocols.every((p) => (info.protocolNames?.[p] ?? '') !== '')).toBe(true);
  });

  it('rejects bad arguments and unknown channels with invalid-argument, and queries without a session with no-session', async () => {
    const { svc } = service();
    expect(errorOf(await svc.handle('nope:nothing', {})).code).toBe('invalid-argument');
    expect(
      errorOf(await svc.handle('flows:page', { offset: -1, limit: 10, sort: 'bytes', descending: true, search: '' }))
        .code,
    ).toBe('invalid-argument');
    expect(
      errorOf(await svc.handle('flows:page', { offset: 0, limit: 5000, sort: 'bytes', descending: true, search: '' }))
        .message,
    ).toMatch(/limit/);
    expect(
      errorOf(await svc.handle('flows:page', { offset: 0, limit: 10, sort: 'evil', descending: true, search: '' }))
        .message,
    ).toMatch(/sort/);
    expect(errorOf(await svc.handle('file:open', { path: 'relative.pcap' })).message).toMatch(/absolute/);
    expect(
      errorOf(await svc.handle('view:setFilter', { protocol: 'tcp', src: '10.0.0.300', dst: '', port: null, host: '' }))
        .message,
    ).toMatch(/not an IP address/);
    expect(
      errorOf(await svc.handle('view:setFilter', { protocol: 'nosuch', src: '', dst: '', port: null, host: '' }))
        .message,
    ).toMatch(/unknown protocol/);
    expect(errorOf(await svc.handle('packets:detail', { frame: 1, extra: true })).message).toMatch(/unknown field/);
    expect(
      errorOf(
        await svc.handle('export:run', {
          kind: 'html-report',
          path: '/tmp/x.html',
          charts: [{ title: 't', dataUrl: 'javascript:alert(1)' }],
        }),
      ).message,
    ).toMatch(/PNG data URL/);
    expect(errorOf(await svc.handle('packets:page', { offset: 0, limit: 10 })).code).toBe('no-session');
    expect(errorOf(await svc.handle('capture:start', { interface: 'nonexistent0', filter: '', log: null })).code).toBe(
      'unknown-interface',
    );
    svc.dispose();
  });

  it.skipIf(!HAVE_SHARED)(
    'replays a file with at most 10 snapshots a second and exports what tshark and a CSV parser read',
    async () => {
      const { svc, events, stopped } = service();
      const opened = await svc.handle('file:open', { path: samplePath('zeek-http-1000-requests-ipv6.pcap') });
      expect(opened.ok).toBe(true);
      const end = await stopped();
      expect(end.stopReason).toBe('end-of-file');
      const snaps = events.filter((e) => e.event === 'snapshot');
      for (let i = 1; i < snaps.length - 1; i++) expect(snaps[i].at - snaps[i - 1].at).toBeGreaterThanOrEqual(95);
      const want = analyzeFile(samplePath('zeek-http-1000-requests-ipv6.pcap'));
      if (!want.ok) throw new Error(want.error.message);

      const pcap = join(dir, 'out.pcap');
      const r = await svc.handle('export:run', { kind: 'pcap', path: pcap });
      expect(r.ok).toBe(true);
      const back = openCaptureFile(pcap);
      if (!back.ok) throw new Error(back.error.message);
      let n = 0;
      while (back.value.read(() => n++, 10_000) > 0);
      back.value.close();
      expect(n).toBe(want.value.report.packets);
      if (HAVE_CAPINFOS)
        expect(spawnSync('capinfos', ['-c', '-M', pcap], { encoding: 'utf8' }).stdout).toMatch(
          new RegExp(`Number of packets:\\s+${want.value.report.packets}`),
        );

      const csv = join(dir, 'flows.csv');
      expect((await svc.handle('export:run', { kind: 'flows-csv', path: csv })).ok).toBe(true);
      const lines = readFileSync(csv, 'utf8').trim().split('\n');
      expect(lines[0]).toMatch(/^protocol,a,a_port,b,b_port/);
      expect(lines.length - 1).toBe(
        want.value.report.conversations.tcp.length + want.value.report.conversations.udp.length,
      );

      const json = join(dir, 'session.json');
      expect((await svc.handle('export:run', { kind: 'session-json', path: json })).ok).toBe(true);
      const parsed = JSON.parse(readFileSync(json, 'utf8'));
      expect(parsed.report.packets).toBe(want.value.report.packets);
      expect(parsed.session.stopReason).toBe('end-of-file');
      svc.dispose();
    },
  );

  it('an HTML report shows host names carrying markup as text', async () => {
    const { svc, stopped } = service();
    const file = join(dir, 'markup.pcap');
    writeMarkupCapture(file);
    expect((await svc.handle('file:open', { path: file })).ok).toBe(true);
    await stopped();
    const snap = svc.current!.snapshot();
    const names = [...snap.topTalkers, ...snap.topListeners].map((e) => e.name);
    expect(names).toContain(MARKUP_HOST);
    const html = join(dir, 'report.html');
    const png =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const r = await svc.handle('export:run', {
      kind: 'html-report',
      path: html,
      charts: [{ title: 'Throughput <script>', dataUrl: png }],
    });
    expect(r.ok).toBe(true);
    const text = readFileSync(html, 'utf8');
    expect(text).not.toContain(MARKUP_HOST);
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(text).not.toContain('<script');
    expect(text).toContain('Throughput &lt;script&gt;');
    expect(text).toContain(png);
    expect(MARKUP_DNS_NAME).toContain('<b>');
    svc.dispose();
  });
});
