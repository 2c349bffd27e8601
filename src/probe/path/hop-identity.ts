/**
 * Who runs each hop's network (operator, AS number, country), filled in by whoever holds the
 * lookup: the engine and the CLI pass src/identity's offline geo/ASN tables in, so the prober's
 * worker never loads them (they are tens of MB; the engine has them anyway).
 */
import type { PathSnapshot } from '../../api/path.js';
import type { ProbeSnapshot } from '../../api/probe.js';

export interface HopOwner {
  org: string | null;
  asn: number | null;
  country: string | null;
}

/** An address's owner, or null when not known (private and special ranges included). */
export type HopIdentify = (address: string) => HopOwner | null;

export function identifyPath(p: PathSnapshot, identify: HopIdentify): PathSnapshot {
  return {
    ...p,
    hops: p.hops.map((h) => {
      const who = h.address !== null ? identify(h.address) : null;
      return who ? { ...h, org: who.org, asn: who.asn, country: who.country } : h;
    }),
  };
}

export function identifyHops(s: ProbeSnapshot, identify: HopIdentify): ProbeSnapshot {
  if (s.paths.length === 0) return s;
  return { ...s, paths: s.paths.map((p) => identifyPath(p, identify)) };
}
