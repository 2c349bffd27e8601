/**
 * The only user of ipcMain: one handler per request channel of the contract. Each drops requests
 * that do not come from our window's main frame on our own origin, validates the arguments with
 * the same validators `netlens serve` uses, then answers from the settings store, a dialog, or
 * the engine. Events go to the window on one channel, `netlens:event`.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { EventMap, EventName, RequestChannel } from '../src/api/contract.js';
import { fail, ok, type Result } from '../src/api/errors.js';
import type { AppInfo } from '../src/api/session.js';
import type { Settings } from '../src/api/settings.js';
import type { ExportKind } from '../src/api/views.js';
import { REQUEST_CHANNELS, validateArgs } from '../src/service/request-validators.js';
import { APP_ORIGIN } from './renderer-protocol.js';

export const EVENT_CHANNEL = 'netlens:event';

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
export function fromOurWindow(e: IpcMainInvokeEvent, win: BrowserWindow | null): boolean {
  if (!win || win.isDestroyed()) return false;
  if (e.sender !== win.webContents) return false;
  const frame = e.senderFrame;
  if (!frame || frame !== win.webContents.mainFrame) return false;
  return frame.url.startsWith(`${APP_ORIGIN}/`);
}

/** Answers one request from the window (already known to be ours). */
export async function answer(deps: IpcDeps, channel: RequestChannel, rawArgs: unknown): Promise<Result<unknown>> {
  const checked = validateArgs(channel, rawArgs);
  if (!checked.ok) return checked;
  const args = checked.value as Record<string, unknown> | undefined;
  switch (channel) {
    case 'app:info':
      return deps.engine.appInfo();
    case 'settings:get':
      return ok(deps.settings.get());
    case 'settings:set': {
      const r = deps.settings.set(args);
      if (r.ok) deps.settingsChanged(r.value);
      return r;
    }
    case 'file:open': {
      let path = args?.path as string | undefined;
      if (path === undefined) {
        const chosen = await deps.dialogs.openCapture();
        if (chosen === null) return cancelled('opening a file');
        path = chosen;
      }
      return deps.engine.request(channel, { path });
    }
    case 'export:run': {
      let path = args?.path as string | undefined;
      if (path === undefined) {
        const chosen = await deps.dialogs.saveExport(args!.kind as ExportKind);
        if (chosen === null) return cancelled('the export');
        path = chosen;
      }
      return deps.engine.request(channel, { ...args, path });
    }
    case 'capture:start': {
      const r = await deps.engine.request(channel, args);
      if (!r.ok && r.error.code === 'no-permission') deps.permissionProblem();
      return r;
    }
    default:
      return deps.engine.request(channel, args);
  }
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
  return () => {
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
  };
}

/** Pushes an event to the window (dropped when it is gone). */
export function sendEvent<E extends EventName>(win: BrowserWindow | null, event: E, data: EventMap[E]): void {
  if (!win || win.isDestroyed()) return;
  win.webContents.send(EVENT_CHANNEL, { event, data });
}
