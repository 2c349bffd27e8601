/**
 * LLDP, the Link Layer Discovery Protocol (IEEE 802.1AB, EtherType 0x88cc): what a switch port,
 * phone or access point announces about itself, as TLVs. The packet path only names the layer
 * (`lldp`); parseLldp() reads the TLVs for the packet view: chassis id, port id, TTL, port and
 * system names and descriptions, capabilities and management addresses. Strings are untrusted.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u16, u32 } from '../byte-readers.js';
import { pushLayer } from '../layer-stack.js';
import { field, type ProtocolDisplay } from '../layer-view.js';
import { ipv4ToString, ipv6BytesToString, macToString } from '../format.js';
import { latin1 } from '../app/ascii-scan.js';

const TLV_HEADER_LEN = 2;
const T_END = 0;
const T_CHASSIS_ID = 1;
const T_PORT_ID = 2;
const T_TTL = 3;
const T_PORT_DESC = 4;
const T_SYSTEM_NAME = 5;
const T_SYSTEM_DESC = 6;
const T_SYSTEM_CAPS = 7;
const T_MGMT_ADDR = 8;
/** Chassis id subtypes (port id subtypes below): how the id's bytes read. */
const CHASSIS_MAC = 4;
const CHASSIS_NETWORK = 5;
const PORT_MAC = 3;
const PORT_NETWORK = 4;
/** IANA address families in network-address ids and management addresses. */
const AF_IPV4 = 1;
const AF_IPV6 = 2;
/** TLVs read at most (a frame of empty TLVs cannot make the walk long). */
const MAX_TLVS = 64;
const MAX_MGMT_ADDRS = 8;

export const LLDP_CAPABILITIES = [
  'Other',
  'Repeater',
  'Bridge',
  'WLAN access point',
  'Router',
  'Telephone',
  'DOCSIS cable device',
  'Station only',
] as const;

export interface LldpInfo {
  chassisSubtype: number;
  /** A MAC or IP address where the subtype says so, else the id's text. */
  chassisId: string;
  portSubtype: number;
  portId: string;
  /** Seconds the receiver keeps this information, or -1 when the TLV is missing. */
  ttl: number;
  portDescription: string | null;
  systemName: string | null;
  systemDescription: string | null;
  /** Capability bits (LLDP_CAPABILITIES, bit 0 first) and the enabled ones, or -1. */
  capabilities: number;
  enabledCapabilities: number;
  managementAddresses: string[];
}

/** The packet path: names the layer; LLDP needs nothing more per packet. */
export function decodeLldp(off: number, out: Decoded): void {
  pushLayer(out, PROTO.lldp, off);
}

/** An address (IANA family byte, then the address) in buf[p, e), or null. */
function address(buf: Buffer, p: number, e: number): string | null {
  if (p >= e) return null;
  if (buf[p] === AF_IPV4 && e - p === 5) return ipv4ToString(u32(buf, p + 1));
  if (buf[p] === AF_IPV6 && e - p === 17) return ipv6BytesToString(buf, p + 1);
  return null;
}

/** A chassis or port id: subtype byte at p, id up to e. */
function idText(buf: Buffer, p: number, e: number, macSubtype: number, networkSubtype: number): string {
  const sub = buf[p];
  if (sub === macSubtype && e - p === 7) return macToString(buf, p + 1);
  if (sub === networkSubtype) return address(buf, p + 1, e) ?? buf.toString('hex', p + 1, e);
  return latin1(buf, p + 1, e);
}

/** The TLVs of the LLDPDU in buf[off, end); stops at the End TLV or at the first TLV that does not fit. */
export function parseLldp(buf: Buffer, off: number, end: number): LldpInfo {
  const info: LldpInfo = {
    chassisSubtype: -1,
    chassisId: '',
    portSubtype: -1,
    portId: '',
    ttl: -1,
    portDescription: null,
    systemName: null,
    systemDescription: null,
    capabilities: -1,
    enabledCapabilities: -1,
    managementAddresses: [],
  };
  let p = off;
  for (let n = 0; n < MAX_TLVS && p + TLV_HEADER_LEN <= end; n++) {
    const h = u16(buf, p);
    const type = h >> 9;
    const len = h & 0x1ff;
    const v = p + TLV_HEADER_LEN;
    const e = v + len;
    if (type === T_END || e > end) break;
    if (type === T_CHASSIS_ID && len >= 2) {
      info.chassisSubtype = buf[v];
      info.chassisId = idText(buf, v, e, CHASSIS_MAC, CHASSIS_NETWORK);
    } else if (type === T_PORT_ID && len >= 2) {
      info.portSubtype = buf[v];
      info.portId = idText(buf, v, e, PORT_MAC, PORT_NETWORK);
    } else if (type === T_TTL && len >= 2) info.ttl = u16(buf, v);
    else if (type === T_PORT_DESC) info.portDescription = latin1(buf, v, e);
    else if (type === T_SYSTEM_NAME) info.systemName = latin1(buf, v, e);
    else if (type === T_SYSTEM_DESC) info.systemDescription = latin1(buf, v, e);
    else if (type === T_SYSTEM_CAPS && len >= 4) {
      info.capabilities = u16(buf, v);
      info.enabledCapabilities = u16(buf, v + 2);
    } else if (type === T_MGMT_ADDR && len >= 2 && info.managementAddresses.length < MAX_MGMT_ADDRS) {
      // address string length (subtype byte + address), then the subtype and the address
      const addrEnd = v + 1 + buf[v];
      if (addrEnd <= e) {
        const a = address(buf, v + 1, addrEnd);
        if (a !== null) info.managementAddresses.push(a);
      }
    }
    p = e;
  }
  return info;
}

function capabilityNames(bits: number): string {
  const names = LLDP_CAPABILITIES.filter((_, i) => (bits & (1 << i)) !== 0);
  return names.length > 0 ? names.join(', ') : 'none';
}

export const LLDP_DISPLAY: ProtocolDisplay = {
  fields({ buf, start, end }) {
    const l = parseLldp(buf, start, end);
    const out = [field('Chassis id', l.chassisId), field('Port id', l.portId)];
    if (l.ttl >= 0) out.push(field('Time to live', `${l.ttl} s`));
    if (l.portDescription !== null) out.push(field('Port description', l.portDescription));
    if (l.systemName !== null) out.push(field('System name', l.systemName));
    if (l.systemDescription !== null) out.push(field('System description', l.systemDescription));
    if (l.capabilities >= 0)
      out.push(
        field('Capabilities', capabilityNames(l.capabilities)),
        field('Enabled capabilities', capabilityNames(l.enabledCapabilities)),
      );
    for (const a of l.managementAddresses) out.push(field('Management address', a));
    return out;
  },
  info({ buf, start, end }) {
    const l = parseLldp(buf, start, end);
    const name = l.systemName !== null ? ` SysName=${l.systemName}` : '';
    return `LLDP chassis ${l.chassisId} port ${l.portId} TTL ${l.ttl}${name}`;
  },
};
