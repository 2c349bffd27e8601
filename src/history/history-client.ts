/**
 * The engine's handle on history: the store runs in a worker thread and every call is a message,
 * so DuckDB's work (writes, checkpoints, pruning, queries) never holds up the packet path. The
 * same methods as HistoryStore; a call made after the worker died answers an error value (reads)
 * or rejects (writes, which the recorder retries).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fail, ok, type Result } from '../api/errors.js';
import type { HistoryConfig } from '../api/history.js';
import type { FromHistoryWorker, HistoryMethod, ToHistoryWorker } from './history-messages.js';
import type { HistoryApi } from './history-store.js';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class HistoryClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private dead: string | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: FromHistoryWorker) => {
      if (m.kind !== 'reply') return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if ('bug' in m) p.reject(new Error(`history: ${m.bug}`));
      else p.resolve(m.value);
    });
    worker.on('exit', () => this.fail('the history worker stopped'));
    worker.on('error', (e) => this.fail(`the history worker failed: ${e.message}`));
  }

  /** Starts the worker and opens the store; an error value when it cannot (locked, damaged, not built). */
  static async open(path: string, config?: Partial<HistoryConfig>): Promise<Result<HistoryClient>> {
    // built: beside this file; run from the sources (tests): the built one in dist/
    const url = [
      new URL('./history-worker.js', import.meta.url),
      new URL('../../dist/src/history/history-worker.js', import.meta.url),
    ].find((u) => existsSync(fileURLToPath(u)));
    if (!url)
      return fail('internal', 'the history worker is not built', 'run `npm run build` (the worker runs from dist/)');
    const worker = new Worker(url, { workerData: { path, config } });
    const first = await new Promise<FromHistoryWorker | Error>((resolve) => {
      worker.once('message', resolve);
      worker.once('error', resolve);
      worker.once('exit', () => resolve(new Error('the history worker stopped before it opened the store')));
    });
    if (first instanceof Error) {
      await worker.terminate();
      return fail('internal', `history is off: ${first.message}`, 'this is a bug in NetLens');
    }
    if (first.kind === 'opened' && first.error) {
      await worker.terminate();
      return { ok: false, error: first.error };
    }
    worker.unref();
    return ok(new HistoryClient(worker));
  }

  private fail(why: string): void {
    this.dead ??= why;
    for (const p of this.pending.values()) p.reject(new Error(why));
    this.pending.clear();
  }

  get alive(): boolean {
    return this.dead === null;
  }

  call<M extends HistoryMethod>(method: M, ...args: Parameters<HistoryApi[M]>): ReturnType<HistoryApi[M]> {
    return new Promise((resolve, reject) => {
      if (this.dead !== null) return reject(new Error(this.dead));
      const id = this.nextId++;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      const m: ToHistoryWorker = { id, method, args };
      this.worker.postMessage(m);
    }) as ReturnType<HistoryApi[M]>;
  }

  /** A read that answers a Result: a dead worker becomes an error value, not a throw. */
  async ask<M extends HistoryMethod>(
    method: M,
    ...args: Parameters<HistoryApi[M]>
  ): Promise<Awaited<ReturnType<HistoryApi[M]>> | Result<never>> {
    try {
      return await this.call(method, ...args);
    } catch (err) {
      return fail('internal', `history did not answer: ${(err as Error).message}`, 'this is a bug in NetLens');
    }
  }

  /** Closes the store (it checkpoints) and ends the worker. */
  async close(): Promise<void> {
    if (this.dead === null) {
      const id = this.nextId++;
      await new Promise<void>((resolve) => {
        this.pending.set(id, { resolve: () => resolve(), reject: () => resolve() });
        this.worker.postMessage({ id, method: 'close', args: [] } satisfies ToHistoryWorker);
      });
    }
    await this.worker.terminate();
  }

  /** The recorder's sink. */
  write(...args: Parameters<HistoryApi['write']>): Promise<void> {
    return this.call('write', ...args);
  }
}
