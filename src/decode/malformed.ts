/**
 * Where and why decoding stopped: a malformed packet keeps what was parsed before. Offsets given
 * here are absolute (into the buffer passed to decodePacket) and stored frame-relative. Nothing
 * here allocates: reasons are constant strings.
 */
import type { Decoded } from './decoded.js';

/** Why decoding stopped. */
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
