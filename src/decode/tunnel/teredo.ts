/**
 * Teredo (RFC 4380, UDP 3544): IPv6 over UDP over IPv4, after optional authentication and origin
 * indication headers.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u16 } from '../byte-readers.js';
import { pushLayer } from '../layer-stack.js';
import { markShort } from '../malformed.js';
import { ETHERTYPE_IPV6 } from '../link/ether-types.js';
import { noteTunnel } from './tunnel-key.js';

const INDICATOR_AUTH = 0x0001;
const INDICATOR_ORIGIN = 0x0000;
/** Authentication: indicator, id length, auth length, id, auth value, 8-byte nonce, confirmation byte. */
const AUTH_FIXED_LEN = 13;
const ORIGIN_LEN = 8;

/** Decodes Teredo at `off`; returns the IPv6 header's offset (out.etherType set), or -1. */
export function decodeTeredo(buf: Buffer, off: number, end: number, wireEnd: number, out: Decoded): number {
  pushLayer(out, PROTO.teredo, off);
  noteTunnel(out, PROTO.teredo, -1);
  let p = off;
  if (p + 2 <= end && u16(buf, p) === INDICATOR_AUTH) {
    if (p + 4 > end) {
      markShort(out, PROTO.teredo, p, p + 4, wireEnd);
      return -1;
    }
    p += AUTH_FIXED_LEN + buf[p + 2] + buf[p + 3];
  }
  if (p + 2 <= end && u16(buf, p) === INDICATOR_ORIGIN) p += ORIGIN_LEN;
  if (p > end) {
    markShort(out, PROTO.teredo, off, p, wireEnd);
    return -1;
  }
  if (p >= end) return -1;
  out.etherType = ETHERTYPE_IPV6;
  return p;
}
