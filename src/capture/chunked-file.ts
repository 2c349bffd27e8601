/**
 * A file read front to back through one large reused Buffer. Readers parse records in place
 * between `pos` and `end`; when a record runs past `end`, `need()` moves the unread tail to the
 * front of the buffer and reads more after it. The buffer grows only for a record bigger than it
 * (bounded by the caller's record limit), so memory stays flat whatever the file size. A
 * compressed file (decompress.ts) is read the same way once startDecompressing() is called: the
 * readers see the decompressed bytes, as from a pipe (no size, no seeking).
 */
import { closeSync, fstatSync, readSync } from 'node:fs';
import type { ErrorInfo } from '../api/errors.js';
import { decompressor, type Compression, type Decompressor } from './decompress.js';

/** 8 MiB: one syscall per several thousand packets, and still a small, fixed share of memory. */
export const DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024;
/** Below this, a chunk would mostly be spent on compaction; tests use small chunks to force straddling. */
export const MIN_CHUNK_BYTES = 64;

const EMPTY = Buffer.alloc(0);
/** Compressed bytes read from the fd at a time. */
const PACKED_READ_BYTES = 256 * 1024;

export class ChunkedFile {
  buf: Buffer;
  /** First unread byte in `buf`. Readers advance it as they consume records. */
  pos = 0;
  /** One past the last valid byte in `buf`. */
  end = 0;
  /** File offset of `buf[0]`. */
  private base = 0;
  /** File offset of the next byte to read from the fd (= base + end). */
  private filePos = 0;
  /** Known file size (regular files), refreshed before growing the buffer; Infinity for pipes. */
  private size: number;
  /** Regular files are read at explicit positions (and can skip); pipes are read in order. */
  private seekable: boolean;
  private closed = false;
  /** The first read error, if any; reading stops at it. */
  error: ErrorInfo | null = null;
  /** Set by startDecompressing(): `buf` then holds decompressed bytes. */
  private unpack: Decompressor | null = null;
  private compression: Compression | null = null;
  /** Compressed bytes read but not yet decompressed: packed[packedPos..]. */
  private packed = EMPTY;
  private packedPos = 0;
  private packedRaw = EMPTY;
  /** File offset of the next compressed byte; whether the compressed file has ended. */
  private rawPos = 0;
  private rawSeekable = false;
  private rawEnded = false;
  /** Decompressed bytes not yet copied into `buf` (the first from `pendingPos`). */
  private pending: Buffer[] = [];
  private pendingPos = 0;

  constructor(
    private readonly fd: number,
    private readonly path: string,
    size: number | null,
    chunkBytes = DEFAULT_CHUNK_BYTES,
  ) {
    this.size = size ?? Infinity;
    this.seekable = size !== null;
    this.buf = Buffer.allocUnsafe(Math.max(MIN_CHUNK_BYTES, Math.floor(chunkBytes)));
  }

  /**
   * From now on the bytes from `pos` on (and the rest of the file) are `kind`-compressed: `buf`
   * holds what they decompress to, offsets count decompressed bytes, and the file reads like a pipe.
   */
  startDecompressing(kind: Compression): void {
    this.packed = Buffer.from(this.buf.subarray(this.pos, this.end));
    this.packedPos = 0;
    this.rawPos = this.filePos;
    this.rawSeekable = this.seekable;
    this.unpack = decompressor(kind);
    this.compression = kind;
    this.packedRaw = Buffer.allocUnsafe(PACKED_READ_BYTES);
    this.pos = 0;
    this.end = 0;
    this.base = 0;
    this.filePos = 0;
    this.size = Infinity;
    this.seekable = false;
  }

  /** The compression being read through, or null. */
  get compressed(): Compression | null {
    return this.compression;
  }

  /** File offset of `buf[pos]`: used in warnings so a user can find the bad spot with a hex editor. */
  offset(): number {
    return this.base + this.pos;
  }

  /** Bytes left in the file from `pos` (buffered plus unread), as far as we know. */
  remaining(): number {
    return this.end - this.pos + Math.max(0, this.size - this.filePos);
  }

  /**
   * Makes at least `n` bytes available at `buf[pos..]`, reading and compacting as needed.
   * Returns false if the file ends (or fails) first; `remaining()` then says how much there was.
   * `n` must already be bounded by the caller's record limit: this is what allocates.
   */
  need(n: number): boolean {
    if (this.end - this.pos >= n) return true;
    if (this.error || this.closed) return false;
    if (n > this.remaining()) {
      // A corrupt length must not make us allocate for bytes that are not there. Refresh the
      // size first in case the file grew since it was opened (a capture still being written).
      this.refreshSize();
      if (n > this.remaining()) return false;
    }
    this.compact();
    // A regular file is known to hold the n bytes: grow once. A pipe may not: grow by doubling
    // as data actually arrives, so a corrupt length costs at most twice what the pipe delivered.
    if (n > this.buf.length && this.seekable) this.grow(Math.max(n, Math.min(this.buf.length * 2, this.remaining())));
    while (this.end < n) {
      if (this.end === this.buf.length) this.grow(Math.min(n, this.buf.length * 2));
      if (!this.readMore()) break; // one readSync may return less than asked: loop
    }
    return this.end - this.pos >= n;
  }

  /**
   * Consumes `n` bytes from `pos` without buffering them: blocks a reader ignores may be large.
   * Returns how many were consumed: `n`, or less if the file ended first.
   */
  skip(n: number): number {
    const buffered = this.end - this.pos;
    if (n <= buffered) {
      this.pos += n;
      return n;
    }
    let rest = n - buffered;
    this.dropBuffer();
    if (this.seekable) {
      if (rest > this.size - this.filePos) this.refreshSize();
      const step = Math.min(rest, Math.max(0, this.size - this.filePos));
      this.filePos += step;
      this.base = this.filePos;
      return buffered + step;
    }
    // A pipe cannot seek: read and discard.
    while (rest > 0) {
      this.dropBuffer();
      if (!this.readMore()) break;
      const take = Math.min(rest, this.end);
      rest -= take;
      this.pos = take;
    }
    return n - rest;
  }

  /** Closes the fd and lets the buffer go. Idempotent; never throws. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.buf = EMPTY;
    this.pos = 0;
    this.end = 0;
    try {
      closeSync(this.fd);
    } catch {
      // nothing useful to do: the file was only read
    }
  }

  private dropBuffer(): void {
    this.base = this.filePos;
    this.pos = 0;
    this.end = 0;
  }

  private compact(): void {
    if (this.pos === 0) return;
    if (this.end > this.pos) this.buf.copy(this.buf, 0, this.pos, this.end);
    this.base += this.pos;
    this.end -= this.pos;
    this.pos = 0;
  }

  private grow(n: number): void {
    const next = Buffer.allocUnsafe(n);
    this.buf.copy(next, 0, 0, this.end);
    this.buf = next;
  }

  private readMore(): boolean {
    if (this.end >= this.buf.length) return true;
    if (this.unpack !== null) return this.readUnpacked(this.unpack);
    let got: number;
    try {
      const at = this.seekable ? this.filePos : null;
      got = readSync(this.fd, this.buf, this.end, this.buf.length - this.end, at);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
      this.error = {
        code: 'file-unreadable',
        message: `reading ${this.path} failed at byte ${this.filePos}: ${code}`,
        hint: 'The file or the disk holding it may be damaged, or it was removed while being read.',
      };
      return false;
    }
    if (got === 0) {
      // End of file: from now on the size is what we actually read (the file may have shrunk).
      this.size = this.filePos;
      return false;
    }
    this.end += got;
    this.filePos += got;
    return true;
  }

  /** Fills `buf` from the decompressed bytes, decompressing one slice at a time as they run out. */
  private readUnpacked(unpack: Decompressor): boolean {
    while (this.pending.length === 0) {
      if (unpack.error !== null) {
        this.error = {
          code: 'file-unreadable',
          message: `reading ${this.path} failed after ${this.filePos} decompressed bytes: ${unpack.error}`,
          hint: 'The compressed file is damaged; decompress it by hand to see how much of it is readable.',
        };
        return false;
      }
      if (this.packedPos >= this.packed.length) {
        if (this.error !== null) return false;
        if (!this.rawEnded && this.readPacked()) continue;
        if (this.error !== null || this.rawEnded) {
          // the compressed file ended (or failed): what the decompressor still holds, then the end
          const rest = this.rawEnded ? unpack.finish() : [];
          this.rawEnded = true;
          for (const b of rest) if (b.length > 0) this.pending.push(b);
          if (this.pending.length > 0 || unpack.error !== null) continue;
          this.size = this.filePos;
          return false;
        }
      }
      const n = Math.min(unpack.slice, this.packed.length - this.packedPos);
      const out = unpack.push(this.packed.subarray(this.packedPos, this.packedPos + n));
      this.packedPos += n;
      for (const b of out) if (b.length > 0) this.pending.push(b);
    }
    const first = this.pending[0];
    const n = Math.min(first.length - this.pendingPos, this.buf.length - this.end);
    first.copy(this.buf, this.end, this.pendingPos, this.pendingPos + n);
    this.pendingPos += n;
    if (this.pendingPos === first.length) {
      this.pending.shift();
      this.pendingPos = 0;
    }
    this.end += n;
    this.filePos += n;
    return true;
  }

  /** Reads the next compressed bytes from the fd; false at its end (or on an error, set). */
  private readPacked(): boolean {
    let got: number;
    try {
      const at = this.rawSeekable ? this.rawPos : null;
      got = readSync(this.fd, this.packedRaw, 0, this.packedRaw.length, at);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
      this.error = {
        code: 'file-unreadable',
        message: `reading ${this.path} failed at byte ${this.rawPos}: ${code}`,
        hint: 'The file or the disk holding it may be damaged, or it was removed while being read.',
      };
      return false;
    }
    if (got === 0) {
      this.rawEnded = true;
      return false;
    }
    this.rawPos += got;
    this.packed = this.packedRaw.subarray(0, got);
    this.packedPos = 0;
    return true;
  }

  private refreshSize(): void {
    if (!this.seekable) return;
    try {
      this.size = fstatSync(this.fd).size;
    } catch {
      // keep the old size: the next read will report the error
    }
  }
}
