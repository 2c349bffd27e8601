/**
 * Compressed captures, read transparently as Wireshark does: gzip (fflate: node:zlib has no
 * synchronous streaming inflate, and the readers pull synchronously), zstd (fzstd) and LZ4 frames
 * (lz4-frame.ts), told by their magic bytes, never by the file name. A Decompressor
 * takes compressed bytes in slices and hands back what they decompress to, synchronously (the
 * readers pull). The caller feeds one slice at a time and stops once it has enough, so what a
 * slice expands to (a zip bomb) stays bounded: SLICE × the format's largest ratio.
 */
import { Gunzip } from 'fflate';
import { Decompress as ZstdDecompress } from 'fzstd';
import { Lz4FrameReader } from './lz4-frame.js';

export type Compression = 'gzip' | 'zstd' | 'lz4';

const MAGICS: { kind: Compression; magic: number[] }[] = [
  { kind: 'gzip', magic: [0x1f, 0x8b] },
  { kind: 'zstd', magic: [0x28, 0xb5, 0x2f, 0xfd] },
  { kind: 'lz4', magic: [0x04, 0x22, 0x4d, 0x18] },
];

/** The compression the first bytes of a file announce, or null. */
export function compressionOf(head: Uint8Array): Compression | null {
  return MAGICS.find((m) => m.magic.every((b, i) => head[i] === b))?.kind ?? null;
}

export interface Decompressor {
  /** Compressed bytes in a slice no longer than `slice`; returns the decompressed output. */
  push(chunk: Buffer): Buffer[];
  /** Compressed bytes fed per push: small enough that one push's output stays bounded. */
  readonly slice: number;
  /** The compressed file ended: what the decompressor still holds (nothing if the stream was cut). */
  finish(): Buffer[];
  /** Why the data could not be decompressed (reading stops there), or null. */
  readonly error: string | null;
}

class GzipDecompressor implements Decompressor {
  /** At most ~1032:1 for deflate: 16 KiB in, 16 MiB out at worst. */
  readonly slice = 16 * 1024;
  error: string | null = null;
  private out: Buffer[] = [];
  private readonly z = new Gunzip((chunk) => this.out.push(Buffer.from(chunk)));

  push(chunk: Buffer): Buffer[] {
    if (this.error !== null) return [];
    try {
      this.z.push(chunk, false);
    } catch (err) {
      this.error = `the gzip data is damaged (${(err as Error).message})`;
    }
    return this.take();
  }

  finish(): Buffer[] {
    try {
      if (this.error === null) this.z.push(new Uint8Array(0), true);
    } catch (err) {
      // fflate's code 0 is "unexpected EOF": a stream cut short, whose partial record the readers
      // report; any other code is damaged data
      if ((err as { code?: number }).code !== 0) this.error = `the gzip data is damaged (${(err as Error).message})`;
    }
    return this.take();
  }

  private take(): Buffer[] {
    const out = this.out;
    this.out = [];
    return out;
  }
}

class ZstdDecompressor implements Decompressor {
  /** A 4-byte RLE block can stand for 128 KiB: 1 KiB in, 32 MiB out at worst. */
  readonly slice = 1024;
  error: string | null = null;
  private out: Buffer[] = [];
  private readonly z = new ZstdDecompress((chunk) => this.out.push(Buffer.from(chunk)));

  push(chunk: Buffer): Buffer[] {
    if (this.error !== null) return [];
    try {
      this.z.push(chunk, false);
    } catch (err) {
      this.error = `the zstd data is damaged (${(err as Error).message})`;
    }
    const out = this.out;
    this.out = [];
    return out;
  }

  finish(): Buffer[] {
    try {
      if (this.error === null) this.z.push(new Uint8Array(0), true);
    } catch {
      // a stream cut short: the readers report the partial record
    }
    const out = this.out;
    this.out = [];
    return out;
  }
}

class Lz4Decompressor implements Decompressor {
  /** Output comes a block (at most 4 MiB) at a time, whatever the slice. */
  readonly slice = 64 * 1024;
  private readonly r = new Lz4FrameReader();
  get error(): string | null {
    return this.r.error === null ? null : `the LZ4 data is damaged (${this.r.error})`;
  }
  push(chunk: Buffer): Buffer[] {
    return this.r.push(chunk);
  }
  finish(): Buffer[] {
    return [];
  }
}

export function decompressor(kind: Compression): Decompressor {
  if (kind === 'gzip') return new GzipDecompressor();
  if (kind === 'zstd') return new ZstdDecompressor();
  return new Lz4Decompressor();
}
