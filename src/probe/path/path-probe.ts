/**
 * The path to one target, probed round after round: each round sends one TTL-limited probe to every
 * hop (the system traceroute, see traceroute-command.ts), and its answers feed each hop's figures
 * (hop-stats.ts), the timeline of the latest rounds and the reading of what they mean
 * (hop-reading.ts). Rounds never overlap and start at most once per interval, so each hop gets at
 * most one probe per interval (1 s by default).
 *
 * How far to probe: the first round goes to MAX_HOPS; once the destination has answered, rounds
 * stop at its distance (a destination that answers nearer shortens the path; a router answering at
 * that distance means the path got longer, and the next round looks again). A destination that
 * never answers is probed to a few hops past the last router that does, with a full round every
 * REDISCOVER_EVERY rounds.
 */
import type { PathHop, PathMethod, PathSnapshot, PathState } from '../../api/path.js';
import type { HopNames } from './hop-names.js';
import type { RoundGate } from './round-gate.js';
import { readHops } from './hop-reading.js';
import { HopStats } from './hop-stats.js';
import { MAX_HOPS, methodsFor, type TracerouteFamily } from './traceroute-command.js';
import { runRound, type RoundOptions, type RoundResult } from './traceroute-round.js';

export const PATH_INTERVAL_MS = 1000;
export const PATH_TIMEOUT_MS = 1000;
export const PATH_SERIES_LIMIT = 60;
/** Hops probed past the last router that answers, while the destination stays silent. */
export const EXTRA_HOPS = 3;
export const REDISCOVER_EVERY = 30;
/** Rounds without any answer after which the path is called unreachable. */
export const UNREACHABLE_AFTER = 3;
const RESOLVE_RETRY_MS = 10_000;

/** Who runs a network, where known (src/identity's geo/ASN lookups, when present). */
export type HopIdentify = (
  address: string,
) => { org: string | null; asn: number | null; country: string | null } | null;

export interface PathProbeOptions {
  host: string;
  intervalMs: number;
  timeoutMs: number;
  /** Rounds, then finished; null: until stopped. */
  count: number | null;
  seriesLimit: number;
  family: TracerouteFamily;
  method: PathMethod | 'auto';
  names: HopNames;
  /** Shared by the paths of one session: one round at a time, at most one start per interval. */
  gate?: RoundGate;
  onFinished: () => void;
  /** The round runner (the system traceroute); tests give their own. */
  run?: (o: RoundOptions) => Promise<RoundResult>;
}

interface Round {
  t: number;
  /** Per ttl − 1: RTT, null lost, −1 not probed. */
  rtt: (number | null)[];
}

export class PathProbe {
  private hops: HopStats[] = [];
  private rounds: Round[] = [];
  private roundCount = 0;
  private methods: PathMethod[];
  private address: string | null = null;
  private destTtl: number | null = null;
  /** The router that answers "cannot be reached" (traceroute's !N, !H, !X...): the path ends there. */
  private end: { ttl: number; flag: string; address: string | null } | null = null;
  private silentRounds = 0;
  private state: PathState = 'starting';
  private message: string | null = null;
  private hint: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private lastStart = 0;
  private stopped = false;
  private finished = false;
  private readonly run: (o: RoundOptions) => Promise<RoundResult>;

  constructor(private readonly o: PathProbeOptions) {
    this.methods = o.method === 'auto' ? methodsFor(o.family) : [o.method];
    this.run = o.run ?? runRound;
  }

  get host(): string {
    return this.o.host;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  start(): void {
    if (this.stopped || this.finished) return;
    this.schedule(0);
  }

  /** Stops; resolves once a round in progress has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  snapshot(): PathSnapshot {
    const reached = this.destTtl !== null;
    const shown = this.hops.slice(0, this.displayLength());
    const figures = shown.map((h) => h.figures());
    const { readings, notes } = readHops(figures, reached);
    if (this.end) notes.unshift(endNote(this.o.host, this.end));
    // org, asn and country are filled in by the engine (hop-identity.ts)
    const hops: PathHop[] = figures.map((f, i) => ({
      ...f,
      name: f.address ? this.o.names.name(f.address) : null,
      org: null,
      asn: null,
      country: null,
      lossKind: readings[i].lossKind,
      pathLossPct: readings[i].pathLossPct,
      destination: reached && f.ttl === this.destTtl,
    }));
    const n = shown.length;
    return {
      host: this.o.host,
      address: this.address,
      state: this.state,
      message: this.message,
      hint: this.hint,
      method: this.methods[0] ?? null,
      intervalMs: this.o.intervalMs,
      rounds: this.roundCount,
      reached,
      end: this.end ? { ttl: this.end.ttl, reason: flagWords(this.end.flag) } : null,
      hops,
      series: {
        t: this.rounds.map((r) => r.t),
        rtt: Array.from({ length: n }, (_, i) => this.rounds.map((r) => (i < r.rtt.length ? r.rtt[i] : -1))),
      },
      notes,
    };
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.finished) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const round = () => (this.stopped ? Promise.resolve() : this.round());
      this.running = (this.o.gate ? this.o.gate.run(round) : round()).finally(() => {
        this.running = null;
      });
    }, delayMs);
  }

  private async round(): Promise<void> {
    this.lastStart = Date.now();
    const method = this.methods[0];
    const r = await this.run({
      family: this.o.family,
      method,
      host: this.o.host,
      maxTtl: this.nextMaxTtl(),
      timeoutMs: this.o.timeoutMs,
      exploring: this.destTtl === null && this.end === null,
    });
    if (this.stopped) return;
    if (r.address) this.address = r.address;
    switch (r.outcome) {
      case 'no-permission':
        if (this.methods.length > 1) {
          this.methods.shift(); // e.g. ICMP needs root here: UDP probes instead, at once
          return this.schedule(0);
        }
        return this.fail('failed', r.message, r.hint);
      case 'failed':
        return this.fail('failed', r.message, r.hint);
      case 'unknown-host':
        this.setState('unknown-host', r.message, r.hint);
        if (this.o.count !== null) return this.finish();
        return this.schedule(RESOLVE_RETRY_MS);
      case 'down':
        this.record(r.t, new Map(), this.hops.length);
        this.setState('unreachable', r.message, null);
        break;
      case 'ok':
        this.recordRound(r);
        break;
    }
    this.roundCount++;
    if (this.o.count !== null && this.roundCount >= this.o.count) return this.finish();
    this.schedule(Math.max(0, this.lastStart + this.o.intervalMs - Date.now()));
  }

  private recordRound(r: RoundResult): void {
    const target = this.address;
    let dest: number | null = null;
    let last = 0;
    for (const [ttl, probes] of r.hops) {
      if (ttl > last) last = ttl;
      if (target !== null && dest === null && probes.some((p) => p.address === target)) dest = ttl;
    }
    const endAt = dest === null ? unreachableAt(r.hops) : null;
    const stop = dest ?? endAt?.ttl ?? null;
    for (const ttl of [...r.hops.keys()]) if (stop !== null && ttl > stop) r.hops.delete(ttl);
    if (endAt) this.end = endAt;
    else if (this.end && (dest !== null || r.hops.get(this.end.ttl)?.some((p) => p.rttMs !== null && !p.flag)))
      this.end = null; // the router no longer says so: the route is back
    if (dest !== null) {
      if (this.destTtl !== null && dest < this.destTtl) this.hops.length = dest; // the path got shorter
      this.destTtl = this.destTtl === null ? dest : Math.min(this.destTtl, dest);
    } else if (this.destTtl !== null && r.hops.get(this.destTtl)?.some((p) => p.address !== null)) {
      this.destTtl = null; // a router answers where the destination was: the path got longer
    }
    this.record(r.t, r.hops, stop ?? last);
    const answered = [...r.hops.values()].some((ps) => ps.some((p) => p.rttMs !== null));
    if (this.end) this.setState('unreachable', endMessage(this.end), null);
    else if (answered) this.setState('ok', null, null);
    else if (++this.silentRounds >= UNREACHABLE_AFTER) this.setState('unreachable', 'no hop answers', null);
    if (answered) this.silentRounds = 0;
  }

  /** Adds one round: every hop up to `length` gets its probes' outcomes (a hop missing from `hops` lost them). */
  private record(
    t: number,
    hops: Map<number, { address: string | null; rttMs: number | null }[]>,
    length: number,
  ): void {
    const rtt: (number | null)[] = [];
    for (let ttl = 1; ttl <= length; ttl++) {
      while (this.hops.length < ttl) this.hops.push(new HopStats(this.hops.length + 1));
      const probes = hops.get(ttl) ?? [{ address: null, rttMs: null }];
      let first: number | null = null;
      for (const p of probes) {
        this.hops[ttl - 1].add(p.address, p.rttMs);
        if (first === null && p.rttMs !== null) first = p.rttMs;
      }
      rtt.push(first);
    }
    this.rounds.push({ t, rtt });
    if (this.rounds.length > this.o.seriesLimit) this.rounds.shift();
  }

  private nextMaxTtl(): number {
    if (this.destTtl !== null) return this.destTtl;
    if (this.end !== null && this.roundCount % REDISCOVER_EVERY !== 0) return this.end.ttl;
    if (this.roundCount === 0 || this.roundCount % REDISCOVER_EVERY === 0) return MAX_HOPS;
    return Math.min(MAX_HOPS, this.lastAnswering() + EXTRA_HOPS);
  }

  private lastAnswering(): number {
    for (let i = this.hops.length - 1; i >= 0; i--) if (this.hops[i].answered > 0) return i + 1;
    return 0;
  }

  /** Rows shown: to the destination, or one past the last router that answers. */
  private displayLength(): number {
    if (this.destTtl !== null) return Math.min(this.destTtl, this.hops.length);
    if (this.end !== null) return Math.min(this.end.ttl, this.hops.length);
    return Math.min(this.hops.length, this.lastAnswering() + 1);
  }

  private setState(state: PathState, message: string | null, hint: string | null): void {
    this.state = state;
    this.message = message;
    this.hint = hint;
  }

  private fail(state: PathState, message: string | null, hint: string | null): void {
    this.setState(state, message, hint);
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.o.onFinished();
  }
}

/** traceroute's annotations for an ICMP "unreachable" answer (the path ends there), in words. */
const UNREACHABLE_FLAGS: Record<string, string> = {
  '!H': 'host unreachable',
  '!N': 'network unreachable',
  '!P': 'protocol unreachable',
  '!S': 'source route failed',
  '!X': 'communication administratively prohibited',
  '!V': 'host precedence violation',
  '!C': 'precedence cut-off',
};

function flagWords(flag: string): string {
  return UNREACHABLE_FLAGS[flag] ?? (/^!\d+$/.test(flag) ? `unreachable (ICMP code ${flag.slice(1)})` : 'unreachable');
}

/** The first hop whose answer says "unreachable" (not !F, a fragmentation hint), or null. */
function unreachableAt(
  hops: Map<number, { address: string | null; flag: string | null }[]>,
): { ttl: number; flag: string; address: string | null } | null {
  let best: { ttl: number; flag: string; address: string | null } | null = null;
  for (const [ttl, probes] of hops) {
    const p = probes.find((x) => x.flag !== null && /^!(?:[HNPSXVC]|\d+)$/.test(x.flag));
    if (p && (best === null || ttl < best.ttl)) best = { ttl, flag: p.flag!, address: p.address };
  }
  return best;
}

function endMessage(e: { ttl: number; flag: string; address: string | null }): string {
  return `${flagWords(e.flag)} at hop ${e.ttl}${e.address ? ` (${e.address})` : ''}`;
}

function endNote(host: string, e: { ttl: number; flag: string; address: string | null }): string {
  return `Hop ${e.ttl}${e.address ? ` (${e.address})` : ''} answers that ${host} cannot be reached from there (${flagWords(e.flag)}): the path ends at hop ${e.ttl}.`;
}
