/**
 * The history store's thread in the engine process: opens the store named in workerData and
 * answers HistoryClient's calls one at a time, in order (a write and the query after it see the
 * same store). A throw inside a call is a bug: it is answered as an internal error, and the
 * thread goes on.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { HistoryStore } from './history-store.js';
import type { FromHistoryWorker, HistoryWorkerData, ToHistoryWorker } from './history-messages.js';

const port = parentPort!;
const data = workerData as HistoryWorkerData;

function send(m: FromHistoryWorker): void {
  port.postMessage(m);
}

const opened = await HistoryStore.open(data.path, { config: data.config });
if (!opened.ok) {
  send({ kind: 'opened', error: opened.error });
  port.close();
} else {
  const store = opened.value;
  send({ kind: 'opened', error: null });
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (m: ToHistoryWorker) => {
    chain = chain.then(async () => {
      if (m.method === 'close') {
        await store.close();
        send({ kind: 'reply', id: m.id, value: null });
        port.close();
        return;
      }
      try {
        const f = store[m.method] as (...a: unknown[]) => Promise<unknown>;
        const value = await f.apply(store, m.args);
        send({ kind: 'reply', id: m.id, value });
      } catch (err) {
        send({ kind: 'reply', id: m.id, bug: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      }
    });
  });
}
