/**
 * Streaming reader for classic pcap files (µs and ns magic, either byte order). Records are parsed
 * in place in the ChunkedFile's buffer; the hot loop touches only locals and the reused RawPacket.
 */
import { fail, ok, type Result } from '../api/errors.js';
import { addWarning, packetBudget, type CaptureFileInfo, type CaptureFileReader } from './capture-file-info.js';
import type { ChunkedFile } from './chunked-file.js';
import {
  MAX_CAPLEN,
  PCAP_FCS_PRESENT,
  PCAP_FCS_SHIFT,
  PCAP_HDR_LINKTYPE,
  PCAP_HDR_MAGIC,
  PCAP_HDR_SNAPLEN,
  PCAP_HDR_VERSION_MAJOR,
  PCAP_HEADER_BYTES,
  PCAP_LINKTYPE_MASK,
  PCAP_MAGIC_NS,
  PCAP_MAGIC_US,
  PCAP_REC_CAPLEN,
  PCAP_REC_ORIGLEN,
  PCAP_REC_TS_FRAC,
  PCAP_REC_TS_SEC,
  PCAP_RECORD_HEADER_BYTES,
  PCAP_VERSION_MAJOR,
} from './pcap-format.js';
import { newRawPacket, type RawPacket } from './raw-packet.js';

const NS_PER_SEC = 1e9;
const HDR = PCAP_RECORD_HEADER_BYTES;

/** True if the 4 bytes at buf[0..4] are a pcap magic in either byte order. */
export function isPcapMagic(buf: Buffer): boolean {
  const le = buf.readUInt32LE(0);
  const be = buf.readUInt32BE(0);
  return le === PCAP_MAGIC_US || le === PCAP_MAGIC_NS || be === PCAP_MAGIC_US || be === PCAP_MAGIC_NS;
}

/** Parses the file header at `file.pos` (the caller checked the magic) and returns a reader. */
export function openPcap(path: string, file: ChunkedFile): Result<CaptureFileReader> {
  if (!file.need(PCAP_HEADER_BYTES)) {
    const have = file.remaining();
    file.close();
    return fail(
      'not-a-capture',
      `${path} is not a capture file: it ends inside its pcap header (${have} of ${PCAP_HEADER_BYTES} bytes)`,
      'The file was cut short while being copied or written; nothing in it can be read.',
    );
  }
  const buf = file.buf;
  const at = file.pos;
  const magicLe = buf.readUInt32LE(at + PCAP_HDR_MAGIC);
  const le = magicLe === PCAP_MAGIC_US || magicLe === PCAP_MAGIC_NS;
  const u16 = (o: number): number => (le ? buf.readUInt16LE(at + o) : buf.readUInt16BE(at + o));
  const u32 = (o: number): number => (le ? buf.readUInt32LE(at + o) : buf.readUInt32BE(at + o));
  const nano = u32(PCAP_HDR_MAGIC) === PCAP_MAGIC_NS;
  const major = u16(PCAP_HDR_VERSION_MAJOR);
  if (major !== PCAP_VERSION_MAJOR) {
    file.close();
    return fail(
      'unsupported-capture',
      `${path} is a pcap file of version ${major}.x; NetLens reads version ${PCAP_VERSION_MAJOR}.x`,
      'Convert it with: editcap -F pcap <in> <out>',
    );
  }
  const rawLinkType = u32(PCAP_HDR_LINKTYPE);
  const linkType = rawLinkType & PCAP_LINKTYPE_MASK;
  const iface: CaptureFileInfo['interfaces'][number] = {
    linkType,
    snaplen: u32(PCAP_HDR_SNAPLEN),
    tsResolution: nano ? 'ns' : 'us',
  };
  if ((rawLinkType & PCAP_FCS_PRESENT) !== 0) iface.fcsLen = ((rawLinkType >>> PCAP_FCS_SHIFT) & 0xf) * 2;
  file.pos += PCAP_HEADER_BYTES;
  const info: CaptureFileInfo = {
    path,
    format: 'pcap',
    linkTypes: [linkType],
    interfaces: [iface],
    byteOrder: le ? 'little' : 'big',
    truncated: false,
    corrupt: false,
    warnings: [],
  };
  return ok(new PcapReader(info, file, le, nano ? 1 : 1000));
}

class PcapReader implements CaptureFileReader {
  packetsRead = 0;
  private badTimestamps = 0;
  private done = false;
  private readonly pkt: RawPacket = newRawPacket();

  constructor(
    readonly info: CaptureFileInfo,
    private readonly file: ChunkedFile,
    private readonly le: boolean,
    /** Multiplier from the file's fraction unit to nanoseconds. */
    private readonly fracToNs: number,
  ) {}

  get error(): CaptureFileReader['error'] {
    return this.file.error;
  }

  read(onPacket: (p: RawPacket) => void, maxPackets?: number): number {
    if (this.done) return 0;
    const budget = packetBudget(maxPackets);
    const f = this.file;
    const p = this.pkt;
    const le = this.le;
    const mult = this.fracToNs;
    const linkType = this.info.linkTypes[0];
    let delivered = 0;
    while (delivered < budget) {
      const buf = f.buf;
      const end = f.end;
      let pos = f.pos;
      // Hot loop: whole records already in the buffer. Anything else (a record that straddles
      // the end of the buffer, an impossible length) drops to refill() below.
      while (delivered < budget && end - pos >= HDR) {
        const capLen = le ? buf.readUInt32LE(pos + PCAP_REC_CAPLEN) : buf.readUInt32BE(pos + PCAP_REC_CAPLEN);
        const next = pos + HDR + capLen;
        if (capLen > MAX_CAPLEN || next > end) break;
        const sec = le ? buf.readUInt32LE(pos + PCAP_REC_TS_SEC) : buf.readUInt32BE(pos + PCAP_REC_TS_SEC);
        let nsec = (le ? buf.readUInt32LE(pos + PCAP_REC_TS_FRAC) : buf.readUInt32BE(pos + PCAP_REC_TS_FRAC)) * mult;
        p.badTimestamp = nsec >= NS_PER_SEC;
        if (p.badTimestamp) {
          // an impossible fraction (a damaged file): the packet counts as malformed, at its whole second
          nsec = 0;
          this.badTimestamp();
        }
        p.buf = buf;
        p.offset = pos + HDR;
        p.capLen = capLen;
        p.origLen = le ? buf.readUInt32LE(pos + PCAP_REC_ORIGLEN) : buf.readUInt32BE(pos + PCAP_REC_ORIGLEN);
        p.tsSec = sec;
        p.tsNsec = nsec;
        p.linkType = linkType; // set every time: a callback may have scribbled on the shared object
        p.ifIndex = 0;
        // advance before the callback, so a callback that throws does not see the packet again
        pos = next;
        f.pos = next;
        delivered++;
        this.packetsRead++;
        onPacket(p);
      }
      if (delivered >= budget) break;
      if (!this.refill()) break;
    }
    return delivered;
  }

  private badTimestamp(): void {
    if (this.badTimestamps++ === 0)
      addWarning(
        this.info,
        `packet ${this.packetsRead + 1} has an impossible timestamp (its fraction of a second is 1 s or more): it counts as malformed, at its whole second`,
      );
  }

  /** Makes the next whole record available; false (and the reader done) at the end or on corruption. */
  private refill(): boolean {
    const f = this.file;
    if (!f.need(HDR)) return this.finish(HDR);
    const capLen = this.le ? f.buf.readUInt32LE(f.pos + PCAP_REC_CAPLEN) : f.buf.readUInt32BE(f.pos + PCAP_REC_CAPLEN);
    if (capLen > MAX_CAPLEN) {
      this.info.truncated = true;
      this.info.corrupt = true;
      addWarning(
        this.info,
        `corrupt: packet ${this.packetsRead + 1} at byte ${f.offset()} claims ${capLen} captured bytes ` +
          `(more than ${MAX_CAPLEN}); stopped reading there`,
      );
      this.done = true;
      return false;
    }
    if (!f.need(HDR + capLen)) return this.finish(HDR + capLen);
    return true;
  }

  /** The file ended (or failed) before `wanted` more bytes: record why, stop. Always false. */
  private finish(wanted: number): false {
    const f = this.file;
    this.done = true;
    if (f.error) {
      this.info.truncated = true;
      addWarning(this.info, f.error.message);
      return false;
    }
    const have = f.remaining();
    if (have > 0) {
      this.info.truncated = true;
      const what = wanted === HDR ? 'record header of packet' : 'packet';
      addWarning(this.info, `file ends in the middle of ${what} ${this.packetsRead + 1} (${have} of ${wanted} bytes)`);
    }
    return false;
  }

  close(): void {
    this.done = true;
    this.file.close();
  }
}
