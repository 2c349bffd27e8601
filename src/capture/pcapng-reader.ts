/**
 * Streaming reader for pcapng: sections in either byte order, interfaces with their own link
 * types and timestamp units, and the three packet blocks (EPB, SPB, the obsolete PB). Every other
 * block is skipped without being buffered. Enhanced Packet Blocks that sit whole in the buffer are
 * handled by a tight loop; everything else goes through step(), one block at a time.
 */
import { fail, ok, type Result } from '../api/errors.js';
import {
  addWarning,
  noteLinkType,
  packetBudget,
  type CaptureFileInfo,
  type CaptureFileReader,
} from './capture-file-info.js';
import type { ChunkedFile } from './chunked-file.js';
import {
  BLK_BODY,
  BLK_OVERHEAD,
  BLK_TOTAL_LEN,
  BLK_TRAILER_BYTES,
  BLK_TYPE,
  BT_EPB,
  BT_IDB,
  BT_PB,
  BT_SHB,
  BT_SPB,
  BYTE_ORDER_MAGIC,
  EPB_CAPLEN,
  EPB_DATA,
  EPB_IFACE,
  EPB_MIN_BYTES,
  EPB_ORIGLEN,
  EPB_TS_HIGH,
  EPB_TS_LOW,
  IDB_MIN_BYTES,
  MAX_BLOCK_BYTES,
  MAX_INTERFACES,
  MAX_LISTED_INTERFACES,
  MAX_META_BLOCK_BYTES,
  PB_CAPLEN,
  PB_DATA,
  PB_IFACE,
  PB_MIN_BYTES,
  PB_ORIGLEN,
  PB_TS_HIGH,
  PB_TS_LOW,
  PCAPNG_VERSION_MAJOR,
  SHB_BYTE_ORDER,
  SHB_MIN_BYTES,
  SHB_VERSION_MAJOR,
  SPB_DATA,
  SPB_MIN_BYTES,
  SPB_ORIGLEN,
} from './pcapng-format.js';
import { parseInterfaceBlock } from './pcapng-interface.js';
import { newRawPacket, type RawPacket } from './raw-packet.js';
import type { TimestampUnits } from './timestamp-units.js';

/** step() results besides a count of packets delivered (0 or 1). */
const DONE = -1;
const AT_PACKET = 2;

type OnPacket = (p: RawPacket) => void;

function rd32(buf: Buffer, o: number, le: boolean): number {
  return le ? buf.readUInt32LE(o) : buf.readUInt32BE(o);
}

function rd16(buf: Buffer, o: number, le: boolean): number {
  return le ? buf.readUInt16LE(o) : buf.readUInt16BE(o);
}

/** True if the 4 bytes at buf[0..4] open a pcapng Section Header Block. */
export function isPcapngMagic(buf: Buffer): boolean {
  return buf.readUInt32LE(0) === BT_SHB;
}

/** Checks the first Section Header Block at `file.pos` and returns a reader positioned on it. */
export function openPcapng(path: string, file: ChunkedFile): Result<CaptureFileReader> {
  const notCapture = (why: string): Result<CaptureFileReader> => {
    file.close();
    return fail(
      'not-a-capture',
      `${path} is not a readable capture file: ${why}`,
      'It starts like a pcapng file but its section header is damaged; try: editcap <in> <out.pcap>',
    );
  };
  if (!file.need(SHB_MIN_BYTES)) {
    const have = file.remaining();
    return notCapture(`it ends inside its pcapng section header (${have} of ${SHB_MIN_BYTES} bytes)`);
  }
  const buf = file.buf;
  const at = file.pos;
  const le = buf.readUInt32LE(at + SHB_BYTE_ORDER) === BYTE_ORDER_MAGIC;
  if (!le && buf.readUInt32BE(at + SHB_BYTE_ORDER) !== BYTE_ORDER_MAGIC) {
    return notCapture(`its section header has no byte-order magic (got ${hex(buf, at + SHB_BYTE_ORDER)})`);
  }
  const len = rd32(buf, at + BLK_TOTAL_LEN, le);
  if (len < SHB_MIN_BYTES || len % 4 !== 0 || len > MAX_BLOCK_BYTES) {
    return notCapture(`its section header claims an impossible length (${len} bytes)`);
  }
  const major = rd16(buf, at + SHB_VERSION_MAJOR, le);
  if (major !== PCAPNG_VERSION_MAJOR) {
    file.close();
    return fail(
      'unsupported-capture',
      `${path} is a pcapng file of version ${major}.x; NetLens reads version ${PCAPNG_VERSION_MAJOR}.x`,
      'Convert it with: editcap -F pcapng <in> <out>',
    );
  }
  const info: CaptureFileInfo = {
    path,
    format: 'pcapng',
    linkTypes: [],
    interfaces: [],
    byteOrder: le ? 'little' : 'big',
    truncated: false,
    corrupt: false,
    warnings: [],
  };
  const reader = new PcapngReader(info, file, le);
  reader.prime();
  return ok(reader);
}

function hex(buf: Buffer, at: number): string {
  return [...buf.subarray(at, at + 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

class PcapngReader implements CaptureFileReader {
  packetsRead = 0;
  private done = false;
  private readonly pkt: RawPacket = newRawPacket();
  private readonly seenLinkTypes = new Set<number>();
  /** The current section: its byte order and interfaces (a new SHB resets them). */
  private sectionBase = 0;
  /** Interfaces of every section so far (the info lists the first MAX_LISTED_INTERFACES). */
  private interfacesSeen = 0;
  private ifLinkType: number[] = [];
  private ifSnaplen: number[] = [];
  private ifUnits: TimestampUnits[] = [];

  constructor(
    readonly info: CaptureFileInfo,
    private readonly file: ChunkedFile,
    private le: boolean,
  ) {}

  get error(): CaptureFileReader['error'] {
    return this.file.error;
  }

  /** Reads the blocks before the first packet, so `info` lists the interfaces as soon as the file is open. */
  prime(): void {
    while (!this.done) {
      const r = this.step(null);
      if (r === AT_PACKET || r === DONE) break;
    }
  }

  read(onPacket: OnPacket, maxPackets?: number): number {
    if (this.done) return 0;
    const budget = packetBudget(maxPackets);
    const f = this.file;
    const p = this.pkt;
    let delivered = 0;
    while (delivered < budget) {
      const buf = f.buf;
      const end = f.end;
      const le = this.le;
      const ifLinkType = this.ifLinkType;
      const ifUnits = this.ifUnits;
      const ifCount = ifLinkType.length;
      const base = this.sectionBase;
      let pos = f.pos;
      // Hot loop: well-formed EPBs on a known interface, whole in the buffer. Anything else,
      // including every error case, is left to step().
      while (delivered < budget && end - pos >= EPB_MIN_BYTES) {
        if (rd32(buf, pos + BLK_TYPE, le) !== BT_EPB) break;
        const len = rd32(buf, pos + BLK_TOTAL_LEN, le);
        if (len > end - pos || len < EPB_MIN_BYTES || (len & 3) !== 0) break;
        const ifId = rd32(buf, pos + EPB_IFACE, le);
        const capLen = rd32(buf, pos + EPB_CAPLEN, le);
        if (ifId >= ifCount || capLen > len - EPB_MIN_BYTES) break;
        if (rd32(buf, pos + len - BLK_TRAILER_BYTES, le) !== len) break;
        p.buf = buf;
        p.offset = pos + EPB_DATA;
        p.capLen = capLen;
        p.origLen = rd32(buf, pos + EPB_ORIGLEN, le);
        ifUnits[ifId].apply(rd32(buf, pos + EPB_TS_HIGH, le), rd32(buf, pos + EPB_TS_LOW, le), p);
        p.linkType = ifLinkType[ifId];
        p.ifIndex = base + ifId;
        pos += len;
        f.pos = pos; // before the callback: a callback that throws does not see the packet again
        delivered++;
        this.packetsRead++;
        onPacket(p);
      }
      if (delivered >= budget) break;
      const r = this.step(onPacket);
      if (r === DONE) break;
      delivered += r;
    }
    return delivered;
  }

  /**
   * Handles the one block at `file.pos`. Returns the packets delivered (0 or 1), DONE at the end
   * of reading, or (only when onPacket is null) AT_PACKET without consuming a packet block.
   * Every path either consumes at least BLK_OVERHEAD bytes or ends reading, so loops terminate.
   */
  private step(onPacket: OnPacket | null): number {
    const f = this.file;
    if (!f.need(BLK_BODY)) return this.finish(BLK_BODY, 'a block header');
    const type = rd32(f.buf, f.pos + BLK_TYPE, this.le);
    if (type === BT_SHB) return this.sectionHeader();
    const len = rd32(f.buf, f.pos + BLK_TOTAL_LEN, this.le);
    if (len < BLK_OVERHEAD || len % 4 !== 0 || len > MAX_BLOCK_BYTES) {
      return this.corrupt(`block of type 0x${type.toString(16)} at byte ${f.offset()} claims a length of ${len}`);
    }
    switch (type) {
      case BT_EPB:
      case BT_PB:
      case BT_SPB:
        if (onPacket === null) return AT_PACKET;
        if (!f.need(len)) return this.finish(len, `packet ${this.packetsRead + 1}`);
        if (!this.trailerMatches(len)) return this.badTrailer(len);
        return this.packetBlock(type, len, onPacket);
      case BT_IDB:
        if (len < IDB_MIN_BYTES || len > MAX_META_BLOCK_BYTES) {
          return this.corrupt(`interface description block at byte ${f.offset()} claims a length of ${len}`);
        }
        if (!f.need(len)) return this.finish(len, 'an interface description block');
        if (!this.trailerMatches(len)) return this.badTrailer(len);
        return this.interfaceBlock(len);
      default: {
        const got = f.skip(len);
        if (got < len) return this.finish(len, `a block of type 0x${type.toString(16)}`, got);
        return 0;
      }
    }
  }

  /** A Section Header Block: a new byte order, version and (empty) interface list. */
  private sectionHeader(): number {
    const f = this.file;
    if (!f.need(SHB_MIN_BYTES)) return this.finish(SHB_MIN_BYTES, 'a section header block');
    const buf = f.buf;
    const at = f.pos;
    let le: boolean;
    if (buf.readUInt32LE(at + SHB_BYTE_ORDER) === BYTE_ORDER_MAGIC) le = true;
    else if (buf.readUInt32BE(at + SHB_BYTE_ORDER) === BYTE_ORDER_MAGIC) le = false;
    else return this.corrupt(`section header at byte ${f.offset()} has no byte-order magic`);
    const len = rd32(buf, at + BLK_TOTAL_LEN, le);
    if (len < SHB_MIN_BYTES || len % 4 !== 0 || len > MAX_BLOCK_BYTES) {
      return this.corrupt(`section header at byte ${f.offset()} claims a length of ${len}`);
    }
    const major = rd16(buf, at + SHB_VERSION_MAJOR, le);
    if (major !== PCAPNG_VERSION_MAJOR) {
      return this.corrupt(`section at byte ${f.offset()} is pcapng version ${major}.x, which NetLens cannot read`);
    }
    this.le = le;
    this.sectionBase = this.interfacesSeen;
    this.ifLinkType = [];
    this.ifSnaplen = [];
    this.ifUnits = [];
    // its options (hardware, OS, application) are not needed: skip without buffering them
    const got = f.skip(len);
    if (got < len) return this.finish(len, 'a section header block', got);
    return 0;
  }

  private interfaceBlock(len: number): number {
    const f = this.file;
    if (this.ifLinkType.length >= MAX_INTERFACES) {
      return this.corrupt(`more than ${MAX_INTERFACES} interfaces in one section (at byte ${f.offset()})`);
    }
    const { info, units } = parseInterfaceBlock(f.buf, f.pos, len, this.le);
    this.ifLinkType.push(info.linkType);
    this.ifSnaplen.push(info.snaplen);
    this.ifUnits.push(units);
    if (this.interfacesSeen++ < MAX_LISTED_INTERFACES) this.info.interfaces.push(info);
    else if (this.interfacesSeen === MAX_LISTED_INTERFACES + 1)
      addWarning(this.info, `more than ${MAX_LISTED_INTERFACES} interfaces in the file: only the first are listed`);
    noteLinkType(this.info, this.seenLinkTypes, info.linkType);
    f.pos += len;
    return 0;
  }

  /** An EPB, SPB or PB, whole in the buffer with a matching trailer. */
  private packetBlock(type: number, len: number, onPacket: OnPacket): number {
    const f = this.file;
    const buf = f.buf;
    const at = f.pos;
    const le = this.le;
    const p = this.pkt;
    let ifId: number;
    let capLen: number;
    let data: number;
    if (type === BT_SPB) {
      if (len < SPB_MIN_BYTES) return this.corrupt(`simple packet block at byte ${f.offset()} is too short`);
      ifId = 0;
      p.origLen = rd32(buf, at + SPB_ORIGLEN, le);
      // no captured length in the block: the original, cut by the snaplen and by the room there is
      const snap = this.ifSnaplen.length > 0 && this.ifSnaplen[0] !== 0 ? this.ifSnaplen[0] : Infinity;
      capLen = Math.min(p.origLen, snap, len - SPB_MIN_BYTES);
      data = at + SPB_DATA;
      p.tsSec = 0; // an SPB has no timestamp
      p.tsNsec = 0;
    } else {
      const epb = type === BT_EPB;
      if (len < (epb ? EPB_MIN_BYTES : PB_MIN_BYTES)) {
        return this.corrupt(`packet block at byte ${f.offset()} is too short (${len} bytes)`);
      }
      ifId = epb ? rd32(buf, at + EPB_IFACE, le) : rd16(buf, at + PB_IFACE, le);
      capLen = rd32(buf, at + (epb ? EPB_CAPLEN : PB_CAPLEN), le);
      if (capLen > len - (epb ? EPB_MIN_BYTES : PB_MIN_BYTES)) {
        return this.corrupt(
          `packet ${this.packetsRead + 1} at byte ${f.offset()} claims ${capLen} bytes in a ${len}-byte block`,
        );
      }
      p.origLen = rd32(buf, at + (epb ? EPB_ORIGLEN : PB_ORIGLEN), le);
      data = at + (epb ? EPB_DATA : PB_DATA);
      if (ifId < this.ifUnits.length) {
        this.ifUnits[ifId].apply(
          rd32(buf, at + (epb ? EPB_TS_HIGH : PB_TS_HIGH), le),
          rd32(buf, at + (epb ? EPB_TS_LOW : PB_TS_LOW), le),
          p,
        );
      }
    }
    f.pos += len;
    if (ifId >= this.ifLinkType.length) {
      addWarning(
        this.info,
        `skipped a packet at byte ${f.offset() - len}: it names interface ${ifId}, but its section declares ${this.ifLinkType.length}`,
      );
      return 0;
    }
    p.buf = buf;
    p.offset = data;
    p.capLen = capLen;
    p.linkType = this.ifLinkType[ifId];
    p.ifIndex = this.sectionBase + ifId;
    this.packetsRead++;
    onPacket(p);
    return 1;
  }

  private trailerMatches(len: number): boolean {
    return rd32(this.file.buf, this.file.pos + len - BLK_TRAILER_BYTES, this.le) === len;
  }

  private badTrailer(len: number): number {
    const f = this.file;
    const trailer = rd32(f.buf, f.pos + len - BLK_TRAILER_BYTES, this.le);
    return this.corrupt(`block at byte ${f.offset()} starts with length ${len} but ends with ${trailer}`);
  }

  /** Stops reading at an impossible block. Always DONE. */
  private corrupt(what: string): number {
    this.done = true;
    this.info.truncated = true;
    this.info.corrupt = true;
    addWarning(this.info, `corrupt: ${what}; stopped reading there`);
    return DONE;
  }

  /** The file ended (or failed) before `wanted` bytes of `what`: say so if it was mid-block. Always DONE. */
  private finish(wanted: number, what: string, have = this.file.remaining()): number {
    this.done = true;
    if (this.file.error) {
      this.info.truncated = true;
      addWarning(this.info, this.file.error.message);
    } else if (have > 0) {
      this.info.truncated = true;
      addWarning(this.info, `file ends in the middle of ${what} (${have} of ${wanted} bytes)`);
    }
    return DONE;
  }

  close(): void {
    this.done = true;
    this.file.close();
  }
}
