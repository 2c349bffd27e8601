/**
 * Runs one long-lived system ping for one target (see ping-command.ts for why) and reads it line by
 * line. Each target has its own process, so a dead or slow target cannot stall another's series.
 *
 * If NetLens dies without stopping it, ping does not linger: with -O it writes a line every interval,
 * and the first write after its reader is gone ends it with SIGPIPE.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { pingEnv, type StreamingCommand } from './ping-command.js';
import { parsePingLine, type PingFamily } from './ping-output.js';
import type { PingDriver, PingDriverOptions, PingExit, PingSink } from './ping-sink.js';
import { SequenceTracker } from './sequence-tracker.js';

const PERMISSION = /Operation not permitted|Permission denied|must be root/i;
// Ping refusing its arguments (an interval below what this user may use, an option this ping lacks).
const REFUSED = /cannot flood|minimal interval|invalid argument:|illegal|bad (?:timing|linger|wait|number)|usage:/i;

const KILL_AFTER_MS = 2000;

export const PERMISSION_HINT =
  'allow unprivileged ICMP (sysctl -w net.ipv4.ping_group_range="0 2147483647") or give ping the capability (setcap cap_net_raw+p "$(command -v ping)")';

export class StreamingPing implements PingDriver {
  private child: ChildProcess | null;
  private stopping = false;
  private unknownHost: string | null = null;
  private lastProblem: string | null = null;
  private transmitted: number | null = null;
  private spawnError: NodeJS.ErrnoException | null = null;

  constructor(family: PingFamily, command: StreamingCommand, o: PingDriverOptions, sink: PingSink) {
    const startedAt = Date.now();
    const tracker = new SequenceTracker({
      ...o,
      firstSeq: command.firstSeq,
      warmUp: command.warmUp,
      startedAt,
      now: Date.now,
    });
    const child = spawn(command.file, command.args, { env: pingEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const onLine = (raw: string) => {
      const line = parsePingLine(family, raw);
      switch (line.kind) {
        case 'header':
          sink.address(line.address);
          break;
        case 'unknown-host':
          this.unknownHost = line.message;
          break;
        case 'transmitted':
          this.transmitted = line.count;
          break;
        case 'error':
          this.lastProblem = line.message;
          sink.problem(line.message);
          break;
        default:
          break;
      }
      const settled = tracker.feed(line);
      if (settled.length > 0) sink.outcomes(settled);
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.on('error', (err: NodeJS.ErrnoException) => {
      this.spawnError = err;
    });
    child.on('close', (code) => {
      this.child = null;
      const complete = !this.stopping && o.count !== null && this.transmitted !== null;
      const settled = tracker.finish(complete, this.transmitted);
      if (settled.length > 0) sink.outcomes(settled);
      sink.exit(this.exitInfo(code, complete));
    });
  }

  stop(): void {
    if (!this.child || this.stopping) return;
    this.stopping = true;
    const child = this.child;
    child.kill('SIGTERM');
    // iputils and BSD ping die on SIGTERM; this is for a ping that does not.
    setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, KILL_AFTER_MS).unref();
  }

  private exitInfo(code: number | null, complete: boolean): PingExit {
    if (this.stopping) return { reason: 'stopped', message: null, hint: null };
    if (this.spawnError) {
      const missing = this.spawnError.code === 'ENOENT';
      return {
        reason: 'failed',
        message: missing
          ? 'the system ping command was not found'
          : `the system ping could not start: ${this.spawnError.message}`,
        hint: missing ? 'install ping (Debian/Ubuntu: apt install iputils-ping)' : PERMISSION_HINT,
      };
    }
    if (this.unknownHost)
      return { reason: 'unknown-host', message: this.unknownHost, hint: 'check the name, or give an address' };
    if (complete) return { reason: 'complete', message: null, hint: null };
    const message = this.lastProblem ?? `ping exited with code ${code ?? 'unknown'}`;
    if (PERMISSION.test(message)) return { reason: 'failed', message, hint: PERMISSION_HINT };
    if (REFUSED.test(message))
      return { reason: 'failed', message, hint: 'without root, use an interval of at least 1000 ms' };
    return { reason: 'down', message, hint: null };
  }
}
