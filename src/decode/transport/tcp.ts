/** TCP header and options (MSS, window scale, SACK permitted, timestamps); then the payload's application. */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u16, u32 } from '../byte-readers.js';
import { markMalformed, markShort, REASON } from '../malformed.js';
import { pushLayer } from '../layer-stack.js';
import { decodeTcpApp } from '../app/tcp-apps.js';
import { appForPorts, serviceForPorts } from '../app/services.js';
import { field, type ProtocolDisplay } from '../layer-view.js';
import { tcpFlagNames } from './tcp-flags.js';

const SRC_PORT = 0;
const DST_PORT = 2;
const SEQ = 4;
const ACK = 8;
const DATA_OFFSET = 12;
const FLAGS = 13;
const WINDOW = 14;
const MIN_HEADER_LEN = 20;

const OPT_END = 0;
const OPT_NOP = 1;
const OPT_MSS = 2;
const OPT_WSCALE = 3;
const OPT_SACK_PERMITTED = 4;
const OPT_TIMESTAMPS = 8;

/**
 * Decodes TCP at `off`. `end` is where the IP payload's captured bytes stop, `wireEnd` where the
 * IP header says the payload stops: a header past `end` but within `wireEnd` was cut by the snaplen.
 */
export function decodeTcp(buf: Buffer, off: number, end: number, wireEnd: number, out: Decoded): void {
  pushLayer(out, PROTO.tcp, off);
  if (off + 4 <= end) {
    out.srcPort = u16(buf, off + SRC_PORT);
    out.dstPort = u16(buf, off + DST_PORT);
    out.service = serviceForPorts(out.srcPort, out.dstPort, false);
    // By port for every segment (SYNs and bare ACKs too); a payload's content may override it.
    out.app = appForPorts(out.srcPort, out.dstPort, false);
  }
  if (off + MIN_HEADER_LEN > end) {
    markShort(out, PROTO.tcp, off, off + MIN_HEADER_LEN, wireEnd);
    return;
  }
  out.tcpSeq = u32(buf, off + SEQ);
  out.tcpAck = u32(buf, off + ACK);
  out.tcpFlags = buf[off + FLAGS];
  out.tcpWindow = u16(buf, off + WINDOW);
  const hdrLen = (buf[off + DATA_OFFSET] >> 4) << 2;
  out.tcpHeaderLen = hdrLen;
  if (hdrLen < MIN_HEADER_LEN) {
    markMalformed(out, PROTO.tcp, off, REASON.BAD_HEADER_LEN);
    return;
  }
  const hdrEnd = off + hdrLen;
  if (hdrLen > MIN_HEADER_LEN) decodeOptions(buf, off + MIN_HEADER_LEN, hdrEnd < end ? hdrEnd : end, out);
  if (hdrEnd > end) {
    markShort(out, PROTO.tcp, off, hdrEnd, wireEnd);
    return;
  }
  out.payloadOffset = hdrEnd - out.frameOffset;
  out.payloadLen = end - hdrEnd;
  out.payloadWireLen = wireEnd > hdrEnd ? wireEnd - hdrEnd : 0;
  if (out.payloadLen > 0) decodeTcpApp(buf, hdrEnd, end, out);
}

/** Reads the options in [p, lim). A bad option length ends the walk (tshark reports it as a warning, not a malformed packet). */
function decodeOptions(buf: Buffer, p: number, lim: number, out: Decoded): void {
  while (p < lim) {
    const kind = buf[p];
    if (kind === OPT_END) return;
    if (kind === OPT_NOP) {
      p++;
      continue;
    }
    if (p + 2 > lim) return;
    const len = buf[p + 1];
    if (len < 2 || p + len > lim) return;
    switch (kind) {
      case OPT_MSS:
        if (len === 4) out.tcpMss = u16(buf, p + 2);
        break;
      case OPT_WSCALE:
        if (len === 3) out.tcpWscale = buf[p + 2];
        break;
      case OPT_SACK_PERMITTED:
        out.tcpSackPermitted = true;
        break;
      case OPT_TIMESTAMPS:
        if (len === 10) {
          out.tcpTsVal = u32(buf, p + 2);
          out.tcpTsEcr = u32(buf, p + 6);
        }
        break;
    }
    p += len;
  }
}

export const TCP_DISPLAY: ProtocolDisplay = {
  fields({ d }) {
    if (d.srcPort < 0) return [];
    const out = [
      field('Source port', d.srcPort),
      field('Destination port', d.dstPort),
      field('Sequence number', d.tcpSeq >>> 0),
      field('Acknowledgment number', d.tcpAck >>> 0),
      field('Header length', d.tcpHeaderLen),
      field('Flags', `0x${d.tcpFlags.toString(16).padStart(3, '0')} (${tcpFlagNames(d.tcpFlags)})`),
      field('Window', d.tcpWindow),
      field('Payload length', d.payloadWireLen),
    ];
    if (d.tcpMss >= 0) out.push(field('Maximum segment size', d.tcpMss));
    if (d.tcpWscale >= 0) out.push(field('Window scale', d.tcpWscale));
    if (d.tcpSackPermitted) out.push(field('SACK permitted', 'yes'));
    if (d.tcpTsVal >= 0) out.push(field('Timestamps', `TSval ${d.tcpTsVal}, TSecr ${d.tcpTsEcr}`));
    return out;
  },
  info: ({ d }) =>
    d.srcPort < 0
      ? ''
      : `${d.srcPort} → ${d.dstPort} [${tcpFlagNames(d.tcpFlags)}] Seq=${d.tcpSeq >>> 0} Ack=${d.tcpAck >>> 0} Win=${d.tcpWindow} Len=${d.payloadWireLen}`,
};
