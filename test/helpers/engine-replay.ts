/** Opens a capture file in a real EngineService and waits until it is read to the end. */
import type { AlertDto } from '../../src/api/alerts-view.js';
import type { EventMap, EventName } from '../../src/api/contract.js';
import type { SessionInfo } from '../../src/api/session.js';
import type { Settings } from '../../src/api/settings.js';
import type { Snapshot } from '../../src/api/snapshot.js';
import { EngineService } from '../../src/service/engine-service.js';

export interface Replayed {
  svc: EngineService;
  events: { event: EventName; data: unknown }[];
  /** The last snapshot pushed. */
  last: Snapshot;
  /** Every `alert` event, in order. */
  alerts: AlertDto[];
}

export async function replayFile(path: string, settings?: Settings): Promise<Replayed> {
  const events: Replayed['events'] = [];
  const svc = new EngineService({
    emit: <E extends EventName>(event: E, data: EventMap[E]) => events.push({ event, data }),
    probe: false,
  });
  if (settings) svc.configure(settings);
  const r = await svc.handle('file:open', { path });
  if (!r.ok) throw new Error(r.error.message);
  await new Promise<void>((res) => {
    const t = setInterval(() => {
      if (events.some((e) => e.event === 'state' && (e.data as SessionInfo).state === 'stopped')) {
        clearInterval(t);
        res();
      }
    }, 10);
  });
  const snaps = events.filter((e) => e.event === 'snapshot').map((e) => e.data as Snapshot);
  const alerts = events.filter((e) => e.event === 'alert').map((e) => e.data as AlertDto);
  return { svc, events, last: snaps.at(-1)!, alerts };
}
