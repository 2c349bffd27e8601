/**
 * The preload: the only user of contextBridge and ipcRenderer. It exposes `window.netlens`, a
 * dozen named functions (one per request channel, each an ipcRenderer.invoke), `on(event, cb)`
 * returning an unsubscribe function, and the path of a dropped file. Never ipcRenderer itself.
 * CommonJS (preload.cjs) because sandboxed preloads cannot be ES modules or import local files.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { EventMap, EventName, NetlensBridge, RequestChannel } from '../src/api/contract.js';

const EVENT_CHANNEL = 'netlens:event';
const EVENTS: readonly EventName[] = ['snapshot', 'state', 'alert', 'error', 'navigate', 'command'];
const listeners = new Map<EventName, Set<(data: unknown) => void>>();

ipcRenderer.on(EVENT_CHANNEL, (_e, msg: { event: EventName; data: unknown }) => {
  if (typeof msg !== 'object' || msg === null || !EVENTS.includes(msg.event)) return;
  for (const cb of listeners.get(msg.event) ?? []) {
    try {
      cb(msg.data);
    } catch {
      // one listener's failure does not stop the others
    }
  }
});

const invoke = (channel: RequestChannel) => (args?: unknown) => ipcRenderer.invoke(channel, args);

const bridge: NetlensBridge = {
  appInfo: invoke('app:info'),
  listInterfaces: invoke('interfaces:list'),
  checkFilter: invoke('filter:check'),
  startCapture: invoke('capture:start'),
  pauseCapture: invoke('capture:pause'),
  resumeCapture: invoke('capture:resume'),
  stopCapture: invoke('capture:stop'),
  openFile: invoke('file:open'),
  setViewFilter: invoke('view:setFilter'),
  flowsPage: invoke('flows:page'),
  packetsPage: invoke('packets:page'),
  packetDetail: invoke('packets:detail'),
  ackAlerts: invoke('alerts:ack'),
  listAlerts: invoke('alerts:list'),
  exportSession: invoke('export:run'),
  getSettings: invoke('settings:get'),
  setSettings: invoke('settings:set'),
  on<E extends EventName>(event: E, cb: (data: EventMap[E]) => void): () => void {
    if (!EVENTS.includes(event) || typeof cb !== 'function') return () => {};
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    const f = cb as (data: unknown) => void;
    set.add(f);
    return () => {
      set.delete(f);
    };
  },
  pathForFile(file: File): string {
    try {
      return webUtils.getPathForFile(file);
    } catch {
      return '';
    }
  },
};

contextBridge.exposeInMainWorld('netlens', bridge);
