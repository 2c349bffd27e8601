/**
 * The pcapng reader on files built here (sections in both byte orders, interface options, every
 * packet block, unknown blocks, cut-short and corrupt blocks) and timestamp conversion checked
 * against BigInt arithmetic.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaptureFile, type CaptureFileReader } from '../../src/capture/capture-file.js';
import { TimestampUnits } from '../../src/capture/timestamp-units.js';
import { HAVE_SHARED, samplePath } from '../helpers/shared-pcaps.js';

const dir = mkdtempSync(join(tmpdir(), 'netlens-pcapng-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ---- builders -------------------------------------------------------------------------------

class Ng {
  constructor(readonly le: boolean) {}
  u16(v: number): Buffer {
    const b = Buffer.alloc(2);
    if (this.le) b.writeUInt16LE(v);
    else b.writeUInt16BE(v);
    return b;
  }
  u32(v: number): Buffer {
    const b = Buffer.alloc(4);
    if (this.le) b.writeUInt32LE(v >>> 0);
    else b.writeUInt32BE(v >>> 0);
    return b;
  }
  pad(b: Buffer): Buffer {
    return Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  }
  block(type: number, body: Buffer, lenOverride?: number, trailerOverride?: number): Buffer {
    const padded = this.pad(body);
    const len = 12 + padded.length;
    return Buffer.concat([
      this.u32(type),
      this.u32(lenOverride ?? len),
      padded,
      this.u32(trailerOverride ?? lenOverride ?? len),
    ]);
  }
  options(list: [number, Buffer][]): Buffer {
    if (list.length === 0) return Buffer.alloc(0);
    const parts: Buffer[] = [];
    for (const [code, v] of list) parts.push(this.u16(code), this.u16(v.length), this.pad(v));
    parts.push(this.u16(0), this.u16(0));
    return Buffer.concat(parts);
  }
  shb(opts: [number, Buffer][] = []): Buffer {
    const body = Buffer.concat([
      this.u32(0x1a2b3c4d),
      this.u16(1),
      this.u16(0),
      Buffer.alloc(8, 0xff),
      this.options(opts),
    ]);
    return this.block(0x0a0d0d0a, body);
  }
  idb(linkType: number, snaplen: number, opts: [number, Buffer][] = []): Buffer {
    return this.block(1, Buffer.concat([this.u16(linkType), this.u16(0), this.u32(snaplen), this.options(opts)]));
  }
  epb(ifId: number, ts: bigint, data: Buffer, origLen = data.length, opts: [number, Buffer][] = []): Buffer {
    const body = Buffer.concat([
      this.u32(ifId),
      this.u32(Number(ts >> 32n)),
      this.u32(Number(ts & 0xffffffffn)),
      this.u32(data.length),
      this.u32(origLen),
      this.pad(data),
      this.options(opts),
    ]);
    return this.block(6, body);
  }
  pb(ifId: number, ts: bigint, data: Buffer): Buffer {
    const body = Buffer.concat([
      this.u16(ifId),
      this.u16(0),
      this.u32(Number(ts >> 32n)),
      this.u32(Number(ts & 0xffffffffn)),
      this.u32(data.length),
      this.u32(data.length),
      this.pad(data),
    ]);
    return this.block(2, body);
  }
  spb(origLen: number, data: Buffer): Buffer {
    return this.block(3, Buffer.concat([this.u32(origLen), this.pad(data)]));
  }
  tsresol(v: number): [number, Buffer] {
    return [9, Buffer.from([v])];
  }
  tsoffset(sec: bigint): [number, Buffer] {
    const b = Buffer.alloc(8);
    if (this.le) b.writeBigInt64LE(sec);
    else b.writeBigInt64BE(sec);
    return [14, b];
  }
}

const LE = new Ng(true);
const BE = new Ng(false);
const bytes = (len: number, fill: number): Buffer => Buffer.alloc(len, fill);

let n = 0;
function open(file: Buffer, chunkBytes?: number): CaptureFileReader {
  const p = join(dir, `f${n++}.pcapng`);
  writeFileSync(p, file);
  const r = openCaptureFile(p, { chunkBytes });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

interface Pkt {
  ts: string;
  cap: number;
  orig: number;
  lt: number;
  ifIndex: number;
  first: number;
}

function all(r: CaptureFileReader, batch?: number): Pkt[] {
  const out: Pkt[] = [];
  while (
    r.read((p) => {
      expect(p.offset + p.capLen).toBeLessThanOrEqual(p.buf.length);
      out.push({
        ts: `${p.tsSec}.${String(p.tsNsec).padStart(9, '0')}`,
        cap: p.capLen,
        orig: p.origLen,
        lt: p.linkType,
        ifIndex: p.ifIndex,
        first: p.capLen ? p.buf[p.offset] : -1,
      });
    }, batch) > 0
  ) {
    // next batch
  }
  return out;
}

/** The reference: floor(count / unitsPerSecond) and the rest in ns, in BigInt. */
function refTs(count: bigint, tsresol: number, offset = 0n): string {
  const units = tsresol & 0x80 ? 2n ** BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol);
  const sec = count / units + offset;
  const nsec = ((count % units) * 1_000_000_000n) / units;
  return `${sec}.${String(nsec).padStart(9, '0')}`;
}

// ---- tests ----------------------------------------------------------------------------------

describe('pcapng reader', () => {
  it.each([LE, BE])('one section, both byte orders (%#)', (ng) => {
    const file = Buffer.concat([
      ng.shb([[4, Buffer.from('NetLens test\0')]]),
      ng.idb(1, 65535, [
        [2, Buffer.from('eth0\0')],
        [3, Buffer.from('the wire')],
        [11, Buffer.from('\0tcp port 80')],
      ]),
      ng.epb(0, 1_700_000_000_123_456n, bytes(60, 0x11)),
      ng.epb(0, 1_700_000_001_000_001n, bytes(1514, 0x22), 9000),
    ]);
    const r = open(file);
    expect(r.info).toMatchObject({
      format: 'pcapng',
      byteOrder: ng.le ? 'little' : 'big',
      linkTypes: [1],
      truncated: false,
    });
    expect(r.info.interfaces).toEqual([
      { linkType: 1, snaplen: 65535, tsResolution: 'us', name: 'eth0', description: 'the wire', filter: 'tcp port 80' },
    ]);
    expect(all(r)).toEqual([
      { ts: '1700000000.123456000', cap: 60, orig: 60, lt: 1, ifIndex: 0, first: 0x11 },
      { ts: '1700000001.000001000', cap: 1514, orig: 9000, lt: 1, ifIndex: 0, first: 0x22 },
    ]);
    expect(r.info.warnings).toEqual([]);
    r.close();
  });

  it('sections: a new SHB (other byte order) resets the interfaces; ifIndex is global', () => {
    const file = Buffer.concat([
      LE.shb(),
      LE.idb(1, 100),
      LE.idb(113, 200, [LE.tsresol(9)]),
      LE.epb(1, 5_000_000_001n, bytes(10, 1)),
      LE.epb(0, 7_000_000n, bytes(10, 2)),
      BE.shb(),
      BE.idb(101, 300),
      BE.epb(0, 9_000_000n, bytes(10, 3)),
      BE.epb(1, 9_000_000n, bytes(10, 4)), // interface 1 is not in this section
    ]);
    const r = open(file);
    const pk = all(r);
    expect(pk.map((p) => [p.ts, p.lt, p.ifIndex, p.first])).toEqual([
      ['5.000000001', 113, 1, 1],
      ['7.000000000', 1, 0, 2],
      ['9.000000000', 101, 2, 3],
    ]);
    expect(r.info.linkTypes).toEqual([1, 113, 101]);
    expect(r.info.interfaces.map((i) => [i.linkType, i.snaplen, i.tsResolution])).toEqual([
      [1, 100, 'us'],
      [113, 200, 'ns'],
      [101, 300, 'us'],
    ]);
    expect(r.info.byteOrder).toBe('little');
    expect(r.info.warnings).toEqual([
      expect.stringMatching(/skipped a packet at byte \d+: it names interface 1, but its section declares 1/),
    ]);
    expect(r.info.truncated).toBe(false);
    r.close();
  });

  it('200,000 sections of one interface each: every packet is read (interfaces count per section)', () => {
    // issue 11: interfaces were counted across sections, so reading stopped at packet 65,536
    // with "more than 65536 interfaces"; pcapng restarts them in every section
    const sections = 200_000;
    const one = Buffer.concat([LE.shb(), LE.idb(1, 0)]);
    const parts: Buffer[] = [];
    for (let i = 0; i < sections; i++) parts.push(one, LE.epb(0, BigInt(i) * 1_000_000n, bytes(4, i & 0xff)));
    const r = open(Buffer.concat(parts));
    let packets = 0;
    let last = -1;
    while (r.read((p) => ((packets += 1), (last = p.tsSec))) > 0);
    expect(packets).toBe(sections);
    expect(last).toBe(sections - 1);
    expect(r.info.truncated).toBe(false);
    expect(r.info.corrupt).toBe(false);
    expect(r.info.interfaces.length).toBe(4096);
    expect(r.info.warnings).toEqual([expect.stringMatching(/more than 4096 interfaces in the file: only the first/)]);
    r.close();
  });

  it('interfaces are known right after open, before any packet is read', () => {
    const r = open(Buffer.concat([LE.shb(), LE.idb(1, 0), LE.idb(276, 0), LE.epb(1, 0n, bytes(1, 1))]));
    expect(r.info.linkTypes).toEqual([1, 276]);
    expect(r.info.interfaces.length).toBe(2);
    expect(r.packetsRead).toBe(0);
    r.close();
  });

  it('an IDB after packets adds its link type when reached', () => {
    const r = open(
      Buffer.concat([LE.shb(), LE.idb(1, 0), LE.epb(0, 0n, bytes(1, 1)), LE.idb(105, 0), LE.epb(1, 0n, bytes(1, 2))]),
    );
    expect(r.info.linkTypes).toEqual([1]);
    expect(all(r).map((p) => p.lt)).toEqual([1, 105]);
    expect(r.info.linkTypes).toEqual([1, 105]);
    r.close();
  });

  it('timestamp resolutions and offsets, decimal and binary', () => {
    const cases: [number, bigint, bigint][] = [
      [9, 1_767_663_089_500_330_493n, 0n],
      [3, 1_700_000_000_123n, 0n],
      [0, 1_700_000_000n, 0n],
      [0x80 | 20, (1_700_000_000n << 20n) + 524_288n, 0n], // + half a second
      [0x80 | 32, 0xffffffffffffffffn, 0n],
      [12, 1_700_000_000_123_456_789_012n & 0xffffffffffffffffn, 0n],
      [6, 1_000_000n, -3600n],
      [6, 0xffffffffffffffffn, 0n], // past 2^53 microseconds: the slow path
    ];
    const parts: Buffer[] = [LE.shb()];
    cases.forEach(([res, , off]) => parts.push(LE.idb(1, 0, [LE.tsresol(res), ...(off ? [LE.tsoffset(off)] : [])])));
    cases.forEach(([, ts], i) => parts.push(LE.epb(i, ts, bytes(1, i))));
    const r = open(Buffer.concat(parts));
    expect(r.info.interfaces.map((i) => i.tsResolution)).toEqual([
      'ns',
      'ms',
      's',
      '2^-20',
      '2^-32',
      '10^-12',
      'us',
      'us',
    ]);
    expect(r.info.interfaces[6].tsOffsetSec).toBe(-3600);
    expect(all(r).map((p) => p.ts)).toEqual(cases.map(([res, ts, off]) => refTs(ts, res, off)));
    r.close();
  });

  it('TimestampUnits equals BigInt arithmetic for random counts at every resolution', () => {
    let seed = 12345;
    const rand32 = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed;
    };
    const target = { tsSec: 0, tsNsec: 0 };
    for (const res of [
      0,
      1,
      3,
      6,
      9,
      10,
      12,
      15,
      19,
      25,
      0x80,
      0x80 | 9,
      0x80 | 10,
      0x80 | 23,
      0x80 | 30,
      0x80 | 40,
      0x80 | 63,
      0x80 | 100,
    ]) {
      const units = TimestampUnits.of(res);
      for (let i = 0; i < 300; i++) {
        const high = i % 3 === 0 ? rand32() : rand32() >>> (i % 32);
        const low = rand32();
        units.apply(high, low, target);
        const count = (BigInt(high) << 32n) | BigInt(low);
        const want = refTs(count, res);
        const got = `${target.tsSec}.${String(target.tsNsec).padStart(9, '0')}`;
        // seconds beyond 2^53 cannot be exact in a double; real timestamps are far below that
        if (count / (res & 0x80 ? 2n ** BigInt(res & 0x7f) : 10n ** BigInt(res)) < 2n ** 53n) {
          expect(got, `resolution ${res} count ${count}`).toBe(want);
        }
      }
    }
  });

  it('simple packet blocks: captured = min(original, snaplen, room); interface 0; no timestamp', () => {
    const file = Buffer.concat([
      LE.shb(),
      LE.idb(1, 64),
      LE.spb(100, bytes(100, 5)), // cut by the snaplen: 64
      LE.spb(30, bytes(32, 6)), // padded data: 30
      LE.spb(500, bytes(40, 7)), // cut by the room in the block: 40
    ]);
    const r = open(file);
    expect(all(r)).toEqual([
      { ts: '0.000000000', cap: 64, orig: 100, lt: 1, ifIndex: 0, first: 5 },
      { ts: '0.000000000', cap: 30, orig: 30, lt: 1, ifIndex: 0, first: 6 },
      { ts: '0.000000000', cap: 40, orig: 500, lt: 1, ifIndex: 0, first: 7 },
    ]);
    r.close();
  });

  it('a simple packet block before any interface is skipped with a warning', () => {
    const r = open(Buffer.concat([LE.shb(), LE.spb(10, bytes(10, 1)), LE.idb(1, 0), LE.epb(0, 0n, bytes(3, 2))]));
    expect(all(r).map((p) => p.first)).toEqual([2]);
    expect(r.info.warnings.length).toBe(1);
    r.close();
  });

  it('the obsolete packet block', () => {
    const r = open(
      Buffer.concat([BE.shb(), BE.idb(1, 0), BE.idb(127, 0, [BE.tsresol(9)]), BE.pb(1, 1_000_000_005n, bytes(22, 9))]),
    );
    expect(all(r)).toEqual([{ ts: '1.000000005', cap: 22, orig: 22, lt: 127, ifIndex: 1, first: 9 }]);
    r.close();
  });

  it('skips unknown blocks, unknown options and a malformed option list', () => {
    const file = Buffer.concat([
      LE.shb([[0x7777, bytes(33, 1)]]),
      LE.block(4, bytes(40, 0)), // name resolution
      LE.block(0x0bad, bytes(5000, 0xee)), // custom, bigger than the test chunk
      // an option whose length runs past the block: the rest of the options are ignored
      LE.block(1, Buffer.concat([LE.u16(1), LE.u16(0), LE.u32(0), LE.u16(2), LE.u16(200), Buffer.from('eth9')])),
      LE.epb(0, 1_000_000n, bytes(8, 3), 8, [
        [1, Buffer.from('a comment')],
        [0x2bac, bytes(7, 0)],
      ]),
      LE.block(5, bytes(20, 0)), // interface statistics
    ]);
    for (const chunk of [undefined, 64]) {
      const r = open(file, chunk);
      expect(all(r)).toEqual([{ ts: '1.000000000', cap: 8, orig: 8, lt: 1, ifIndex: 0, first: 3 }]);
      expect(r.info.interfaces).toEqual([{ linkType: 1, snaplen: 0, tsResolution: 'us' }]);
      expect(r.info.warnings).toEqual([]);
      expect(r.info.truncated).toBe(false);
      r.close();
    }
  });

  it('through a pipe, big unknown blocks are read and dropped (a pipe cannot seek)', () => {
    const file = Buffer.concat([
      LE.shb([[4, bytes(3000, 0x41)]]),
      LE.idb(1, 0),
      LE.block(0x0bad, bytes(20000, 1)),
      LE.epb(0, 5n, bytes(9, 4)),
      LE.block(0x0bad, bytes(777, 1)),
    ]);
    const src = join(dir, 'piped.pcapng');
    writeFileSync(src, file);
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const child = spawn('sh', ['-c', 'cat "$0" > "$1"', src, fifo], { stdio: 'ignore' });
    const r = openCaptureFile(fifo, { chunkBytes: 64 });
    if (!r.ok) throw new Error(r.error.message);
    expect(all(r.value)).toEqual([{ ts: '0.000005000', cap: 9, orig: 9, lt: 1, ifIndex: 0, first: 4 }]);
    expect(r.value.info.truncated).toBe(false);
    r.value.close();
    child.kill();
  });

  it('through a pipe, a file cut inside a big unknown block says how much was there', () => {
    const whole = Buffer.concat([
      LE.shb(),
      LE.idb(1, 0),
      LE.epb(0, 5n, bytes(9, 4)),
      LE.block(0x0bad, bytes(20000, 1)),
    ]);
    const src = join(dir, 'piped-cut.pcapng');
    writeFileSync(src, whole.subarray(0, whole.length - 12));
    const fifo = join(dir, 'pipe-cut');
    execFileSync('mkfifo', [fifo]);
    const child = spawn('sh', ['-c', 'cat "$0" > "$1"', src, fifo], { stdio: 'ignore' });
    const r = openCaptureFile(fifo, { chunkBytes: 64 });
    if (!r.ok) throw new Error(r.error.message);
    expect(all(r.value).length).toBe(1);
    expect(r.value.info.truncated).toBe(true);
    expect(r.value.info.warnings).toEqual(['file ends in the middle of a block of type 0xbad (20000 of 20012 bytes)']);
    r.value.close();
    child.kill();
  });

  it('blocks straddling small reads come out the same', () => {
    const parts: Buffer[] = [LE.shb(), LE.idb(1, 0), LE.idb(113, 0, [LE.tsresol(9)])];
    for (let i = 0; i < 150; i++)
      parts.push(
        i % 7 === 0 ? LE.block(5, bytes(i, 0)) : LE.epb(i % 2, BigInt(i) * 1_000_003n, bytes((i * 53) % 400, i)),
      );
    parts.push(LE.epb(0, 0n, bytes(3000, 1)));
    const file = Buffer.concat(parts);
    const want = all(open(file));
    for (const chunk of [64, 128, 999]) expect(all(open(file, chunk), 5)).toEqual(want);
  });

  it('a file cut inside a packet block: whole packets, then truncated with a warning', () => {
    const whole = Buffer.concat([LE.shb(), LE.idb(1, 0), LE.epb(0, 0n, bytes(100, 1)), LE.epb(0, 0n, bytes(100, 2))]);
    const r = open(whole.subarray(0, whole.length - 10));
    expect(all(r).length).toBe(1);
    expect(r.info.truncated).toBe(true);
    expect(r.info.warnings).toEqual(['file ends in the middle of packet 2 (122 of 132 bytes)']);
    r.close();
  });

  it('a file cut inside an unknown block and inside an IDB', () => {
    const skipped = Buffer.concat([LE.shb(), LE.idb(1, 0), LE.block(0x0bad, bytes(100, 0))]);
    const a = open(skipped.subarray(0, skipped.length - 4));
    expect(a.read(() => {})).toBe(0);
    expect(a.info.truncated).toBe(true);
    expect(a.info.warnings[0]).toMatch(/block of type 0xbad \(108 of 112 bytes\)/);
    const idb = Buffer.concat([LE.shb(), LE.idb(1, 0, [[2, Buffer.from('eth0')]])]);
    const b = open(idb.subarray(0, idb.length - 4));
    expect(b.info.truncated).toBe(true); // found while opening
    expect(b.info.warnings[0]).toMatch(/interface description block/);
    expect(b.read(() => {})).toBe(0);
  });

  it.each([
    ['a length that is not a multiple of 4', () => LE.block(6, bytes(28, 0), 42)],
    ['a length under 12', () => LE.block(6, bytes(28, 0), 8)],
    ['a length over the limit', () => LE.block(6, bytes(28, 0), 0x7ffffff0)],
    [
      'a trailer that disagrees',
      () =>
        LE.block(
          6,
          Buffer.concat([LE.u32(0), LE.u32(0), LE.u32(0), LE.u32(4), LE.u32(4), bytes(4, 0)]),
          undefined,
          999,
        ),
    ],
    [
      'a captured length past the block',
      () => LE.block(6, Buffer.concat([LE.u32(0), LE.u32(0), LE.u32(0), LE.u32(400), LE.u32(4), bytes(4, 0)])),
    ],
    ['an EPB too short for its fields', () => LE.block(6, bytes(8, 0))],
    ['an SHB with no byte-order magic', () => LE.block(0x0a0d0d0a, bytes(20, 0))],
    ['an IDB too short', () => LE.block(1, bytes(4, 0))],
  ])('corrupt: %s stops reading with a warning, after the good packets', (_label, bad) => {
    const good = Buffer.concat([LE.shb(), LE.idb(1, 0), LE.epb(0, 0n, bytes(10, 1))]);
    const file = Buffer.concat([good, bad(), LE.epb(0, 0n, bytes(10, 2))]);
    for (const chunk of [undefined, 64]) {
      const r = open(file, chunk);
      expect(all(r).map((p) => p.first)).toEqual([1]);
      expect(r.info.truncated).toBe(true);
      expect(r.info.corrupt).toBe(true);
      expect(r.info.warnings.length).toBe(1);
      expect(r.info.warnings[0]).toMatch(/^corrupt: .*; stopped reading there$/);
      r.close();
    }
  });

  it('damaged first section header: error values', () => {
    const p = join(dir, 'bad-shb.pcapng');
    writeFileSync(p, LE.block(0x0a0d0d0a, bytes(20, 0)));
    const a = openCaptureFile(p);
    expect(!a.ok && a.error.code).toBe('not-a-capture');
    expect(!a.ok && a.error.message).toMatch(/byte-order magic/);
    writeFileSync(p, LE.shb().subarray(0, 20));
    const b = openCaptureFile(p);
    expect(!b.ok && b.error.message).toMatch(/ends inside its pcapng section header \(20 of 28 bytes\)/);
    const v2 = LE.shb();
    v2.writeUInt16LE(2, 12);
    writeFileSync(p, v2);
    const c = openCaptureFile(p);
    expect(!c.ok && c.error.code).toBe('unsupported-capture');
  });

  it('warnings are bounded', () => {
    const parts: Buffer[] = [LE.shb(), LE.idb(1, 0)];
    for (let i = 0; i < 100; i++) parts.push(LE.epb(7, 0n, bytes(1, 0)));
    const r = open(Buffer.concat(parts));
    expect(r.read(() => {})).toBe(0);
    expect(r.info.warnings.length).toBe(21);
    expect(r.info.warnings[20]).toBe('further warnings suppressed');
    r.close();
  });
});

describe.skipIf(!HAVE_SHARED)('pcapng samples', () => {
  it('zeek-pcapng-multi-interface: IDB0 in ns, IDB1 in µs', () => {
    const r = openCaptureFile(samplePath('zeek-pcapng-multi-interface.pcapng'));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.info.interfaces.map((i) => i.tsResolution)).toEqual(['ns', 'us']);
    const pk = all(r.value);
    expect(pk[0].ts).toBe('1767663089.500330493');
    expect(pk.filter((p) => p.ifIndex === 1).every((p) => p.ts.endsWith('000'))).toBe(true);
    r.value.close();
  });

  it('zeek-ldap-gap-126-interfaces: 126 interfaces, mixed link types, every packet on 48', () => {
    const r = openCaptureFile(samplePath('zeek-ldap-gap-126-interfaces.pcapng'));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.info.interfaces.length).toBe(126);
    expect([...r.value.info.linkTypes].sort((a, b) => a - b)).toEqual([1, 113, 274]);
    const pk = all(r.value);
    expect(pk.length).toBe(18);
    expect(new Set(pk.map((p) => `${p.ifIndex}/${p.lt}`))).toEqual(
      new Set([`48/${r.value.info.interfaces[48].linkType}`]),
    );
    r.value.close();
  });
});
