/**
 * Runs one round of the system traceroute (see traceroute-command.ts) and reads its answer: the
 * probes of each hop, or why there are none (the name does not resolve, no permission for this
 * method, no route). Trouble is a value, never an exception.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { PathMethod } from '../../api/path.js';
import { pingEnv } from '../ping-command.js';
import { EXPLORE_AT_ONCE, installHint, roundCommand, type TracerouteFamily } from './traceroute-command.js';
import { parseTracerouteLine, type HopProbe } from './traceroute-output.js';

export type RoundOutcome =
  /** The round ran (some or all probes may be unanswered). */
  | 'ok'
  | 'unknown-host'
  /** This method is not allowed for this user: try the next one. */
  | 'no-permission'
  /** traceroute is missing or cannot run at all. */
  | 'failed'
  /** No route (network down): the round's probes are all lost. */
  | 'down';

export interface RoundResult {
  outcome: RoundOutcome;
  /** When the round started (its probes leave together on Linux). */
  t: number;
  /** The address traceroute probed (from its header). */
  address: string | null;
  /** Probes per hop, by ttl. */
  hops: Map<number, HopProbe[]>;
  message: string | null;
  hint: string | null;
}

const NO_PERMISSION = /enough privileges|Operation not permitted|Permission denied|must be root/i;
/** Beyond the probes' own timeouts, how long a round may take before it is stopped. */
const ROUND_GRACE_MS = 5000;

export interface RoundOptions {
  family: TracerouteFamily;
  method: PathMethod;
  host: string;
  maxTtl: number;
  timeoutMs: number;
  /** The destination's distance is not known yet: send fewer probes at once. */
  exploring: boolean;
}

export function runRound(o: RoundOptions): Promise<RoundResult> {
  const cmd = roundCommand(o.family, o.method, o.host, o);
  const t = Date.now();
  const hops = new Map<number, HopProbe[]>();
  let address: string | null = null;
  let unknownHost: string | null = null;
  let error: string | null = null;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Omit<RoundResult, 't' | 'hops' | 'address'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ t, hops, address, ...r });
    };
    const child = spawn(cmd.file, cmd.args, { env: pingEnv(), stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    // Linux sends every probe at once (a few at a time while exploring); BSD's and Windows' tracers
    // wait out each silent probe in turn.
    const waits =
      o.family === 'linux' ? (o.exploring ? Math.ceil(o.maxTtl / EXPLORE_AT_ONCE) : 1) : cmd.perHop * o.maxTtl;
    const timer = setTimeout(() => child.kill('SIGKILL'), waits * o.timeoutMs + ROUND_GRACE_MS);
    const onLine = (raw: string) => {
      const line = parseTracerouteLine(raw);
      if (line.kind === 'header') address = line.address;
      else if (line.kind === 'hop') hops.set(line.ttl, [...(hops.get(line.ttl) ?? []), ...line.probes]);
      else if (line.kind === 'unknown-host') unknownHost = line.message;
      else if (line.kind === 'error') error ??= line.message;
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.on('error', (err: NodeJS.ErrnoException) => {
      const missing = err.code === 'ENOENT';
      done({
        outcome: 'failed',
        message: missing
          ? `the system ${cmd.file} command was not found`
          : `${cmd.file} could not start: ${err.message}`,
        hint: missing ? installHint(o.family) : `check that ${cmd.file} runs from a terminal`,
      });
    });
    child.on('close', (code) => {
      if (unknownHost !== null) {
        return done({ outcome: 'unknown-host', message: unknownHost, hint: 'check the name, or give an address' });
      }
      if (hops.size > 0) return done({ outcome: 'ok', message: null, hint: null });
      const message = error ?? `${cmd.file} exited with code ${code ?? 'unknown'}`;
      if (NO_PERMISSION.test(message)) {
        return done({
          outcome: 'no-permission',
          message,
          hint: 'ICMP probes need root or ping sockets (sysctl net.ipv4.ping_group_range); UDP probes are used instead',
        });
      }
      if (code === 0) return done({ outcome: 'ok', message: null, hint: null });
      done({ outcome: 'down', message, hint: null });
    });
  });
}
