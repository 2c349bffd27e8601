/**
 * The preload: the only user of contextBridge and ipcRenderer. It exposes `window.netlens`: one
 * named function per request channel of the contract (each an ipcRenderer.invoke of exactly that
 * channel), `on(event, cb)` returning an unsubscribe function, and a handle for a dropped file.
 * Never ipcRenderer itself. Sandboxed preloads cannot be ES modules or require local files, so the
 * build bundles this file with the contract's channel lists into one CommonJS preload.cjs.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import {
  bridgeMethod,
  EVENT_NAMES,
  IPC_EVENT_CHANNEL,
  IPC_GRANT_FILE_CHANNEL,
  REQUEST_CHANNELS,
  type EventMap,
  type EventName,
  type NetlensBridge,
} from '../src/api/contract.js';

const listeners = new Map<EventName, Set<(data: unknown) => void>>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_e, msg: { event: EventName; data: unknown }) => {
  if (typeof msg !== 'object' || msg === null || !EVENT_NAMES.includes(msg.event)) return;
  for (const cb of listeners.get(msg.event) ?? []) {
    try {
      cb(msg.data);
    } catch {
      // one listener's failure does not stop the others
    }
  }
});

const bridge: Record<string, unknown> = {
  on<E extends EventName>(event: E, cb: (data: EventMap[E]) => void): () => void {
    if (!EVENT_NAMES.includes(event) || typeof cb !== 'function') return () => {};
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    const f = cb as (data: unknown) => void;
    set.add(f);
    return () => {
      set.delete(f);
    };
  },
  handleForFile(file: File): string {
    let path = '';
    try {
      path = webUtils.getPathForFile(file);
    } catch {
      return '';
    }
    // only a real File from a drop has a path; main keeps it and gives the page a handle for it
    return path ? String(ipcRenderer.sendSync(IPC_GRANT_FILE_CHANNEL, path) ?? '') : '';
  },
};
for (const channel of REQUEST_CHANNELS)
  bridge[bridgeMethod(channel)] = (args?: unknown) => ipcRenderer.invoke(channel, args);

contextBridge.exposeInMainWorld('netlens', bridge as NetlensBridge);
