/**
 * How a protocol shows itself in the packet view (Wireshark's field table): each decoder that has
 * something to show exports a ProtocolDisplay, listed by id in protocol-display.ts. Displays run
 * only for the one packet a person opens (or the info column of a page), never per packet, so
 * they may read the frame's bytes again and allocate. Every string from the packet is untrusted
 * text: field() makes it one printable line, and nothing here is HTML.
 */
import type { TreeNode } from '../api/views.js';
import type { Decoded } from './decoded.js';
import { oneLine } from './format.js';

/** One layer of a frame decoded at offset 0 (d.frameOffset === 0). */
export interface LayerView {
  /** The frame: buf[0] is its first byte, buf.length its captured length. */
  readonly buf: Buffer;
  /** Where this layer's header starts, and where the next layer starts (or the frame ends). */
  readonly start: number;
  readonly end: number;
  readonly d: Decoded;
}

export interface ProtocolDisplay {
  /** The layer's fields, as tree nodes ("Source port: 443"). */
  fields?(v: LayerView): TreeNode[];
  /** The info column's text for a frame this layer describes, or '' to let a lower layer speak. */
  info?(v: LayerView): string;
}

/**
 * A "label: value" node; string values are made one printable line. `at` and `len`: the bytes it
 * shows (the packet view highlights them, and a clicked byte finds its field).
 */
export function field(label: string, value: string | number, at?: number, len?: number): TreeNode {
  const node: TreeNode = { label: `${label}: ${typeof value === 'string' ? oneLine(value, 500) : value}` };
  if (at !== undefined && len !== undefined) {
    node.start = at;
    node.length = len;
  }
  return node;
}

/** "0x0800" for a 16-bit value. */
export function hex16(v: number): string {
  return `0x${v.toString(16).padStart(4, '0')}`;
}
