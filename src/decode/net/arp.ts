/** ARP (EtherType 0x0806). Addresses are recorded for IPv4-over-Ethernet; other kinds keep only the op. */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u16, u32 } from '../byte-readers.js';
import { markMalformed, REASON } from '../malformed.js';
import { pushLayer } from '../layer-stack.js';
import { field, type ProtocolDisplay } from '../layer-view.js';
import { ipv4ToString, macToString } from '../format.js';

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

const OP_REQUEST = 1;
const OP_REPLY = 2;

export const ARP_DISPLAY: ProtocolDisplay = {
  fields({ buf, d }) {
    const op = d.arpOp === OP_REQUEST ? 'request (1)' : d.arpOp === OP_REPLY ? 'reply (2)' : d.arpOp;
    const out = [field('Opcode', op)];
    if (d.arpSenderMacOffset >= 0)
      out.push(field('Sender MAC address', macToString(buf, d.arpSenderMacOffset), d.arpSenderMacOffset, 6));
    out.push(field('Sender IP address', ipv4ToString(d.arpSenderIp)));
    if (d.arpTargetMacOffset >= 0)
      out.push(field('Target MAC address', macToString(buf, d.arpTargetMacOffset), d.arpTargetMacOffset, 6));
    out.push(field('Target IP address', ipv4ToString(d.arpTargetIp)));
    return out;
  },
  info({ buf, d }) {
    const sender = ipv4ToString(d.arpSenderIp);
    if (d.arpOp === OP_REQUEST) return `Who has ${ipv4ToString(d.arpTargetIp)}? Tell ${sender}`;
    if (d.arpOp === OP_REPLY)
      return `${sender} is at ${d.arpSenderMacOffset >= 0 ? macToString(buf, d.arpSenderMacOffset) : '?'}`;
    return `ARP opcode ${d.arpOp}`;
  },
};
