/**
 * The one window: hardened web preferences (context isolation, sandbox, no Node), navigation,
 * new windows, webviews and permission requests all refused, size and position remembered.
 */
import { BrowserWindow, screen, type WebContents } from 'electron';
import { fileURLToPath } from 'node:url';
import { APP_ORIGIN } from './renderer-protocol.js';
import type { WindowState } from './settings-store.js';

export const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url));

/** Where the window goes: remembered bounds when they are still on a screen, else centred. */
export function windowBounds(
  state: WindowState,
  visible: (x: number, y: number, w: number, h: number) => boolean = onAScreen,
): { width: number; height: number; x?: number; y?: number } {
  const placed = state.x !== null && state.y !== null && visible(state.x, state.y, state.width, state.height);
  return { width: state.width, height: state.height, ...(placed ? { x: state.x!, y: state.y! } : {}) };
}

function onAScreen(x: number, y: number, w: number, h: number): boolean {
  return screen.getAllDisplays().some((d) => {
    const a = d.workArea;
    return x + w > a.x + 50 && x < a.x + a.width - 50 && y + h > a.y + 50 && y >= a.y - 10 && y < a.y + a.height - 50;
  });
}

/** Refuses everything a page could use to leave the app: navigation, new windows, webviews, permissions. */
export function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (e, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) e.preventDefault();
  });
  contents.on('will-redirect', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}

export interface MainWindowDeps {
  state: WindowState;
  /** The preload script (default: dist/main/preload.cjs). */
  preload?: string;
  saveState: (s: WindowState) => void;
  url: string;
}

export function createMainWindow(deps: MainWindowDeps): BrowserWindow {
  // Written out in place (not spread from a constant) so reviewers and electronegativity see them.
  const win = new BrowserWindow({
    ...windowBounds(deps.state),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'NetLens',
    backgroundColor: '#1b1f24',
    webPreferences: {
      preload: deps.preload ?? PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  });
  lockDown(win.webContents);
  if (deps.state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const save = (): void => {
    if (win.isDestroyed() || win.isMinimized()) return;
    const b = win.getNormalBounds();
    deps.saveState({ x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  };
  let timer: NodeJS.Timeout | null = null;
  const later = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', () => {
    if (timer) clearTimeout(timer);
    save();
  });
  void win.loadURL(deps.url);
  return win;
}
