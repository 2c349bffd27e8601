/**
 * path: where the trouble on the way to the internet starts (src/probe/path/path-verdict.ts),
 * read with the traffic: the rounds taken while this machine moved a lot of data are told apart
 * from the idle ones the way the bufferbloat advice tells them apart, so a delay that comes only
 * under load is called bufferbloat, not the provider. Fed the prober's snapshots (once a second).
 */
import type { Suggestion } from '../../api/alerts.js';
import type { PathVerdict } from '../../api/path.js';
import type { ProbeSnapshot } from '../../api/probe.js';
import { overallVerdict } from '../../probe/path/path-verdict.js';
import { snapshotVerdicts } from '../../probe/path/snapshot-verdicts.js';
import type { SecondHistory } from '../second-history.js';
import { loadClassifier } from './bufferbloat.js';

export class PathAdvisor {
  private latest: ProbeSnapshot | null = null;
  private cached: PathVerdict[] = [];

  constructor(private readonly history: SecondHistory) {}

  /** A prober snapshot (with the hops' owners filled in): the verdicts are read again. */
  ingest(s: ProbeSnapshot): void {
    this.latest = s;
    const state = loadClassifier(this.history);
    this.cached = snapshotVerdicts(s, state ? (t) => state(Math.floor(t / 1000)) : undefined);
  }

  verdicts(): PathVerdict[] {
    return this.cached;
  }

  /** The most telling verdict as a suggestion, when it finds trouble. */
  advice(): Suggestion | null {
    const v = overallVerdict(this.cached);
    if (!this.latest || v === null || v.place === 'none') return null;
    return {
      id: 's-path',
      kind: 'path',
      title: v.title,
      why: v.why,
      action: v.action,
      evidence: { host: v.host, place: v.place, ...v.evidence },
    };
  }
}
