/**
 * The recorder against tshark: a generated home-network capture replayed through the pipeline
 * into a real store; per-minute bytes by host in history equal tshark's sums for the same minutes,
 * and the flows kept equal the pipeline's flows CSV rows.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaptureFile } from '../../src/capture/capture-file.js';
import { HistoryRecorder } from '../../src/history/history-recorder.js';
import { HistoryStore } from '../../src/history/history-store.js';
import { PacketPipeline } from '../../src/session/pipeline.js';
import { writeHomeTraffic } from '../helpers/home-traffic-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'netlens-hist-rec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hasTshark = spawnSync('tshark', ['--version']).status === 0;

/** tshark's per-minute bytes per IPv4 address (each packet counts for its source and its destination). */
function tsharkMinuteHostBytes(pcap: string): Map<string, number> {
  const r = spawnSync(
    'tshark',
    ['-r', pcap, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'ip.src', '-e', 'ip.dst', '-e', 'frame.len'],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    },
  );
  const m = new Map<string, number>();
  for (const line of r.stdout.split('\n')) {
    const [t, src, dst, len] = line.split('\t');
    if (!src) continue;
    const minute = Math.floor(Number(t) / 60);
    for (const h of [src, dst]) m.set(`${minute}|${h}`, (m.get(`${minute}|${h}`) ?? 0) + Number(len));
  }
  return m;
}

describe.skipIf(!hasTshark)('the history recorder (tshark as the oracle)', () => {
  it('keeps per-minute bytes by host exactly, and every flow', async () => {
    const pcap = join(dir, 'home.pcap');
    const start = Math.floor(Date.now() / 1000 / 3600) * 3600 - 7200 + 17; // two hours ago, off the minute
    writeHomeTraffic(pcap, { start, seconds: 1500, packetsPerSec: 40, locals: 4, remotes: 30 });
    const opened = await HistoryStore.open(join(dir, 'history.duckdb'));
    if (!opened.ok) throw new Error(opened.error.message);
    const store = opened.value;
    const pipeline = new PacketPipeline({ alerts: false });
    const base = {
      kind: 'file' as const,
      iface: '',
      network: '',
      filter: '',
      file: pcap,
      started: start,
      stopped: null,
      lastSeen: start,
      stopReason: null,
      packets: 0,
      bytes: 0,
      dropped: null,
    };
    const id = await store.beginSession(base);
    const rec = new HistoryRecorder({
      sink: store,
      session: { ...base, id },
      analyzer: pipeline.analyzer,
      flushMs: 3_600_000,
    });
    pipeline.addObserver(rec);
    const reader = openCaptureFile(pcap);
    if (!reader.ok) throw new Error(reader.error.message);
    // several writes while it reads: the open minutes are rewritten whole each time
    while (reader.value.read((p) => pipeline.push(p), 5000) > 0) await rec.flush();
    reader.value.close();
    const flows = pipeline.flows();
    rec.flowsEnded(flows);
    await rec.stop('end-of-file');

    const oracle = tsharkMinuteHostBytes(pcap);
    const rows = await store.db.db.all<{ minute: number; host: string; b: number }>(
      `SELECT minute, host, sum(b)::DOUBLE b FROM (
         SELECT minute, local AS host, bytes_in + bytes_out AS b FROM usage_minute
         UNION ALL SELECT minute, remote, bytes_in + bytes_out FROM usage_minute) GROUP BY ALL`,
    );
    const got = new Map(rows.map((r) => [`${r.minute}|${r.host}`, r.b]));
    expect(got.size).toBe(oracle.size);
    expect(got.size).toBeGreaterThan(25 * 30);
    for (const [k, v] of oracle) expect(got.get(k), k).toBe(v);

    const kept = await store.db.db.all<{ n: number; bi: number; bo: number }>(
      'SELECT count(*)::DOUBLE n, sum(bytes_in)::DOUBLE bi, sum(bytes_out)::DOUBLE bo FROM flows WHERE session = ?',
      [id],
    );
    expect(kept[0].n).toBe(flows.length);
    expect(kept[0].bi + kept[0].bo).toBe(flows.reduce((s, f) => s + f.bytesAtoB + f.bytesBtoA, 0));
    // the local side is the 192.168 device, whichever end sent first
    const sides = await store.db.db.all<{ n: number }>(
      "SELECT count(*)::DOUBLE n FROM flows WHERE local NOT LIKE '192.168.77.%'",
    );
    expect(sides[0].n).toBe(0);
    await store.close();
  });
});
