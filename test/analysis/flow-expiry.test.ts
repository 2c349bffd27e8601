/**
 * Live expiry: idle flows leave the tables into the flows log (TCP closed + 60 s, never
 * established 120 s, UDP 120 s), the totals keep every packet, and the rows expired plus the
 * rows left are every flow. On main nothing ever left the tables.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFlowsCapture } from '../../bench/flows-capture.js';
import { openCaptureFile } from '../../src/capture/capture-file.js';
import type { RawPacket } from '../../src/capture/raw-packet.js';
import { PacketPipeline, type FlowRow } from '../../src/session/pipeline.js';
import { SessionLog } from '../../src/session/session-log.js';

const dir = mkdtempSync(join(tmpdir(), 'netlens-expiry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 20,000 one-packet flows in 0.2 s, then one more packet a second from 300 s to 315 s. */
function run(p: PacketPipeline): void {
  const f = join(dir, 'flows.pcap');
  writeFlowsCapture(f, 20_001);
  const r = openCaptureFile(f);
  if (!r.ok) throw new Error(r.error.message);
  let last: RawPacket | null = null;
  while (
    r.value.read((pk) => {
      if (p.analyzer.packets < 20_000) p.push(pk);
      else last = { ...pk, buf: Buffer.from(pk.buf.subarray(pk.offset, pk.offset + pk.capLen)), offset: 0 };
    }) > 0
  );
  r.value.close();
  const late = last as unknown as RawPacket;
  for (let s = 0; s <= 15; s++) p.push({ ...late, tsSec: late.tsSec + 300 + s });
}

describe('flow expiry', () => {
  it('idle flows go to the flows log; totals stay exact; expired + left = every flow', () => {
    const p = new PacketPipeline({ alerts: false });
    const expired: FlowRow[] = [];
    p.enableExpiry((rows) => expired.push(...rows));
    run(p);
    const an = p.analyzer;
    expect(an.packets).toBe(20_016);
    // the 10,000 UDP flows were idle 300 s (> 120), the 10,000 SYN-only TCP ones too (never established)
    expect(an.expired.udp).toBe(10_000);
    expect(an.expired.tcp).toBe(10_000);
    expect(expired.length).toBe(20_000);
    expect(an.udpConversations.size + an.tcpStreams.size).toBe(1);
    expect(new Set(expired.map((r) => `${r.protocol} ${r.a}:${r.aPort} ${r.b}:${r.bPort}`)).size).toBe(20_000);
    expect(expired.reduce((n, r) => n + r.packetsAtoB + r.packetsBtoA, 0)).toBe(20_000);
    const report = p.report({ path: 'x', format: 'live', linkTypes: [1], truncated: false, warnings: [] });
    expect(report.expired).toMatchObject({ tcp: 10_000, udp: 10_000 });
    expect(report.packets).toBe(20_016);
    // rows are reused: the tables did not grow past the first burst
    expect(an.udpConversations.end).toBeLessThanOrEqual(10_001);
  });

  it('without expiry (files), every flow stays', () => {
    const p = new PacketPipeline({ alerts: false });
    run(p);
    expect(p.analyzer.expired.udp).toBe(0);
    expect(p.analyzer.udpConversations.size + p.analyzer.tcpStreams.size).toBe(20_001);
  });

  it('the flows CSV gets the expired rows as they go and the rest at the end, under one header', () => {
    const logDir = join(dir, 'log');
    mkdirSync(logDir);
    const opened = SessionLog.open({
      iface: 'eth0',
      filter: '',
      linkType: 1,
      snaplen: 65535,
      logDir,
      pcapPath: null,
      rotateBytes: 0,
      rotateSeconds: 0,
      nanosecond: false,
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const log = opened.value;
    const row = (i: number): FlowRow => ({
      protocol: 'udp',
      a: '10.0.0.1',
      aPort: i,
      b: '10.0.0.2',
      bPort: 53,
      service: 'dns',
      packetsAtoB: 1,
      bytesAtoB: 60,
      packetsBtoA: 0,
      bytesBtoA: 0,
      start: 1000 + i,
      duration: 0,
    });
    log.appendFlows([row(1), row(2)]);
    log.appendFlows([row(3)]);
    log.close([row(4)]);
    const csv = readFileSync(
      join(
        logDir,
        readdirSync(logDir).find((f) => f.endsWith('.flows.csv'))!,
      ),
      'utf8',
    )
      .trim()
      .split('\n');
    expect(csv[0]).toMatch(/^protocol,a,a_port/);
    expect(csv.slice(1).map((l) => l.split(',')[2])).toEqual(['1', '2', '3', '4']);
  });
});
