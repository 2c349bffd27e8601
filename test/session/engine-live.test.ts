import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventMap, EventName } from '../../src/api/contract.js';
import type { SessionInfo } from '../../src/api/session.js';
import type { Snapshot } from '../../src/api/snapshot.js';
import { EngineService } from '../../src/service/engine-service.js';
import { DEFAULT_SETTINGS } from '../../src/service/settings-schema.js';
import {
  cleanupNetns,
  createVethPair,
  hasCommand,
  netnsUnavailableReason,
  nsExecSync,
  type VethPair,
} from '../helpers/netns.js';
import { HAVE_SHARED, SKIP_REASON, samplePath } from '../helpers/shared-pcaps.js';

const MISSING = ['tcpreplay', 'capinfos'].filter((t) => !hasCommand(t));
const SKIP =
  netnsUnavailableReason() ??
  (MISSING.length ? `missing tools: ${MISSING.join(', ')}` : null) ??
  (HAVE_SHARED ? null : SKIP_REASON);
if (SKIP) console.warn(`engine live tests skipped: ${SKIP}`);

const dir = mkdtempSync(join(tmpdir(), 'nl-engine-live-'));
afterAll(() => {
  cleanupNetns();
  rmSync(dir, { recursive: true, force: true });
});

const SAMPLE = 'zeek-wikipedia.pcap';
const SAMPLE_PACKETS = 136;

function replay(pair: VethPair, loops = 1): void {
  const r = nsExecSync(pair.nsA, 'tcpreplay', ['-i', pair.ifA, '--pps=2000', `--loop=${loops}`, samplePath(SAMPLE)], {
    timeoutMs: 60_000,
  });
  expect(r.status, r.stderr).toBe(0);
}

describe.skipIf(SKIP !== null)('engine service, live on a veth pair', () => {
  it('counts live traffic, pauses, resumes, logs and exports what it saw', async () => {
    const pair = createVethPair({ nsA: true, nsB: false, addresses: false });
    const events: { event: EventName; data: unknown }[] = [];
    const svc = new EngineService({
      emit: <E extends EventName>(event: E, data: EventMap[E]) => events.push({ event, data }),
      probe: false,
      snapshotIntervalMs: 100,
    });
    const latest = (): Snapshot | undefined =>
      events
        .filter((e) => e.event === 'snapshot')
        .map((e) => e.data as Snapshot)
        .at(-1);
    const until = async (pred: (s: Snapshot) => boolean, ms = 10_000): Promise<Snapshot> => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const s = latest();
        if (s && pred(s)) return s;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no snapshot matched; last: ${JSON.stringify(latest()?.all)}`);
    };

    const bad = await svc.handle('filter:check', { interface: pair.ifB, filter: 'tcp port banana' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('invalid-filter');
    const good = await svc.handle('filter:check', { interface: pair.ifB, filter: 'tcp or udp or arp' });
    expect(good).toMatchObject({ ok: true, value: { checked: true } });

    const started = await svc.handle('capture:start', {
      interface: pair.ifB,
      filter: '',
      log: { folder: dir, rotateMb: 0 },
    });
    if (!started.ok) throw new Error(started.error.message);
    replay(pair);
    const first = await until((s) => s.all.packets >= SAMPLE_PACKETS);
    expect(first.all.packets).toBe(SAMPLE_PACKETS);
    expect(first.session.state).toBe('running');
    expect(first.session.source).toMatchObject({ kind: 'live', name: pair.ifB });
    expect(first.drops).not.toBeUndefined();
    // the chart shows whole seconds: the replay's appears once its second is over
    const charted = await until((s) => s.timeline.points.reduce((n, p) => n + p.packets, 0) === SAMPLE_PACKETS, 3000);
    expect(charted.rates.t).toBe(charted.timeline.points.at(-1)!.t);
    expect(first.topTalkers.length).toBeGreaterThan(0);
    // the chart keeps moving with the clock when traffic stops
    const t0 = first.timeline.points.at(-1)!.t;
    const later = await until((s) => s.timeline.points.at(-1)!.t > t0, 3000);
    expect(later.all.packets).toBe(SAMPLE_PACKETS);

    const paused = await svc.handle('capture:pause', undefined);
    expect(paused.ok && (paused.value as SessionInfo).state).toBe('paused');
    replay(pair);
    await new Promise((r) => setTimeout(r, 400));
    expect(latest()!.all.packets).toBe(SAMPLE_PACKETS);
    await svc.handle('capture:resume', undefined);
    replay(pair);
    await until((s) => s.all.packets >= 2 * SAMPLE_PACKETS);

    const out = join(dir, 'export.pcap');
    const ex = await svc.handle('export:run', { kind: 'pcap', path: out });
    expect(ex.ok).toBe(true);
    const stopped = await svc.handle('capture:stop', undefined);
    if (!stopped.ok) throw new Error(stopped.error.message);
    const info = stopped.value as SessionInfo;
    expect(info.state).toBe('stopped');
    expect(info.stopReason).toBe('user');
    const log = info.logging!;
    expect(log.folder).toBe(dir);
    expect(log.pcaps.length).toBe(1);
    const count = (p: string): number =>
      Number(
        /Number of packets:\s+(\d+)/.exec(spawnSync('capinfos', ['-c', '-M', p], { encoding: 'utf8' }).stdout)![1],
      );
    expect(count(log.pcaps[0])).toBe(2 * SAMPLE_PACKETS);
    expect(count(out)).toBe(2 * SAMPLE_PACKETS);
    expect(existsSync(log.flows!)).toBe(true);
    const ev = readFileSync(log.events!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(ev[0].type).toBe('start');
    expect(ev.at(-1).type).toBe('stop');
    svc.dispose();
  });
});

describe.skipIf(SKIP !== null)('engine service: alert delivery from Settings → Delivery', () => {
  it("posts a live scan's alert to the webhook once, and nothing for an opened file", async () => {
    const bodies: { change: string; alert: { type: string; source: string; summary: string } }[] = [];
    const receiver = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString('utf8')));
      req.on('end', () => {
        bodies.push(JSON.parse(text));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const pair = createVethPair({ nsA: true, nsB: false, addresses: false });
    const events: { event: EventName; data: unknown }[] = [];
    const svc = new EngineService({
      emit: <E extends EventName>(event: E, data: EventMap[E]) => events.push({ event, data }),
      probe: false,
      snapshotIntervalMs: 100,
    });
    try {
      svc.configure({
        ...DEFAULT_SETTINGS,
        delivery: { ...DEFAULT_SETTINGS.delivery, webhook: { enabled: true, url, minSeverity: 'warning' } },
      });
      expect(svc.delivery.status().map((c) => c.channel)).toEqual(['webhook']);

      // an opened file raises the scan alert in the app, but sends nothing
      const opened = await svc.handle('file:open', { path: samplePath('cs-synscan-nmap.pcapng') });
      expect(opened.ok).toBe(true);
      const until = async (pred: () => boolean, ms: number, what: string): Promise<void> => {
        const end = Date.now() + ms;
        while (!pred()) {
          if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await until(
        () => events.some((e) => e.event === 'alert' && (e.data as { type: string }).type === 'port-scan'),
        10_000,
        "the file's port-scan alert",
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(bodies).toEqual([]);

      // the same scan replayed live: delivered, once, while the capture goes on
      const started = await svc.handle('capture:start', { interface: pair.ifB, filter: '', log: null });
      if (!started.ok) throw new Error(started.error.message);
      const r = nsExecSync(
        pair.nsA,
        'tcpreplay',
        ['-i', pair.ifA, '--pps=4000', samplePath('cs-synscan-nmap.pcapng')],
        { timeoutMs: 60_000 },
      );
      expect(r.status, r.stderr).toBe(0);
      // the scan settles a few seconds after its last SYN (the live clock moves the detectors on)
      await until(() => bodies.some((b) => b.alert.type === 'port-scan'), 15_000, 'the webhook POST');
      // the snapshots say so, beside the alerts
      const snaps = (): Snapshot[] => events.filter((e) => e.event === 'snapshot').map((e) => e.data as Snapshot);
      await until(() => snaps().at(-1)?.alerts.delivery?.[0]?.sent === 1, 5000, 'a snapshot showing the delivery');
      expect(snaps().at(-1)!.alerts.delivery).toEqual([
        { channel: 'webhook', sent: 1, failed: 0, retried: 0, dropped: 0, queued: 0, lastError: null },
      ]);
      await svc.handle('capture:stop', undefined);
      await new Promise((res) => setTimeout(res, 500));
      const scans = bodies.filter((b) => b.alert.type === 'port-scan');
      expect(scans).toHaveLength(1);
      expect(scans[0].change).toBe('new');
      expect(scans[0].alert.source).toBe('172.16.0.8');
      expect(scans[0].alert.summary).toMatch(/^172\.16\.0\.8 tried [\d,]+ TCP ports on 64\.13\.134\.52/);
      expect(svc.delivery.status()[0]).toMatchObject({ channel: 'webhook', failed: 0, queued: 0 });
    } finally {
      svc.dispose();
      receiver.close();
    }
  });
});
