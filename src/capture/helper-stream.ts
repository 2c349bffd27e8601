/**
 * Reads the pcapng stream netlens-capture writes (native/pcapng_out.h) as it arrives from the
 * pipe, in chunks that cut blocks anywhere: one section, one interface, Enhanced Packet Blocks
 * and Interface Statistics Blocks (libpcap's counters; the last one has isb_endtime and, when the
 * capture ended by itself, a comment "error: <why>"). Every length is checked before it is
 * trusted; anything else in the stream is skipped, and a stream that is not what the helper
 * writes ends with `malformed` rather than a guess. Packets point into the chunk: valid only
 * during the callback.
 */
import {
  BLK_TOTAL_LEN,
  BLK_TRAILER_BYTES,
  BLK_TYPE,
  BT_EPB,
  BT_IDB,
  BT_ISB,
  BT_SHB,
  BYTE_ORDER_MAGIC,
  EPB_CAPLEN,
  EPB_DATA,
  EPB_IFACE,
  EPB_MIN_BYTES,
  EPB_ORIGLEN,
  EPB_TS_HIGH,
  EPB_TS_LOW,
  IDB_MIN_BYTES,
  IDB_OPTIONS,
  ISB_ENDTIME,
  ISB_IFDROP,
  ISB_IFRECV,
  ISB_MIN_BYTES,
  ISB_OPTIONS,
  ISB_OSDROP,
  MAX_BLOCK_BYTES,
  OPT_COMMENT,
  SHB_BYTE_ORDER,
  SHB_MIN_BYTES,
} from './pcapng-format.js';
import { forEachOption, optionText, parseInterfaceBlock } from './pcapng-interface.js';
import { newRawPacket, type RawPacket } from './raw-packet.js';
import type { TimestampUnits } from './timestamp-units.js';

const TWO_32 = 4294967296;
const ERROR_PREFIX = 'error: ';

export interface HelperInterface {
  linkType: number;
  snaplen: number;
  nano: boolean;
  /** pcap_activate's warning, '' when none. */
  warning: string;
}

export interface HelperCounts {
  /** libpcap's ps_recv, ps_drop (no room in the kernel buffer) and ps_ifdrop. */
  received: number;
  dropped: number;
  ifDropped: number;
  /** The last statistics of the capture (isb_endtime). */
  final: boolean;
  /** Why the capture ended by itself (libpcap's words), null when it did not. */
  error: string | null;
}

export interface HelperStreamHandlers {
  onInterface(i: HelperInterface): void;
  onPacket(p: RawPacket): void;
  onCounts(c: HelperCounts): void;
  onMalformed(why: string): void;
}

export class HelperStreamDecoder {
  private carry: Buffer | null = null;
  private le = true;
  private section = false;
  private units: TimestampUnits | null = null;
  private failed = false;
  private readonly pkt = newRawPacket();

  constructor(private readonly on: HelperStreamHandlers) {}

  /** Bytes held back: the start of a block that has not arrived whole yet. */
  get pending(): number {
    return this.carry?.length ?? 0;
  }

  push(chunk: Buffer): void {
    if (this.failed) return;
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    const end = buf.length;
    const le = this.le;
    const p = this.pkt;
    let pos = 0;
    while (end - pos >= 8 && !this.failed) {
      const type = le ? buf.readUInt32LE(pos + BLK_TYPE) : buf.readUInt32BE(pos + BLK_TYPE);
      const len = le ? buf.readUInt32LE(pos + BLK_TOTAL_LEN) : buf.readUInt32BE(pos + BLK_TOTAL_LEN);
      if (type === BT_EPB && this.units !== null && len <= end - pos && len >= EPB_MIN_BYTES && (len & 3) === 0) {
        // the hot path: a whole packet block on the one interface
        const capLen = le ? buf.readUInt32LE(pos + EPB_CAPLEN) : buf.readUInt32BE(pos + EPB_CAPLEN);
        const ifId = le ? buf.readUInt32LE(pos + EPB_IFACE) : buf.readUInt32BE(pos + EPB_IFACE);
        if (ifId !== 0 || capLen > len - EPB_MIN_BYTES) return this.malformed('a packet block with a bad length');
        p.buf = buf;
        p.offset = pos + EPB_DATA;
        p.capLen = capLen;
        p.origLen = le ? buf.readUInt32LE(pos + EPB_ORIGLEN) : buf.readUInt32BE(pos + EPB_ORIGLEN);
        this.units.apply(
          le ? buf.readUInt32LE(pos + EPB_TS_HIGH) : buf.readUInt32BE(pos + EPB_TS_HIGH),
          le ? buf.readUInt32LE(pos + EPB_TS_LOW) : buf.readUInt32BE(pos + EPB_TS_LOW),
          p,
        );
        pos += len;
        this.on.onPacket(p);
        continue;
      }
      if (!this.section) {
        if (type !== BT_SHB || end - pos < SHB_MIN_BYTES) {
          if (type !== BT_SHB) return this.malformed('it does not start with a pcapng section header');
          break;
        }
        const magicLe = buf.readUInt32LE(pos + SHB_BYTE_ORDER);
        if (magicLe !== BYTE_ORDER_MAGIC && buf.readUInt32BE(pos + SHB_BYTE_ORDER) !== BYTE_ORDER_MAGIC)
          return this.malformed('its section header has no byte-order magic');
        this.le = magicLe === BYTE_ORDER_MAGIC;
        this.section = true;
        return this.resume(buf, pos);
      }
      if (len < 12 || (len & 3) !== 0 || len > MAX_BLOCK_BYTES) return this.malformed(`a block of ${len} bytes`);
      if (len > end - pos) break;
      const trailer = le ? buf.readUInt32LE(pos + len - BLK_TRAILER_BYTES) : buf.readUInt32BE(pos + len - 4);
      if (trailer !== len) return this.malformed('a block whose trailing length differs');
      if (type === BT_IDB) this.interfaceBlock(buf, pos, len);
      else if (type === BT_ISB) this.statsBlock(buf, pos, len);
      else if (type === BT_EPB) return this.malformed('a packet block before the interface or too short');
      pos += len;
    }
    if (pos < end && !this.failed) this.carry = Buffer.from(buf.subarray(pos));
  }

  /** The byte order is known from here on: parse the rest with it. */
  private resume(buf: Buffer, pos: number): void {
    const len = this.le ? buf.readUInt32LE(pos + BLK_TOTAL_LEN) : buf.readUInt32BE(pos + BLK_TOTAL_LEN);
    if (len < SHB_MIN_BYTES || (len & 3) !== 0 || len > MAX_BLOCK_BYTES)
      return this.malformed('its section header has an impossible length');
    if (len > buf.length - pos) {
      this.section = false; // read it again when it is whole
      this.carry = Buffer.from(buf.subarray(pos));
      return;
    }
    this.push(buf.subarray(pos + len));
  }

  private interfaceBlock(buf: Buffer, at: number, len: number): void {
    if (this.units !== null) return this.malformed('a second interface (the helper captures on one)');
    if (len < IDB_MIN_BYTES) return this.malformed('an interface block too short');
    const { info, units } = parseInterfaceBlock(buf, at, len, this.le);
    let warning = '';
    forEachOption(buf, at + IDB_OPTIONS, at + len - BLK_TRAILER_BYTES, this.le, (code, v, olen) => {
      if (code === OPT_COMMENT) warning = optionText(buf, v, olen);
    });
    this.units = units;
    this.pkt.linkType = info.linkType;
    this.on.onInterface({ linkType: info.linkType, snaplen: info.snaplen, nano: units.label === 'ns', warning });
  }

  private statsBlock(buf: Buffer, at: number, len: number): void {
    if (len < ISB_MIN_BYTES) return this.malformed('a statistics block too short');
    const le = this.le;
    const c: HelperCounts = { received: 0, dropped: 0, ifDropped: 0, final: false, error: null };
    const u64 = (v: number): number =>
      le
        ? buf.readUInt32LE(v + 4) * TWO_32 + buf.readUInt32LE(v)
        : buf.readUInt32BE(v) * TWO_32 + buf.readUInt32BE(v + 4);
    forEachOption(buf, at + ISB_OPTIONS, at + len - BLK_TRAILER_BYTES, le, (code, v, olen) => {
      if (code === ISB_ENDTIME) c.final = true;
      else if (olen !== 8 && code !== OPT_COMMENT) return;
      if (code === ISB_IFRECV) c.received = u64(v);
      else if (code === ISB_OSDROP) c.dropped = u64(v);
      else if (code === ISB_IFDROP) c.ifDropped = u64(v);
      else if (code === OPT_COMMENT) {
        const text = optionText(buf, v, olen);
        if (text.startsWith(ERROR_PREFIX)) c.error = text.slice(ERROR_PREFIX.length);
      }
    });
    this.on.onCounts(c);
  }

  private malformed(why: string): void {
    this.failed = true;
    this.carry = null;
    this.on.onMalformed(`the capture helper's stream is not what it writes: ${why}`);
  }
}
