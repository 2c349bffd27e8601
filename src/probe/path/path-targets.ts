/** Which probe targets are also probed hop by hop: those out on the internet (not the gateway or DNS servers). */
import type { ProbeTarget } from '../../api/probe.js';

export function wantsPath(t: Pick<ProbeTarget, 'kind'>): boolean {
  return t.kind === 'public' || t.kind === 'custom';
}
