/** What every detector shares: the analyzer (address ids, names), the settings and the alert list. */
import type { AlertSettings } from '../api/alerts.js';
import type { Analyzer } from '../analysis/analyzer.js';
import type { IncidentStore } from './incidents.js';
import { cleanText } from './summary-format.js';

/**
 * Pacing of updates to an ongoing incident's alert (new incidents are raised at once): at most
 * every UPDATE_EVERY_SEC of packet time, and then only when the incident grew by a tenth (its
 * `size`: ports, packets, attempts...) or a long while passed (a minute, or a tenth of its age).
 * A long flood is then a few dozen updates, not one a second; the end of the source raises all.
 */
export const UPDATE_EVERY_SEC = 5;

/** What detectors keep per incident to pace their updates. */
export class Paced {
  /** Changed since it was last raised. */
  dirty = true;
  /** Packet time of the last raise, and of the first, or -1. */
  raisedAt = -1;
  firstRaisedAt = -1;
  /** How big the incident is (detector's measure) now, and when last raised. */
  size = 0;
  raisedSize = 0;
}

export class AlertContext {
  /** Latest packet time seen (seconds); time never moves back here. */
  now = 0;
  /** The source ended: raise every pending update now. */
  final = false;

  constructor(
    readonly analyzer: Analyzer,
    readonly settings: AlertSettings,
    readonly incidents: IncidentStore,
  ) {}

  /** Whether a changed incident should be raised now (and marks it raised when so). */
  due(inc: Paced): boolean {
    if (!inc.dirty) return false;
    if (inc.raisedAt >= 0 && !this.final) {
      const elapsed = this.now - inc.raisedAt;
      if (elapsed < UPDATE_EVERY_SEC) return false;
      const grew = inc.size >= inc.raisedSize * 1.1 + 1;
      if (!grew && elapsed < Math.max(60, 0.1 * (this.now - inc.firstRaisedAt))) return false;
    }
    inc.dirty = false;
    inc.raisedAt = this.now;
    if (inc.firstRaisedAt < 0) inc.firstRaisedAt = this.now;
    inc.raisedSize = inc.size;
    return true;
  }

  /** The address of an id, as text. */
  addr(id: number): string {
    return this.analyzer.addresses.toString(id);
  }

  /** The address with the host name learned for it, if any: "64.13.134.52 (scanme.nmap.org)". */
  named(id: number): string {
    const a = this.addr(id);
    const n = this.analyzer.hostnames.get(a);
    return n === undefined ? a : `${a} (${cleanText(n, 80)})`;
  }

  nameOf(id: number): string | null {
    const n = this.analyzer.hostnames.get(this.addr(id));
    return n === undefined ? null : cleanText(n, 80);
  }
}

/** A numeric key for a pair of ids (each below 2^26), exact in a double. */
export function pairKey(a: number, b: number): number {
  return a * 0x400_0000 + b;
}
