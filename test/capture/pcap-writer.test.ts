/**
 * PcapWriter: tshark must read back what we wrote, packet for packet; a full disk (a real tiny
 * tmpfs) must give an error value, no exception, and a file tshark still reads.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, openSync, writeSync, closeSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaptureFile } from '../../src/capture/capture-file.js';
import { PcapWriter, type PcapWriterOptions } from '../../src/capture/pcap-writer.js';
import type { RawPacket } from '../../src/capture/raw-packet.js';
import { HAVE_SHARED, SKIP_REASON, samplePath } from '../helpers/shared-pcaps.js';

const dir = mkdtempSync(join(tmpdir(), 'netlens-pcap-writer-'));
const HAVE_TSHARK = existsSync('/usr/bin/tshark');

/** tshark's view of a file: one "len cap_len epoch" line per frame, and what it said on stderr. */
function tsharkFields(file: string): { lines: string[]; stderr: string; status: number | null } {
  const r = spawnSync(
    'tshark',
    ['-r', file, '-T', 'fields', '-e', 'frame.len', '-e', 'frame.cap_len', '-e', 'frame.time_epoch'],
    {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    },
  );
  // tshark warns on stderr when run as root; only its complaints about the file matter here
  const stderr = r.stderr
    .split('\n')
    .filter((l) => l && !/running as user "root"|superuser/i.test(l))
    .join('\n');
  return { lines: r.stdout.split('\n').filter((l) => l.length > 0), stderr, status: r.status };
}

/** Copies every packet of a sample through a PcapWriter. */
function rewrite(source: string, out: string, opts: Partial<PcapWriterOptions> = {}): PcapWriter {
  const r = openCaptureFile(source);
  if (!r.ok) throw new Error(r.error.message);
  const w = PcapWriter.open(out, { linkType: r.value.info.linkTypes[0], ...opts });
  if (!w.ok) throw new Error(w.error.message);
  while (r.value.read((p) => expect(w.value.write(p)).toBe(true)) > 0) {
    // all packets
  }
  r.value.close();
  w.value.close();
  return w.value;
}

describe.skipIf(!HAVE_SHARED || !HAVE_TSHARK)('PcapWriter: tshark reads back what was written', () => {
  it.each([
    ['zeek-wikipedia.pcap', false],
    ['zeek-get-to-ssh-server-nsec.pcap', true],
    ['tcpdump-tcp-handshake-nano-sll.pcap', true],
    ['zeek-tcp-truncated-header-snaplen68.pcap', false],
    ['tcpdump-pptp-bigendian.pcap', false],
    ['cs-http_espn.pcapng', false],
  ])('%s (nanosecond: %s)', (name, nanosecond) => {
    const out = join(dir, `${name}.out.pcap`);
    const w = rewrite(samplePath(name), out, { nanosecond });
    const src = tsharkFields(samplePath(name));
    const got = tsharkFields(out);
    expect(got.status).toBe(0);
    expect(got.stderr).toBe('');
    expect(got.lines).toEqual(src.lines);
    expect(w.packetsWritten).toBe(src.lines.length);
    expect(w.bytesWritten).toBe(statSync(out).size);
    expect(w.error).toBeNull();
  });

  it('cuts packets to the snaplen and writes microseconds from a nanosecond source', () => {
    const out = join(dir, 'snap.pcap');
    rewrite(samplePath('zeek-get-to-ssh-server-nsec.pcap'), out, { snaplen: 60 });
    const want = tsharkFields(samplePath('zeek-get-to-ssh-server-nsec.pcap')).lines.map((l) => {
      const [len, , epoch] = l.split('\t');
      return `${len}\t${Math.min(Number(len), 60)}\t${epoch.slice(0, -3)}000`;
    });
    expect(tsharkFields(out).lines).toEqual(want);
  });
});

if (!HAVE_SHARED || !HAVE_TSHARK) {
  describe('PcapWriter round trip', () => {
    it.skip(HAVE_SHARED ? 'tshark is not installed' : SKIP_REASON, () => {});
  });
}

function packet(bytes: number, tsSec = 1_700_000_000, tsNsec = 123_456_789): RawPacket {
  const buf = Buffer.alloc(bytes + 10, 0xab);
  return { buf, offset: 5, capLen: bytes, origLen: bytes + 4, tsSec, tsNsec, linkType: 1, ifIndex: 0 };
}

describe('PcapWriter basics', () => {
  it('writes a header and records our own reader reads back', () => {
    const out = join(dir, 'basic.pcap');
    const w = PcapWriter.open(out, { linkType: 1, snaplen: 100, nanosecond: true, bufferBytes: 64 });
    if (!w.ok) throw new Error(w.error.message);
    expect(w.value.write(packet(50))).toBe(true);
    expect(w.value.write(packet(150))).toBe(true); // cut to 100
    expect(w.value.write(packet(30, 5, 999_999_999))).toBe(true);
    expect(w.value.packetsWritten).toBe(3);
    expect(w.value.bytesWritten).toBe(24 + 3 * 16 + 50 + 100 + 30);
    w.value.close();
    expect(w.value.write(packet(1))).toBe(false); // closed
    w.value.close();
    const r = openCaptureFile(out);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.info.interfaces).toEqual([{ linkType: 1, snaplen: 100, tsResolution: 'ns' }]);
    const seen: string[] = [];
    r.value.read((p) => seen.push(`${p.capLen}/${p.origLen}@${p.tsSec}.${p.tsNsec}:${p.buf[p.offset]}`));
    expect(seen).toEqual([
      '50/54@1700000000.123456789:171',
      '100/154@1700000000.123456789:171',
      '30/34@5.999999999:171',
    ]);
    r.value.close();
  });

  it('a packet whose lengths overrun its buffer is written with what is there', () => {
    const out = join(dir, 'overrun.pcap');
    const w = PcapWriter.open(out, { linkType: 1 });
    if (!w.ok) throw new Error(w.error.message);
    expect(w.value.write({ ...packet(10), capLen: 1000 })).toBe(true);
    w.value.close();
    expect(statSync(out).size).toBe(24 + 16 + 15); // the 15 bytes after offset 5
  });

  it('bad options and unwritable paths are error values', () => {
    const lt = PcapWriter.open(join(dir, 'x.pcap'), { linkType: 70000 });
    expect(!lt.ok && lt.error.code).toBe('usage');
    const snap = PcapWriter.open(join(dir, 'x.pcap'), { linkType: 1, snaplen: 0 });
    expect(!snap.ok && snap.error.code).toBe('usage');
    const missing = PcapWriter.open(join(dir, 'no-such-dir', 'x.pcap'), { linkType: 1 });
    expect(!missing.ok && missing.error.code).toBe('write-failed');
    expect(!missing.ok && missing.error.hint).toMatch(/folder does not exist/);
    const isDir = PcapWriter.open(dir, { linkType: 1 });
    expect(!isDir.ok && isDir.error.code).toBe('write-failed');
  });
});

// A real full disk: a 64 KiB tmpfs. Needs root (mount); skipped with the reason otherwise.
const mountPoint = join(dir, 'tiny');
let mountError: string | null = null;
try {
  execFileSync('mkdir', ['-p', mountPoint]);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { stdio: 'pipe' });
} catch (err) {
  mountError = `cannot mount a tmpfs to fill (${(err as Error).message.split('\n')[0]}); needs root`;
}
afterAll(() => {
  // unmount first, even when a test failed, so the temp dir can go
  if (mountError === null) spawnSync('umount', [mountPoint]);
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(mountError !== null)('PcapWriter on a full disk', () => {
  it.each([
    ['1 MiB buffer', undefined],
    ['4 KiB buffer', 4096],
  ])('reports disk-full, keeps going without throwing, leaves whole records (%s)', (label, bufferBytes) => {
    const out = join(mountPoint, `full-${bufferBytes ?? 'default'}.pcap`);
    const w = PcapWriter.open(out, { linkType: 1, bufferBytes });
    if (!w.ok) throw new Error(w.error.message);
    let refused = 0;
    for (let i = 0; i < 100_000 && refused < 5; i++) {
      if (!w.value.write(packet(100 + (i % 500), 1_700_000_000 + i, i))) refused++;
    }
    expect(refused, label).toBe(5); // the disk filled, and later writes kept returning false
    expect(w.value.error?.code).toBe('disk-full');
    expect(w.value.error?.message).toMatch(/full/);
    expect(w.value.error?.hint.length).toBeGreaterThan(0);
    w.value.flush();
    w.value.close();
    const size = statSync(out).size;
    expect(w.value.bytesWritten).toBe(size);
    expect(w.value.packetsWritten).toBeGreaterThan(0);
    if (HAVE_TSHARK) {
      const t = tsharkFields(out);
      expect(t.status).toBe(0);
      expect(t.stderr).toBe(''); // no "cut short in the middle of a packet"
      expect(t.lines.length).toBe(w.value.packetsWritten);
    }
    const r = openCaptureFile(out);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.read(() => {})).toBe(w.value.packetsWritten);
    expect(r.value.info.truncated).toBe(false);
    r.value.close();
    rmSync(out); // room for the next case
  });

  it('opening a file on a disk with no room at all is a disk-full error value, and leaves no file', () => {
    const filler = join(mountPoint, 'filler');
    const fd = openSync(filler, 'w');
    const block = Buffer.alloc(4096, 1);
    try {
      for (let i = 0; i < 1000; i++) writeSync(fd, block);
    } catch {
      // ENOSPC: the disk is full now
    } finally {
      closeSync(fd);
    }
    const w = PcapWriter.open(join(mountPoint, 'late.pcap'), { linkType: 1 });
    expect(!w.ok && w.error.code).toBe('disk-full');
    expect(readdirSync(mountPoint)).toEqual(['filler']);
    rmSync(filler);
  });
});

if (mountError !== null) {
  describe('PcapWriter on a full disk', () => {
    it.skip(mountError ?? '', () => {});
  });
}
