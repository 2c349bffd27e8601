/**
 * Small helpers every layer decoder shares: push a layer, and record where and why decoding stopped.
 * Decoders work with absolute offsets into the buffer; these convert to frame-relative offsets
 * (absolute - out.frameOffset) when they store them. None of them allocates.
 */
import { MAX_LAYERS, type Decoded } from './decoded.js';

/** Why decoding stopped. Constant strings, so marking a packet malformed never allocates. */
export const REASON = {
  SHORT_HEADER: 'header extends past the captured bytes',
  CUT_BY_SNAPLEN: 'header cut by the snapshot length',
  BAD_LENGTH: 'length field is inconsistent',
  BAD_HEADER_LEN: 'header length field too small',
  BAD_VERSION: 'unexpected version',
  BAD_OPTION: 'malformed option',
  BAD_NAME: 'malformed name',
  NAME_LOOP: 'name compression loop or overlong name',
  TOO_MANY_HEADERS: 'too many nested headers',
  QUOTED_TOO_SHORT: 'quoted datagram shorter than its declared length',
  BAD_RECORD: 'malformed record',
} as const;

/** Appends a layer (proto id) whose header starts at absolute offset `off`. Ignores layers past MAX_LAYERS. */
export function pushLayer(out: Decoded, proto: number, off: number): void {
  const n = out.layerCount;
  if (n < MAX_LAYERS) {
    out.layers[n] = proto;
    out.layerOffsets[n] = off - out.frameOffset;
    out.layerCount = n + 1;
  }
}

/** The proto id of the last layer pushed, or 0. */
export function topLayer(out: Decoded): number {
  return out.layerCount > 0 ? out.layers[out.layerCount - 1] : 0;
}

/** Marks the packet malformed at absolute offset `at` (the first reason wins). */
export function markMalformed(out: Decoded, layer: number, at: number, reason: string): void {
  if (out.malformed) return;
  out.malformed = true;
  out.malformedLayer = layer;
  out.malformedAt = at - out.frameOffset;
  out.malformedReason = reason;
}

/**
 * Marks the packet malformed because the capture ended inside a header that the enclosing length
 * field says is there: a snapshot-length cut (tshark's "[Packet size limited during capture]",
 * `_ws.short`), not a broken packet.
 */
export function markTruncated(out: Decoded, layer: number, at: number): void {
  if (out.malformed) return;
  markMalformed(out, layer, at, REASON.CUT_BY_SNAPLEN);
  out.truncated = true;
}

/** Marks a header that does not fit: a snaplen cut when `need` fits in `wireEnd`, else malformed. */
export function markShort(out: Decoded, layer: number, at: number, need: number, wireEnd: number): void {
  if (need <= wireEnd) markTruncated(out, layer, at);
  else markMalformed(out, layer, at, REASON.SHORT_HEADER);
}

/** Big-endian 16-bit read; the caller has checked the bounds. */
export function u16(buf: Buffer, i: number): number {
  return (buf[i] << 8) | buf[i + 1];
}

/** Big-endian unsigned 32-bit read; the caller has checked the bounds. */
export function u32(buf: Buffer, i: number): number {
  return ((buf[i] << 24) | (buf[i + 1] << 16) | (buf[i + 2] << 8) | buf[i + 3]) >>> 0;
}
