/** What every detector shares: the analyzer (address ids, names), the settings and the alert list. */
import type { AlertSettings } from '../api/alerts.js';
import type { Analyzer } from '../analysis/analyzer.js';
import type { IncidentStore } from './incidents.js';
import { cleanText } from './text.js';

export class AlertContext {
  /** Latest packet time seen (seconds); time never moves back here. */
  now = 0;

  constructor(
    readonly analyzer: Analyzer,
    readonly settings: AlertSettings,
    readonly incidents: IncidentStore,
  ) {}

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
