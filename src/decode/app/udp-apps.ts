/**
 * The application layer of a UDP payload, chosen by port as tshark does (the lower port first;
 * QUIC long headers also by content, like tshark's heuristic):
 * the layer is appended to the stack, out.app set, and for the protocols NetLens reads a hint is
 * built. A non-empty payload no table entry claims is `data`, as tshark shows it.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u32 } from '../byte-readers.js';
import { pushLayer } from '../layer-stack.js';
import { appForPorts } from './services.js';
import { parseDns } from './dns.js';
import { parseDhcp } from './dhcp.js';
import { parseNtp } from './ntp.js';
import { parseSsdp } from './ssdp.js';
import { isQuicLongHeader, looksLikeQuic, parseQuic } from './quic.js';
import { decodeVxlan } from '../tunnel/vxlan.js';
import { decodeGeneve } from '../tunnel/geneve.js';
import { decodeTeredo } from '../tunnel/teredo.js';
import { decodeGtpU } from '../tunnel/gtp-u.js';

/** NetBIOS datagram service: direct/broadcast datagrams (0x10-0x12) carry user data after two encoded names. */
const NBDGM_DIRECT_UNIQUE = 0x10;
const NBDGM_BROADCAST = 0x12;
/** 14-byte header + two 34-byte encoded NetBIOS names (length 0x20, 32 bytes, terminator). */
const NBDGM_USER_DATA = 82;
const SMB1_MAGIC = 0xff534d42; // "\xffSMB"

function nbdgmCarriesSmb(buf: Buffer, p: number, end: number): boolean {
  const t = buf[p];
  return (
    t >= NBDGM_DIRECT_UNIQUE &&
    t <= NBDGM_BROADCAST &&
    p + NBDGM_USER_DATA + 4 <= end &&
    u32(buf, p + NBDGM_USER_DATA) === SMB1_MAGIC
  );
}

/**
 * Decodes the UDP payload buf[p, end) (ports already in out). A tunnel (VXLAN, Geneve, Teredo,
 * GTP-U) returns the offset of the packet inside, out.etherType set, for the network chain to go
 * on with; anything else returns -1.
 */
export function decodeUdpApp(buf: Buffer, p: number, end: number, wireEnd: number, out: Decoded): number {
  if (p >= end) return -1;
  let app = appForPorts(out.srcPort, out.dstPort, true);
  if (app === PROTO.quic && !looksLikeQuic(buf, p, end)) app = 0;
  else if (app === 0 && isQuicLongHeader(buf, p, end)) app = PROTO.quic;
  if (app === 0) {
    pushLayer(out, PROTO.data, p);
    return -1;
  }
  out.app = app;
  // a tunnel pushes its own layer and hands over the packet inside
  if (app === PROTO.vxlan) return decodeVxlan(buf, p, end, wireEnd, out);
  if (app === PROTO.geneve) return decodeGeneve(buf, p, end, wireEnd, out);
  if (app === PROTO.teredo) return decodeTeredo(buf, p, end, wireEnd, out);
  if (app === PROTO.gtp) return decodeGtpU(buf, p, end, wireEnd, out);
  pushLayer(out, app, p);
  switch (app) {
    case PROTO.dns:
      out.hint = parseDns(buf, p, end, 'dns', app, out);
      break;
    case PROTO.mdns:
      out.hint = parseDns(buf, p, end, 'mdns', app, out);
      break;
    case PROTO.llmnr:
      out.hint = parseDns(buf, p, end, 'llmnr', app, out);
      break;
    case PROTO.dhcp:
      out.hint = parseDhcp(buf, p, end);
      break;
    case PROTO.ntp:
      out.hint = parseNtp(buf, p, end);
      break;
    case PROTO.ssdp:
      out.hint = parseSsdp(buf, p, end);
      break;
    case PROTO.quic:
      out.hint = parseQuic(buf, p, end);
      break;
    case PROTO.nbdgm:
      if (nbdgmCarriesSmb(buf, p, end)) pushLayer(out, PROTO.smb, p + NBDGM_USER_DATA);
      break;
  }
  return -1;
}
