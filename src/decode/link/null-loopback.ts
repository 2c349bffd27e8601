/**
 * BSD loopback: LINKTYPE_NULL (0, address family in the capturing host's byte order) and
 * LINKTYPE_LOOP (108, network byte order). tshark names both `null`.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { markMalformed, REASON } from '../malformed.js';
import { pushLayer } from '../layer-stack.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './ether-types.js';

const NULL_HEADER_LEN = 4;
const AF_INET = 2;
/** AF_INET6 differs by OS: Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, macOS 30. */
const AF_INET6_LINUX = 10;
const AF_INET6_BSD = 24;
const AF_INET6_FREEBSD = 28;
const AF_INET6_DARWIN = 30;

/**
 * Decodes the 4-byte loopback header. `bigEndian` is true for LINKTYPE_LOOP; for LINKTYPE_NULL the
 * byte order is guessed as tshark does (a family fits in the low 16 bits). Returns the network offset or -1.
 */
export function decodeNullLoopback(buf: Buffer, off: number, end: number, bigEndian: boolean, out: Decoded): number {
  pushLayer(out, PROTO.null, off);
  if (off + NULL_HEADER_LEN > end) {
    markMalformed(out, PROTO.null, off, REASON.SHORT_HEADER);
    return -1;
  }
  const be = ((buf[off] << 24) | (buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3]) >>> 0;
  const le = ((buf[off + 3] << 24) | (buf[off + 2] << 16) | (buf[off + 1] << 8) | buf[off]) >>> 0;
  const family = bigEndian ? be : (le & 0xffff0000) === 0 ? le : be;
  switch (family) {
    case AF_INET:
      out.etherType = ETHERTYPE_IPV4;
      return off + NULL_HEADER_LEN;
    case AF_INET6_LINUX:
    case AF_INET6_BSD:
    case AF_INET6_FREEBSD:
    case AF_INET6_DARWIN:
      out.etherType = ETHERTYPE_IPV6;
      return off + NULL_HEADER_LEN;
    default:
      return -1;
  }
}
