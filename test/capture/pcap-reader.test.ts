/**
 * The pcap reader on files built here: both byte orders, µs and ns, FCS bits in the link type,
 * records straddling reads, batches, files cut short and impossible lengths.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaptureFile, type CaptureFileReader } from '../../src/capture/capture-file.js';
import { ChunkedFile } from '../../src/capture/chunked-file.js';

const dir = mkdtempSync(join(tmpdir(), 'netlens-pcap-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Rec {
  sec: number;
  frac: number;
  data: Buffer;
  origLen?: number;
  capLen?: number; // lie about the captured length (corruption tests)
}

function pcap(recs: Rec[], o: { le?: boolean; nano?: boolean; linkType?: number; snaplen?: number } = {}): Buffer {
  const le = o.le ?? true;
  const w32 = (b: Buffer, v: number, at: number): number => (le ? b.writeUInt32LE(v, at) : b.writeUInt32BE(v, at));
  const h = Buffer.alloc(24);
  w32(h, o.nano ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  if (le) {
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
  } else {
    h.writeUInt16BE(2, 4);
    h.writeUInt16BE(4, 6);
  }
  w32(h, o.snaplen ?? 65535, 16);
  w32(h, o.linkType ?? 1, 20);
  const parts: Buffer[] = [h];
  for (const r of recs) {
    const rh = Buffer.alloc(16);
    w32(rh, r.sec, 0);
    w32(rh, r.frac, 4);
    w32(rh, r.capLen ?? r.data.length, 8);
    w32(rh, r.origLen ?? r.data.length, 12);
    parts.push(rh, r.data);
  }
  return Buffer.concat(parts);
}

let n = 0;
function open(bytes: Buffer, chunkBytes?: number): CaptureFileReader {
  const p = join(dir, `f${n++}.pcap`);
  writeFileSync(p, bytes);
  const r = openCaptureFile(p, { chunkBytes });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Every packet as plain values (copied out: the RawPacket and its bytes are reused). */
function all(
  reader: CaptureFileReader,
  batch?: number,
): { sec: number; nsec: number; cap: number; orig: number; first: number; lt: number }[] {
  const out: { sec: number; nsec: number; cap: number; orig: number; first: number; lt: number }[] = [];
  while (
    reader.read((p) => {
      expect(p.offset + p.capLen).toBeLessThanOrEqual(p.buf.length);
      out.push({
        sec: p.tsSec,
        nsec: p.tsNsec,
        cap: p.capLen,
        orig: p.origLen,
        first: p.capLen ? p.buf[p.offset] : -1,
        lt: p.linkType,
      });
    }, batch) > 0
  ) {
    // next batch
  }
  return out;
}

const data = (len: number, fill: number): Buffer => Buffer.alloc(len, fill);

describe('pcap reader', () => {
  const recs: Rec[] = [
    { sec: 1_600_000_000, frac: 1, data: data(60, 1) },
    { sec: 1_600_000_001, frac: 999_999, data: data(1514, 2), origLen: 1600 },
    { sec: 4_294_967_295, frac: 0, data: data(0, 0) },
  ];

  it.each([true, false])('microseconds, little-endian=%s', (le) => {
    const r = open(pcap(recs, { le }));
    expect(r.info).toMatchObject({ format: 'pcap', byteOrder: le ? 'little' : 'big', linkTypes: [1] });
    expect(r.info.interfaces).toEqual([{ linkType: 1, snaplen: 65535, tsResolution: 'us' }]);
    expect(all(r)).toEqual([
      { sec: 1_600_000_000, nsec: 1000, cap: 60, orig: 60, first: 1, lt: 1 },
      { sec: 1_600_000_001, nsec: 999_999_000, cap: 1514, orig: 1600, first: 2, lt: 1 },
      { sec: 4_294_967_295, nsec: 0, cap: 0, orig: 0, first: -1, lt: 1 },
    ]);
    expect(r.packetsRead).toBe(3);
    expect(r.info.truncated).toBe(false);
    r.close();
  });

  it.each([true, false])('nanoseconds, little-endian=%s', (le) => {
    const r = open(pcap([{ sec: 7, frac: 999_999_999, data: data(4, 9) }], { le, nano: true, linkType: 113 }));
    expect(r.info.interfaces[0].tsResolution).toBe('ns');
    expect(all(r)).toEqual([{ sec: 7, nsec: 999_999_999, cap: 4, orig: 4, first: 9, lt: 113 }]);
    r.close();
  });

  it('masks FCS information out of the link type and reports the FCS length', () => {
    // LT_FCS_DATALINK_EXT: FCS length in 16-bit words in the top 4 bits, plus the "present" bit
    const r = open(pcap([{ sec: 1, frac: 0, data: data(10, 1) }], { linkType: (2 << 28) | 0x04000000 | 1 }));
    expect(r.info.linkTypes).toEqual([1]);
    expect(r.info.interfaces[0]).toMatchObject({ linkType: 1, fcsLen: 4 });
    expect(all(r)[0].lt).toBe(1);
    r.close();
  });

  it('an impossible fraction (usec 0xffffffff, ns 1e9) is flagged, with a warning, at its whole second', () => {
    // issue 11: the fraction was carried into the seconds, so one damaged record put the
    // packet 71 minutes later and the capture's duration went negative
    for (const nano of [false, true]) {
      const r = open(
        pcap(
          [
            { sec: 10, frac: 0xffffffff, data: data(1, 1) },
            { sec: 11, frac: nano ? 1_000_000_000 : 1_000_000, data: data(1, 2) },
            { sec: 12, frac: 5, data: data(1, 3) },
          ],
          { nano },
        ),
      );
      const flags: boolean[] = [];
      const times: number[][] = [];
      while (r.read((p) => (flags.push(p.badTimestamp === true), times.push([p.tsSec, p.tsNsec]))) > 0);
      expect(times).toEqual([
        [10, 0],
        [11, 0],
        [12, nano ? 5 : 5000],
      ]);
      expect(flags).toEqual([true, true, false]);
      expect(r.info.warnings).toEqual([expect.stringMatching(/^packet 1 has an impossible timestamp/)]);
      r.close();
    }
  });

  it('records straddling small reads, and one bigger than the buffer, come out whole', () => {
    const many: Rec[] = [];
    for (let i = 0; i < 200; i++) many.push({ sec: i, frac: i, data: data((i * 37) % 300, i & 0xff) });
    many.push({ sec: 999, frac: 0, data: data(5000, 7) }); // bigger than the 64-byte chunk
    many.push({ sec: 1000, frac: 0, data: data(3, 8) });
    const file = pcap(many);
    const expected = all(open(file));
    expect(expected.length).toBe(202);
    for (const chunk of [64, 100, 1000, 4099]) {
      expect(all(open(file, chunk), 3)).toEqual(expected);
    }
  });

  it('maxPackets: batches of the asked size, then 0 at the end', () => {
    const r = open(pcap(recs));
    const counts = [r.read(() => {}, 2), r.read(() => {}, 2), r.read(() => {}, 2), r.read(() => {})];
    expect(counts).toEqual([2, 1, 0, 0]);
    r.close();
  });

  it('a callback that throws does not get the same packet again', () => {
    const r = open(pcap(recs));
    const seen: number[] = [];
    expect(() =>
      r.read((p) => {
        seen.push(p.tsSec);
        if (seen.length === 1) throw new Error('boom');
      }),
    ).toThrow('boom');
    r.read((p) => seen.push(p.tsSec));
    expect(seen).toEqual([1_600_000_000, 1_600_000_001, 4_294_967_295]);
    r.close();
  });

  it('a file cut inside a record: the whole packets, then truncated with a warning', () => {
    const whole = pcap(recs.slice(0, 2));
    const r = open(whole.subarray(0, whole.length - 100));
    expect(all(r).length).toBe(1);
    expect(r.info.truncated).toBe(true);
    expect(r.info.warnings).toEqual([`file ends in the middle of packet 2 (${16 + 1514 - 100} of ${16 + 1514} bytes)`]);
    r.close();
  });

  it('a file cut inside a record header', () => {
    const whole = pcap(recs.slice(0, 2));
    const r = open(whole.subarray(0, 24 + 16 + 60 + 5));
    expect(all(r).length).toBe(1);
    expect(r.info.truncated).toBe(true);
    expect(r.info.warnings).toEqual(['file ends in the middle of record header of packet 2 (5 of 16 bytes)']);
    r.close();
  });

  it('a header with no records is an empty capture, not truncated', () => {
    const r = open(pcap([]));
    expect(r.read(() => {})).toBe(0);
    expect(r.info.truncated).toBe(false);
    r.close();
  });

  it('a captured length over 256 MiB is corruption: reading stops, no exception, no allocation', () => {
    const file = pcap([...recs.slice(0, 1), { sec: 1, frac: 0, data: data(20, 1), capLen: 0x7fffffff }, ...recs]);
    const r = open(file);
    expect(all(r).length).toBe(1);
    expect(r.info.truncated).toBe(true);
    expect(r.info.corrupt).toBe(true);
    expect(r.info.warnings[0]).toMatch(/^corrupt: packet 2 at byte 100 claims 2147483647 captured bytes/);
    r.close();
  });

  it('a captured length within limits but past the end of the file is "cut short", and allocates nothing', () => {
    const file = pcap([{ sec: 1, frac: 0, data: data(20, 1), capLen: 200 * 1024 * 1024 }]);
    const r = open(file, 4096);
    const before = process.memoryUsage().arrayBuffers;
    expect(r.read(() => {})).toBe(0);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1024 * 1024);
    expect(r.info.truncated).toBe(true);
    expect(r.info.warnings).toEqual([`file ends in the middle of packet 1 (36 of ${16 + 200 * 1024 * 1024} bytes)`]);
    r.close();
  });
});

describe('pcap reader on a pipe', () => {
  it('a huge captured length in a pipe (no size known) allocates only as data arrives', () => {
    const src = join(dir, 'pipe-src.pcap');
    writeFileSync(src, pcap([{ sec: 1, frac: 0, data: data(5000, 1), capLen: 200 * 1024 * 1024 }]));
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const child = spawn('sh', ['-c', 'cat "$0" > "$1"', src, fifo], { stdio: 'ignore' });
    const r = openCaptureFile(fifo, { chunkBytes: 1024 });
    if (!r.ok) throw new Error(r.error.message);
    const before = process.memoryUsage().arrayBuffers;
    expect(r.value.read(() => {})).toBe(0);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1024 * 1024);
    expect(r.value.info.truncated).toBe(true);
    expect(r.value.info.warnings).toEqual([
      `file ends in the middle of packet 1 (5016 of ${16 + 200 * 1024 * 1024} bytes)`,
    ]);
    r.value.close();
    child.kill();
  });
});

describe('ChunkedFile', () => {
  it('does not grow for bytes the file does not have', () => {
    const p = join(dir, 'chunk.bin');
    writeFileSync(p, data(1000, 3));
    const f = new ChunkedFile(openSync(p, 'r'), p, 1000, 128);
    expect(f.need(100 * 1024 * 1024)).toBe(false);
    expect(f.buf.length).toBe(128);
    expect(f.need(500)).toBe(true); // a record bigger than the chunk grows it
    expect(f.buf.length).toBeGreaterThanOrEqual(500);
    expect(f.skip(300)).toBe(300);
    expect(f.offset()).toBe(300);
    expect(f.skip(5000)).toBe(700);
    expect(f.remaining()).toBe(0);
    f.close();
    f.close();
    expect(f.need(1)).toBe(false);
  });
});
