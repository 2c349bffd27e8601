/**
 * STP, RSTP and MSTP bridge PDUs (IEEE 802.1D/802.1Q; LLC SAP 0x42, and Cisco PVST+ over SNAP):
 * what switches say to each other to keep the LAN free of loops. The packet path only names the
 * layer (`stp`, as tshark does for every version); parseStp() reads a BPDU for the packet view:
 * root and bridge identifiers, path cost, port, flags and timers.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u16, u32 } from '../byte-readers.js';
import { pushLayer } from '../layer-stack.js';
import { field, type ProtocolDisplay } from '../layer-view.js';
import { macToString } from '../format.js';

const PROTOCOL_ID = 0;
const VERSION = 2;
const TYPE = 3;
const FLAGS = 4;
const ROOT_ID = 5;
const ROOT_PATH_COST = 13;
const BRIDGE_ID = 17;
const PORT_ID = 25;
const MESSAGE_AGE = 27;
const MAX_AGE = 29;
const HELLO_TIME = 31;
const FORWARD_DELAY = 33;
/** A configuration BPDU; an RST/MST BPDU adds the version 1 length byte. */
const CONFIG_LEN = 35;
const TCN_LEN = 4;
/** Timers are in 1/256 s. */
const TIMER_UNIT = 256;

export const BPDU_CONFIG = 0x00;
export const BPDU_RST = 0x02;
export const BPDU_TCN = 0x80;

const FLAG_NAMES = [
  [0x01, 'Topology Change'],
  [0x02, 'Proposal'],
  [0x10, 'Learning'],
  [0x20, 'Forwarding'],
  [0x40, 'Agreement'],
  [0x80, 'Topology Change Acknowledgment'],
] as const;
const PORT_ROLES = ['Unknown', 'Alternate or Backup', 'Root', 'Designated'];

/** A bridge identifier: 4-bit priority (in units of 4096), 12-bit system id extension (the VLAN), MAC. */
export interface BridgeId {
  priority: number;
  extension: number;
  mac: string;
}

export interface StpBpdu {
  protocolId: number;
  /** 0 STP, 2 RSTP, 3 MSTP. */
  version: number;
  /** BPDU_CONFIG, BPDU_RST or BPDU_TCN. */
  type: number;
  /** The fields below are absent (-1, null) in a topology change notification. */
  flags: number;
  root: BridgeId | null;
  rootPathCost: number;
  bridge: BridgeId | null;
  portId: number;
  /** Seconds. */
  messageAge: number;
  maxAge: number;
  helloTime: number;
  forwardDelay: number;
}

/** The packet path: names the layer; STP needs nothing more per packet. */
export function decodeStp(off: number, end: number, out: Decoded): void {
  if (off < end) pushLayer(out, PROTO.stp, off);
}

function bridgeId(buf: Buffer, p: number): BridgeId {
  const v = u16(buf, p);
  return { priority: v & 0xf000, extension: v & 0x0fff, mac: macToString(buf, p + 2) };
}

/** The BPDU in buf[off, end), or null when even its first four bytes are not there. */
export function parseStp(buf: Buffer, off: number, end: number): StpBpdu | null {
  if (off + TCN_LEN > end) return null;
  const b: StpBpdu = {
    protocolId: u16(buf, off + PROTOCOL_ID),
    version: buf[off + VERSION],
    type: buf[off + TYPE],
    flags: -1,
    root: null,
    rootPathCost: -1,
    bridge: null,
    portId: -1,
    messageAge: -1,
    maxAge: -1,
    helloTime: -1,
    forwardDelay: -1,
  };
  if (b.type === BPDU_TCN || off + CONFIG_LEN > end) return b;
  b.flags = buf[off + FLAGS];
  b.root = bridgeId(buf, off + ROOT_ID);
  b.rootPathCost = u32(buf, off + ROOT_PATH_COST);
  b.bridge = bridgeId(buf, off + BRIDGE_ID);
  b.portId = u16(buf, off + PORT_ID);
  b.messageAge = u16(buf, off + MESSAGE_AGE) / TIMER_UNIT;
  b.maxAge = u16(buf, off + MAX_AGE) / TIMER_UNIT;
  b.helloTime = u16(buf, off + HELLO_TIME) / TIMER_UNIT;
  b.forwardDelay = u16(buf, off + FORWARD_DELAY) / TIMER_UNIT;
  return b;
}

function idText(id: BridgeId): string {
  return `${id.priority} / ${id.extension} / ${id.mac}`;
}

function flagsText(b: StpBpdu): string {
  const names: string[] = FLAG_NAMES.filter(([bit]) => (b.flags & bit) !== 0).map(([, n]) => n);
  if (b.type === BPDU_RST) names.push(`Port Role: ${PORT_ROLES[(b.flags >> 2) & 3]}`);
  return `0x${b.flags.toString(16).padStart(2, '0')}${names.length > 0 ? ` (${names.join(', ')})` : ''}`;
}

function typeText(b: StpBpdu): string {
  if (b.type === BPDU_TCN) return 'Topology Change Notification';
  if (b.type === BPDU_RST) return b.version >= 3 ? 'MST' : 'RST';
  return b.type === BPDU_CONFIG ? 'Configuration' : `0x${b.type.toString(16)}`;
}

export const STP_DISPLAY: ProtocolDisplay = {
  fields({ buf, start, end }) {
    const b = parseStp(buf, start, end);
    if (b === null) return [];
    const out = [field('Protocol version', b.version), field('BPDU type', typeText(b))];
    if (b.root === null || b.bridge === null) return out;
    out.push(
      field('Flags', flagsText(b)),
      field('Root identifier', idText(b.root)),
      field('Root path cost', b.rootPathCost),
      field('Bridge identifier', idText(b.bridge)),
      field('Port identifier', `0x${b.portId.toString(16).padStart(4, '0')}`),
      field('Message age', b.messageAge),
      field('Max age', b.maxAge),
      field('Hello time', b.helloTime),
      field('Forward delay', b.forwardDelay),
    );
    return out;
  },
  info({ buf, start, end }) {
    const b = parseStp(buf, start, end);
    if (b === null) return '';
    if (b.root === null) return typeText(b);
    return `${typeText(b)}. Root = ${idText(b.root)}  Cost = ${b.rootPathCost}  Port = 0x${b.portId.toString(16).padStart(4, '0')}`;
  },
};
