/**
 * The desktop app's main process: one window, the engine in a utility process, IPC, menu,
 * dialogs, notifications, settings. Start it with `npm start` (needs the Electron binary).
 */
import { app, BrowserWindow, dialog, Menu, Notification } from 'electron';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { EventMap, EventName } from '../src/api/contract.js';
import type { AlertDto } from '../src/api/alerts-view.js';
import type { SessionInfo } from '../src/api/session.js';
import { openCaptureDialog, saveExportDialog } from './dialogs.js';
import { EngineHost } from './engine-host.js';
import { registerIpc, sendEvent } from './ipc.js';
import { menuTemplate } from './menu.js';
import { AlertNotifier } from './notifications.js';
import { APP_URL, handleScheme, registerScheme } from './renderer-protocol.js';
import { SettingsStore } from './settings-store.js';
import { createMainWindow, lockDown } from './window.js';

registerScheme();

let win: BrowserWindow | null = null;
const CAPTURE_FILE = /\.(pcap|pcapng|cap)$/i;

/** A capture file named on the command line (or by the OS: "Open with NetLens"). */
function fileFromArgv(argv: string[]): string | null {
  const f = argv.slice(1).find((a) => !a.startsWith('-') && CAPTURE_FILE.test(a));
  if (!f) return null;
  const p = isAbsolute(f) ? f : resolve(f);
  return existsSync(p) ? p : null;
}

function focus(): void {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

async function start(): Promise<void> {
  const settings = SettingsStore.open(app.getPath('userData'));
  const emit = <E extends EventName>(event: E, data: EventMap[E]): void => {
    if (event === 'alert') notifier.onAlert(data as AlertDto);
    if (event === 'state' && (data as SessionInfo).state === 'starting') notifier.reset();
    sendEvent(win, event, data);
  };
  const engine = new EngineHost({ onEvent: emit });
  const notifier = new AlertNotifier(
    () => settings.get(),
    (n) => {
      if (!Notification.isSupported()) return;
      const note = new Notification({ title: n.title, body: n.body });
      note.on('click', n.onClick);
      note.show();
    },
    (alertId) => {
      focus();
      sendEvent(win, 'navigate', { view: 'alerts', alertId });
    },
  );
  engine.start();
  engine.configure(settings.forEngine());
  handleScheme();

  registerIpc({
    window: () => win,
    engine: {
      request: (c, a) => engine.request(c, a),
      appInfo: () =>
        engine.appInfo({
          node: process.versions.node,
          electron: process.versions.electron ?? null,
          chrome: process.versions.chrome ?? null,
        }),
    },
    settings,
    dialogs: { openCapture: () => openCaptureDialog(win), saveExport: (kind) => saveExportDialog(win, kind) },
    // the engine gets the settings with the email password (the window never does)
    settingsChanged: () => engine.configure(settings.forEngine()),
    permissionProblem: () => sendEvent(win, 'navigate', { view: 'permission' }),
  });

  const openFile = async (path?: string): Promise<void> => {
    const p = path ?? (await openCaptureDialog(win));
    if (!p) return;
    const r = await engine.request('file:open', { path: p });
    if (!r.ok) sendEvent(win, 'error', r.error);
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        openFile: () => void openFile(),
        command: (c) => sendEvent(win, 'command', c),
        navigate: (v) => sendEvent(win, 'navigate', v),
        about: () =>
          void dialog.showMessageBox({
            type: 'info',
            title: 'About NetLens',
            message: `NetLens ${app.getVersion()}`,
            detail: 'See what your network is doing.',
          }),
      }),
    ),
  );

  win = createMainWindow({
    state: settings.windowState(),
    saveState: (s) => settings.saveWindowState(s),
    url: APP_URL,
  });
  win.on('closed', () => {
    win = null;
  });
  const initial = fileFromArgv(process.argv);
  if (initial) win.webContents.once('did-finish-load', () => void openFile(initial));

  app.on('second-instance', (_e, argv) => {
    focus();
    const f = fileFromArgv(argv);
    if (f) void openFile(f);
  });
  app.on('open-file', (e, path) => {
    e.preventDefault();
    void openFile(path);
  });
  app.on('before-quit', () => void engine.stop());
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // every web contents, not only our window's, gets the same locks (defence in depth)
  app.on('web-contents-created', (_e, contents) => lockDown(contents));
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start, (err: unknown) => {
    dialog.showErrorBox('NetLens could not start', err instanceof Error ? err.message : String(err));
    app.quit();
  });
}
