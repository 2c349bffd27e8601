/**
 * What a capture-file reader tells about the file it reads, and the reader interface itself.
 * Kept apart from capture-file.ts so the format readers can share these types without importing
 * the module that imports them.
 */
import type { ErrorInfo } from '../api/errors.js';
import type { RawPacket } from './raw-packet.js';

export interface CaptureInterfaceInfo {
  /** LINKTYPE_* (16 bits; pcap's FCS bits are masked off). */
  linkType: number;
  /** Largest captured length the capturer allowed; 0 in pcapng means "no limit". */
  snaplen: number;
  /** 'us' | 'ns' | 'ms' | 's', or '10^-n' / '2^-n' for other pcapng if_tsresol values. */
  tsResolution: 'us' | 'ns' | string;
  name?: string;
  description?: string;
  /** Capture filter (pcapng if_filter), as text. */
  filter?: string;
  /** Seconds added to every timestamp (pcapng if_tsoffset). */
  tsOffsetSec?: number;
  /** Bytes of frame check sequence at the end of every frame, when the pcap header says. */
  fcsLen?: number;
}

export interface CaptureFileInfo {
  path: string;
  format: 'pcap' | 'pcapng';
  /** Set when the file is compressed (read through decompress.ts). */
  compression?: 'gzip' | 'zstd' | 'lz4';
  /** Distinct LINKTYPEs seen so far (pcap: from the header; pcapng: every IDB, in order of first appearance). */
  linkTypes: number[];
  /**
   * pcap: the header's single interface. pcapng: every IDB of every section, in file order (the
   * first MAX_LISTED_INTERFACES of them); RawPacket.ifIndex indexes this.
   */
  interfaces: CaptureInterfaceInfo[];
  /** Byte order of the file (pcapng: of its first section). */
  byteOrder: 'little' | 'big';
  /** Reading stopped before the end of the data: the file ends mid-record, or a record is impossible. Set once reading reaches the end. */
  truncated: boolean;
  /** A record or block had an impossible length or layout; reading stopped there (implies truncated). */
  corrupt: boolean;
  /** Human-readable notes: where the file is cut short or corrupt, skipped packets. Bounded in number. */
  warnings: string[];
}

export interface CaptureFileReader {
  readonly info: CaptureFileInfo;
  /**
   * Reads up to maxPackets (default: all; values below 1 count as 1) packets, calling onPacket
   * for each; returns how many were delivered; 0 = end of file (or reading stopped: see
   * info.truncated, info.warnings and error).
   * The RawPacket and the bytes it points at are reused: valid only during the callback.
   * Not re-entrant: do not call read() from inside onPacket.
   */
  read(onPacket: (p: RawPacket) => void, maxPackets?: number): number;
  readonly packetsRead: number;
  /** An I/O error that stopped reading (the disk failed, the file vanished), else null. */
  readonly error: ErrorInfo | null;
  /** Releases the file and the read buffer. Idempotent; read() returns 0 afterwards. */
  close(): void;
}

/** Enough to say what went wrong without letting a hostile file grow memory without bound. */
export const MAX_WARNINGS = 20;

export function addWarning(info: CaptureFileInfo, message: string): void {
  if (info.warnings.length < MAX_WARNINGS) info.warnings.push(message);
  else if (info.warnings.length === MAX_WARNINGS) info.warnings.push('further warnings suppressed');
}

/** Records a link type in `info.linkTypes` if it is new (`seen` mirrors the list for O(1) lookups). */
export function noteLinkType(info: CaptureFileInfo, seen: Set<number>, linkType: number): void {
  if (seen.has(linkType)) return;
  seen.add(linkType);
  info.linkTypes.push(linkType);
}

/** How many packets to deliver for a `maxPackets` argument: at least 1, default all. */
export function packetBudget(maxPackets: number | undefined): number {
  if (maxPackets === undefined || Number.isNaN(maxPackets)) return Infinity;
  return Math.max(1, Math.floor(maxPackets));
}
