/**
 * Which program owns each flow: the packet path calls request*() once per new TCP/UDP flow (at its
 * SYN or first datagram, so short-lived sockets are still there), which only appends a row to a
 * typed queue; the queue goes to a worker thread (owner-worker.ts) after the current batch of
 * packets, and the answers fill in per flow ("looking up" until then). Compact per-flow state:
 * a status byte and an owner index into interned owners.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../data/data-paths.js';
import { createOwnerResolver } from './owner-resolver.js';
import {
  APP_STATUS,
  REQ,
  REQ_WORDS,
  WATCH_MS,
  type AppStatus,
  type FromOwnerWorker,
  type OwnerAnswer,
  type OwnerProblem,
  type OwnerResolver,
  type ProcessOwner,
  type ToOwnerWorker,
} from './owner-types.js';

export { FLAG_LOCAL, FLAG_LOCAL_INITIATED } from './owner-types.js';

const STATUS_CODES = Object.keys(APP_STATUS) as AppStatus[];
const CODE_OF = Object.fromEntries(STATUS_CODES.map((s, i) => [s, i])) as Record<AppStatus, number>;
/** Lookups queued or in flight beyond this are not made (counted as skipped): a flood of new flows cannot grow memory. */
const MAX_PENDING = 65_536;

export interface AttributionCounts {
  requested: number;
  known: number;
  ended: number;
  otherNamespace: number;
  noPermission: number;
  unknown: number;
  skipped: number;
  pending: number;
}

export interface AppAttributionOptions {
  /** 'worker' (default) runs lookups in a worker thread; 'inline' on this thread after each batch (tests). */
  mode?: 'worker' | 'inline';
  /** false: ignore the native binding (the /proc/net fallback on Linux). */
  native?: boolean;
}

function workerUrl(): URL | null {
  const here = new URL('./owner-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = join(projectRoot(), 'dist', 'src', 'identity', 'process', 'owner-worker.js');
  return existsSync(built) ? new URL(`file://${built}`) : null;
}

export class AppAttribution {
  readonly problems: OwnerProblem[] = [];
  method = '';
  private status = new Uint8Array(4096);
  private ownerOf = new Int32Array(4096).fill(-1);
  private readonly owners: ProcessOwner[] = [];
  private readonly ownerIndex = new Map<string, number>();
  private queue = new Uint32Array(256 * REQ_WORDS);
  private queued = 0;
  private queuedSince = 0;
  private inFlight = 0;
  private scheduled = false;
  private worker: Worker | null = null;
  private inline: OwnerResolver | null = null;
  private watch: NodeJS.Timeout | null = null;
  private idleWaiters: (() => void)[] = [];
  private listeners = new Set<(ids: number[]) => void>();
  private problemListeners = new Set<(p: OwnerProblem) => void>();
  readonly counts: AttributionCounts = {
    requested: 0,
    known: 0,
    ended: 0,
    otherNamespace: 0,
    noPermission: 0,
    unknown: 0,
    skipped: 0,
    pending: 0,
  };

  constructor(opts: AppAttributionOptions = {}) {
    const url = opts.mode === 'inline' ? null : workerUrl();
    if (url) {
      this.worker = new Worker(url, { workerData: { native: opts.native } });
      this.worker.unref();
      this.worker.on('message', (m: FromOwnerWorker) => this.onMessage(m));
      this.worker.on('error', (err) => {
        this.addProblem({
          code: 'identity-degraded',
          message: `program lookups stopped: ${err.message}`,
          hint: 'this is a bug in NetLens',
        });
        this.worker = null;
        this.settle(this.inFlight);
      });
    } else {
      const r = createOwnerResolver({ native: opts.native });
      if ('hint' in r) this.addProblem(r);
      else {
        this.inline = r;
        this.method = r.method;
        if (r.tick) {
          this.watch = setInterval(() => r.tick?.(), WATCH_MS);
          this.watch.unref();
        }
      }
    }
  }

  /** A new IPv4 flow: local/remote as unsigned 32-bit numbers; flags FLAG_LOCAL | FLAG_LOCAL_INITIATED. */
  requestV4(
    id: number,
    proto: number,
    local: number,
    lport: number,
    remote: number,
    rport: number,
    flags: number,
  ): void {
    const o = this.slot(id);
    if (o < 0) return;
    const q = this.queue;
    q[o + REQ.FAMILY] = 4;
    q[o + REQ.PROTO] = proto;
    q[o + REQ.LPORT] = lport;
    q[o + REQ.RPORT] = rport;
    q[o + REQ.LOCAL] = local;
    q[o + REQ.LOCAL + 1] = q[o + REQ.LOCAL + 2] = q[o + REQ.LOCAL + 3] = 0;
    q[o + REQ.REMOTE] = remote;
    q[o + REQ.REMOTE + 1] = q[o + REQ.REMOTE + 2] = q[o + REQ.REMOTE + 3] = 0;
    q[o + REQ.FLAGS] = flags;
  }

  /** A new IPv6 flow: addresses as four big-endian words. */
  requestV6(
    id: number,
    proto: number,
    local: ArrayLike<number>,
    lport: number,
    remote: ArrayLike<number>,
    rport: number,
    flags: number,
  ): void {
    const o = this.slot(id);
    if (o < 0) return;
    const q = this.queue;
    q[o + REQ.FAMILY] = 6;
    q[o + REQ.PROTO] = proto;
    q[o + REQ.LPORT] = lport;
    q[o + REQ.RPORT] = rport;
    for (let w = 0; w < 4; w++) {
      q[o + REQ.LOCAL + w] = local[w];
      q[o + REQ.REMOTE + w] = remote[w];
    }
    q[o + REQ.FLAGS] = flags;
  }

  /** The flow's status ('none' when never requested). */
  statusOf(id: number): AppStatus {
    return id >= 0 && id < this.status.length ? STATUS_CODES[this.status[id]] : 'none';
  }

  /** The flow's program, when known (also for "other namespace" when that namespace's process was found). */
  ownerOfFlow(id: number): ProcessOwner | null {
    const i = id >= 0 && id < this.ownerOf.length ? this.ownerOf[id] : -1;
    return i >= 0 ? this.owners[i] : null;
  }

  /** Forgets a flow (its id is about to be reused). */
  forget(id: number): void {
    if (id >= 0 && id < this.status.length) {
      this.status[id] = 0;
      this.ownerOf[id] = -1;
    }
  }

  /** Called with the flow ids whose answer arrived. */
  onUpdate(cb: (ids: number[]) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Called once per problem (missing rights, no binding). */
  onProblem(cb: (p: OwnerProblem) => void): () => void {
    this.problemListeners.add(cb);
    return () => this.problemListeners.delete(cb);
  }

  /** Resolves when every lookup asked so far has its answer (or after timeoutMs). */
  idle(timeoutMs = 2000): Promise<void> {
    if (this.queued === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  close(): void {
    if (this.watch) clearInterval(this.watch);
    this.watch = null;
    if (this.worker) {
      this.worker.postMessage({ type: 'stop' } satisfies ToOwnerWorker);
      void this.worker.terminate();
      this.worker = null;
    }
    this.settle(this.inFlight + this.queued);
    this.queued = 0;
  }

  /** Reserves a queue row for flow `id` (marks it "looking up"); -1 when skipped. */
  private slot(id: number): number {
    if (id < 0) return -1;
    this.grow(id);
    if (this.status[id] !== 0) return -1; // already asked
    this.counts.requested++;
    if (this.queued + this.inFlight >= MAX_PENDING || (!this.worker && !this.inline)) {
      this.counts.skipped++;
      this.status[id] = CODE_OF.unknown;
      return -1;
    }
    this.status[id] = CODE_OF['looking-up'];
    if (this.queued === 0) this.queuedSince = performance.now();
    if ((this.queued + 1) * REQ_WORDS > this.queue.length) {
      const q = new Uint32Array(this.queue.length * 2);
      q.set(this.queue);
      this.queue = q;
    }
    const o = this.queued * REQ_WORDS;
    this.queue[o + REQ.ID] = id;
    this.queued++;
    this.counts.pending++;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    return o;
  }

  private grow(id: number): void {
    if (id < this.status.length) return;
    let n = this.status.length;
    while (n <= id) n *= 2;
    const s = new Uint8Array(n);
    s.set(this.status);
    this.status = s;
    const o = new Int32Array(n).fill(-1);
    o.set(this.ownerOf);
    this.ownerOf = o;
  }

  private flush(): void {
    this.scheduled = false;
    if (this.queued === 0) return;
    const reqs = this.queue.slice(0, this.queued * REQ_WORDS);
    const n = this.queued;
    this.queued = 0;
    this.inFlight += n;
    if (this.worker) {
      this.worker.postMessage({ type: 'lookup', reqs, since: this.queuedSince } satisfies ToOwnerWorker, [reqs.buffer]);
    } else if (this.inline) {
      this.apply(this.inline.resolve(reqs, this.queuedSince));
      const p = this.inline.problem();
      if (p) this.addProblem(p);
    }
  }

  private onMessage(m: FromOwnerWorker): void {
    if (m.type === 'ready') this.method = m.method;
    else if (m.type === 'problem') this.addProblem(m.problem);
    else this.apply(m.answers);
  }

  private apply(answers: OwnerAnswer[]): void {
    const ids: number[] = [];
    for (const a of answers) {
      if (a.id >= this.status.length || this.status[a.id] !== CODE_OF['looking-up']) continue; // forgotten meanwhile
      this.status[a.id] = CODE_OF[a.status];
      if (a.owner) this.ownerOf[a.id] = this.intern(a.owner);
      ids.push(a.id);
      const c = this.counts;
      if (a.status === 'known') c.known++;
      else if (a.status === 'ended') c.ended++;
      else if (a.status === 'other-namespace') c.otherNamespace++;
      else if (a.status === 'no-permission') c.noPermission++;
      else c.unknown++;
    }
    this.settle(answers.length);
    if (ids.length) for (const cb of this.listeners) cb(ids);
  }

  private settle(n: number): void {
    this.inFlight = Math.max(0, this.inFlight - n);
    this.counts.pending = this.inFlight + this.queued;
    if (this.inFlight === 0 && this.queued === 0) {
      const w = this.idleWaiters;
      this.idleWaiters = [];
      for (const f of w) f();
    }
  }

  private intern(o: ProcessOwner): number {
    const key = `${o.pid}\0${o.name}\0${o.exe}`;
    let i = this.ownerIndex.get(key);
    if (i === undefined) {
      i = this.owners.length;
      this.owners.push(o);
      this.ownerIndex.set(key, i);
    }
    return i;
  }

  private addProblem(p: OwnerProblem): void {
    if (this.problems.some((q) => q.code === p.code)) return;
    this.problems.push(p);
    for (const cb of this.problemListeners) cb(p);
  }
}
