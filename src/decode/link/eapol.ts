/** EAPOL (802.1X, EtherType 0x888e); tshark adds `eap` for EAPOL type 0 (EAP packet). */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { markMalformed, REASON } from '../malformed.js';
import { pushLayer } from '../layer-stack.js';

const EAPOL_TYPE = 1;
const EAPOL_HEADER_LEN = 4;
const TYPE_EAP_PACKET = 0;

export function decodeEapol(buf: Buffer, off: number, end: number, out: Decoded): void {
  pushLayer(out, PROTO.eapol, off);
  if (off + EAPOL_HEADER_LEN > end) {
    markMalformed(out, PROTO.eapol, off, REASON.SHORT_HEADER);
    return;
  }
  if (buf[off + EAPOL_TYPE] === TYPE_EAP_PACKET && off + EAPOL_HEADER_LEN < end) {
    pushLayer(out, PROTO.eap, off + EAPOL_HEADER_LEN);
  }
}
