/**
 * 802.11 frames, bare (LINKTYPE 105) or behind a radiotap header (LINKTYPE 127). tshark's stack is
 * radiotap, wlan_radio (a pseudo-layer it always adds), wlan, then `wlan.mgt` for management frames
 * or llc (and the network layer) for data frames; control frames stop at wlan.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { markMalformed, REASON } from '../malformed.js';
import { pushLayer } from '../layer-stack.js';
import { decodeLlc } from './llc.js';

// ---- radiotap (little-endian; fields aligned to their size relative to the header start)
const RT_VERSION = 0;
const RT_LENGTH = 2;
const RT_PRESENT = 4;
const RT_MIN_LEN = 8;
const RT_PRESENT_EXT = 0x80000000;
const RT_TSFT = 1 << 0;
const RT_FLAGS = 1 << 1;
const RT_RATE = 1 << 2;
const RT_CHANNEL = 1 << 3;
const RT_FHSS = 1 << 4;
const RT_DBM_ANTSIGNAL = 1 << 5;
/** Flags field: the frame ends in a 4-byte FCS. */
const RT_FLAG_FCS = 0x10;
/** Flags field: the frame has padding between the 802.11 header and the payload (to 4 bytes). */
const RT_FLAG_DATAPAD = 0x20;

// ---- 802.11 MAC header
const FC0 = 0;
const FC1 = 1;
const ADDR1 = 4;
const ADDR2 = 10;
const ADDR3 = 16;
const ADDR4 = 24;
const HDR3_LEN = 24;
const ADDR4_LEN = 6;
const QOS_LEN = 2;
const HTC_LEN = 4;
const FCS_LEN = 4;
const TYPE_MGMT = 0;
const TYPE_CTRL = 1;
const TYPE_DATA = 2;
const FC1_TO_DS = 0x01;
const FC1_FROM_DS = 0x02;
const FC1_PROTECTED = 0x40;
const FC1_ORDER = 0x80;
/** Data subtypes with this bit carry no frame body (Null, QoS Null, CF-Ack/Poll without data). */
const SUBTYPE_NO_DATA = 0x04;
const SUBTYPE_QOS = 0x08;
/** QoS control: the body is an A-MSDU (not decoded further). */
const QOS_AMSDU = 0x80;
/** Minimum control-frame length (ACK, CTS: FC, duration, RA). */
const CTRL_MIN_LEN = 10;
/** Control subtypes that carry a transmitter address (addr2): BAR 8, BA 9, PS-Poll 10, RTS 11, CF-End 14, 15. */
const CTRL_HAS_TA = (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15);

function align(rel: number, a: number): number {
  return (rel + a - 1) & ~(a - 1);
}

/** Decodes radiotap + 802.11 at `off`. Returns the network-layer offset with out.etherType set, or -1. */
export function decodeRadiotap(buf: Buffer, off: number, end: number, out: Decoded): number {
  pushLayer(out, PROTO.radiotap, off);
  if (off + RT_MIN_LEN > end || buf[off + RT_VERSION] !== 0) {
    markMalformed(out, PROTO.radiotap, off, off + RT_MIN_LEN > end ? REASON.SHORT_HEADER : REASON.BAD_VERSION);
    return -1;
  }
  const rtLen = buf[off + RT_LENGTH] | (buf[off + RT_LENGTH + 1] << 8);
  if (rtLen < RT_MIN_LEN || off + rtLen > end) {
    markMalformed(out, PROTO.radiotap, off, REASON.BAD_LENGTH);
    return -1;
  }
  const rtEnd = off + rtLen;
  const present =
    (buf[off + RT_PRESENT] |
      (buf[off + RT_PRESENT + 1] << 8) |
      (buf[off + RT_PRESENT + 2] << 16) |
      (buf[off + RT_PRESENT + 3] << 24)) >>>
    0;
  // Extended presence bitmaps: each word with bit 31 set is followed by another.
  let rel = RT_PRESENT + 4;
  let word = present;
  while ((word & RT_PRESENT_EXT) !== 0) {
    if (off + rel + 4 > rtEnd) {
      markMalformed(out, PROTO.radiotap, off + rel, REASON.SHORT_HEADER);
      return -1;
    }
    word = buf[off + rel + 3] << 24;
    rel += 4;
  }
  // Walk the fields of the first (radiotap-namespace) word up to the antenna signal.
  let flags = 0;
  if ((present & RT_TSFT) !== 0) rel = align(rel, 8) + 8;
  if ((present & RT_FLAGS) !== 0) {
    if (off + rel < rtEnd) flags = buf[off + rel];
    rel += 1;
  }
  if ((present & RT_RATE) !== 0) rel += 1;
  if ((present & RT_CHANNEL) !== 0) {
    rel = align(rel, 2);
    if (off + rel + 2 <= rtEnd) out.wlanFreqMhz = buf[off + rel] | (buf[off + rel + 1] << 8);
    rel += 4;
  }
  if ((present & RT_FHSS) !== 0) rel = align(rel, 2) + 2;
  if ((present & RT_DBM_ANTSIGNAL) !== 0 && off + rel < rtEnd) {
    out.wlanSignalDbm = (buf[off + rel] << 24) >> 24;
    out.wlanHasSignal = true;
  }

  pushLayer(out, PROTO.wlan_radio, off);
  let frameEnd = end;
  if ((flags & RT_FLAG_FCS) !== 0) frameEnd = end - FCS_LEN;
  return decode80211(buf, rtEnd, frameEnd, (flags & RT_FLAG_DATAPAD) !== 0, out);
}

/**
 * Decodes an 802.11 MAC frame at `off` (`end` excludes any FCS). `dataPad`: radiotap says the
 * header is padded to a multiple of 4. Returns the network-layer offset with out.etherType set, or -1.
 */
export function decode80211(buf: Buffer, off: number, end: number, dataPad: boolean, out: Decoded): number {
  pushLayer(out, PROTO.wlan, off);
  if (off + CTRL_MIN_LEN > end) {
    markMalformed(out, PROTO.wlan, off, REASON.SHORT_HEADER);
    return -1;
  }
  const fc0 = buf[off + FC0];
  const fc1 = buf[off + FC1];
  const type = (fc0 >> 2) & 3;
  const subtype = fc0 >> 4;
  out.wlanType = type;
  out.wlanSubtype = subtype;
  out.wlanProtected = (fc1 & FC1_PROTECTED) !== 0;
  const base = out.frameOffset;
  if (type === TYPE_CTRL) {
    out.dstMacOffset = off + ADDR1 - base;
    if ((CTRL_HAS_TA & (1 << subtype)) !== 0 && off + ADDR2 + 6 <= end) out.srcMacOffset = off + ADDR2 - base;
    return -1;
  }
  if (type !== TYPE_MGMT && type !== TYPE_DATA) return -1;
  let hdrLen = HDR3_LEN;
  if (off + hdrLen > end) {
    markMalformed(out, PROTO.wlan, off, REASON.SHORT_HEADER);
    return -1;
  }
  if (type === TYPE_MGMT) {
    out.dstMacOffset = off + ADDR1 - base;
    out.srcMacOffset = off + ADDR2 - base;
    out.bssidOffset = off + ADDR3 - base;
    if ((fc1 & FC1_ORDER) !== 0) hdrLen += HTC_LEN;
    if (off + hdrLen > end) {
      markMalformed(out, PROTO.wlan, off, REASON.SHORT_HEADER);
      return -1;
    }
    pushLayer(out, PROTO['wlan.mgt'], off + hdrLen);
    return -1;
  }
  // Data frame: which address is which depends on the To-DS / From-DS bits.
  const ds = fc1 & (FC1_TO_DS | FC1_FROM_DS);
  if (ds === 0) {
    out.dstMacOffset = off + ADDR1 - base;
    out.srcMacOffset = off + ADDR2 - base;
    out.bssidOffset = off + ADDR3 - base;
  } else if (ds === FC1_TO_DS) {
    out.bssidOffset = off + ADDR1 - base;
    out.srcMacOffset = off + ADDR2 - base;
    out.dstMacOffset = off + ADDR3 - base;
  } else if (ds === FC1_FROM_DS) {
    out.dstMacOffset = off + ADDR1 - base;
    out.bssidOffset = off + ADDR2 - base;
    out.srcMacOffset = off + ADDR3 - base;
  } else {
    hdrLen += ADDR4_LEN;
    out.dstMacOffset = off + ADDR3 - base;
    out.srcMacOffset = off + ADDR4 - base;
  }
  let amsdu = false;
  if ((subtype & SUBTYPE_QOS) !== 0) {
    if (off + hdrLen + QOS_LEN <= end) amsdu = (buf[off + hdrLen] & QOS_AMSDU) !== 0;
    hdrLen += QOS_LEN;
    if ((fc1 & FC1_ORDER) !== 0) hdrLen += HTC_LEN;
  }
  if (dataPad) hdrLen = (hdrLen + 3) & ~3;
  if (off + hdrLen > end) {
    if (ds === (FC1_TO_DS | FC1_FROM_DS)) {
      out.dstMacOffset = -1;
      out.srcMacOffset = -1;
    }
    markMalformed(out, PROTO.wlan, off, REASON.SHORT_HEADER);
    return -1;
  }
  if ((subtype & SUBTYPE_NO_DATA) !== 0 || amsdu) return -1;
  const body = off + hdrLen;
  if (body >= end) return -1;
  if (out.wlanProtected) {
    pushLayer(out, PROTO.data, body);
    return -1;
  }
  return decodeLlc(buf, body, end, out);
}
