/**
 * The only user of ipcMain: one handler per request channel of the contract. Each drops requests
 * that do not come from our window's main frame on our own origin, validates the arguments with
 * the same validators `netlens serve` uses, then answers from the settings store, a dialog, or
 * the engine. Events go to the window on one channel, `netlens:event`.
 */
import { ipcMain, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import {
  IPC_EVENT_CHANNEL,
  IPC_GRANT_FILE_CHANNEL,
  REQUEST_CHANNELS,
  type EngineChannel,
  type EventMap,
  type EventName,
  type Handler,
  type Handlers,
  type HostChannel,
  type Reply,
  type RequestChannel,
} from '../src/api/contract.js';
import { fail, ok, type Result } from '../src/api/errors.js';
import type { AppInfo } from '../src/api/session.js';
import type { Settings } from '../src/api/settings.js';
import type { ExportKind } from '../src/api/views.js';
import { validateArgs } from '../src/service/request-validators.js';
import { FileGrants } from './file-grants.js';
import { APP_ORIGIN } from './renderer-protocol.js';

export interface IpcDeps {
  window(): BrowserWindow | null;
  engine: {
    request(channel: string, args: unknown): Promise<Result<unknown>>;
    appInfo(): Promise<Result<AppInfo>>;
  };
  settings: { get(): Settings; set(patch: unknown): Result<Settings> };
  dialogs: {
    /** A capture file chosen by the user, or null if cancelled. */
    openCapture(): Promise<string | null>;
    /** Where to save an export, or null if cancelled. */
    saveExport(kind: ExportKind): Promise<string | null>;
  };
  /** Settings changed: the engine and the notifier follow. */
  settingsChanged(s: Settings): void;
  /** A capture was refused for lack of permission: show the permission page. */
  permissionProblem(): void;
}

const cancelled = (what: string): Result<never> => fail('cancelled', `${what} was cancelled`, 'nothing was changed');

/** Is this request from our window's top frame, on our own origin? */
export function fromOurWindow(
  e: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  win: BrowserWindow | null,
): boolean {
  if (!win || win.isDestroyed()) return false;
  if (e.sender !== win.webContents) return false;
  const frame = e.senderFrame;
  if (!frame || frame !== win.webContents.mainFrame) return false;
  return frame.url.startsWith(`${APP_ORIGIN}/`);
}

type MainHandlers = Handlers<HostChannel> & Partial<Handlers<EngineChannel>>;

/** Dropped files the window may open by handle (one set for the app's one window). */
const grants = new FileGrants();

/** What main answers itself (app info, settings), and the channels it adds a dialog or a page to. */
function mainHandlers(deps: IpcDeps): MainHandlers {
  return {
    'app:info': () => deps.engine.appInfo(),
    'settings:get': () => ok(deps.settings.get()),
    'settings:set': (patch) => {
      const r = deps.settings.set(patch);
      if (r.ok) deps.settingsChanged(r.value);
      return r;
    },
    // the window names no path: a dropped file's handle, else the dialog (a path sent is ignored)
    'file:open': async (a) => {
      let path: string | null;
      if (a.handle !== undefined) {
        path = grants.path(a.handle);
        if (path === null)
          return fail('not-found', 'that dropped file is no longer known', 'drop it again, or use Open file…');
      } else path = await deps.dialogs.openCapture();
      if (path === null) return cancelled('opening a file');
      return deps.engine.request('file:open', { path }) as Promise<Reply<'file:open'>>;
    },
    'export:run': async (a) => {
      const path = await deps.dialogs.saveExport(a.kind);
      if (path === null) return cancelled('the export');
      const { kind, charts } = a;
      return deps.engine.request('export:run', { kind, ...(charts ? { charts } : {}), path }) as Promise<
        Reply<'export:run'>
      >;
    },
    'capture:start': async (a) => {
      const r = await deps.engine.request('capture:start', a);
      if (!r.ok && r.error.code === 'no-permission') deps.permissionProblem();
      return r as Reply<'capture:start'>;
    },
  };
}

/** Answers one request from the window (already known to be ours): main's own handler, else the engine. */
export async function answer<C extends RequestChannel>(
  deps: IpcDeps,
  channel: C,
  rawArgs: unknown,
): Promise<Result<unknown>> {
  const checked = validateArgs(channel, rawArgs);
  if (!checked.ok) return checked;
  const handlers = mainHandlers(deps) as Partial<Handlers<RequestChannel>>;
  const own = handlers[channel] as Handler<C> | undefined;
  return own ? own(checked.value) : deps.engine.request(channel, checked.value);
}

/** Registers a handler per channel; returns a function that removes them. */
export function registerIpc(deps: IpcDeps): () => void {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, async (e: IpcMainInvokeEvent, args: unknown) => {
      if (!fromOurWindow(e, deps.window())) {
        return fail(
          'invalid-argument',
          `request ${channel} refused: it does not come from the NetLens window`,
          "only the app's own page may ask",
        );
      }
      try {
        return await answer(deps, channel, args);
      } catch (err) {
        return fail(
          'internal',
          `internal error answering ${channel}: ${err instanceof Error ? err.message : String(err)}`,
          'this is a bug in NetLens',
        );
      }
    });
  }
  const grant = (e: IpcMainEvent, path: unknown): void => {
    e.returnValue = fromOurWindow(e, deps.window()) ? grants.grant(path) : '';
  };
  ipcMain.on(IPC_GRANT_FILE_CHANNEL, grant);
  return () => {
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
    ipcMain.off(IPC_GRANT_FILE_CHANNEL, grant);
  };
}

/** Pushes an event to the window (dropped when it is gone). */
export function sendEvent<E extends EventName>(win: BrowserWindow | null, event: E, data: EventMap[E]): void {
  if (!win || win.isDestroyed()) return;
  win.webContents.send(IPC_EVENT_CHANNEL, { event, data });
}
