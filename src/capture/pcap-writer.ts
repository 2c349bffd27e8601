/**
 * Writes a classic little-endian pcap file (µs, or ns on request) that Wireshark and tshark open.
 * Records are gathered in a buffer and written with writeSync. The first write error (a full disk
 * above all) is kept as a value, later writes are no-ops returning false, and capture goes on;
 * the file is cut back to its last whole record, so it stays readable.
 */
import { closeSync, ftruncateSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { fail, ok, type ErrorInfo, type Result } from '../api/errors.js';
import {
  DEFAULT_SNAPLEN,
  MAX_CAPLEN,
  PCAP_HDR_LINKTYPE,
  PCAP_HDR_MAGIC,
  PCAP_HDR_SIGFIGS,
  PCAP_HDR_SNAPLEN,
  PCAP_HDR_THISZONE,
  PCAP_HDR_VERSION_MAJOR,
  PCAP_HDR_VERSION_MINOR,
  PCAP_HEADER_BYTES,
  PCAP_MAGIC_NS,
  PCAP_MAGIC_US,
  PCAP_REC_CAPLEN,
  PCAP_REC_ORIGLEN,
  PCAP_REC_TS_FRAC,
  PCAP_REC_TS_SEC,
  PCAP_RECORD_HEADER_BYTES,
  PCAP_VERSION_MAJOR,
  PCAP_VERSION_MINOR,
} from './pcap-format.js';

/** 1 MiB: a few hundred packets per syscall, and little lost in memory if the process dies. */
const DEFAULT_BUFFER_BYTES = 1024 * 1024;
const MAX_LINKTYPE = 0xffff;
const HDR = PCAP_RECORD_HEADER_BYTES;

export interface PcapWriterOptions {
  linkType: number;
  /** Longest captured length kept per packet (default 262144); longer packets are cut. */
  snaplen?: number;
  /** Nanosecond timestamps (magic a1b23c4d); default microseconds. */
  nanosecond?: boolean;
  /** Size of the write buffer (default 1 MiB). */
  bufferBytes?: number;
}

/** What the writer needs of a packet (a RawPacket fits). */
export interface PacketToWrite {
  buf: Buffer;
  offset: number;
  capLen: number;
  origLen: number;
  tsSec: number;
  tsNsec: number;
}

export class PcapWriter {
  private buf: Buffer;
  private used = 0;
  private usedPackets = 0;
  /** Bytes and packets in the file itself (after the last successful flush). */
  private diskBytes = PCAP_HEADER_BYTES;
  private diskPackets = 0;
  private firstError: ErrorInfo | null = null;
  private closed = false;

  private constructor(
    private readonly fd: number,
    readonly path: string,
    readonly snaplen: number,
    private readonly nanosecond: boolean,
    bufferBytes: number,
  ) {
    this.buf = Buffer.allocUnsafe(bufferBytes);
  }

  static open(path: string, opts: PcapWriterOptions): Result<PcapWriter> {
    const snaplen = opts.snaplen ?? DEFAULT_SNAPLEN;
    if (!Number.isInteger(opts.linkType) || opts.linkType < 0 || opts.linkType > MAX_LINKTYPE) {
      return fail(
        'usage',
        `cannot write ${path}: link type ${opts.linkType} is not a 16-bit LINKTYPE`,
        'Pass the LINKTYPE of the packets, e.g. 1 for Ethernet.',
      );
    }
    if (!Number.isInteger(snaplen) || snaplen < 1 || snaplen > MAX_CAPLEN) {
      return fail(
        'usage',
        `cannot write ${path}: snaplen ${snaplen} is out of range`,
        `Use a snaplen from 1 to ${MAX_CAPLEN}.`,
      );
    }
    const bufferBytes = Math.max(HDR + 1, Math.floor(opts.bufferBytes ?? DEFAULT_BUFFER_BYTES));
    const nanosecond = opts.nanosecond === true;
    let fd: number;
    try {
      fd = openSync(path, 'w');
    } catch (err) {
      return { ok: false, error: writeError(path, err, 'create') };
    }
    const header = Buffer.alloc(PCAP_HEADER_BYTES);
    header.writeUInt32LE(nanosecond ? PCAP_MAGIC_NS : PCAP_MAGIC_US, PCAP_HDR_MAGIC);
    header.writeUInt16LE(PCAP_VERSION_MAJOR, PCAP_HDR_VERSION_MAJOR);
    header.writeUInt16LE(PCAP_VERSION_MINOR, PCAP_HDR_VERSION_MINOR);
    header.writeInt32LE(0, PCAP_HDR_THISZONE); // timestamps are UTC
    header.writeUInt32LE(0, PCAP_HDR_SIGFIGS);
    header.writeUInt32LE(snaplen, PCAP_HDR_SNAPLEN);
    header.writeUInt32LE(opts.linkType, PCAP_HDR_LINKTYPE);
    try {
      // Written at once, not buffered: a disk that cannot take 24 bytes is reported now.
      writeAll(fd, header, PCAP_HEADER_BYTES, 0);
    } catch (err) {
      closeQuietly(fd);
      try {
        unlinkSync(path); // an empty file is not a capture; do not leave it behind
      } catch {
        // nothing more to do
      }
      return { ok: false, error: writeError(path, err, 'write') };
    }
    return ok(new PcapWriter(fd, path, snaplen, nanosecond, bufferBytes));
  }

  /** The first write error (code 'disk-full' or 'write-failed'), after which writes do nothing. */
  get error(): ErrorInfo | null {
    return this.firstError;
  }

  /** Bytes the file holds (or will once flushed), header included. */
  get bytesWritten(): number {
    return this.diskBytes + this.used;
  }

  /** Packets the file holds (or will once flushed). */
  get packetsWritten(): number {
    return this.diskPackets + this.usedPackets;
  }

  /** Appends one packet, cut to the snaplen. Returns false once the writer has failed or closed. */
  write(p: PacketToWrite): boolean {
    if (this.firstError !== null || this.closed) return false;
    // never copy past the source buffer, even if the caller's lengths disagree with it
    const offset = Math.min(Math.max(0, p.offset), p.buf.length);
    const capLen = Math.max(0, Math.min(p.capLen, this.snaplen, p.buf.length - offset));
    const rec = HDR + capLen;
    if (this.used + rec > this.buf.length) {
      if (!this.flushBuffer()) return false;
      if (rec > this.buf.length) this.buf = Buffer.allocUnsafe(rec); // bounded by the snaplen
    }
    const b = this.buf;
    const at = this.used;
    b.writeUInt32LE(p.tsSec >>> 0, at + PCAP_REC_TS_SEC); // pcap holds unsigned 32-bit seconds
    b.writeUInt32LE(this.nanosecond ? p.tsNsec >>> 0 : Math.floor(p.tsNsec / 1000) >>> 0, at + PCAP_REC_TS_FRAC);
    b.writeUInt32LE(capLen, at + PCAP_REC_CAPLEN);
    b.writeUInt32LE(p.origLen >>> 0, at + PCAP_REC_ORIGLEN);
    p.buf.copy(b, at + HDR, offset, offset + capLen);
    this.used += rec;
    this.usedPackets++;
    return true;
  }

  /** Writes what is buffered. Never throws; a failure shows in `error`. */
  flush(): void {
    if (this.firstError === null && !this.closed) this.flushBuffer();
  }

  /** Flushes and closes. Idempotent; never throws. The file then holds whole records only. */
  close(): void {
    if (this.closed) return;
    if (this.firstError === null) this.flushBuffer();
    this.closed = true;
    try {
      closeSync(this.fd);
    } catch (err) {
      this.firstError ??= writeError(this.path, err, 'close');
    }
    this.buf = Buffer.alloc(0);
    this.used = 0;
    this.usedPackets = 0;
  }

  private flushBuffer(): boolean {
    if (this.used === 0) return true;
    let written = 0;
    try {
      written = writeAll(this.fd, this.buf, this.used, this.diskBytes);
    } catch (err) {
      const partial = (err as { bytesWritten?: number }).bytesWritten ?? 0;
      this.fail(err, partial);
      return false;
    }
    this.diskBytes += written;
    this.diskPackets += this.usedPackets;
    this.used = 0;
    this.usedPackets = 0;
    return true;
  }

  /**
   * A flush failed after `written` bytes of the buffer reached the file. Keep the whole records
   * among them, cut the file after the last one, and drop the rest.
   */
  private fail(err: unknown, written: number): void {
    let keep = 0;
    let packets = 0;
    while (keep + HDR <= this.used) {
      const rec = HDR + this.buf.readUInt32LE(keep + PCAP_REC_CAPLEN);
      if (keep + rec > written) break;
      keep += rec;
      packets++;
    }
    this.diskBytes += keep;
    this.diskPackets += packets;
    this.used = 0;
    this.usedPackets = 0;
    try {
      ftruncateSync(this.fd, this.diskBytes);
    } catch {
      // the records before it are intact; a reader reports the partial one as cut short
    }
    this.firstError = writeError(this.path, err, 'write', this.diskPackets);
  }
}

/** Writes `len` bytes of `buf` at `position`; on failure the thrown error carries bytesWritten. */
function writeAll(fd: number, buf: Buffer, len: number, position: number): number {
  let off = 0;
  try {
    while (off < len) {
      const n = writeSync(fd, buf, off, len - off, position + off);
      if (n <= 0) throw Object.assign(new Error('write returned 0 bytes'), { code: 'EIO' });
      off += n;
    }
  } catch (err) {
    throw Object.assign(err as object, { bytesWritten: off });
  }
  return off;
}

function writeError(path: string, err: unknown, op: 'create' | 'write' | 'close', packets?: number): ErrorInfo {
  const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
  const after = packets === undefined ? '' : ` after ${packets} packet${packets === 1 ? '' : 's'}`;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return {
      code: 'disk-full',
      message: `the disk holding ${path} is full (${code})${after}`,
      hint: 'Free some space or save to another disk. The file keeps every packet written before this.',
    };
  }
  const hints: Record<string, string> = {
    ENOENT: 'The folder does not exist: create it or choose another.',
    EACCES: 'You may not write there: choose a folder you own.',
    EPERM: 'You may not write there: choose a folder you own.',
    EROFS: 'That disk is read-only: choose another.',
    EISDIR: 'That is a folder: give a file name inside it.',
    EFBIG: 'The file system cannot hold a file this big: save to another disk or split the capture.',
  };
  return {
    code: 'write-failed',
    message: `could not ${op} ${path} (${code})${after}`,
    hint: hints[code] ?? 'Check the disk; the file keeps every whole packet written before the error.',
  };
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already failing
  }
}
