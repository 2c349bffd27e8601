/**
 * Raw IP, no link header: LINKTYPE_RAW (101, version from the first nibble), LINKTYPE_IPV4 (228)
 * and LINKTYPE_IPV6 (229). tshark names the layer `raw`.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { markMalformed, REASON } from '../malformed.js';
import { pushLayer } from '../layer-stack.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './ether-types.js';

/** Raw IP: `version` 4 or 6 forces the version (LINKTYPE 228/229); 0 reads it from the first nibble. */
export function decodeRawIp(buf: Buffer, off: number, end: number, version: number, out: Decoded): number {
  pushLayer(out, PROTO.raw, off);
  if (version === 0) {
    if (off >= end) {
      markMalformed(out, PROTO.raw, off, REASON.SHORT_HEADER);
      return -1;
    }
    version = buf[off] >> 4;
  }
  if (version === 4) out.etherType = ETHERTYPE_IPV4;
  else if (version === 6) out.etherType = ETHERTYPE_IPV6;
  else return -1;
  return off;
}
