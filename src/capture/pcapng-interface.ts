/**
 * Parses a pcapng Interface Description Block: link type, snaplen and the options NetLens uses
 * (name, description, capture filter, timestamp resolution and offset). Unknown options, and
 * anything past a malformed option, are ignored: they never change how packets are read.
 */
import type { CaptureInterfaceInfo } from './capture-file-info.js';
import {
  BLK_TRAILER_BYTES,
  IDB_LINKTYPE,
  IDB_OPTIONS,
  IDB_SNAPLEN,
  IF_DESCRIPTION,
  IF_FILTER,
  IF_FILTER_STRING,
  IF_NAME,
  IF_TSOFFSET,
  IF_TSRESOL,
  OPT_ENDOFOPT,
  OPT_HEADER_BYTES,
} from './pcapng-format.js';
import { TimestampUnits } from './timestamp-units.js';

const TWO_32 = 4294967296;
const DEFAULT_TSRESOL = 6; // microseconds when if_tsresol is absent

export interface ParsedInterface {
  info: CaptureInterfaceInfo;
  units: TimestampUnits;
}

/**
 * `buf[at..at+len)` is a whole IDB (the caller checked len ≥ IDB_MIN_BYTES and that it is buffered);
 * `le` is the section's byte order.
 */
export function parseInterfaceBlock(buf: Buffer, at: number, len: number, le: boolean): ParsedInterface {
  const u16 = (o: number): number => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number): number => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const info: CaptureInterfaceInfo = {
    linkType: u16(at + IDB_LINKTYPE),
    snaplen: u32(at + IDB_SNAPLEN),
    tsResolution: 'us',
  };
  let tsresol = DEFAULT_TSRESOL;
  let tsOffset = 0;
  forEachOption(buf, at + IDB_OPTIONS, at + len - BLK_TRAILER_BYTES, le, (code, v, olen) => {
    switch (code) {
      case IF_NAME:
        info.name = optionText(buf, v, olen);
        break;
      case IF_DESCRIPTION:
        info.description = optionText(buf, v, olen);
        break;
      case IF_FILTER:
        // only the string form is readable; a compiled BPF program is left out
        if (olen >= 1 && buf[v] === IF_FILTER_STRING) info.filter = optionText(buf, v + 1, olen - 1);
        break;
      case IF_TSRESOL:
        if (olen >= 1) tsresol = buf[v];
        break;
      case IF_TSOFFSET:
        if (olen >= 8) {
          // signed 64-bit seconds: exact as a double for any offset a clock could need
          const hi = le ? buf.readInt32LE(v + 4) : buf.readInt32BE(v);
          const lo = le ? buf.readUInt32LE(v) : buf.readUInt32BE(v + 4);
          tsOffset = hi * TWO_32 + lo;
        }
        break;
      default:
        break; // unknown or unused option: skip it
    }
  });
  const units = TimestampUnits.of(tsresol, tsOffset);
  info.tsResolution = units.label;
  if (tsOffset !== 0) info.tsOffsetSec = tsOffset;
  return { info, units };
}

/**
 * Calls `each(code, valueOffset, valueLength)` for the options in buf[start..end) (a block's
 * options, before its trailer), stopping at opt_endofopt or at an option that runs past `end`.
 */
export function forEachOption(
  buf: Buffer,
  start: number,
  end: number,
  le: boolean,
  each: (code: number, value: number, len: number) => void,
): void {
  let o = start;
  while (o + OPT_HEADER_BYTES <= end) {
    const code = le ? buf.readUInt16LE(o) : buf.readUInt16BE(o);
    const olen = le ? buf.readUInt16LE(o + 2) : buf.readUInt16BE(o + 2);
    const v = o + OPT_HEADER_BYTES;
    if (code === OPT_ENDOFOPT || v + olen > end) return;
    each(code, v, olen);
    o = v + ((olen + 3) & ~3);
  }
}

/** Option strings are UTF-8, and some writers include a trailing NUL. */
export function optionText(buf: Buffer, start: number, len: number): string {
  let end = start + len;
  while (end > start && buf[end - 1] === 0) end--;
  return buf.toString('utf8', start, end);
}
