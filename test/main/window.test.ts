import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => {
  const m = await import('./electron-mock.js');
  return { ...m.electronMock, default: m.electronMock };
});

type FakeBrowserWindow = import('./electron-mock.js').FakeBrowserWindow;
const { createMainWindow, windowBounds } = await import('../../main/window.js');
const { APP_CSP, APP_URL, fileFor } = await import('../../main/renderer-protocol.js');

const STATE = { x: 100, y: 80, width: 1300, height: 820, maximized: false };

describe('the window', () => {
  it('is created with the hardened options: isolation, sandbox, no Node, no webviews, the CommonJS preload', () => {
    const saved: unknown[] = [];
    const win = createMainWindow({
      state: STATE,
      saveState: (s) => saved.push(s),
      url: APP_URL,
    }) as unknown as FakeBrowserWindow;
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.preload).toMatch(/main[\\/]preload\.cjs$/);
    expect(win.loaded).toBe('netlens://app/index.html');
    expect(win.options).toMatchObject({ width: 1300, height: 820, x: 100, y: 80, show: false });
    win.emit('close');
    expect(saved.at(-1)).toEqual({ x: 10, y: 20, width: 1300, height: 820, maximized: false });
  });

  it('refuses navigation away from the app, new windows, redirects, webviews and permission requests', () => {
    const win = createMainWindow({ state: STATE, saveState: () => {}, url: APP_URL }) as unknown as FakeBrowserWindow;
    const wc = win.webContents;
    expect(wc.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(wc.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(wc.fire('will-navigate', 'netlens://app/index.html')).toBe(false);
    expect(wc.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(wc.fire('will-attach-webview', {}, {})).toBe(true);
    expect(wc.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    let granted: boolean | null = null;
    wc.session.permissionRequest!(wc, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(wc.session.permissionCheck!()).toBe(false);
  });

  it('forgets a position that is on no screen any more, and keeps a maximized window maximized', () => {
    const off = windowBounds({ ...STATE, x: 5000, y: 5000 }, () => false);
    expect(off).toEqual({ width: 1300, height: 820 });
    expect(windowBounds({ ...STATE, x: null, y: null }, () => true)).toEqual({ width: 1300, height: 820 });
    const win = createMainWindow({
      state: { ...STATE, maximized: true },
      saveState: () => {},
      url: APP_URL,
    }) as unknown as FakeBrowserWindow;
    expect(win.maximized).toBe(true);
  });

  it('serves only the renderer folder over netlens://app/, with a CSP that allows no inline or remote script', () => {
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).toContain("object-src 'none'");
    expect(APP_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(fileFor('netlens://app/index.html', '/r')).toBe('/r/index.html');
    expect(fileFor('netlens://app/', '/r')).toBe('/r/index.html');
    expect(fileFor('netlens://app/assets/a.js', '/r')).toBe('/r/assets/a.js');
    expect(fileFor('netlens://app/..%2f..%2fetc/passwd', '/r')).toBeNull();
    expect(fileFor('netlens://other/index.html', '/r')).toBeNull();
    expect(fileFor('file:///r/index.html', '/r')).toBeNull();
  });
});
