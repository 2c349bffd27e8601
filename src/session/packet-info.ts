/**
 * The packets view's one-line summary of a decoded frame, in the spirit of Wireshark's Info
 * column: the application's summary (from its hint), then what the topmost layer with something
 * to say tells (each protocol's display in src/decode). Control characters become '.'.
 */
import type { Decoded } from '../decode/decoded.js';
import { oneLine } from '../decode/format.js';
import { protocolDisplay } from '../decode/protocol-display.js';

/** Info for a frame decoded from `buf` at offset 0. */
export function packetInfo(buf: Buffer, d: Decoded): string {
  const app = d.hint !== null ? (protocolDisplay(d.app)?.info?.({ buf, start: 0, end: buf.length, d }) ?? '') : '';
  let s = '';
  for (let i = d.layerCount - 1; i >= 0 && s === ''; i--) {
    const id = d.layers[i];
    if (id === d.app) continue;
    const info = protocolDisplay(id)?.info;
    if (info === undefined) continue;
    const start = d.layerOffsets[i];
    const end = i + 1 < d.layerCount ? d.layerOffsets[i + 1] : buf.length;
    s = info({ buf, start, end, d });
  }
  if (app !== '') s = s ? `${app} · ${s}` : app;
  if (d.malformed) s += d.truncated ? ' [cut short by the snapshot length]' : ` [Malformed: ${d.malformedReason}]`;
  return oneLine(s);
}
