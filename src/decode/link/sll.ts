/**
 * Linux cooked capture: SLL v1 (LINKTYPE 113, 16 bytes) and SLL2 (LINKTYPE 276, 20 bytes). tshark
 * names both `sll`.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { markMalformed, REASON } from '../malformed.js';
import { pushLayer } from '../layer-stack.js';
import { decodeLlc } from './llc.js';
import { ETHERTYPE_MIN } from './ether-types.js';

const SLL1_ADDR_LEN = 4;
const SLL1_ADDR = 6;
const SLL1_PROTOCOL = 14;
const SLL1_HEADER_LEN = 16;

const SLL2_PROTOCOL = 0;
const SLL2_ADDR_LEN = 11;
const SLL2_ADDR = 12;
const SLL2_HEADER_LEN = 20;

/** Protocol values below 0x0600 are Linux ETH_P_* pseudo-types; 4 (ETH_P_802_2) means an LLC header follows. */
const ETH_P_802_2 = 4;

function afterHeader(buf: Buffer, p: number, end: number, protocol: number, out: Decoded): number {
  if (protocol >= ETHERTYPE_MIN) {
    out.etherType = protocol;
    return p;
  }
  if (protocol === ETH_P_802_2) return decodeLlc(buf, p, end, out);
  return -1;
}

/** Decodes an SLL v1 header. Returns the network-layer offset with out.etherType set, or -1. */
export function decodeSll(buf: Buffer, off: number, end: number, out: Decoded): number {
  pushLayer(out, PROTO.sll, off);
  if (off + SLL1_HEADER_LEN > end) {
    markMalformed(out, PROTO.sll, off, REASON.SHORT_HEADER);
    return -1;
  }
  const addrLen = (buf[off + SLL1_ADDR_LEN] << 8) | buf[off + SLL1_ADDR_LEN + 1];
  if (addrLen === 6) out.srcMacOffset = off + SLL1_ADDR - out.frameOffset;
  const protocol = (buf[off + SLL1_PROTOCOL] << 8) | buf[off + SLL1_PROTOCOL + 1];
  return afterHeader(buf, off + SLL1_HEADER_LEN, end, protocol, out);
}

/** Decodes an SLL2 header. Returns the network-layer offset with out.etherType set, or -1. */
export function decodeSll2(buf: Buffer, off: number, end: number, out: Decoded): number {
  pushLayer(out, PROTO.sll, off);
  if (off + SLL2_HEADER_LEN > end) {
    markMalformed(out, PROTO.sll, off, REASON.SHORT_HEADER);
    return -1;
  }
  if (buf[off + SLL2_ADDR_LEN] === 6) out.srcMacOffset = off + SLL2_ADDR - out.frameOffset;
  const protocol = (buf[off + SLL2_PROTOCOL] << 8) | buf[off + SLL2_PROTOCOL + 1];
  return afterHeader(buf, off + SLL2_HEADER_LEN, end, protocol, out);
}
