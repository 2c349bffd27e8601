/**
 * timeline:range: traffic over any span of capture time, in buckets from 10 ms to an hour, so a
 * chart fits what was captured (a 0.6 s file, a 10-hour file, a zoomed minute). Kept packets
 * (the packet ring) answer with in/out and the view filter; spans older than the kept packets are
 * answered from the analyzer's per-second timeline (every packet, direction unknown).
 */
import type { FamilyBytes, TrafficPoint } from '../api/snapshot.js';
import { TIMELINE_BUCKETS_SEC, type TimelineRange } from '../api/views.js';
import type { Analyzer } from '../analysis/analyzer.js';
import type { Timeline } from '../analysis/timeline.js';
import { FLAG_OUT, PROTO_WORDS, type PacketRing } from './packet-ring.js';
import type { FilterMatcher } from './view-filter.js';

export const DEFAULT_TIMELINE_BUCKETS = 300;
/** The most buckets one answer holds (a 2000 px wide chart, one bucket every pixel). */
export const MAX_TIMELINE_BUCKETS = 2000;
const FAMILIES = ['tcp', 'udp', 'icmp', 'other'] as const;

/** The smallest ladder step that splits `span` seconds into at most `buckets` buckets. */
export function bucketFor(span: number, buckets: number): number {
  for (const b of TIMELINE_BUCKETS_SEC) if (span / b <= buckets) return b;
  return TIMELINE_BUCKETS_SEC[TIMELINE_BUCKETS_SEC.length - 1];
}

export interface TimelineSources {
  ring: PacketRing;
  matcher: FilterMatcher;
  /** Every packet, per second (the analyzer's). */
  seconds: Timeline;
  paused: { from: number; to: number | null }[];
  session: { from: number; to: number } | null;
}

/** Buckets of [from, to]; `filtered` counts only packets the matcher takes. */
export function timelineRange(
  src: TimelineSources,
  from: number,
  to: number,
  buckets: number,
  filtered: boolean,
): TimelineRange {
  const bucketSec = bucketFor(Math.max(0, to - from), buckets);
  // bucket edges on multiples of the bucket size (whole minutes, whole seconds), so ticks read well
  const start = Math.floor(from / bucketSec) * bucketSec;
  const n = Math.max(1, Math.min(MAX_TIMELINE_BUCKETS + 1, Math.floor((to - start) / bucketSec) + 1));
  const points: TrafficPoint[] = [];
  for (let i = 0; i < n; i++)
    points.push({ t: round(start + i * bucketSec), packets: 0, bytes: 0, in: zero(), out: zero() });
  const r = src.ring;
  const keptFrom = r.size > 0 ? r.time[r.slot(r.oldest)] : Infinity;
  // the ring holds the span (its oldest packet is older than `from`, or it holds the whole session)
  const fromRing = r.oldest === 1 || keptFrom <= from || (filtered && src.matcher.active);
  if (fromRing) countRing(src, points, start, bucketSec, from, to, filtered);
  else countSeconds(src.seconds, points, start, bucketSec, from, to);
  return { from, to, bucketSec, points, directions: fromRing, paused: src.paused, session: src.session };
}

/** A file's span: its earliest and latest packet (all kept: by their times, a file may be out of order). */
export function fileSpan(r: PacketRing, an: Analyzer): { from: number; to: number } | null {
  if (an.packets === 0) return null;
  if (r.oldest !== 1) return { from: an.firstSec + an.firstNsec * 1e-9, to: an.lastSec + an.lastNsec * 1e-9 };
  let lo = Infinity;
  let hi = -Infinity;
  for (let f = 1; f <= r.newest; f++) {
    const t = r.time[r.slot(f)];
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return { from: lo, to: hi };
}

function countRing(
  src: TimelineSources,
  points: TrafficPoint[],
  start: number,
  bucketSec: number,
  from: number,
  to: number,
  filtered: boolean,
): void {
  const r = src.ring;
  const m = src.matcher;
  const useFilter = filtered && m.active;
  for (let f = r.oldest; f <= r.newest && f >= 1; f++) {
    const s = r.slot(f);
    const t = r.time[s];
    if (t < from || t > to) continue;
    if (useFilter && !m.matches(t, r.src[s], r.dst[s], r.srcPort[s], r.dstPort[s], r.protoBits, s * PROTO_WORDS))
      continue;
    const p = points[Math.min(points.length - 1, Math.floor((t - start) / bucketSec))];
    const len = r.length[s];
    const flags = r.flags[s];
    p.packets++;
    p.bytes += len;
    (flags & FLAG_OUT ? p.out : p.in)[FAMILIES[flags & 3]] += len;
  }
}

function countSeconds(
  seconds: Timeline,
  points: TrafficPoint[],
  start: number,
  bucketSec: number,
  from: number,
  to: number,
): void {
  seconds.forEachBucket((sec, packets, bytes, byFamily) => {
    if (sec < Math.floor(from) || sec > to) return;
    const p = points[Math.max(0, Math.min(points.length - 1, Math.floor((sec - start) / bucketSec)))];
    p.packets += packets;
    p.bytes += bytes;
    for (let i = 0; i < FAMILIES.length; i++) p.in[FAMILIES[i]] += byFamily[i];
  });
}

function zero(): FamilyBytes {
  return { tcp: 0, udp: 0, icmp: 0, other: 0 };
}

/** Bucket starts without float noise (0.1 * 3 = 0.30000000000000004). */
function round(t: number): number {
  return Math.round(t * 1000) / 1000;
}
