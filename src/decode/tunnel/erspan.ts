/**
 * ERSPAN, mirrored switch traffic in GRE: type I (protocol 0x88be, no GRE sequence number: no
 * header), type II (0x88be: 8 bytes) and type III (0x22eb: 12 bytes, and an 8-byte platform
 * sub-header when its O bit is set); then the mirrored Ethernet frame.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u16 } from '../byte-readers.js';
import { pushLayer } from '../layer-stack.js';
import { markShort } from '../malformed.js';
import { decodeEthernet } from '../link/ethernet.js';
import { field, type ProtocolDisplay } from '../layer-view.js';
import { noteTunnel } from './tunnel-key.js';

const VERSION_VLAN = 0;
const SESSION = 2;
const TYPE2_LEN = 8;
const TYPE3_LEN = 12;
const TYPE3_FLAGS = 11;
const TYPE3_O_BIT = 0x01;
const PLATFORM_LEN = 8;
const SESSION_MASK = 0x03ff;

/** `type` is 1, 2 or 3; returns the mirrored frame's network-layer offset (out.etherType set), or -1. */
export function decodeErspan(buf: Buffer, off: number, end: number, type: number, out: Decoded): number {
  pushLayer(out, PROTO.erspan, off);
  let p = off;
  if (type === 1) noteTunnel(out, PROTO.erspan, -1);
  else {
    const len = type === 2 ? TYPE2_LEN : TYPE3_LEN;
    if (off + len > end) {
      markShort(out, PROTO.erspan, off, off + len, end);
      return -1;
    }
    noteTunnel(out, PROTO.erspan, u16(buf, off + SESSION) & SESSION_MASK);
    p = off + len;
    if (type === 3 && (buf[off + TYPE3_FLAGS] & TYPE3_O_BIT) !== 0) p += PLATFORM_LEN;
  }
  if (p >= end) return -1;
  return decodeEthernet(buf, p, end, out);
}

export const ERSPAN_DISPLAY: ProtocolDisplay = {
  fields: ({ buf, start, end }) =>
    start + TYPE2_LEN > end
      ? []
      : [
          field('Version', buf[start + VERSION_VLAN] >> 4),
          field('VLAN', u16(buf, start + VERSION_VLAN) & 0x0fff),
          field('Session', u16(buf, start + SESSION) & SESSION_MASK),
        ],
};
