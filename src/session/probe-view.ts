/**
 * The prober's snapshots as the engine shows them: each hop's network owner filled in from the
 * offline geo/ASN tables (src/identity, loaded once per process when the first path arrives), and
 * the path verdicts read with the traffic by the alert engine (or, with the detectors off, on
 * their own). One ProbeView per live session.
 */
import type { ProbeSnapshot, ProbeUpdate } from '../api/probe.js';
import type { AlertEngine } from '../alerts/alert-engine.js';
import { GeoResolver } from '../identity/geo-resolver.js';
import { identifyHops, type HopIdentify, type HopOwner } from '../probe/path/hop-identity.js';
import { snapshotVerdicts } from '../probe/path/snapshot-verdicts.js';

let geo: GeoResolver | null = null;

/** Owner of an address from the shipped geo/ASN tables; null for private and special ranges, or unknown. */
export const geoIdentify: HopIdentify = (address: string): HopOwner | null => {
  geo ??= new GeoResolver();
  const a = geo.lookup(address);
  if (a.scope !== 'public' || (a.asn === 0 && a.country === '')) return null;
  return { org: a.org || null, asn: a.asn || null, country: a.country || null };
};

export class ProbeView {
  private latest: ProbeSnapshot | null = null;

  constructor(
    private readonly alerts: AlertEngine | null,
    private readonly identify: HopIdentify = geoIdentify,
  ) {}

  /** An update from the prober, its hops' owners filled in (what the alert engine is then fed). */
  enrich(u: ProbeUpdate): ProbeUpdate {
    const snapshot = identifyHops(u.snapshot, this.identify);
    this.latest = snapshot;
    return { ...u, snapshot };
  }

  /** The latest snapshot with its verdicts; null before the first update. */
  snapshot(): ProbeSnapshot | null {
    const s = this.latest;
    if (s === null) return null;
    const verdicts = this.alerts ? this.alerts.pathVerdicts() : snapshotVerdicts(s);
    return { ...s, verdicts: verdicts.length === s.paths.length ? verdicts : snapshotVerdicts(s) };
  }
}
