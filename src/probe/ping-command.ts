/**
 * The system ping command line for a steady series, per OS family.
 *
 * Why a long-running ping and not the `ping` npm package's one-shot calls: a `ping -c 1` per second
 * pays a process start each time and its send time wanders with the scheduler, so the series is
 * neither steady nor cheap. One long-running ping per target sends on its own clock and reports
 * every sequence number, so loss is per probe and the cadence is the kernel's, not ours.
 *
 * iputils (Linux): `ping -n -D -O -l 2 -i S -W S host`
 * - -D: a receive timestamp on each line, so send times are exact (receive time - RTT);
 * - -O: "no answer yet for icmp_seq=N" when the next probe leaves unanswered, so losses are seen
 *   as they happen and ping writes a line every interval;
 * - -W: how long to wait for the last probe's answer before exiting (with -c);
 * - -l 2, measured on this project's Linux machine: iputils waits between probes with a receive
 *   timeout, which the kernel's timer wheel rounds up (by ~24 ms at 1 s, ~4 ms at 200 ms), and its
 *   send budget (a token bucket holding one interval) throws that lateness away, so `-i 1` really
 *   runs at 1.024 s. With a preload of 2 the bucket holds two intervals, the lateness is paid back
 *   on the next probe, and the long-run cadence is exactly the interval. The price is one extra
 *   probe sent together with the first: it is swallowed as a warm-up (see SequenceTracker).
 * BSD/macOS: `ping -n -i S -W MS host` (ping6 for IPv6 on macOS, which has no -W; timeouts are
 *   decided by NetLens anyway). Its "Request timeout for icmp_seq N" plays the part of -O.
 * Windows: ping has no interval flag, so there is no streaming command: see one-shot-ping.ts.
 *
 * Interval floors: iputils refuses intervals under 200 ms for normal users and BSD/macOS refuse
 * anything under 1 s, so 1000 ms is the floor without root; with root NetLens still stops at 200 ms
 * (5 probes a second per target), as a probe that floods a home gateway would distort what it measures.
 */
import { isIPv6 } from 'node:net';
import type { PingFamily } from './ping-output.js';

export const MIN_INTERVAL_ROOT_MS = 200;
export const MIN_INTERVAL_USER_MS = 1000;

export function isPrivileged(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function minimumIntervalMs(privileged = isPrivileged()): number {
  return privileged ? MIN_INTERVAL_ROOT_MS : MIN_INTERVAL_USER_MS;
}

export interface StreamingCommand {
  file: string;
  args: string[];
  /** The first sequence number this ping uses. */
  firstSeq: number;
  /** Leading probes that are not part of the series. */
  warmUp: number;
}

/** The command for a steady series, or null where the system ping cannot stream (Windows). */
export function streamingCommand(
  family: PingFamily,
  host: string,
  o: { intervalMs: number; timeoutMs: number; count: number | null },
): StreamingCommand | null {
  const seconds = (ms: number) => String(Math.round(ms) / 1000);
  switch (family) {
    case 'iputils': {
      const warmUp = 1;
      const args = ['-n', '-D', '-O', '-l', '2', '-i', seconds(o.intervalMs), '-W', seconds(o.timeoutMs)];
      if (o.count !== null) args.push('-c', String(o.count + warmUp));
      args.push(host);
      return { file: 'ping', args, firstSeq: 1, warmUp };
    }
    case 'bsd': {
      const v6 = isIPv6(host);
      const args = ['-n', '-i', seconds(o.intervalMs)];
      if (!v6) args.push('-W', String(Math.round(o.timeoutMs)));
      if (o.count !== null) args.push('-c', String(o.count));
      args.push(host);
      return { file: v6 ? 'ping6' : 'ping', args, firstSeq: 0, warmUp: 0 };
    }
    case 'windows':
      return null;
  }
}

/** Environment for ping: untranslated messages, so the parsers can read them. */
export function pingEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LANG: 'C', LC_ALL: 'C' };
}
