/**
 * Follows record boundaries in one direction of a TCP stream for protocols whose messages are
 * length-prefixed: TLS records (5-byte header, length at bytes 3–4) and DNS over TCP (2-byte
 * length). It answers "did a whole record end in this segment?", which is when tshark (with TCP
 * reassembly on, its default) shows the frame as `tls` or `dns` rather than bare `tcp`.
 */
import { seqAdd, seqLt } from './tcp-seq.js';

export const FRAMING_NONE = 0;
export const FRAMING_TLS = 1;
export const FRAMING_DNS = 2;

const TLS_HEADER = 5;
const DNS_HEADER = 2;

export class PduTracker {
  framing = FRAMING_NONE;
  private expectSeq = 0;
  private started = false;
  private synced = false;
  /** Body bytes still to come in the current record. */
  private remaining = 0;
  private readonly header = new Uint8Array(TLS_HEADER);
  private headerHave = 0;

  /**
   * Feeds one segment's payload (`capLen` bytes present at buf[off..], `wireLen` on the wire,
   * starting at sequence number `seq`). Returns true when at least one record ends in it.
   */
  feed(buf: Buffer, off: number, capLen: number, wireLen: number, seq: number): boolean {
    if (wireLen <= 0) return false;
    let skip = 0;
    if (!this.started) {
      this.started = true;
      this.resync();
    } else if (seq !== this.expectSeq) {
      if (seqLt(seq, this.expectSeq)) {
        // Retransmitted or overlapping data: only the part beyond what we have seen is new.
        const overlap = (this.expectSeq - seq) >>> 0;
        if (overlap >= wireLen) return false;
        skip = overlap;
      } else {
        // A gap: bytes were not captured; start again at the next record header we can see.
        this.resync();
      }
    }
    this.expectSeq = seqAdd(seq, wireLen);
    if (capLen < wireLen) {
      // Cut by the snaplen: the following boundaries are unknown.
      this.synced = false;
      return false;
    }
    return this.consume(buf, off + skip, off + capLen);
  }

  private resync(): void {
    this.synced = true;
    this.remaining = 0;
    this.headerHave = 0;
  }

  private consume(buf: Buffer, p: number, end: number): boolean {
    if (!this.synced) {
      // Resynchronise only on a segment that starts with a plausible header.
      if (!this.plausibleAt(buf, p, end)) return false;
      this.resync();
    }
    let completed = false;
    const hsize = this.framing === FRAMING_TLS ? TLS_HEADER : DNS_HEADER;
    while (p < end) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, end - p);
        this.remaining -= take;
        p += take;
        if (this.remaining === 0) completed = true;
        continue;
      }
      this.header[this.headerHave++] = buf[p++];
      if (this.headerHave < hsize) continue;
      this.headerHave = 0;
      if (this.framing === FRAMING_TLS) {
        if (!isTlsHeader(this.header[0], this.header[1], this.header[2])) {
          this.synced = false;
          return completed;
        }
        this.remaining = (this.header[3] << 8) | this.header[4];
      } else {
        this.remaining = (this.header[0] << 8) | this.header[1];
      }
      if (this.remaining === 0) completed = true;
    }
    return completed;
  }

  private plausibleAt(buf: Buffer, p: number, end: number): boolean {
    if (this.framing === FRAMING_TLS) return end - p >= 3 && isTlsHeader(buf[p], buf[p + 1], buf[p + 2]);
    return end - p >= 2;
  }
}

/** Content types change_cipher_spec(20), alert(21), handshake(22), application_data(23), heartbeat(24); version 3.x. */
export function isTlsHeader(type: number, major: number, minor: number): boolean {
  return type >= 20 && type <= 24 && major === 3 && minor <= 4;
}
