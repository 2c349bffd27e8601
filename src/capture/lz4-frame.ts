/**
 * A streaming reader of the LZ4 frame format (lz4 -c, Wireshark 4.x opens .pcap.lz4): frames,
 * skippable frames, linked or independent blocks; lz4js decompresses each block. Checksums are
 * skipped, not verified (a damaged block shows as damaged packets, as with the other formats).
 * Never throws: a malformed frame is reported once and ends the stream.
 */
import { decompressBlock } from 'lz4js';

const MAGIC = 0x184d2204;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE = 0x184d2a50;
const FLG_VERSION_MASK = 0xc0;
const FLG_VERSION_1 = 0x40;
const FLG_BLOCK_INDEPENDENT = 0x20;
const FLG_BLOCK_CHECKSUM = 0x10;
const FLG_CONTENT_SIZE = 0x08;
const FLG_CONTENT_CHECKSUM = 0x04;
const FLG_DICT_ID = 0x01;
const BLOCK_UNCOMPRESSED = 0x80000000;
/** Linked blocks may refer back this far into what came before. */
const WINDOW = 64 * 1024;
const BLOCK_MAX = [0, 0, 0, 0, 64 << 10, 256 << 10, 1 << 20, 4 << 20];

export class Lz4FrameReader {
  private input = Buffer.alloc(0);
  private inFrame = false;
  private skip = 0;
  private blockMax = 0;
  private independent = true;
  private blockChecksum = false;
  private contentChecksum = false;
  private window = Buffer.alloc(0);
  /** Set when the data is not an LZ4 frame: the stream ends there. */
  error: string | null = null;

  /** Feeds compressed bytes; returns the bytes they complete (each a fresh Buffer). */
  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    if (this.error !== null) return out;
    this.input = this.input.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.input, chunk]);
    let p = 0;
    for (;;) {
      const step = this.step(p, out);
      if (step < 0) break;
      p = step;
    }
    this.input = this.input.subarray(p);
    return out;
  }

  /** One header or block from input[p]; returns where the next starts, or -1 when more input is needed. */
  private step(p: number, out: Buffer[]): number {
    const b = this.input;
    const left = b.length - p;
    if (this.skip > 0) {
      const n = Math.min(this.skip, left);
      this.skip -= n;
      return n === 0 ? -1 : p + n;
    }
    if (!this.inFrame) {
      if (left < 8) return -1;
      const magic = b.readUInt32LE(p);
      if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE) {
        this.skip = b.readUInt32LE(p + 4);
        return p + 8;
      }
      if (magic !== MAGIC) return this.fail('not an LZ4 frame');
      const flg = b[p + 4];
      const headerLen = 7 + (flg & FLG_CONTENT_SIZE ? 8 : 0) + (flg & FLG_DICT_ID ? 4 : 0);
      if (left < headerLen) return -1;
      if ((flg & FLG_VERSION_MASK) !== FLG_VERSION_1) return this.fail('unknown LZ4 frame version');
      this.blockMax = BLOCK_MAX[(b[p + 5] >> 4) & 7];
      if (this.blockMax === 0) return this.fail('bad LZ4 block size');
      this.independent = (flg & FLG_BLOCK_INDEPENDENT) !== 0;
      this.blockChecksum = (flg & FLG_BLOCK_CHECKSUM) !== 0;
      this.contentChecksum = (flg & FLG_CONTENT_CHECKSUM) !== 0;
      this.window = Buffer.alloc(0);
      this.inFrame = true;
      return p + headerLen;
    }
    if (left < 4) return -1;
    const word = b.readUInt32LE(p);
    if (word === 0) {
      this.inFrame = false;
      this.skip = this.contentChecksum ? 4 : 0;
      return p + 4;
    }
    const size = (word & ~BLOCK_UNCOMPRESSED) >>> 0;
    if (size > this.blockMax) return this.fail('LZ4 block larger than the frame allows');
    const total = 4 + size + (this.blockChecksum ? 4 : 0);
    if (left < total) return -1;
    let data: Buffer;
    if ((word & BLOCK_UNCOMPRESSED) !== 0) data = Buffer.from(b.subarray(p + 4, p + 4 + size));
    else {
      const w = this.independent ? 0 : this.window.length;
      const dst = Buffer.alloc(w + this.blockMax);
      this.window.copy(dst, 0);
      const e = decompressBlock(b, dst, p + 4, size, w);
      if (!(e >= w && e <= dst.length)) return this.fail('damaged LZ4 block');
      data = Buffer.from(dst.subarray(w, e));
    }
    if (!this.independent) {
      const joined = Buffer.concat([this.window, data]);
      this.window = joined.subarray(Math.max(0, joined.length - WINDOW));
    }
    out.push(data);
    return p + total;
  }

  private fail(why: string): number {
    this.error = why;
    return -1;
  }
}
