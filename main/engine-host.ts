/**
 * Starts and owns the engine's utility process (capture must not block main, and `cap` cannot
 * run in a worker thread): forks dist/main/engine-entry.js, correlates requests with replies,
 * forwards pushed events, and restarts the engine if it dies (saying so to the window).
 */
import { app, utilityProcess, type UtilityProcess } from 'electron';
import { fileURLToPath } from 'node:url';
import { RESOURCES_ENV } from '../src/capture/helper-locate.js';
import { BACKEND_ENV } from '../src/capture/live-source.js';
import type { EventMap, EventName } from '../src/api/contract.js';
import { fail, type Result } from '../src/api/errors.js';
import type { AppInfo } from '../src/api/session.js';
import type { Settings } from '../src/api/settings.js';
import type { FromEngine, ToEngine } from './engine-messages.js';

export const ENGINE_ENTRY = fileURLToPath(new URL('./engine-entry.js', import.meta.url));
const REQUEST_TIMEOUT_MS = 120_000;
const RESTART_DELAY_MS = 1000;

/**
 * The engine's environment: it always captures through netlens-capture (never with Electron's own
 * rights; Windows captures through Npcap in-process), and a packaged app names its resources
 * folder, where the helper and its set-up script are.
 */
export function engineEnvironment(
  base: NodeJS.ProcessEnv,
  resourcesPath: string | null,
  platform: NodeJS.Platform = process.platform,
): NodeJS.ProcessEnv {
  return {
    ...base,
    ...(platform !== 'win32' ? { [BACKEND_ENV]: 'helper' } : {}),
    ...(resourcesPath ? { [RESOURCES_ENV]: resourcesPath } : {}),
  };
}

export interface EngineHostOptions {
  onEvent: <E extends EventName>(event: E, data: EventMap[E]) => void;
  entry?: string;
}

export class EngineHost {
  private child: UtilityProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Result<unknown>) => void; timer: NodeJS.Timeout }>();
  private settings: Settings | null = null;
  private stopping = false;

  constructor(private readonly opts: EngineHostOptions) {}

  get entry(): string {
    return this.opts.entry ?? ENGINE_ENTRY;
  }

  start(): void {
    if (this.child) return;
    const child = utilityProcess.fork(this.entry, [], {
      serviceName: 'NetLens engine',
      stdio: 'inherit',
      env: engineEnvironment(process.env, app?.isPackaged ? process.resourcesPath : null),
    });
    this.child = child;
    child.on('message', (m: FromEngine) => this.onMessage(m));
    child.on('exit', (code: number) => this.onExit(child, code));
    if (this.settings) this.post({ type: 'configure', settings: this.settings });
  }

  request(channel: string, args: unknown): Promise<Result<unknown>> {
    return this.call((id) => ({ type: 'request', id, channel, args }));
  }

  appInfo(versions: AppInfo['versions']): Promise<Result<AppInfo>> {
    return this.call((id) => ({ type: 'app-info', id, versions })) as Promise<Result<AppInfo>>;
  }

  configure(settings: Settings): void {
    this.settings = settings;
    this.post({ type: 'configure', settings });
  }

  /** Asks the engine to stop its session and exit; kills it if it does not within 3 s. */
  stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        child.kill();
        resolve();
      }, 3000);
      child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      this.post({ type: 'dispose' });
    });
  }

  private call(make: (id: number) => ToEngine): Promise<Result<unknown>> {
    if (!this.child) return Promise.resolve(fail('internal', 'the engine is not running', 'restart NetLens'));
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(
          fail('internal', 'the engine did not answer in time', 'try again; if it keeps happening, restart NetLens'),
        );
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, timer });
      this.post(make(id));
    });
  }

  private post(m: ToEngine): void {
    this.child?.postMessage(m);
  }

  private onMessage(m: FromEngine): void {
    if (typeof m !== 'object' || m === null) return;
    if (m.type === 'reply') {
      const p = this.pending.get(m.id);
      if (!p) return;
      clearTimeout(p.timer);
      this.pending.delete(m.id);
      p.resolve(m.reply);
    } else if (m.type === 'event') {
      this.opts.onEvent(m.event, m.data);
    }
  }

  private onExit(child: UtilityProcess, code: number): void {
    if (this.child !== child) return;
    this.child = null;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.resolve(fail('internal', 'the engine stopped while answering', 'try again'));
      this.pending.delete(id);
    }
    if (this.stopping) return;
    this.opts.onEvent('error', {
      code: 'internal',
      message: `the capture engine stopped unexpectedly (exit code ${code}); it is being restarted`,
      hint: 'start the capture again; if it keeps happening, report it as a bug',
    });
    setTimeout(() => {
      if (!this.stopping) this.start();
    }, RESTART_DELAY_MS);
  }
}
