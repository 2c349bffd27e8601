/**
 * Compressed captures (gzip, zstd, LZ4), read transparently and told by their magic bytes: a
 * compressed sample gives the same report as the plain file; a capture built here reads the same
 * through tiny buffers (every record straddles a refill); a file cut short reads up to the cut.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaptureFile } from '../../src/capture/capture-file.js';
import type { RawPacket } from '../../src/capture/raw-packet.js';
import { analyzeFile } from '../../src/session/analyze-file.js';
import { eth, ipv4, udp } from '../decode/build-frames.js';
import { tempDir, writeFrames } from '../decode/tshark-oracle.js';
import { HAVE_SHARED, SKIP_REASON, samplePath } from '../helpers/shared-pcaps.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

const HAVE_ZSTD = spawnSync('zstd', ['--version'], { stdio: 'ignore' }).status === 0;
const HAVE_LZ4 = spawnSync('lz4', ['--version'], { stdio: 'ignore' }).status === 0;

type Kind = 'gzip' | 'zstd' | 'lz4';
const KINDS: { kind: Kind; have: boolean; why: string }[] = [
  { kind: 'gzip', have: true, why: '' },
  { kind: 'zstd', have: HAVE_ZSTD, why: 'the zstd command (Debian package zstd) is not installed' },
  { kind: 'lz4', have: HAVE_LZ4, why: 'the lz4 command (Debian package lz4) is not installed' },
];

/** `path` compressed into a file whose name says nothing of it (the magic bytes must tell). */
function compress(path: string, kind: Kind, name: string, extra: string[] = []): string {
  const out = join(tmp.dir, name);
  if (kind === 'gzip') writeFileSync(out, gzipSync(readFileSync(path)));
  else if (kind === 'zstd') execFileSync('zstd', ['-q', '-f', ...extra, path, '-o', out]);
  else execFileSync('lz4', ['-q', '-f', ...extra, path, out]);
  return out;
}

function frames(path: string, chunkBytes?: number): { list: string[]; truncated: boolean; compression?: string } {
  const r = openCaptureFile(path, chunkBytes ? { chunkBytes } : {});
  if (!r.ok) throw new Error(r.error.message);
  const list: string[] = [];
  const onPacket = (p: RawPacket): void => {
    list.push(`${p.tsSec}.${p.tsNsec} ${p.origLen} ${p.buf.toString('hex', p.offset, p.offset + p.capLen)}`);
  };
  while (r.value.read(onPacket, 7) > 0) {
    // next batch
  }
  r.value.close();
  return { list, truncated: r.value.info.truncated, compression: r.value.info.compression };
}

/** 3,000 UDP frames of growing size (up to 1,500 bytes), so records straddle every buffer refill. */
function builtCapture(): string {
  const path = join(tmp.dir, 'built.pcap');
  const list: number[][] = [];
  for (let i = 0; i < 3000; i++) {
    const payload = Array.from({ length: (i * 37) % 1450 }, (_, j) => (i + j) & 0xff);
    list.push([...eth(0x0800), ...ipv4({ proto: 17, id: i }, udp(5000 + i, 53, payload))]);
  }
  writeFrames(path, list);
  return path;
}

describe('compressed captures', () => {
  const plain = builtCapture();
  const want = frames(plain);

  for (const { kind, have, why } of KINDS) {
    describe.skipIf(!have)(kind, () => {
      it('reads every frame, through a 64-byte buffer too', () => {
        const packed = compress(plain, kind, `built-${kind}.bin`);
        for (const chunk of [undefined, 64]) {
          const got = frames(packed, chunk);
          expect(got.compression).toBe(kind);
          expect(got.truncated).toBe(false);
          expect(got.list).toEqual(want.list);
        }
      });

      it('a file cut short reads up to the cut, flagged truncated', () => {
        // small blocks, so the first half holds whole ones (lz4's default block is 4 MiB)
        const packed = readFileSync(compress(plain, kind, `cut-${kind}.bin`, kind === 'lz4' ? ['-B4'] : []));
        const cut = join(tmp.dir, `cut-${kind}-half.bin`);
        writeFileSync(cut, packed.subarray(0, Math.floor(packed.length / 2)));
        const got = frames(cut);
        expect(got.list.length).toBeGreaterThan(10);
        expect(got.list.length).toBeLessThan(want.list.length);
        expect(got.list).toEqual(want.list.slice(0, got.list.length));
        expect(got.truncated).toBe(true);
      });
    });
    describe.skipIf(have)(`${kind} (skipped)`, () => {
      it.skip(why, () => {});
    });
  }

  it('several gzip members one after another read as one file (gzip -c a b)', () => {
    const data = readFileSync(plain);
    const two = join(tmp.dir, 'members.bin');
    writeFileSync(two, Buffer.concat([gzipSync(data.subarray(0, 5000)), gzipSync(data.subarray(5000))]));
    expect(frames(two).list).toEqual(want.list);
  });

  it('LZ4 with linked blocks and 64 KiB blocks (lz4 -BD -B4)', () => {
    if (!HAVE_LZ4) return;
    const packed = compress(plain, 'lz4', 'linked.bin', ['-BD', '-B4']);
    expect(frames(packed).list).toEqual(want.list);
  });
});

describe.skipIf(!HAVE_SHARED)('a compressed sample gives the same report as the plain file', () => {
  for (const name of ['cs-http_espn.pcapng', 'zeek-wikipedia.pcap', 'derived-wikipedia-cutshort.pcap']) {
    for (const { kind, have } of KINDS) {
      it.skipIf(!have)(`${name}.${kind}`, () => {
        const plainReport = analyzeFile(samplePath(name));
        const packed = analyzeFile(compress(samplePath(name), kind, `${name}.${kind}`));
        if (!plainReport.ok || !packed.ok) throw new Error('analyze failed');
        const strip = (r: typeof plainReport.value.report) => ({ ...r, source: { ...r.source, path: '' } });
        expect(strip(packed.value.report)).toEqual(strip(plainReport.value.report));
      });
    }
  }
});

describe.skipIf(HAVE_SHARED)('compressed samples (skipped)', () => {
  it.skip(SKIP_REASON, () => {});
});
