/** VXLAN (RFC 7348, UDP 4789): an 8-byte header with the 24-bit network id, then an Ethernet frame. */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u24 } from '../byte-readers.js';
import { pushLayer } from '../layer-stack.js';
import { markShort } from '../malformed.js';
import { decodeEthernet } from '../link/ethernet.js';
import { field, type ProtocolDisplay } from '../layer-view.js';
import { noteTunnel } from './tunnel-key.js';

const FLAGS = 0;
const VNI = 4;
const HEADER_LEN = 8;

/** Decodes VXLAN at `off`; returns the inner network layer's offset (out.etherType set), or -1. */
export function decodeVxlan(buf: Buffer, off: number, end: number, wireEnd: number, out: Decoded): number {
  pushLayer(out, PROTO.vxlan, off);
  if (off + HEADER_LEN > end) {
    markShort(out, PROTO.vxlan, off, off + HEADER_LEN, wireEnd);
    return -1;
  }
  noteTunnel(out, PROTO.vxlan, u24(buf, off + VNI));
  if (off + HEADER_LEN >= end) return -1;
  return decodeEthernet(buf, off + HEADER_LEN, end, out);
}

export const VXLAN_DISPLAY: ProtocolDisplay = {
  fields: ({ buf, start }) =>
    start + HEADER_LEN > buf.length
      ? []
      : [field('Flags', `0x${buf[start + FLAGS].toString(16).padStart(2, '0')}`), field('VNI', u24(buf, start + VNI))],
};
