/**
 * decodePacket(): one frame into the reused Decoded struct, by link type. Decoders check before
 * they read (never past offset + capLen), never throw, and allocate nothing but the application
 * hint of packets that carry one.
 */
import type { Decoded } from './decoded.js';
import { LINKTYPE } from '../capture/link-types.js';
import { decodeEthernet } from './link/ethernet.js';
import { decodeSll, decodeSll2 } from './link/sll.js';
import { decodeNullLoopback } from './link/null-loopback.js';
import { decodeRawIp } from './link/raw-ip.js';
import { decode80211, decodeRadiotap } from './link/radiotap-80211.js';
import { decodeNetwork } from './net/network.js';
import { decodeCiscoHdlc } from './link/cisco-hdlc.js';

/**
 * Decodes the frame at buf[offset .. offset + capLen) captured with `linkType` into `out` (reset
 * first). Offsets stored in `out` are frame-relative. Unknown link types give an empty stack.
 */
export function decodePacket(buf: Buffer, offset: number, capLen: number, linkType: number, out: Decoded): void {
  out.reset();
  if (offset < 0 || capLen < 0) return;
  let end = offset + capLen;
  if (end > buf.length) end = buf.length;
  out.frameOffset = offset;
  out.capLen = end - offset;
  let p: number;
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      p = decodeEthernet(buf, offset, end, out);
      break;
    case LINKTYPE.LINUX_SLL:
      p = decodeSll(buf, offset, end, out);
      break;
    case LINKTYPE.LINUX_SLL2:
      p = decodeSll2(buf, offset, end, out);
      break;
    case LINKTYPE.RAW:
      p = decodeRawIp(buf, offset, end, 0, out);
      break;
    case LINKTYPE.IPV4:
      p = decodeRawIp(buf, offset, end, 4, out);
      break;
    case LINKTYPE.IPV6:
      p = decodeRawIp(buf, offset, end, 6, out);
      break;
    case LINKTYPE.NULL:
      p = decodeNullLoopback(buf, offset, end, false, out);
      break;
    case LINKTYPE.LOOP:
      p = decodeNullLoopback(buf, offset, end, true, out);
      break;
    case LINKTYPE.IEEE802_11_RADIOTAP:
      p = decodeRadiotap(buf, offset, end, out);
      break;
    case LINKTYPE.IEEE802_11:
      p = decode80211(buf, offset, end, false, out);
      break;
    case LINKTYPE.C_HDLC:
      p = decodeCiscoHdlc(buf, offset, end, out);
      break;
    default:
      return;
  }
  if (p >= 0) decodeNetwork(buf, p, end, out);
}
