/**
 * The prober's worker thread: runs a ProbeSession and talks to the Prober over the parent port.
 * Probing lives off the engine's main thread so line parsing and statistics never delay packet
 * processing there, and the once-a-second cadence is not held up by a busy capture loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ProbeSession, type ProbeSessionConfig } from './probe-session.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

const port = parentPort;
if (port) {
  const post = (m: FromWorker) => port.postMessage(m);
  const session = new ProbeSession(workerData as ProbeSessionConfig, {
    update: (update) => post({ type: 'update', update }),
    done: (snapshot) => post({ type: 'done', snapshot }),
  });
  port.on('message', (m: ToWorker) => {
    if (m.type === 'set-targets') {
      session.setTargets(m.targets);
    } else if (m.type === 'stop') {
      void session.stop().then((update) => {
        post({ type: 'stopped', update });
        port.close(); // nothing else holds the thread open: it ends here
      });
    }
  });
  session.start();
}
