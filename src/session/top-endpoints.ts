/**
 * Top talkers and listeners from per-address counters, chosen without sorting every address:
 * the same order as `analyze --json` (by bytes sent / received, then by total bytes, then by address).
 */
import type { Endpoint } from '../api/report.js';

export interface EndpointCounters {
  readonly size: number;
  readonly txPackets: Float64Array;
  readonly txBytes: Float64Array;
  readonly rxPackets: Float64Array;
  readonly rxBytes: Float64Array;
  toString(id: number): string;
  nameOf(address: string): string | undefined;
}

export function topEndpoints(c: EndpointCounters, n: number, by: 'tx' | 'rx'): Endpoint[] {
  const key = by === 'tx' ? c.txBytes : c.rxBytes;
  const total = (id: number): number => c.txBytes[id] + c.rxBytes[id];
  // before(x, y): x ranks above y
  const before = (x: number, y: number): boolean => {
    if (key[x] !== key[y]) return key[x] > key[y];
    const tx = total(x);
    const ty = total(y);
    if (tx !== ty) return tx > ty;
    return c.toString(x) < c.toString(y);
  };
  const best: number[] = [];
  for (let id = 0; id < c.size; id++) {
    if (!(key[id] > 0)) continue;
    if (best.length === n && !before(id, best[n - 1])) continue;
    let i = best.length < n ? best.length : n - 1;
    best[i] = id;
    while (i > 0 && before(best[i], best[i - 1])) {
      const t = best[i - 1];
      best[i - 1] = best[i];
      best[i] = t;
      i--;
    }
  }
  return best.map((id) => {
    const address = c.toString(id);
    const e: Endpoint = {
      address,
      packets: c.txPackets[id] + c.rxPackets[id],
      bytes: total(id),
      txPackets: c.txPackets[id],
      txBytes: c.txBytes[id],
      rxPackets: c.rxPackets[id],
      rxBytes: c.rxBytes[id],
    };
    const name = c.nameOf(address);
    if (name !== undefined) e.name = name;
    return e;
  });
}
