/** Test helper: decode a frame and return its layer names. */
import { decodePacket } from '../../src/decode/decode-packet.js';
import { Decoded } from '../../src/decode/decoded.js';
import { protoName } from '../../src/decode/protocols.js';

export function decode(bytes: number[] | Buffer, linkType = 1, capLen?: number): Decoded {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  const d = new Decoded();
  decodePacket(b, 0, capLen ?? b.length, linkType, d);
  return d;
}

export function stack(d: Decoded): string {
  const names: string[] = [];
  for (let i = 0; i < d.layerCount; i++) names.push(protoName(d.layers[i]));
  return names.join(':');
}
