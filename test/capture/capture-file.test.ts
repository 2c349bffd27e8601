/**
 * openCaptureFile against tshark's ground truth for every shared sample, and the error values
 * for things that are not captures.
 */
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaptureFile, type CaptureFileReader } from '../../src/capture/capture-file.js';
import { HAVE_SHARED, SKIP_REASON, sampleNames, samplePath, truthFor } from '../helpers/shared-pcaps.js';

const dir = mkdtempSync(join(tmpdir(), 'netlens-capture-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ts(sec: number, nsec: number): string {
  return `${sec}.${String(nsec).padStart(9, '0')}`;
}

interface Summary {
  packets: number;
  bytesOrig: number;
  bytesCap: number;
  first: string | null;
  last: string | null;
  perInterface: Record<string, number>;
}

function summarize(reader: CaptureFileReader, batch?: number): Summary {
  const s: Summary = { packets: 0, bytesOrig: 0, bytesCap: 0, first: null, last: null, perInterface: {} };
  let sec = 0;
  let nsec = 0;
  const onPacket = (p: { tsSec: number; tsNsec: number; capLen: number; origLen: number; ifIndex: number }): void => {
    s.packets++;
    s.bytesOrig += p.origLen;
    s.bytesCap += p.capLen;
    if (s.first === null) s.first = ts(p.tsSec, p.tsNsec);
    sec = p.tsSec;
    nsec = p.tsNsec;
    s.perInterface[p.ifIndex] = (s.perInterface[p.ifIndex] ?? 0) + 1;
  };
  for (let guard = 0; guard < 10_000_000; guard++) {
    if (reader.read(onPacket, batch) === 0) break;
  }
  if (s.packets > 0) s.last = ts(sec, nsec);
  return s;
}

const resolutionName: Record<string, string> = { us: 'microsecond', ns: 'nanosecond' };

describe.skipIf(!HAVE_SHARED)('openCaptureFile on the shared samples equals tshark', () => {
  it.each(sampleNames())('%s', (name) => {
    const truth = truthFor(name);
    const r = openCaptureFile(samplePath(name));
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    const reader = r.value;
    expect(reader.info.format).toBe(truth.header.format);
    expect(reader.info.byteOrder).toBe(truth.header.endianness);
    // Interfaces are all known once the file is open (pcapng IDBs come before packets).
    const ifaces = reader.info.interfaces.map((i) => {
      const o: Record<string, unknown> = {
        linktype: i.linkType,
        snaplen: i.snaplen,
        ts_resolution: resolutionName[i.tsResolution] ?? i.tsResolution,
      };
      if (i.name !== undefined) o.name = i.name;
      return o;
    });
    expect(ifaces).toEqual(truth.header.interfaces);
    const distinct = [...new Set(truth.header.interfaces.map((i: { linktype: number }) => i.linktype))];
    expect(reader.info.linkTypes).toEqual(distinct);

    const s = summarize(reader);
    expect(s.packets).toBe(truth.packets);
    expect(reader.packetsRead).toBe(truth.packets);
    expect(s.bytesOrig).toBe(truth.bytes_total_frame_len);
    expect(s.bytesCap).toBe(truth.bytes_total_cap_len);
    expect(s.first).toBe(truth.first_ts_epoch);
    expect(s.last).toBe(truth.last_ts_epoch);
    if (truth.header.format === 'pcapng') expect(s.perInterface).toEqual(truth.packets_per_interface);
    const cutShort = (truth.notes as string[]).some((n) => n.includes('cut short'));
    expect(reader.info.truncated).toBe(cutShort);
    expect(reader.info.corrupt).toBe(false);
    if (cutShort)
      expect(reader.info.warnings.join('\n')).toMatch(/ends in the middle of packet \d+ \(\d+ of \d+ bytes\)/);
    else expect(reader.info.warnings).toEqual([]);
    expect(reader.error).toBeNull();
    expect(reader.read(() => {})).toBe(0); // stays at the end
    reader.close();
    reader.close(); // idempotent
    expect(reader.read(() => {})).toBe(0);
  });

  it.each(sampleNames())('%s: tiny chunks and small batches give the same packets', (name) => {
    const whole = openCaptureFile(samplePath(name));
    const tiny = openCaptureFile(samplePath(name), { chunkBytes: 64 });
    if (!whole.ok || !tiny.ok) throw new Error('open failed');
    const a = summarize(whole.value);
    const b = summarize(tiny.value, 7);
    expect(b).toEqual(a);
    expect(tiny.value.info).toEqual(whole.value.info);
    whole.value.close();
    tiny.value.close();
  });

  it.each([
    ['zeek-wikipedia.pcap', undefined],
    ['cs-http_espn.pcapng', 256],
    ['derived-wikipedia-cutshort.pcap', 100],
  ])('%s through a pipe (no size, no seeking; chunk %s)', (name, chunkBytes) => {
    const fifo = join(dir, `pipe-${name}`);
    execFileSync('mkfifo', [fifo]);
    // a separate process writes: openSync on a FIFO blocks until a writer opens it
    const child = spawn('sh', ['-c', 'cat "$0" > "$1"', samplePath(name), fifo], { stdio: 'ignore' });
    const r = openCaptureFile(fifo, { chunkBytes });
    if (!r.ok) throw new Error(r.error.message);
    const truth = truthFor(name);
    const s = summarize(r.value, 10);
    expect([s.packets, s.bytesOrig, s.first, s.last]).toEqual([
      truth.packets,
      truth.bytes_total_frame_len,
      truth.first_ts_epoch,
      truth.last_ts_epoch,
    ]);
    expect(r.value.info.truncated).toBe(name.includes('cutshort'));
    r.value.close();
    child.kill();
  });

  it('the cut-short sample: 100 whole packets, then a warning naming packet 101', () => {
    const r = openCaptureFile(samplePath('derived-wikipedia-cutshort.pcap'));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.read(() => {}, 100)).toBe(100);
    expect(r.value.info.truncated).toBe(false); // not known until reading reaches the end
    expect(r.value.read(() => {})).toBe(0);
    expect(r.value.info.truncated).toBe(true);
    expect(r.value.info.warnings[0]).toMatch(/^file ends in the middle of packet 101 \(\d+ of \d+ bytes\)$/);
    r.value.close();
  });
});

if (!HAVE_SHARED) {
  describe('shared samples', () => {
    it.skip(SKIP_REASON, () => {});
  });
}

describe('openCaptureFile: not a capture', () => {
  function write(name: string, data: Buffer | string): string {
    const p = join(dir, name);
    writeFileSync(p, data);
    return p;
  }

  it('a text file: not-a-capture naming the file and the bytes found', () => {
    const p = write('x.txt', '<html><body>hello</body></html>');
    const r = openCaptureFile(p);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('not-a-capture');
    expect(r.error.message).toBe(`${p} is not a capture file: expected a pcap or pcapng header`);
    expect(r.error.hint).toMatch(/editcap/);
  });

  it('an empty file and a 2-byte file', () => {
    const empty = openCaptureFile(write('empty.pcap', Buffer.alloc(0)));
    expect(!empty.ok && empty.error.code).toBe('not-a-capture');
    expect(!empty.ok && empty.error.message).toMatch(/empty/);
    const tiny = openCaptureFile(write('tiny.pcap', Buffer.from([0xd4, 0xc3])));
    expect(!tiny.ok && tiny.error.message).toMatch(/only 2 bytes long/);
  });

  it('a pcap cut inside its header', () => {
    const r = openCaptureFile(write('half.pcap', Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0])));
    expect(!r.ok && r.error.code).toBe('not-a-capture');
    expect(!r.ok && r.error.message).toMatch(/ends inside its pcap header \(8 of 24 bytes\)/);
  });

  it('xz, bzip2: says to decompress first; a damaged or empty gzip says what it holds', () => {
    const xz = openCaptureFile(write('x.pcap.xz', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0])));
    expect(!xz.ok && xz.error.code).toBe('not-a-capture');
    expect(!xz.ok && xz.error.hint).toMatch(/unxz/);
    const bz = openCaptureFile(write('x.pcap.bz2', Buffer.from([0x42, 0x5a, 0x68, 0x39])));
    expect(!bz.ok && bz.error.hint).toMatch(/bunzip2/);
    const gz = openCaptureFile(write('x.pcap.gz', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0])));
    expect(!gz.ok && gz.error.message).toMatch(/gzip-compressed, but holds no capture/);
    const bad = openCaptureFile(
      write('bad.gz', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0])),
    );
    expect(!bad.ok && bad.error.code).toBe('file-unreadable');
    expect(!bad.ok && bad.error.message).toMatch(/gzip-compressed, but the gzip data is damaged/);
  });

  it('a modified (Kuznetzov) pcap is unsupported, with a conversion hint', () => {
    const r = openCaptureFile(write('kuz.pcap', Buffer.from([0x34, 0xcd, 0xb2, 0xa1, 2, 0, 4, 0])));
    expect(!r.ok && r.error.code).toBe('unsupported-capture');
    expect(!r.ok && r.error.hint).toMatch(/editcap/);
  });

  it('a pcap of another major version is unsupported', () => {
    const h = Buffer.alloc(24);
    h.writeUInt32LE(0xa1b2c3d4, 0);
    h.writeUInt16LE(3, 4);
    const r = openCaptureFile(write('v3.pcap', h));
    expect(!r.ok && r.error.code).toBe('unsupported-capture');
  });

  it('a directory', () => {
    const d = join(dir, 'adir');
    mkdirSync(d);
    const r = openCaptureFile(d);
    expect(!r.ok && r.error.code).toBe('not-a-capture');
    expect(!r.ok && r.error.message).toBe(`${d} is a directory, not a capture file`);
  });

  it('a missing file, and a path through a file', () => {
    const r = openCaptureFile(join(dir, 'nope.pcap'));
    expect(!r.ok && r.error.code).toBe('file-not-found');
    expect(!r.ok && r.error.message).toContain('nope.pcap');
    expect(!r.ok && r.error.hint.length).toBeGreaterThan(0);
    const t = write('afile', 'x');
    expect(openCaptureFile(join(t, 'inner.pcap')).ok).toBe(false);
  });

  it('a file without read permission (skipped as root, who can read anything)', () => {
    const p = write('secret.pcap', Buffer.alloc(24));
    chmodSync(p, 0o000);
    const r = openCaptureFile(p);
    if (process.getuid?.() === 0) {
      expect(!r.ok && r.error.code).toBe('not-a-capture'); // root reads it: 24 zero bytes
    } else {
      expect(!r.ok && r.error.code).toBe('file-unreadable');
    }
  });
});
