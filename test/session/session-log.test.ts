import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../../src/api/errors.js';
import { newRawPacket, type RawPacket } from '../../src/capture/raw-packet.js';
import { SessionLog } from '../../src/session/session-log.js';
import { fileStamp, flowsCsv, safeIfaceName } from '../../src/session/session-log-files.js';

const HAVE_TSHARK = spawnSync('sh', ['-c', 'command -v capinfos']).status === 0;
const IS_ROOT = typeof process.geteuid === 'function' && process.geteuid() === 0;
const dirs: string[] = [];
const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts) spawnSync('umount', ['-l', m]);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'nl-session-log-'));
  dirs.push(d);
  return d;
}

/** An Ethernet/IPv4/UDP frame of `len` bytes (>= 42) from 10.0.0.1:1000+i to 10.0.0.2:53. */
function udpPacket(i: number, len = 100, tsSec = 1_700_000_000 + i): RawPacket {
  const f = Buffer.alloc(len);
  Buffer.from([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0]).copy(f, 0);
  f[14] = 0x45;
  f.writeUInt16BE(len - 14, 16);
  f[22] = 64;
  f[23] = 17;
  Buffer.from([10, 0, 0, 1, 10, 0, 0, 2]).copy(f, 26);
  f.writeUInt16BE(1000 + i, 34);
  f.writeUInt16BE(53, 36);
  f.writeUInt16BE(len - 34, 38);
  const p = newRawPacket();
  Object.assign(p, { buf: f, offset: 0, capLen: len, origLen: len, tsSec, tsNsec: 123_456_789, linkType: 1 });
  return p;
}

function capinfosCount(path: string): number {
  const r = spawnSync('capinfos', ['-c', '-M', path], { encoding: 'utf8' });
  const m = /Number of packets:\s+(\d+)/.exec(r.stdout);
  if (!m) throw new Error(`capinfos could not read ${path}: ${r.stderr}`);
  return Number(m[1]);
}

function events(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

const base = { iface: 'eth0', filter: 'udp', linkType: 1, snaplen: 262144 };

describe('session log names', () => {
  it('stamps files by UTC start time and a safe interface name', () => {
    expect(fileStamp(new Date('2025-11-21T19:44:01.987Z'))).toBe('20251121T194401Z');
    expect(safeIfaceName('\\Device\\NPF_{1234-AB}')).toBe('Device_NPF_1234-AB');
    expect(safeIfaceName('eth0.42')).toBe('eth0.42');
  });

  it('writes flows as CSV with quoting', () => {
    const csv = flowsCsv([
      {
        protocol: 'tcp',
        a: '10.0.0.1',
        aPort: 1,
        b: '10.0.0.2',
        bPort: 80,
        service: 'a,"b"',
        packetsAtoB: 2,
        bytesAtoB: 200,
        packetsBtoA: 1,
        bytesBtoA: 60,
        start: 1700000000.5,
        duration: 1.25,
      },
    ]);
    const [head, row] = csv.trim().split('\n');
    expect(head.split(',')).toContain('bytes_b_to_a');
    expect(row).toBe(
      'tcp,10.0.0.1,1,10.0.0.2,80,"a,""b""",2,200,1,60,3,260,1700000000.500000,2023-11-14T22:13:20.500Z,1.250000',
    );
  });
});

describe('SessionLog', () => {
  it('logs pcap, events and flows into a folder, named by start time and interface', () => {
    const dir = tempDir();
    const start = new Date('2025-01-02T03:04:05Z');
    const r = SessionLog.open({
      ...base,
      logDir: dir,
      startedAt: start,
      nanosecond: true,
      startInfo: { backend: 'test' },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const log = r.value;
    for (let i = 0; i < 10; i++) log.writePacket(udpPacket(i));
    log.totals({ packets: 10, bytes: 1000, dropped: null, packetsPerSec: 1, bitsPerSec: 8, elapsedSec: 10 });
    log.close(
      [
        {
          protocol: 'udp',
          a: '10.0.0.1',
          aPort: 1000,
          b: '10.0.0.2',
          bPort: 53,
          service: 'dns',
          packetsAtoB: 10,
          bytesAtoB: 1000,
          packetsBtoA: 0,
          bytesBtoA: 0,
          start: 1_700_000_000,
          duration: 9,
        },
      ],
      { reason: 'test' },
    );
    const names = readdirSync(dir).sort();
    expect(names).toEqual([
      'netlens-20250102T030405Z-eth0.events.jsonl',
      'netlens-20250102T030405Z-eth0.flows.csv',
      'netlens-20250102T030405Z-eth0.pcap',
    ]);
    const ev = events(join(dir, names[0]));
    expect(ev.map((e) => e.type)).toEqual(['start', 'totals', 'stop']);
    expect(ev[0]).toMatchObject({ interface: 'eth0', filter: 'udp', backend: 'test' });
    expect(ev[1].dropped).toBeNull();
    expect(ev[2]).toMatchObject({ reason: 'test' });
    expect(readFileSync(join(dir, names[1]), 'utf8').split('\n')[1]).toMatch(
      /^udp,10\.0\.0\.1,1000,10\.0\.0\.2,53,dns,10,1000,0,0,10,1000,/,
    );
    if (HAVE_TSHARK) expect(capinfosCount(join(dir, names[2]))).toBe(10);
  });

  it('rotates the pcap by size, every part whole and readable', () => {
    const dir = tempDir();
    const r = SessionLog.open({ ...base, logDir: dir, rotateBytes: 24 + 5 * 116 });
    if (!r.ok) throw new Error(r.error.message);
    for (let i = 0; i < 23; i++) r.value.writePacket(udpPacket(i));
    r.value.close();
    const pcaps = r.value.files.pcaps;
    expect(pcaps.length).toBe(5);
    expect(new Set(pcaps).size).toBe(5);
    if (HAVE_TSHARK) expect(pcaps.map(capinfosCount)).toEqual([5, 5, 5, 5, 3]);
    const ev = events(r.value.files.events!);
    expect(ev.filter((e) => e.type === 'rotate').length).toBe(4);
  });

  it('rotates by time, and names -w parts FILE.2.pcap, FILE.3.pcap', () => {
    const dir = tempDir();
    const path = join(dir, 'out.pcap');
    const r = SessionLog.open({ ...base, pcapPath: path, rotateSeconds: 10 });
    if (!r.ok) throw new Error(r.error.message);
    for (let i = 0; i < 25; i++) r.value.writePacket(udpPacket(i, 100, 1_700_000_000 + i));
    r.value.close();
    expect(r.value.files.pcaps).toEqual([path, join(dir, 'out.2.pcap'), join(dir, 'out.3.pcap')]);
    expect(r.value.files.events).toBeNull();
    if (HAVE_TSHARK) expect(r.value.files.pcaps.map(capinfosCount)).toEqual([10, 10, 5]);
  });

  it('refuses to start when the folder does not exist', () => {
    const r = SessionLog.open({ ...base, logDir: join(tempDir(), 'missing') });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('write-failed');
  });

  it('stops logging with an error when the folder vanishes, and goes on accepting packets', () => {
    const dir = join(tempDir(), 'logs');
    mkdirSync(dir);
    const errors: ErrorInfo[] = [];
    const r = SessionLog.open({ ...base, logDir: dir, onError: (e) => errors.push(e) });
    if (!r.ok) throw new Error(r.error.message);
    r.value.writePacket(udpPacket(1));
    rmSync(dir, { recursive: true });
    r.value.totals({ packets: 1, bytes: 100, dropped: 0, packetsPerSec: 0, bitsPerSec: 0, elapsedSec: 1 });
    expect(errors.length).toBe(1);
    expect(errors[0].message).toMatch(/folder is gone/);
    expect(r.value.active).toBe(false);
    expect(() => r.value.writePacket(udpPacket(2))).not.toThrow();
    r.value.close();
    expect(errors.length).toBe(1);
  });

  it.skipIf(!IS_ROOT)('stops logging on a full disk (1 MB tmpfs) and leaves a readable pcap and events file', () => {
    const dir = tempDir();
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { encoding: 'utf8' });
    if (m.status !== 0) throw new Error(`mount: ${m.stderr}`);
    mounts.push(dir);
    const errors: ErrorInfo[] = [];
    const r = SessionLog.open({ ...base, logDir: dir, onError: (e) => errors.push(e) });
    if (!r.ok) throw new Error(r.error.message);
    for (let i = 0; i < 2000 && r.value.active; i++) {
      r.value.writePacket(udpPacket(i, 1400));
      if (i % 100 === 99)
        r.value.totals({ packets: i, bytes: i * 1400, dropped: 0, packetsPerSec: 0, bitsPerSec: 0, elapsedSec: 1 });
    }
    r.value.close();
    expect(errors.length).toBe(1);
    expect(errors[0].code).toBe('disk-full');
    if (HAVE_TSHARK) {
      const n = capinfosCount(r.value.files.pcaps[0]);
      expect(n).toBeGreaterThan(500);
      expect(n).toBeLessThan(2000);
    }
    const ev = events(r.value.files.events!);
    expect(ev[0].type).toBe('start');
    const last = ev[ev.length - 1];
    // the error event is there unless the disk could not take even that line; every line is whole JSON
    if (last.type === 'error') expect(last.code).toBe('disk-full');
    spawnSync('umount', [dir]);
    mounts.pop();
  });
});
