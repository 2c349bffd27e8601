/**
 * What the hop table means, with mtr's cautions built in (see mtr's "How to read" notes):
 * - a router answers probes from its own, slow and rate-limited, control plane, while it forwards
 *   traffic in hardware: loss or delay at one hop that the hops after it do not show is that
 *   router being busy answering, not a problem on the path;
 * - only loss and delay that continue to the later hops (and the destination) are real, and they
 *   start at the first hop that shows them.
 * So each hop's "path loss" is the least loss of it and every hop after it that answers at all.
 */
import type { HopLossKind } from '../../api/path.js';
import type { HopFigures } from './hop-stats.js';

/** Probes a hop needs before its loss is read at all. */
export const MIN_PROBES_TO_READ = 5;
/**
 * Loss beyond the path's that counts as the router limiting its answers: at least this many
 * percentage points and this many probes (one or two probes more are chance, not a pattern).
 */
export const RATE_LIMIT_MIN_POINTS = 5;
export const RATE_LIMIT_MIN_PROBES = 3;
/** Path loss from this much on is reported as loss. */
export const PATH_LOSS_MIN_PCT = 1;
/** A hop slower than every later hop by this much (and by half) answers at low priority. */
export const SLOW_ANSWER_MIN_MS = 10;

export interface HopReading {
  lossKind: HopLossKind;
  pathLossPct: number | null;
}

/** Reads the hops, nearest first; `reached`: the last hop is the destination. */
export function readHops(hops: readonly HopFigures[], reached: boolean): { readings: HopReading[]; notes: string[] } {
  const n = hops.length;
  const readings: HopReading[] = new Array(n);
  // least loss from each hop to the end, over hops that answer at all
  let least: number | null = null;
  for (let i = n - 1; i >= 0; i--) {
    const h = hops[i];
    if (h.received > 0 && h.lossPct !== null) least = least === null ? h.lossPct : Math.min(least, h.lossPct);
    readings[i] = { lossKind: 'none', pathLossPct: h.received > 0 ? least : null };
  }
  const lastAnswering = lastIndex(hops, (h) => h.received > 0);
  const notes: string[] = [];
  for (let i = 0; i < n; i++) {
    const h = hops[i];
    const r = readings[i];
    if (h.sent < MIN_PROBES_TO_READ) continue;
    if (h.received === 0) {
      r.lossKind = 'silent';
      if (i < lastAnswering) {
        notes.push(
          `Hop ${h.ttl} never answers probes, but the hops after it do: traffic passes it (many routers are set up not to answer).`,
        );
      }
      continue;
    }
    const loss = h.lossPct ?? 0;
    const path = r.pathLossPct ?? 0;
    const excess = loss - path;
    if (excess >= RATE_LIMIT_MIN_POINTS && (excess * h.sent) / 100 >= RATE_LIMIT_MIN_PROBES - 1e-9) {
      r.lossKind = 'rate-limit';
      notes.push(
        `Hop ${h.ttl}${h.address ? ` (${h.address})` : ''} answered only ${pct(100 - loss)} of probes, but the hops after it lost ${pct(path)}: that router limits how often it answers probes (ICMP rate limiting). Your traffic passes it; this is not packet loss.`,
      );
    } else if (path >= PATH_LOSS_MIN_PCT) {
      r.lossKind = 'path';
    }
  }
  const start = readings.findIndex((r) => r.lossKind === 'path');
  if (start >= 0) {
    const endLoss = readings[lastAnswering]?.pathLossPct ?? 0;
    notes.push(
      `From hop ${hops[start].ttl} on, about ${pct(endLoss)} of probes are lost all the way to ${reached ? 'the destination' : 'the last hop that answers'}: that is real loss, and it starts at hop ${hops[start].ttl}.`,
    );
  }
  notes.push(...slowAnswerNotes(hops));
  if (!reached && lastAnswering >= 0 && hops[lastAnswering].sent >= MIN_PROBES_TO_READ) {
    notes.push(
      `The destination does not answer these probes (often a firewall): hop ${hops[lastAnswering].ttl} is the last that answers.`,
    );
  }
  return { readings, notes };
}

/** Hops slower than every later hop: the router answers probes at low priority; not a delay of your traffic. */
function slowAnswerNotes(hops: readonly HopFigures[]): string[] {
  const out: string[] = [];
  let laterMax: number | null = null;
  const flagged: number[] = [];
  for (let i = hops.length - 1; i >= 0; i--) {
    const avg = hops[i].rttMs.avg;
    if (avg === null || hops[i].received < MIN_PROBES_TO_READ) continue;
    if (laterMax !== null && avg - laterMax >= SLOW_ANSWER_MIN_MS && avg >= 1.5 * laterMax) flagged.push(i);
    laterMax = laterMax === null ? avg : Math.max(laterMax, avg);
  }
  for (const i of flagged.reverse()) {
    out.push(
      `Hop ${hops[i].ttl} answers slower (${ms(hops[i].rttMs.avg)} on average) than the hops after it: that router answers probes at low priority; it does not delay your traffic.`,
    );
  }
  return out;
}

function lastIndex<T>(list: readonly T[], pred: (x: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i])) return i;
  return -1;
}

export function pct(v: number): string {
  const r = Math.round(v * 10) / 10;
  return `${Number.isInteger(r) ? r.toFixed(0) : r.toFixed(1)}%`;
}

export function ms(v: number | null): string {
  if (v === null) return '-';
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;
}
