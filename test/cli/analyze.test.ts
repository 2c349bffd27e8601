/** `netlens analyze` as a user runs it: the built command, real files, exit codes and output. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HAVE_SHARED, samplePath, truthFor } from '../helpers/shared-pcaps.js';
import { ip4Number, openTcpFrameFile } from '../helpers/tcp-frames.js';

const execFileP = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/netlens.js');

async function netlens(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileP('node', [BIN, ...args], { maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('netlens analyze: bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netlens-analyze-'));

  it('a file that is not a capture: exit 2, one line naming the file and what was expected, a hint, no stack', async () => {
    const f = join(dir, 'notes.txt');
    writeFileSync(f, '<html>hello</html>\n');
    const r = await netlens('analyze', f);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^netlens: .*notes\.txt.*pcap/);
    expect(lines[1]).toMatch(/^ {2}hint: /);
    expect(lines).toHaveLength(2);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('a missing file: exit 2 with the name', async () => {
    const r = await netlens('analyze', join(dir, 'nope.pcap'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.pcap');
  });

  it('no file and a bad --top: usage errors, exit 2', async () => {
    expect((await netlens('analyze')).code).toBe(2);
    const r = await netlens('analyze', '--top', 'lots', 'x.pcap');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--top takes a whole number');
  });
});

describe('netlens analyze: damaged timestamps', () => {
  it('a record with usec 0xffffffff counts as malformed at its whole second; the duration stays true', async () => {
    // issue 11: the impossible fraction was carried 4,294 s forward: first time after last, duration negative
    const dir = mkdtempSync(join(tmpdir(), 'netlens-analyze-ts-'));
    const f = join(dir, 'bad-ts.pcap');
    const w = openTcpFrameFile(f);
    for (let i = 0; i < 3; i++)
      w.frame(ip4Number('10.0.0.1'), ip4Number('10.0.0.2'), 40000, 80, 0x02, 1000, 0, 1000 + i, 5000);
    w.close();
    const bytes = readFileSync(f);
    bytes.writeUInt32LE(0xffffffff, 24 + 4); // the first record's microseconds
    writeFileSync(f, bytes);
    const r = await netlens('analyze', '--json', '--no-alerts', f);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.packets).toBe(3);
    expect(j.malformedPackets).toBe(1);
    expect(j.firstTimeText).toBe('1000.000000000');
    expect(j.lastTimeText).toBe('1002.000005000');
    expect(j.durationSec).toBe(2.000005);
    expect(j.source.warnings).toEqual([expect.stringMatching(/packet 1 has an impossible timestamp/)]);
  });
});

describe.skipIf(!HAVE_SHARED)('netlens analyze on a sample', () => {
  it('prints a readable report with totals, protocols, talkers and names', async () => {
    const r = await netlens('analyze', samplePath('zeek-wikipedia.pcap'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Packets\s+136\n/);
    expect(r.stdout).toMatch(/Bytes\s+25,260 /);
    expect(r.stdout).toContain('Protocols');
    expect(r.stdout).toMatch(/Top talkers \(sent\)\n {2}141\.142\.220\.118/);
    expect(r.stdout).toContain('Conversations');
  });

  it('--json prints one object with the documented fields', async () => {
    const r = await netlens('analyze', '--json', '--top', '3', samplePath('cs-http_espn.pcapng'));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const truth = truthFor('cs-http_espn.pcapng');
    expect(j.source).toMatchObject({ format: 'pcapng', linkTypes: [1], truncated: false, warnings: [] });
    expect(j.packets).toBe(truth.packets);
    expect(j.bytes).toBe(truth.bytes_total_frame_len);
    for (const k of [
      'capturedBytes',
      'firstTime',
      'lastTime',
      'malformedPackets',
      'protocols',
      'conversations',
      'endpoints',
      'topTalkers',
      'topListeners',
      'hostnames',
      'timeline',
      'retransmissions',
      'rtt',
      'alerts',
      'suggestions',
    ]) {
      expect(j).toHaveProperty(k);
    }
    expect(j.topTalkers).toHaveLength(3);
    expect(j.conversations.tcp).toHaveLength(truth.conv_tcp.length);
    expect(Object.values(j.hostnames).filter((n) => String(n).endsWith('espn.go.com')).length).toBeGreaterThan(0);
    expect(j.timeline.reduce((s: number, p: { packets: number }) => s + p.packets, 0)).toBe(truth.packets);
  });

  it('a file cut short: every whole packet, truncated true, a warning on stderr, exit 0', async () => {
    const r = await netlens('analyze', '--json', samplePath('derived-wikipedia-cutshort.pcap'));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.packets).toBe(100);
    expect(j.source.truncated).toBe(true);
    expect(j.source.warnings.length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/warning/);
  });
});
