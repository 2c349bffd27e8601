/**
 * Fuzz: random bytes behind real magics, and real samples cut at random points and with random
 * bytes changed, all read through openCaptureFile + read() to the end. Nothing may throw or hang,
 * and every packet delivered must point inside its buffer. The seed is fixed (override with
 * NETLENS_FUZZ_SEED) and printed with any failure, so a failure can be replayed exactly.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom as prng } from '../helpers/seeded-random.js';
import { openCaptureFile } from '../../src/capture/capture-file.js';
import { HAVE_SHARED, sampleNames, samplePath } from '../helpers/shared-pcaps.js';

const SEED = Number(process.env.NETLENS_FUZZ_SEED ?? 0x5eed1e55) >>> 0;
/** Iterations, sized to run in a few seconds on a slow 2-core machine; NETLENS_FUZZ_SCALE multiplies them. */
const SCALE = Math.max(1, Number(process.env.NETLENS_FUZZ_SCALE ?? 1));
const ROUNDS = { random: 1500 * SCALE, cut: 20 * SCALE, mutate: 40 * SCALE, mutateBig: 6 * SCALE };
/** Samples larger than this are only cut, not mutated many times, to keep the run short. */
const MUTATE_MAX_BYTES = 800_000;

const dir = mkdtempSync(join(tmpdir(), 'netlens-reader-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MAGICS: number[][] = [
  [0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00], // pcap µs LE, version 2.4
  [0xa1, 0xb2, 0xc3, 0xd4, 0x00, 0x02, 0x00, 0x04], // pcap µs BE
  [0x4d, 0x3c, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00], // pcap ns LE
  [0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0x00, 0x00, 0x00, 0x4d, 0x3c, 0x2b, 0x1a, 0x01, 0x00, 0x00, 0x00], // pcapng LE SHB
  [0x0a, 0x0d, 0x0d, 0x0a, 0x00, 0x00, 0x00, 0x1c, 0x1a, 0x2b, 0x3c, 0x4d, 0x00, 0x01, 0x00, 0x00], // pcapng BE SHB
];

/** Small fixtures of our own, so the mutation fuzz runs even without ../shared. */
function ownFixtures(): Buffer[] {
  const pcap = [
    Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0]),
  ];
  for (let i = 0; i < 40; i++) {
    const h = Buffer.alloc(16);
    h.writeUInt32LE(1_700_000_000 + i, 0);
    h.writeUInt32LE(i * 1000, 4);
    h.writeUInt32LE(20 + i, 8);
    h.writeUInt32LE(20 + i, 12);
    pcap.push(h, Buffer.alloc(20 + i, i));
  }
  const ng: Buffer[] = [
    Buffer.from(MAGICS[3]),
    Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1c, 0, 0, 0]),
  ];
  const blk = (type: number, body: Buffer): Buffer => {
    const b = Buffer.alloc(12 + body.length);
    b.writeUInt32LE(type, 0);
    b.writeUInt32LE(b.length, 4);
    body.copy(b, 8);
    b.writeUInt32LE(b.length, b.length - 4);
    return b;
  };
  ng.push(blk(1, Buffer.from([1, 0, 0, 0, 0, 0, 4, 0, 9, 0, 1, 0, 9, 0, 0, 0, 0, 0, 0, 0])));
  for (let i = 0; i < 40; i++) {
    const body = Buffer.alloc(20 + 24);
    body.writeUInt32LE(0, 0);
    body.writeUInt32LE(i, 8);
    body.writeUInt32LE(24, 12);
    body.writeUInt32LE(30, 16);
    ng.push(blk(i % 5 === 0 ? 3 : 6, i % 5 === 0 ? Buffer.alloc(28, i) : body));
  }
  return [Buffer.concat(pcap), Buffer.concat(ng)];
}

let fileNo = 0;
/** What the cases reached, printed at the end: a fuzz that never gets past the header tests nothing. */
const stats = { cases: 0, opened: 0, corrupt: 0, truncated: 0, packets: 0 };
afterAll(() => console.log(`reader fuzz (seed ${SEED}): ${JSON.stringify(stats)}`));

/** Reads one byte string to the end; throws (with the seed) on any broken invariant. */
function readAll(bytes: Buffer, rand: () => number, label: string): void {
  const path = join(dir, `case-${fileNo++ % 8}.bin`);
  stats.cases++;
  writeFileSync(path, bytes);
  const chunkBytes = rand() < 0.5 ? undefined : 64 + Math.floor(rand() * 8192);
  const r = openCaptureFile(path, { chunkBytes });
  if (!r.ok) {
    expect(r.error.message.length, label).toBeGreaterThan(0);
    expect(r.error.hint.length, label).toBeGreaterThan(0);
    return;
  }
  const reader = r.value;
  const info = reader.info;
  stats.opened++;
  let bad: string | null = null;
  const onPacket = (p: Parameters<Parameters<typeof reader.read>[0]>[0]): void => {
    if (bad) return;
    if (!(p.offset >= 0 && p.capLen >= 0 && p.offset + p.capLen <= p.buf.length))
      bad = `packet outside its buffer: ${p.offset}+${p.capLen} > ${p.buf.length}`;
    else if (!(p.tsNsec >= 0 && p.tsNsec < 1e9 && Number.isInteger(p.tsNsec))) bad = `tsNsec out of range: ${p.tsNsec}`;
    else if (!Number.isFinite(p.tsSec)) bad = `tsSec not finite: ${p.tsSec}`;
    else if (info.interfaces[p.ifIndex]?.linkType !== p.linkType)
      bad = `ifIndex ${p.ifIndex} / linkType ${p.linkType} disagree with info`;
  };
  // Each read() that delivers consumes at least one 12-byte block, so this bounds a hang.
  const maxReads = Math.ceil(bytes.length / 12) + 2;
  let reads = 0;
  for (;;) {
    const batch = rand() < 0.5 ? undefined : 1 + Math.floor(rand() * 50);
    if (reader.read(onPacket, batch) === 0) break;
    if (++reads > maxReads) throw new Error(`${label}: no end after ${reads} reads`);
  }
  expect(bad, label).toBeNull();
  expect(reader.read(onPacket), label).toBe(0);
  expect(info.warnings.length, label).toBeLessThanOrEqual(21);
  if (info.corrupt) expect(info.truncated, label).toBe(true);
  if (info.corrupt) stats.corrupt++;
  else if (info.truncated) stats.truncated++;
  stats.packets += reader.packetsRead;
  reader.close();
}

function run(name: string, body: (rand: () => number) => void): void {
  // one stream per test, derived from the seed and the name, so tests replay independently
  let h = SEED;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  const rand = prng(h);
  try {
    body(rand);
  } catch (err) {
    (err as Error).message =
      `[fuzz seed ${SEED} (NETLENS_FUZZ_SEED=${SEED}), test "${name}"] ${(err as Error).message}`;
    throw err;
  }
}

describe('capture readers under fuzz', () => {
  it('random bytes, bare and behind real magics', () => {
    run('random', (rand) => {
      const start = process.memoryUsage().arrayBuffers;
      for (let i = 0; i < ROUNDS.random; i++) {
        const len = Math.floor(rand() * 3000);
        const b = Buffer.alloc(len);
        for (let j = 0; j < len; j++) b[j] = Math.floor(rand() * 256);
        if (rand() < 0.8) {
          const m = MAGICS[Math.floor(rand() * MAGICS.length)];
          Buffer.from(m).copy(b, 0, 0, Math.min(m.length, len));
        }
        readAll(b, rand, `random case ${i} (${len} bytes)`);
      }
      // random lengths must not have made anything allocate big buffers that stay around
      expect(process.memoryUsage().arrayBuffers - start).toBeLessThan(64 * 1024 * 1024);
    });
  });

  const sources = (): { name: string; bytes: Buffer }[] =>
    HAVE_SHARED
      ? sampleNames().map((n) => ({ name: n, bytes: readFileSync(samplePath(n)) }))
      : ownFixtures().map((b, i) => ({ name: `own-fixture-${i}`, bytes: b }));

  it('real captures cut at random points', () => {
    run('cut', (rand) => {
      for (const { name, bytes } of sources()) {
        for (let i = 0; i < ROUNDS.cut; i++) {
          const at = Math.floor(rand() * bytes.length);
          readAll(bytes.subarray(0, at), rand, `${name} cut at ${at}`);
        }
      }
    });
  });

  it('real captures with random bytes changed', () => {
    run('mutate', (rand) => {
      for (const { name, bytes } of sources()) {
        if (bytes.length > MUTATE_MAX_BYTES) continue;
        const rounds = bytes.length > 100_000 ? ROUNDS.mutateBig : ROUNDS.mutate;
        for (let i = 0; i < rounds; i++) {
          const b = Buffer.from(bytes);
          const edits = 1 + Math.floor(rand() * 16);
          const where: number[] = [];
          for (let e = 0; e < edits; e++) {
            // bias towards the start, where headers and length fields live
            const at = rand() < 0.5 ? Math.floor(rand() * Math.min(b.length, 512)) : Math.floor(rand() * b.length);
            where.push(at);
            const kind = rand();
            if (kind < 0.6) b[at] = Math.floor(rand() * 256);
            else if (kind < 0.8 && at + 4 <= b.length)
              b.writeUInt32LE(0xffffffff, at); // an extreme length
            else if (at + 4 <= b.length) b.writeUInt32LE(Math.floor(rand() * 4096), at); // a plausible length
          }
          const cut = rand() < 0.3 ? Math.floor(rand() * b.length) : b.length;
          readAll(b.subarray(0, cut), rand, `${name} mutated at [${where.join(',')}], cut at ${cut}`);
        }
      }
    });
  });

  it('the biggest sample with a byte flipped', () => {
    if (!HAVE_SHARED) return;
    run('big', (rand) => {
      const name = 'zeek-echo-connections.pcap';
      const bytes = readFileSync(samplePath(name));
      expect(bytes.length).toBe(statSync(samplePath(name)).size);
      for (let i = 0; i < 2; i++) {
        const b = Buffer.from(bytes);
        const at = Math.floor(rand() * b.length);
        b[at] ^= 0xff;
        readAll(b, rand, `${name} with byte ${at} flipped`);
      }
    });
  });
});
