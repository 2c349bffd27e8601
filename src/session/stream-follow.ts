/**
 * stream:follow: the payload bytes of one TCP or UDP conversation, in order, as Wireshark's Follow
 * TCP Stream shows them (ASCII: printable bytes and line breaks as they are, others as '.'). Read
 * from the kept packets: retransmitted TCP bytes are shown once, in sequence-number order per side.
 */
import { MAX_STREAM_BYTES, type StreamArgs, type StreamChunk, type StreamText } from '../api/views.js';
import { decodePacket } from '../decode/decode-packet.js';
import { Decoded } from '../decode/decoded.js';
import { FAMILY_TCP } from './packet-ring.js';
import type { SessionView } from './session-view.js';

/** Per side: the next TCP sequence number expected (null before the first data). */
interface Side {
  next: number | null;
}

export function followStream(view: SessionView, args: StreamArgs): StreamText {
  const r = view.ring;
  const raw = view.raw;
  const d = new Decoded();
  const out: StreamText = { chunks: [], packets: 0, bytesAtoB: 0, bytesBtoA: 0, incomplete: false, truncated: false };
  const sides: [Side, Side] = [{ next: null }, { next: null }];
  const tcp = args.protocol === 'tcp';
  let total = 0;
  for (let f = r.oldest; f <= r.newest && f >= 1; f++) {
    const s = r.slot(f);
    const sp = r.srcPort[s];
    const dp = r.dstPort[s];
    const maybeA = sp === args.aPort && dp === args.bPort;
    const maybeB = sp === args.bPort && dp === args.aPort;
    if (!maybeA && !maybeB) continue;
    const src = r.src[s] >= 0 ? view.lookup.toString(r.src[s]) : '';
    const dst = r.dst[s] >= 0 ? view.lookup.toString(r.dst[s]) : '';
    const fromA = maybeA && src === args.a && dst === args.b;
    if (!fromA && !(maybeB && src === args.b && dst === args.a)) continue;
    if (((r.flags[s] & 3) === FAMILY_TCP) !== tcp) continue;
    const kept = raw.get(f);
    if (!kept) {
      out.incomplete = true;
      continue;
    }
    decodePacket(kept.bytes, 0, kept.bytes.length, kept.linkType, d);
    out.packets++;
    if (d.payloadOffset < 0 || d.payloadLen <= 0) continue;
    let from = d.payloadOffset;
    let len = d.payloadLen;
    if (tcp) {
      const side = sides[fromA ? 0 : 1];
      if (side.next !== null) {
        const ahead = (d.tcpSeq - side.next) | 0; // signed distance, wrapping at 2^32
        if (ahead + len <= 0) continue; // every byte seen already (a retransmission)
        if (ahead < 0) {
          from -= ahead;
          len += ahead;
        }
        side.next = (Math.max(0, ahead) + len + side.next) >>> 0;
      } else side.next = (d.tcpSeq + len) >>> 0;
    }
    if (fromA) out.bytesAtoB += len;
    else out.bytesBtoA += len;
    if (total >= MAX_STREAM_BYTES) {
      out.truncated = true;
      continue;
    }
    const take = Math.min(len, MAX_STREAM_BYTES - total);
    if (take < len) out.truncated = true;
    total += take;
    append(out.chunks, fromA, f, asText(kept.bytes, from, take), take);
  }
  return out;
}

function append(chunks: StreamChunk[], fromA: boolean, frame: number, text: string, bytes: number): void {
  const last = chunks.at(-1);
  if (last && last.fromA === fromA) {
    last.text += text;
    last.bytes += bytes;
  } else chunks.push({ fromA, frame, text, bytes });
}

/** Printable ASCII, tabs and line breaks as they are; every other byte as '.'. */
function asText(b: Uint8Array, from: number, len: number): string {
  let s = '';
  for (let i = from; i < from + len; i++) {
    const c = b[i];
    s += (c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x0d || c === 0x09 ? String.fromCharCode(c) : '.';
  }
  return s;
}
