import { describe, expect, it } from 'vitest';
import { FRAMING_DNS, FRAMING_TLS, PduTracker } from '../../src/analysis/tcp-pdu-tracker.js';

function tlsRecord(bodyLen: number, type = 23): Buffer {
  const b = Buffer.alloc(5 + bodyLen, 0xab);
  b[0] = type;
  b[1] = 3;
  b[2] = 3;
  b.writeUInt16BE(bodyLen, 3);
  return b;
}

describe('PduTracker', () => {
  it('says a TLS record completes only in the segment holding its last byte', () => {
    const t = new PduTracker();
    t.framing = FRAMING_TLS;
    const stream = Buffer.concat([tlsRecord(3000), tlsRecord(10)]);
    const segs = [stream.subarray(0, 1448), stream.subarray(1448, 2896), stream.subarray(2896)];
    let seq = 1000;
    const got = segs.map((s) => {
      const r = t.feed(s, 0, s.length, s.length, seq);
      seq += s.length;
      return r;
    });
    expect(got).toEqual([false, false, true]);
  });

  it('handles a header split across segments and ignores retransmitted bytes', () => {
    const t = new PduTracker();
    t.framing = FRAMING_TLS;
    const rec = tlsRecord(4);
    expect(t.feed(rec, 0, 3, 3, 0)).toBe(false);
    expect(t.feed(rec, 0, 3, 3, 0)).toBe(false); // retransmission of the same 3 bytes
    expect(t.feed(rec, 3, 6, 6, 3)).toBe(true);
  });

  it('resynchronises after a gap only at a plausible header', () => {
    const t = new PduTracker();
    t.framing = FRAMING_TLS;
    const rec = tlsRecord(100);
    expect(t.feed(rec, 0, 50, 50, 0)).toBe(false);
    const junk = Buffer.alloc(20, 0x41);
    expect(t.feed(junk, 0, 20, 20, 500)).toBe(false); // gap, not a header
    const next = tlsRecord(2, 21);
    expect(t.feed(next, 0, next.length, next.length, 900)).toBe(true);
  });

  it('frames DNS over TCP by its two-byte length', () => {
    const t = new PduTracker();
    t.framing = FRAMING_DNS;
    const msg = Buffer.alloc(2 + 30);
    msg.writeUInt16BE(30, 0);
    expect(t.feed(msg, 0, 10, 10, 5)).toBe(false);
    expect(t.feed(msg, 10, 22, 22, 15)).toBe(true);
  });
});
