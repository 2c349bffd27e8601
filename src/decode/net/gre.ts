/**
 * GRE (RFC 2784/2890, keys and sequence numbers; NVGRE is GRE with a key carrying Ethernet) and the
 * PPTP enhanced GRE (version 1, RFC 2637), with PPP inside. Returns the offset of a tunneled
 * network layer (any EtherType; Ethernet via transparent bridging; ERSPAN mirrored frames) so the
 * network chain can go on decoding it.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u16, u32 } from '../byte-readers.js';
import { markShort } from '../malformed.js';
import { pushLayer } from '../layer-stack.js';
import { decodeEthernet } from '../link/ethernet.js';
import { decodePpp } from '../link/ppp.js';
import { ETHERTYPE_ERSPAN, ETHERTYPE_ERSPAN3, ETHERTYPE_PPP, ETHERTYPE_TEB } from '../link/ether-types.js';
import { decodeErspan } from '../tunnel/erspan.js';
import { noteTunnel } from '../tunnel/tunnel-key.js';

const FLAGS = 0;
const VERSION = 1;
const PROTOCOL = 2;
const BASE_LEN = 4;
const F_CHECKSUM = 0x80;
const F_ROUTING = 0x40;
const F_KEY = 0x20;
const F_SEQ = 0x10;
/** Version-1 (PPTP) acknowledgment-number-present bit, in the second byte. */
const F_ACK = 0x80;

/** Decodes GRE at `off`. Returns the offset of the tunneled network layer (out.etherType set), or -1. */
export function decodeGre(buf: Buffer, off: number, end: number, wireEnd: number, out: Decoded): number {
  pushLayer(out, PROTO.gre, off);
  if (off + BASE_LEN > end) {
    markShort(out, PROTO.gre, off, off + BASE_LEN, wireEnd);
    return -1;
  }
  const flags = buf[off + FLAGS];
  const v = buf[off + VERSION];
  const proto = u16(buf, off + PROTOCOL);
  out.greProto = proto;
  let len = BASE_LEN;
  if ((flags & (F_CHECKSUM | F_ROUTING)) !== 0) len += 4;
  if ((flags & F_KEY) !== 0) len += 4;
  if ((flags & F_SEQ) !== 0) len += 4;
  if ((v & 7) === 1 && (v & F_ACK) !== 0) len += 4;
  // Source routing entries (long obsolete) are not followed.
  if ((flags & F_ROUTING) !== 0) return -1;
  const p = off + len;
  if (p > end) {
    markShort(out, PROTO.gre, off, p, wireEnd);
    return -1;
  }
  const keyAt = off + BASE_LEN + ((flags & (F_CHECKSUM | F_ROUTING)) !== 0 ? 4 : 0);
  noteTunnel(out, PROTO.gre, (flags & F_KEY) !== 0 ? u32(buf, keyAt) : -1);
  if (p >= end) return -1;
  switch (proto) {
    case ETHERTYPE_TEB:
      return decodeEthernet(buf, p, end, out);
    case ETHERTYPE_PPP:
      return decodePpp(buf, p, end, out);
    case ETHERTYPE_ERSPAN:
      // type I has no sequence number and no ERSPAN header
      return decodeErspan(buf, p, end, (flags & F_SEQ) !== 0 ? 2 : 1, out);
    case ETHERTYPE_ERSPAN3:
      return decodeErspan(buf, p, end, 3, out);
    default:
      out.etherType = proto;
      return p;
  }
}
