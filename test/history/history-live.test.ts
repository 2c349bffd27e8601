/**
 * Acceptance 1 of issue 14: a 5-minute live replay over a veth pair into the real engine
 * (EngineService with history on) while the test queries history through the contract. After
 * the stop, per-minute bytes by host in history equal exactly what the analyzer saw in each
 * minute (the session's own pcap log, counted per minute and address), and the flows history
 * kept equal the session's flows CSV, row for row. NETLENS_HISTORY_LIVE_SECONDS shortens it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventMap, EventName } from '../../src/api/contract.js';
import type { HistoryFlow, HistorySession, UsageResult } from '../../src/api/history.js';
import type { SessionInfo } from '../../src/api/session.js';
import { openCaptureFile } from '../../src/capture/capture-file.js';
import { EngineService } from '../../src/service/engine-service.js';
import { writeHomeTraffic } from '../helpers/home-traffic-capture.js';
import {
  cleanupNetns,
  collect,
  createVethPair,
  hasCommand,
  netnsUnavailableReason,
  nsSpawn,
} from '../helpers/netns.js';

const SECONDS = Number(process.env.NETLENS_HISTORY_LIVE_SECONDS ?? 300);
const PPS = 200;
const SKIP = netnsUnavailableReason() ?? (hasCommand('tcpreplay') ? null : 'missing tool: tcpreplay');
if (SKIP) console.warn(`history live test skipped: ${SKIP}`);

const dir = mkdtempSync(join(tmpdir(), 'nl-history-live-'));
afterAll(() => {
  cleanupNetns();
  rmSync(dir, { recursive: true, force: true });
});

/** Bytes per minute and IPv4 address in a pcap (each packet counts for its source and destination). */
function minuteHostBytes(pcap: string): Map<string, number> {
  const m = new Map<string, number>();
  const r = openCaptureFile(pcap);
  if (!r.ok) throw new Error(r.error.message);
  const add = (k: string, n: number): void => void m.set(k, (m.get(k) ?? 0) + n);
  while (
    r.value.read((p) => {
      const b = p.buf;
      const o = p.offset;
      if (p.capLen < 34 || b.readUInt16BE(o + 12) !== 0x0800) return;
      const minute = Math.floor(p.tsSec / 60);
      add(`${minute}|${[...b.subarray(o + 26, o + 30)].join('.')}`, p.origLen);
      add(`${minute}|${[...b.subarray(o + 30, o + 34)].join('.')}`, p.origLen);
    }, 4096) > 0
  );
  r.value.close();
  return m;
}

describe.skipIf(SKIP !== null)('history, live', () => {
  it(
    `keeps every minute of a ${SECONDS} s live replay exactly, and every flow`,
    async () => {
      const pcap = join(dir, 'home.pcap');
      writeHomeTraffic(pcap, { start: 1_700_000_000, seconds: SECONDS, packetsPerSec: PPS, locals: 5, remotes: 40 });
      const pair = createVethPair({ nsA: true, nsB: false, addresses: false });
      const events: { event: EventName; data: unknown }[] = [];
      const svc = new EngineService({
        emit: <E extends EventName>(event: E, data: EventMap[E]) => events.push({ event, data }),
        probe: false,
        history: { path: join(dir, 'data', 'history.duckdb') },
      });
      const ask = async <T>(channel: string, args?: unknown): Promise<T> => {
        const r = await svc.handle(channel, args);
        if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
        return r.value as T;
      };
      const started = Date.now() / 1000;
      await ask('capture:start', { interface: pair.ifB, filter: '', log: { folder: dir, rotateMb: 0 } });
      const replay = nsSpawn(pair.nsA, 'tcpreplay', ['-i', pair.ifA, `--pps=${PPS}`, pcap]);
      const replayed = collect(replay, (SECONDS + 120) * 1000);
      // while it runs: history answers, and what it holds grows
      let seen = 0;
      let done = false;
      void replayed.then(() => (done = true));
      while (!done) {
        await new Promise((r) => setTimeout(r, Math.min(30_000, (SECONDS * 1000) / 5)));
        const u = await ask<UsageResult>('history:usage', {
          from: started - 60,
          to: Date.now() / 1000 + 60,
          by: 'host',
        });
        const total = u.totals.bytesIn + u.totals.bytesOut;
        expect(total).toBeGreaterThanOrEqual(seen);
        seen = total;
      }
      expect(seen).toBeGreaterThan(0);
      const r = await replayed;
      expect(r.code, r.stderr).toBe(0);
      await new Promise((res) => setTimeout(res, 1000));
      const stopped = await ask<SessionInfo>('capture:stop');
      // the last write lands: the session is stopped in history
      let s: HistorySession | undefined;
      for (let i = 0; i < 100 && !s?.stoppedAt; i++) {
        await new Promise((res) => setTimeout(res, 100));
        [s] = await ask<HistorySession[]>('history:sessions', { limit: 1 });
      }
      expect(s?.stoppedAt).not.toBeNull();

      const oracle = minuteHostBytes(stopped.logging!.pcaps[0]);
      const minutes = [...oracle.keys()].map((k) => Number(k.split('|')[0]));
      const first = Math.min(...minutes);
      const last = Math.max(...minutes);
      const edges = Array.from({ length: last - first + 2 }, (_, i) => (first + i) * 60);
      const got = new Map<string, number>();
      for (const by of ['host', 'local'] as const) {
        const u = await ask<UsageResult>('history:usage', { from: edges[0], to: edges.at(-1)!, edges, by, top: 100 });
        for (const b of u.buckets)
          u.groups.forEach((g, i) => {
            if (b.bytes[i] === 0) return;
            const k = `${b.start / 60}|${g.key}`;
            got.set(k, (got.get(k) ?? 0) + b.bytes[i]);
          });
      }
      expect(minutes.length / 45).toBeGreaterThan(Math.floor(SECONDS / 60) - 1);
      expect(got.size).toBe(oracle.size);
      for (const [k, v] of oracle) expect(got.get(k), k).toBe(v);

      // flows: the same rows as the session's flows CSV
      const csv = readFileSync(stopped.logging!.flows!, 'utf8').trim().split('\n').slice(1);
      const want = csv
        .map((line) => {
          const [protocol, a, aPort, b, bPort, , , bytesAtoB, , bytesBtoA] = line.split(',');
          return `${protocol} ${a}:${aPort} ${b}:${bPort} ${bytesAtoB}/${bytesBtoA}`;
        })
        .sort();
      const kept: HistoryFlow[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await ask<{ rows: HistoryFlow[]; total: number }>('history:flows', {
          from: started - 3600,
          to: Date.now() / 1000 + 60,
          session: s!.id,
          offset,
          limit: 1000,
        });
        kept.push(...page.rows);
        if (kept.length >= page.total) break;
      }
      const have = kept
        .map((f) => {
          const [a, ap, b, bp] = f.outbound
            ? [f.local, f.localPort, f.remote, f.remotePort]
            : [f.remote, f.remotePort, f.local, f.localPort];
          const [ab, ba] = f.outbound ? [f.bytesOut, f.bytesIn] : [f.bytesIn, f.bytesOut];
          return `${f.protocol} ${a}:${ap} ${b}:${bp} ${ab}/${ba}`;
        })
        .sort();
      expect(want.length).toBeGreaterThan(100);
      expect(have).toEqual(want);
      expect(events.filter((e) => e.event === 'error')).toEqual([]);
      await svc.shutdown();
    },
    (SECONDS + 240) * 1000,
  );
});
