/**
 * Opens a capture file and picks its reader by magic number. Every expected failure (missing,
 * unreadable, a directory, not a capture, compressed) comes back as an error value with a hint.
 */
import { closeSync, constants, fstatSync, openSync, type Stats } from 'node:fs';
import { fail, type Result } from '../api/errors.js';
import type { CaptureFileReader } from './capture-file-info.js';
import { ChunkedFile, DEFAULT_CHUNK_BYTES } from './chunked-file.js';
import { compressionOf } from './decompress.js';
import { PCAP_MAGIC_MODIFIED } from './pcap-format.js';
import { isPcapMagic, openPcap } from './pcap-reader.js';
import { isPcapngMagic, openPcapng } from './pcapng-reader.js';

export type { CaptureFileInfo, CaptureFileReader, CaptureInterfaceInfo } from './capture-file-info.js';

export interface OpenCaptureOptions {
  /** Size of the reused read buffer (default 8 MiB). Tests use tiny ones to make records straddle reads. */
  chunkBytes?: number;
  /**
   * Regular files only (the engine's file:open): opened without blocking, then checked, so a FIFO
   * or a device is refused at once instead of blocking the process until someone writes to it.
   * The CLI leaves this off: `netlens analyze <(zcat x.pcap.gz)` reads a pipe.
   */
  regularOnly?: boolean;
}

const MAGIC_BYTES = 4;
const READ_HINT =
  'NetLens reads .pcap and .pcapng (also gzip-, zstd- or lz4-compressed); convert other formats with editcap (editcap -F pcapng <in> <out>)';

/** Compressions Wireshark does not read either (gzip, zstd and LZ4 are read: decompress.ts). */
const COMPRESSED: { magic: number[]; name: string; tool: string }[] = [
  { magic: [0xfd, 0x37, 0x7a, 0x58], name: 'xz', tool: 'unxz' },
  { magic: [0x42, 0x5a, 0x68], name: 'bzip2', tool: 'bunzip2' },
];

export function openCaptureFile(path: string, opts: OpenCaptureOptions = {}): Result<CaptureFileReader> {
  let fd: number;
  try {
    fd = openSync(path, opts.regularOnly ? constants.O_RDONLY | constants.O_NONBLOCK : 'r');
  } catch (err) {
    return openError(path, err);
  }
  let size: number | null;
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) {
      closeQuietly(fd);
      return fail(
        'not-a-capture',
        `${path} is a directory, not a capture file`,
        `Pick a .pcap or .pcapng file inside it. ${READ_HINT}`,
      );
    }
    if (opts.regularOnly && !st.isFile()) {
      closeQuietly(fd);
      return fail(
        'not-a-capture',
        `${path} is ${specialKind(st)}, not a capture file: expected a regular .pcap or .pcapng file`,
        'Save the capture to a file first, then open that file.',
      );
    }
    // Pipes and devices have no size: they are read in order and cannot skip ahead.
    size = st.isFile() ? st.size : null;
  } catch (err) {
    closeQuietly(fd);
    return openError(path, err);
  }
  const file = new ChunkedFile(fd, path, size, opts.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  if (!file.need(MAGIC_BYTES)) {
    const have = file.remaining();
    const error = file.error;
    file.close();
    if (error) return fail('file-unreadable', error.message, error.hint);
    const what = have === 0 ? 'it is empty' : `it is only ${have} byte${have === 1 ? '' : 's'} long`;
    return fail('not-a-capture', `${path} is not a capture file: ${what}`, READ_HINT);
  }
  let head = file.buf.subarray(file.pos, file.pos + MAGIC_BYTES);
  const compression = compressionOf(head);
  if (compression !== null) {
    // Told by the magic bytes, whatever the name says: read through the decompressor.
    file.startDecompressing(compression);
    if (!file.need(MAGIC_BYTES)) {
      const error = file.error;
      file.close();
      return fail(
        error ? 'file-unreadable' : 'not-a-capture',
        `${path} is ${compression}-compressed, but ${error ? error.message.replace(/^reading \S+ failed[^:]*: /, '') : 'holds no capture'}`,
        READ_HINT,
      );
    }
    head = file.buf.subarray(file.pos, file.pos + MAGIC_BYTES);
  }
  const opened = isPcapMagic(head) ? openPcap(path, file) : isPcapngMagic(head) ? openPcapng(path, file) : null;
  if (opened !== null) {
    if (opened.ok && compression !== null) opened.value.info.compression = compression;
    return opened;
  }
  file.close();
  if (head.readUInt32LE(0) === PCAP_MAGIC_MODIFIED || head.readUInt32BE(0) === PCAP_MAGIC_MODIFIED) {
    return fail(
      'unsupported-capture',
      `${path} is a "modified" (Kuznetzov) pcap file, which NetLens does not read`,
      'Convert it with: editcap -F pcap <in> <out.pcap>',
    );
  }
  if (compression !== null)
    return fail(
      'not-a-capture',
      `${path} is ${compression}-compressed, but what it holds is not a capture file: expected a pcap or pcapng header`,
      READ_HINT,
    );
  // the message names the file and what was expected, never its bytes (they may be anyone's secrets)
  const packed = COMPRESSED.find((c) => c.magic.every((b, i) => head[i] === b));
  if (packed) {
    return fail(
      'not-a-capture',
      `${path} is ${packed.name}-compressed, not a capture file`,
      `Decompress it first (${packed.tool} ${path}), then open the .pcap or .pcapng inside.`,
    );
  }
  return fail('not-a-capture', `${path} is not a capture file: expected a pcap or pcapng header`, READ_HINT);
}

function openError(path: string, err: unknown): Result<CaptureFileReader> {
  const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return fail(
        'file-not-found',
        `${path}: no such file`,
        'Check the path and the file name (is it in the current directory?).',
      );
    case 'EISDIR':
      return fail(
        'not-a-capture',
        `${path} is a directory, not a capture file`,
        `Pick a .pcap or .pcapng file inside it. ${READ_HINT}`,
      );
    case 'EACCES':
    case 'EPERM':
      return fail(
        'file-unreadable',
        `${path}: permission denied`,
        'Make the file readable by your user (chmod o+r, or copy it somewhere you own).',
      );
    default:
      return fail(
        'file-unreadable',
        `${path} could not be opened (${code})`,
        'Check that the file and the disk holding it are accessible.',
      );
  }
}

function specialKind(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already failing: the first error is the one to report
  }
}
