/**
 * IEEE 802.2 LLC, with SNAP (AA AA 03 + OUI + EtherType) and the spanning tree protocol (DSAP 0x42,
 * and Cisco's PVST+ BPDUs over SNAP).
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { markMalformed, REASON } from '../malformed.js';
import { pushLayer } from '../layer-stack.js';
import { decodeStp } from './stp.js';

const DSAP = 0;
const SSAP = 1;
const CONTROL = 2;
const SNAP_OUI = 3;
const SNAP_PID = 6;
const SNAP_LEN = 8;
const SAP_SNAP = 0xaa;
const SAP_STP = 0x42;
const OUI_CISCO = 0x00000c;
const PID_CISCO_PVST = 0x010b;

/**
 * Decodes the LLC header at `off`. Returns the offset of the network layer with out.etherType set
 * (SNAP carrying an EtherType), or -1 when nothing follows that NetLens decodes.
 */
export function decodeLlc(buf: Buffer, off: number, end: number, out: Decoded): number {
  pushLayer(out, PROTO.llc, off);
  if (off + 3 > end) {
    markMalformed(out, PROTO.llc, off, REASON.SHORT_HEADER);
    return -1;
  }
  const dsap = buf[off + DSAP];
  const ssap = buf[off + SSAP];
  const control = buf[off + CONTROL];
  if (dsap === SAP_SNAP && ssap === SAP_SNAP && control === 0x03) {
    if (off + SNAP_LEN > end) {
      markMalformed(out, PROTO.llc, off, REASON.SHORT_HEADER);
      return -1;
    }
    const oui = (buf[off + SNAP_OUI] << 16) | (buf[off + SNAP_OUI + 1] << 8) | buf[off + SNAP_OUI + 2];
    const pid = (buf[off + SNAP_PID] << 8) | buf[off + SNAP_PID + 1];
    if (oui === OUI_CISCO && pid === PID_CISCO_PVST) {
      decodeStp(off + SNAP_LEN, end, out);
      return -1;
    }
    // OUI 0 (RFC 1042) and 00-00-F8 (802.1H bridge tunnel) carry an EtherType.
    if (oui !== 0 && oui !== 0xf8) return -1;
    out.etherType = pid;
    return off + SNAP_LEN;
  }
  // Unnumbered (U-format) PDUs have a 1-byte control field, I/S-format ones 2 bytes.
  const hdrLen = (control & 3) === 3 ? 3 : 4;
  if (dsap === SAP_STP && ssap === SAP_STP) decodeStp(off + hdrLen, end, out);
  return -1;
}
