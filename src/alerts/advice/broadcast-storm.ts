/**
 * broadcast-storm: broadcast and multicast frames at a rate that loads every device on the
 * segment (a switching loop, a misbehaving device or driver).
 */
import type { Suggestion } from '../../api/alerts.js';
import type { SecondHistory } from '../second-history.js';
import { count, duration } from '../summary-format.js';

/** 1,000 broadcast/multicast frames a second, or 300 making half the traffic: normal LANs see tens. */
const HIGH_PPS = 1000;
const SHARE_PPS = 300;
const MIN_SECONDS = 3;

export function broadcastStormAdvice(h: SecondHistory): Suggestion | null {
  let seconds = 0;
  let peak = 0;
  let first = -1;
  let total = 0;
  h.forEach((sec, i) => {
    const b = h.broadcast[i];
    if (b >= HIGH_PPS || (b >= SHARE_PPS && b * 2 >= h.packets[i])) {
      seconds++;
      total += b;
      if (first < 0) first = sec;
      if (b > peak) peak = b;
    }
  });
  if (seconds < MIN_SECONDS) return null;
  return {
    id: 's-broadcast-storm',
    kind: 'broadcast-storm',
    title: `Broadcast storm: up to ${count(peak)} broadcast frames a second`,
    why: `For ${duration(seconds)} the network carried ${count(total)} broadcast or multicast frames (up to ${count(peak)} a second); every device has to look at each one, which slows the whole segment.`,
    action:
      'Look for a loop (a cable plugged into two ports of the same switch, or two switches linked twice without spanning tree), and unplug devices one at a time to find a misbehaving one. Managed switches can enable STP and storm control.',
    evidence: { seconds, peakPerSec: peak, frames: total, firstSecond: first },
  };
}
