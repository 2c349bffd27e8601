/**
 * Bounded memory on a capture where every packet is a new flow (a port scan or DDoS): `analyze
 * --json` keeps every conversation (exact) in compact tables and writes the report as a stream.
 * On the main of issue 11, 300,000 such packets took over 1 GB (about 3.4 KB a flow); 1M took
 * 3.4 GB and 2M ended in "Invalid string length" with nothing printed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFlowsCapture } from '../../bench/flows-capture.js';

const BIN = resolve(import.meta.dirname, '../../bin/netlens.js');
const dir = mkdtempSync(join(tmpdir(), 'netlens-flow-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('memory per flow', () => {
  it('300,000 new flows: every conversation in valid JSON, peak RSS under 300 MB', () => {
    const n = 300_000;
    const pcap = join(dir, 'flows.pcap');
    const out = join(dir, 'out.json');
    writeFlowsCapture(pcap, n);
    // /usr/bin/time prints the child's peak RSS (KB) on stderr; the report goes to a file
    const run = spawnSync('bash', ['-c', `/usr/bin/time -f '%M' node "${BIN}" analyze --json "${pcap}" > "${out}"`], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    const peakMb = Number(run.stderr.trim().split('\n').pop()) / 1024;
    const r = JSON.parse(readFileSync(out, 'utf8'));
    expect(r.packets).toBe(n);
    expect(r.conversations.tcp.length + r.conversations.udp.length).toBe(n);
    expect(r.counts).toMatchObject({ tcp: n / 2, udp: n / 2 });
    expect(r.conversations.udp[12345]).toMatchObject({ packetsAtoB: 1, packetsBtoA: 0, bPort: 9000 });
    console.log(`300,000 flows: peak RSS ${peakMb.toFixed(0)} MB`);
    expect(peakMb).toBeLessThan(300);
  }, 120_000);
});
