/** The socket-owner lookup in a worker thread, so /proc scans never run on the packet path. */
import { parentPort, workerData } from 'node:worker_threads';
import { createOwnerResolver } from './owner-resolver.js';
import { REQ, REQ_WORDS, WATCH_MS, type FromOwnerWorker, type ToOwnerWorker } from './owner-types.js';

const port = parentPort;
if (port) {
  const post = (m: FromOwnerWorker): void => port.postMessage(m);
  const resolver = createOwnerResolver((workerData ?? {}) as { native?: boolean });
  if ('hint' in resolver) {
    post({ type: 'problem', problem: resolver });
    port.on('message', (m: ToOwnerWorker) => {
      if (m.type === 'stop') port.close();
      else {
        const answers = [];
        for (let o = 0; o + REQ_WORDS <= m.reqs.length; o += REQ_WORDS)
          answers.push({ id: m.reqs[o + REQ.ID], status: 'unknown' as const, owner: null });
        post({ type: 'answers', answers });
      }
    });
  } else {
    post({ type: 'ready', method: resolver.method });
    const watch = resolver.tick ? setInterval(() => resolver.tick?.(), WATCH_MS) : null;
    port.on('message', (m: ToOwnerWorker) => {
      if (m.type === 'stop') {
        if (watch) clearInterval(watch);
        if (process.env.NETLENS_IDENTITY_DEBUG)
          console.error('identity watch', JSON.stringify((resolver as { watchStats?: object }).watchStats));
        port.close();
        return;
      }
      post({ type: 'answers', answers: resolver.resolve(m.reqs, m.since) });
      const p = resolver.problem();
      if (p) post({ type: 'problem', problem: p });
    });
  }
}
