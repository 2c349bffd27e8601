/**
 * The engine's utility process: runs the same EngineService as `netlens serve`, talking to main
 * over process.parentPort. Capture, decoding and analysis happen here, so main's event loop
 * stays free for the window. Started by main/engine-host.ts.
 */
import { defaultHistoryPath } from '../src/history/history-config.js';
import { EngineService } from '../src/service/engine-service.js';
import type { FromEngine, ToEngine } from './engine-messages.js';

interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const port = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!port) {
  process.stderr.write(
    "netlens engine: no parentPort (this file runs in Electron's utility process, started by the app)\n",
  );
  process.exit(70);
}

const send = (m: FromEngine): void => port.postMessage(m);
const service = new EngineService({
  emit: (event, data) => send({ type: 'event', event, data }),
  // history across sessions, in the user data folder (NETLENS_HISTORY=off keeps none)
  history: process.env.NETLENS_HISTORY === 'off' ? null : { path: defaultHistoryPath() },
});

port.on('message', (e) => {
  const m = e.data as ToEngine;
  if (typeof m !== 'object' || m === null) return;
  switch (m.type) {
    case 'request':
      void service.handle(m.channel, m.args).then(
        (reply) => send({ type: 'reply', id: m.id, reply }),
        (err: unknown) =>
          send({
            type: 'reply',
            id: m.id,
            reply: {
              ok: false,
              error: {
                code: 'internal',
                message: `engine error: ${err instanceof Error ? err.message : String(err)}`,
                hint: 'this is a bug in NetLens',
              },
            },
          }),
      );
      break;
    case 'app-info':
      send({ type: 'reply', id: m.id, reply: { ok: true, value: service.appInfo('desktop', m.versions) } });
      break;
    case 'configure':
      service.configure(m.settings);
      break;
    case 'dispose':
      service.dispose();
      process.exit(0);
  }
});

send({ type: 'ready' });
