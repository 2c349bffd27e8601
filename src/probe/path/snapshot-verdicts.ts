/**
 * The verdicts of a whole prober snapshot: one per path, each compared with the ping series to the
 * same host (its destination) and with the other internet targets, with the Wi-Fi link.
 */
import type { PathVerdict } from '../../api/path.js';
import type { ProbeSnapshot } from '../../api/probe.js';
import { wantsPath } from './path-targets.js';
import { pathVerdict, type LoadState } from './path-verdict.js';

export function snapshotVerdicts(s: ProbeSnapshot, loadAt?: (t: number) => LoadState): PathVerdict[] {
  return s.paths.map((path) =>
    pathVerdict({
      path,
      destination: s.targets.find((t) => t.host === path.host) ?? null,
      others: s.targets.filter((t) => t.host !== path.host && wantsPath(t)),
      wifi: s.wifi?.link ?? null,
      loadAt,
    }),
  );
}
