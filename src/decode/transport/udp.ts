/** UDP header; then the payload's application (by port, as tshark tries the lower port first). */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u16 } from '../byte-readers.js';
import { markMalformed, markShort, REASON } from '../malformed.js';
import { pushLayer } from '../layer-stack.js';
import { decodeUdpApp } from '../app/udp-apps.js';
import { serviceForPorts } from '../app/services.js';
import { field, type ProtocolDisplay } from '../layer-view.js';

const SRC_PORT = 0;
const DST_PORT = 2;
const LENGTH = 4;
const HEADER_LEN = 8;

/**
 * Decodes UDP at `off`; `end` / `wireEnd` as for TCP. Returns the offset of a tunneled packet
 * (out.etherType set, see decodeUdpApp), or -1.
 */
export function decodeUdp(buf: Buffer, off: number, end: number, wireEnd: number, out: Decoded): number {
  pushLayer(out, PROTO.udp, off);
  if (off + 4 <= end) {
    out.srcPort = u16(buf, off + SRC_PORT);
    out.dstPort = u16(buf, off + DST_PORT);
    out.service = serviceForPorts(out.srcPort, out.dstPort, true);
  }
  if (off + HEADER_LEN > end) {
    markShort(out, PROTO.udp, off, off + HEADER_LEN, wireEnd);
    return -1;
  }
  const len = u16(buf, off + LENGTH);
  // Length 0 is allowed for IPv6 jumbograms: the IP payload length rules.
  let udpEnd = len === 0 ? wireEnd : off + len;
  if (len !== 0 && len < HEADER_LEN) {
    markMalformed(out, PROTO.udp, off, REASON.BAD_LENGTH);
    return -1;
  }
  if (udpEnd > wireEnd) {
    markMalformed(out, PROTO.udp, off, REASON.BAD_LENGTH);
    udpEnd = wireEnd;
  }
  const p = off + HEADER_LEN;
  const pEnd = udpEnd < end ? udpEnd : end;
  out.payloadOffset = p - out.frameOffset;
  out.payloadLen = pEnd > p ? pEnd - p : 0;
  out.payloadWireLen = udpEnd > p ? udpEnd - p : 0;
  return decodeUdpApp(buf, p, pEnd, udpEnd, out);
}

export const UDP_DISPLAY: ProtocolDisplay = {
  fields: ({ d }) =>
    d.srcPort < 0
      ? []
      : [field('Source port', d.srcPort), field('Destination port', d.dstPort), field('Length', d.payloadWireLen + 8)],
  info: ({ d }) => (d.srcPort < 0 ? '' : `${d.srcPort} → ${d.dstPort} Len=${d.payloadWireLen}`),
};
