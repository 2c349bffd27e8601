/**
 * The system traceroute command for one round of path probing: one probe per hop, per OS.
 *
 * Why the system traceroute: a TTL-limited probe needs the ICMP "time exceeded" answers of the
 * routers, which Node cannot receive (no raw or error-queue sockets), and the system ping prints
 * those answers without a round-trip time. traceroute times each probe itself (kernel receive
 * timestamps on Linux) and is allowed for every user:
 * - Linux (Debian's `traceroute`): `traceroute -n -q 1 -N M -f 1 -m M -w S [-I] HOST`: one probe per
 *   hop (-q 1), all M sent at once (-N M) so a round lasts at most one timeout (while the distance
 *   to the destination is not known yet, only EXPLORE_AT_ONCE at a time, so that the probes past
 *   it, which all reach the destination, stay few); -I sends ICMP echo
 *   (what mtr sends), which needs root or ping sockets (net.ipv4.ping_group_range); without them
 *   the round falls back to UDP probes, which every user may send.
 * - macOS/BSD: `traceroute -n -q 1 -m M -w S [-I] HOST` (setuid root there; probes go one after
 *   another, so a round with silent hops lasts longer, and the rate stays lower).
 * - Windows: `tracert -d -h M -w MS HOST` (three probes per hop, millisecond resolution).
 *
 * Gentle by design: a round sends one probe to each hop (three on Windows) and rounds never overlap
 * and start at most once per interval (1 s by default, see path-probe.ts), so each router sees at
 * most one probe a second, which is the rate routers' own ICMP limits allow (Linux: 1/s per
 * destination after a burst of 6).
 */
import { isIPv6 } from 'node:net';
import type { PathMethod } from '../../api/path.js';

/** The farthest a path is probed (traceroute's and mtr's default). */
export const MAX_HOPS = 30;
/** Probes in flight at once while looking for the destination (Linux). */
export const EXPLORE_AT_ONCE = 4;

export type TracerouteFamily = 'linux' | 'bsd' | 'windows';

export function tracerouteFamilyFor(platform: NodeJS.Platform): TracerouteFamily {
  if (platform === 'win32') return 'windows';
  if (platform === 'darwin' || platform === 'freebsd' || platform === 'openbsd' || platform === 'netbsd') return 'bsd';
  return 'linux';
}

/** The methods to try, best first. */
export function methodsFor(family: TracerouteFamily): PathMethod[] {
  return family === 'windows' ? ['tracert'] : ['icmp', 'udp'];
}

export interface RoundCommand {
  file: string;
  args: string[];
  /** Probes per hop this command sends. */
  perHop: number;
}

export function roundCommand(
  family: TracerouteFamily,
  method: PathMethod,
  host: string,
  o: { maxTtl: number; timeoutMs: number; exploring?: boolean },
): RoundCommand {
  const max = String(Math.max(1, Math.min(MAX_HOPS, Math.round(o.maxTtl))));
  switch (family) {
    case 'windows':
      return { file: 'tracert', args: ['-d', '-h', max, '-w', String(Math.round(o.timeoutMs)), host], perHop: 3 };
    case 'bsd': {
      const wait = String(Math.max(1, Math.round(o.timeoutMs / 1000)));
      const args = ['-n', '-q', '1', '-m', max, '-w', wait];
      if (method === 'icmp') args.push('-I');
      args.push(host);
      return { file: isIPv6(host) ? 'traceroute6' : 'traceroute', args, perHop: 1 };
    }
    case 'linux': {
      const wait = String(Math.max(0.1, Math.round(o.timeoutMs) / 1000));
      const atOnce = o.exploring ? String(Math.min(EXPLORE_AT_ONCE, Number(max))) : max;
      const args = ['-n', '-q', '1', '-N', atOnce, '-f', '1', '-m', max, '-w', wait];
      if (method === 'icmp') args.push('-I');
      args.push(host);
      return { file: 'traceroute', args, perHop: 1 };
    }
  }
}

/** How to get the system traceroute, per family. */
export function installHint(family: TracerouteFamily): string {
  switch (family) {
    case 'linux':
      return 'install traceroute (Debian/Ubuntu: sudo apt install traceroute; Fedora: sudo dnf install traceroute)';
    case 'bsd':
      return 'traceroute ships with macOS and the BSDs: check that /usr/sbin is on the PATH';
    case 'windows':
      return 'tracert ships with Windows: check that C:\\Windows\\System32 is on the PATH';
  }
}
