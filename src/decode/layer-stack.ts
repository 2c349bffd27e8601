/** The decoded packet's layer stack (outermost first): what tshark's protocol hierarchy counts. */
import { MAX_LAYERS, type Decoded } from './decoded.js';

/** Appends a layer (proto id) whose header starts at absolute offset `off`. Ignores layers past MAX_LAYERS. */
export function pushLayer(out: Decoded, proto: number, off: number): void {
  const n = out.layerCount;
  if (n < MAX_LAYERS) {
    out.layers[n] = proto;
    out.layerOffsets[n] = off - out.frameOffset;
    out.layerCount = n + 1;
  }
}
