/** The outermost tunnel a packet went through: its layer and identifier, for the flow's description. */
import type { Decoded } from '../decoded.js';

/** Records the tunnel `proto` with identifier `key` (-1: none), unless an outer one was recorded. */
export function noteTunnel(out: Decoded, proto: number, key: number): void {
  if (out.tunnelProto !== 0) return;
  out.tunnelProto = proto;
  out.tunnelKey = key;
}
