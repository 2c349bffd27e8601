/**
 * A stand-in for the `electron` module (no Electron binary can be installed here): records what
 * main does with it so tests can assert on windows, IPC handlers, forks and dialogs.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export class FakeFrame {
  constructor(public url: string) {}
}

export class FakeSession {
  permissionRequest: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | null = null;
  permissionCheck: (() => boolean) | null = null;
  setPermissionRequestHandler(h: FakeSession['permissionRequest']): void {
    this.permissionRequest = h;
  }
  setPermissionCheckHandler(h: FakeSession['permissionCheck']): void {
    this.permissionCheck = h;
  }
}

export class FakeWebContents extends EventEmitter {
  readonly session = new FakeSession();
  readonly mainFrame: FakeFrame;
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  readonly sent: { channel: string; payload: unknown }[] = [];
  constructor(url = 'netlens://app/index.html') {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  setWindowOpenHandler(h: FakeWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = h;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  /** Emits an event the way Electron does, with a preventDefault-able event object; returns whether it was prevented. */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loaded: string | null = null;
  maximized = false;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loaded = url;
    return Promise.resolve();
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isMinimized(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { x: 10, y: 20, width: 1300, height: 820 };
  }
  show(): void {}
  focus(): void {}
  restore(): void {}
}

export class FakeUtilityProcess extends EventEmitter {
  static forks: { modulePath: string; args: string[]; options: Record<string, unknown>; child: FakeUtilityProcess }[] =
    [];
  readonly posted: unknown[] = [];
  killed = false;
  postMessage(m: unknown): void {
    this.posted.push(m);
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
}

/**
 * safeStorage as the OS keyring gives it: real encryption (AES-256-GCM, a key per test run), so
 * a sealed password really cannot be read from the file. `available` false: no keyring.
 */
export const fakeSafeStorage = {
  available: true,
  key: randomBytes(32),
  isEncryptionAvailable(): boolean {
    return fakeSafeStorage.available;
  },
  encryptString(plain: string): Buffer {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', fakeSafeStorage.key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  },
  decryptString(sealed: Buffer): string {
    const d = createDecipheriv('aes-256-gcm', fakeSafeStorage.key, sealed.subarray(0, 12));
    d.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
  },
};

export const ipcHandlers = new Map<string, (e: unknown, args: unknown) => Promise<unknown>>();
/** ipcMain.on listeners (one per channel), by channel. */
export const ipcListeners = new Map<string, (e: { returnValue?: unknown }, ...args: unknown[]) => void>();

export const electronMock = {
  app: {
    getPath: vi.fn(() => '/tmp'),
    getVersion: vi.fn(() => '0.1.0'),
    requestSingleInstanceLock: vi.fn(() => true),
    on: vi.fn(),
    quit: vi.fn(),
    whenReady: vi.fn(() => new Promise(() => {})),
  },
  BrowserWindow: FakeBrowserWindow,
  ipcMain: {
    handle: vi.fn((channel: string, h: (e: unknown, args: unknown) => Promise<unknown>) => {
      if (ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
      ipcHandlers.set(channel, h);
    }),
    removeHandler: vi.fn((channel: string) => ipcHandlers.delete(channel)),
    on: vi.fn((channel: string, l: (e: { returnValue?: unknown }, ...args: unknown[]) => void) => {
      ipcListeners.set(channel, l);
    }),
    off: vi.fn((channel: string) => ipcListeners.delete(channel)),
  },
  utilityProcess: {
    fork: vi.fn((modulePath: string, args: string[] = [], options: Record<string, unknown> = {}) => {
      const child = new FakeUtilityProcess();
      FakeUtilityProcess.forks.push({ modulePath, args, options, child });
      return child;
    }),
  },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  screen: { getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]) },
  dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showMessageBox: vi.fn(), showErrorBox: vi.fn() },
  Menu: { buildFromTemplate: vi.fn((t: unknown) => t), setApplicationMenu: vi.fn() },
  Notification: Object.assign(vi.fn(), { isSupported: vi.fn(() => true) }),
  shell: { openPath: vi.fn() },
  webUtils: { getPathForFile: vi.fn(() => '') },
  safeStorage: fakeSafeStorage,
};

export default electronMock;
