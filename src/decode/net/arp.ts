/** ARP (EtherType 0x0806). Addresses are recorded for IPv4-over-Ethernet; other kinds keep only the op. */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u16, u32 } from '../byte-readers.js';
import { markMalformed, REASON } from '../malformed.js';
import { pushLayer } from '../layer-stack.js';

const PTYPE = 2;
const HLEN = 4;
const PLEN = 5;
const OPER = 6;
const ADDRS = 8;
const FIXED_LEN = 8;
const PTYPE_IPV4 = 0x0800;

export function decodeArp(buf: Buffer, off: number, end: number, out: Decoded): void {
  pushLayer(out, PROTO.arp, off);
  if (off + FIXED_LEN > end) {
    markMalformed(out, PROTO.arp, off, REASON.SHORT_HEADER);
    return;
  }
  out.arpOp = u16(buf, off + OPER);
  const hlen = buf[off + HLEN];
  const plen = buf[off + PLEN];
  const sha = off + ADDRS;
  const spa = sha + hlen;
  const tha = spa + plen;
  const tpa = tha + hlen;
  if (tpa + plen > end) {
    markMalformed(out, PROTO.arp, off, REASON.SHORT_HEADER);
    return;
  }
  const base = out.frameOffset;
  if (hlen === 6) {
    out.arpSenderMacOffset = sha - base;
    out.arpTargetMacOffset = tha - base;
  }
  if (plen === 4 && u16(buf, off + PTYPE) === PTYPE_IPV4) {
    out.arpSenderIp = u32(buf, spa);
    out.arpTargetIp = u32(buf, tpa);
  }
}
