/** IGMP v1/v2/v3: message type and group address. */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u32 } from '../byte-readers.js';
import { markShort } from '../malformed.js';
import { pushLayer } from '../layer-stack.js';
import { field, type ProtocolDisplay } from '../layer-view.js';
import { ipv4ToString } from '../format.js';

const TYPE = 0;
const GROUP = 4;
const MIN_LEN = 8;
const V3_REPORT = 0x22;
/** A v3 report's first group record: type, aux len, source count, then the multicast address. */
const V3_FIRST_RECORD_GROUP = 12;

export function decodeIgmp(buf: Buffer, off: number, end: number, wireEnd: number, out: Decoded): void {
  pushLayer(out, PROTO.igmp, off);
  if (off + MIN_LEN > end) {
    markShort(out, PROTO.igmp, off, off + MIN_LEN, wireEnd);
    return;
  }
  const type = buf[off + TYPE];
  out.igmpType = type;
  if (type !== V3_REPORT) out.igmpGroup = u32(buf, off + GROUP);
  else if (off + V3_FIRST_RECORD_GROUP + 4 <= end) out.igmpGroup = u32(buf, off + V3_FIRST_RECORD_GROUP);
}

export const IGMP_DISPLAY: ProtocolDisplay = {
  fields: ({ d }) =>
    d.igmpType >= 0 ? [field('Type', `0x${d.igmpType.toString(16)}`), field('Group', ipv4ToString(d.igmpGroup))] : [],
};
