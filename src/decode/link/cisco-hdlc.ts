/**
 * Cisco HDLC (LINKTYPE_C_HDLC, 104): address, control and an EtherType; SLARP (0x8035 here) is
 * named, everything else goes on as that EtherType.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u16 } from '../byte-readers.js';
import { pushLayer } from '../layer-stack.js';
import { markMalformed, REASON } from '../malformed.js';
import { ETHERTYPE_SLARP } from './ether-types.js';

const PROTOCOL = 2;
const HEADER_LEN = 4;

/** Returns the network-layer offset (out.etherType set), or -1. */
export function decodeCiscoHdlc(buf: Buffer, off: number, end: number, out: Decoded): number {
  pushLayer(out, PROTO.chdlc, off);
  if (off + HEADER_LEN > end) {
    markMalformed(out, PROTO.chdlc, off, REASON.SHORT_HEADER);
    return -1;
  }
  const proto = u16(buf, off + PROTOCOL);
  if (proto === ETHERTYPE_SLARP) {
    pushLayer(out, PROTO.slarp, off + HEADER_LEN);
    return -1;
  }
  out.etherType = proto;
  return off + HEADER_LEN;
}
