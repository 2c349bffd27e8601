/**
 * Where there is no gateway to probe (a lab network, two namespaces, a cable between two
 * machines), the busiest peer on the interface's own subnets is the host worth probing: NetLens
 * offers it ("Add target") rather than probing unreachable defaults.
 */
import { BlockList, isIP } from 'node:net';
import type { Endpoint } from '../api/report.js';

/** The busiest address on one of `own`'s subnets ("10.0.0.2/24") that is not ours nor `probed`. */
export function busiestLocalPeer(
  own: readonly string[],
  talkers: readonly Endpoint[],
  probed: ReadonlySet<string>,
): string | null {
  const subnets = new BlockList();
  const mine = new Set<string>();
  let any = false;
  for (const a of own) {
    const [addr, prefix] = a.replace(/%[^/]*/, '').split('/');
    const family = isIP(addr);
    if (family === 0) continue;
    mine.add(addr);
    const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
    if (family === 6 && addr.toLowerCase().startsWith('fe80')) continue; // link-local: every link has one
    subnets.addSubnet(addr, bits, family === 4 ? 'ipv4' : 'ipv6');
    any = true;
  }
  if (!any) return null;
  let best: { address: string; bytes: number } | null = null;
  for (const e of talkers) {
    const family = isIP(e.address);
    if (family === 0 || mine.has(e.address) || probed.has(e.address)) continue;
    if (!subnets.check(e.address, family === 4 ? 'ipv4' : 'ipv6')) continue;
    const bytes = e.txBytes + e.rxBytes;
    if (!best || bytes > best.bytes) best = { address: e.address, bytes };
  }
  return best?.address ?? null;
}
