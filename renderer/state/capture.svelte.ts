/**
 * The toolbar's state: the interface picker, the capture filter (checked before start), logging,
 * and the capture controls. Actions answer with the engine's error as a value, shown by the bar.
 */
import type { Api } from '../lib/api.js';
import type { ErrorInfo } from '../../src/api/errors.js';
import type { FileOpenArgs, InterfaceDto, SessionInfo } from '../../src/api/session.js';
import type { Settings } from '../../src/api/settings.js';
import type { ExportKind, ExportResult } from '../../src/api/views.js';

export type FilterCheck =
  | { state: 'empty' | 'checking' | 'valid' }
  | { state: 'unchecked'; note: string }
  | { state: 'invalid'; message: string; hint: string };

/** An interface as the picker lists it: "wlan0 — Wi-Fi — 192.168.1.20/24 — default route, wireless". */
export function interfaceLabel(i: InterfaceDto): string {
  const parts = [i.name];
  if (i.description && i.description !== i.name) parts.push(i.description);
  const addrs = [...i.ipv4, ...i.ipv6.filter((a) => !a.toLowerCase().startsWith('fe80'))];
  if (addrs.length > 0) parts.push(addrs.slice(0, 2).join(', ') + (addrs.length > 2 ? ` +${addrs.length - 2}` : ''));
  const marks: string[] = [];
  if (i.defaultRoute) marks.push('default route');
  if (i.wireless) marks.push('wireless');
  if (i.loopback) marks.push('loopback');
  if (i.up === false) marks.push('down');
  if (marks.length > 0) parts.push(marks.join(', '));
  return parts.join(' — ');
}

/** Best first: default route, then up and with addresses, then the rest; pseudo-devices last. */
export function sortInterfaces(list: readonly InterfaceDto[]): InterfaceDto[] {
  const score = (i: InterfaceDto): number =>
    (i.defaultRoute ? 0 : 10) +
    (i.pseudo ? 100 : 0) +
    (i.loopback ? 50 : 0) +
    (i.up === false ? 20 : 0) +
    (i.ipv4.length + i.ipv6.length > 0 ? 0 : 5);
  return [...list].sort((a, b) => score(a) - score(b) || a.name.localeCompare(b.name));
}

/** Logging as the settings store it (the toolbar's toggle writes them there). */
export type LoggingSettings = Settings['logging'];

export interface CaptureOptions {
  /** The stored settings: logging, and the capture filter shown until the user types another. */
  settings?: () => Pick<Settings, 'logging' | 'captureFilter'> | null;
  /** Called with the state the engine answered (the app bridges it into the session state). */
  onSession?: (s: SessionInfo) => void;
}

export class CaptureState {
  #interfaces = $state.raw<InterfaceDto[]>([]);
  #selected = $state('');
  /** The capture filter as typed; null until the user types (the stored one is shown). */
  #bpf = $state<string | null>(null);
  #check = $state.raw<FilterCheck>({ state: 'empty' });
  #busy = $state(false);
  #error = $state.raw<ErrorInfo | null>(null);
  #lastExport = $state.raw<ExportResult | null>(null);

  readonly selectedInterface = $derived(this.#interfaces.find((i) => i.name === this.#selected) ?? null);

  private checkAsked = 0;
  private checkTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly settings: () => Pick<Settings, 'logging' | 'captureFilter'> | null;
  private readonly onSession: (s: SessionInfo) => void;

  constructor(
    private readonly api: Api,
    opts: CaptureOptions = {},
  ) {
    this.settings = opts.settings ?? (() => null);
    this.onSession = opts.onSession ?? (() => {});
  }

  get interfaces(): InterfaceDto[] {
    return this.#interfaces;
  }

  /** The interface picked in the toolbar. */
  get selected(): string {
    return this.#selected;
  }

  set selected(name: string) {
    this.#selected = name;
  }

  /** The capture filter in the toolbar: as typed, else the one used last. */
  get bpf(): string {
    return this.#bpf ?? this.settings()?.captureFilter ?? '';
  }

  set bpf(text: string) {
    this.#bpf = text;
  }

  get check(): FilterCheck {
    return this.#check;
  }

  /** Logging of live sessions, as stored in the settings. */
  get logging(): LoggingSettings {
    return this.settings()?.logging ?? { enabled: false, folder: '', rotateMb: 0 };
  }

  get busy(): boolean {
    return this.#busy;
  }

  /** The last action's failure (shown under the toolbar), or null. */
  get error(): ErrorInfo | null {
    return this.#error;
  }

  /** The last export: where it went (a path, or a download URL in the browser). */
  get lastExport(): ExportResult | null {
    return this.#lastExport;
  }

  dismissError(): void {
    this.#error = null;
  }

  dismissExport(): void {
    this.#lastExport = null;
  }

  async loadInterfaces(preferred = ''): Promise<void> {
    const r = await this.api.request('interfaces:list');
    if (!r.ok) {
      this.#error = r.error;
      return;
    }
    this.#interfaces = sortInterfaces(r.value);
    if (!this.#interfaces.some((i) => i.name === this.#selected)) {
      this.#selected = this.#interfaces.some((i) => i.name === preferred)
        ? preferred
        : (this.#interfaces[0]?.name ?? '');
    }
  }

  /** The filter text or the interface changed: check it after a short pause. */
  filterChanged(delayMs = 300): void {
    if (this.checkTimer) clearTimeout(this.checkTimer);
    this.checkTimer = setTimeout(() => void this.checkFilter(), delayMs);
  }

  async checkFilter(): Promise<FilterCheck> {
    if (this.checkTimer) clearTimeout(this.checkTimer);
    this.checkTimer = null;
    const filter = this.bpf.trim();
    const asked = ++this.checkAsked;
    if (filter === '') return (this.#check = { state: 'empty' });
    this.#check = { state: 'checking' };
    const r = await this.api.request('filter:check', { filter, interface: this.#selected });
    if (asked !== this.checkAsked) return this.#check;
    if (r.ok) this.#check = r.value.checked ? { state: 'valid' } : { state: 'unchecked', note: r.value.note };
    else if (r.error.code === 'invalid-filter')
      this.#check = { state: 'invalid', message: r.error.message, hint: r.error.hint };
    else this.#check = { state: 'unchecked', note: r.error.message };
    return this.#check;
  }

  /** Checks the filter, then starts capturing on the selected interface. */
  async start(): Promise<boolean> {
    if (!this.#selected) {
      this.#error = {
        code: 'usage',
        message: 'Pick an interface first.',
        hint: 'The one with the default route is usually the right one.',
      };
      return false;
    }
    this.#busy = true;
    try {
      const c = await this.checkFilter();
      if (c.state === 'invalid') {
        this.#error = { code: 'invalid-filter', message: c.message, hint: c.hint };
        return false;
      }
      const l = this.logging;
      const log = l.enabled && l.folder.trim() !== '' ? { folder: l.folder.trim(), rotateMb: l.rotateMb } : null;
      return this.done(
        await this.api.request('capture:start', { interface: this.#selected, filter: this.bpf.trim(), log }),
      );
    } finally {
      this.#busy = false;
    }
  }

  pause(): Promise<boolean> {
    return this.run(() => this.api.request('capture:pause'));
  }

  resume(): Promise<boolean> {
    return this.run(() => this.api.request('capture:resume'));
  }

  stop(): Promise<boolean> {
    return this.run(() => this.api.request('capture:stop'));
  }

  /**
   * Opens a capture file: (browser) a path under serve's --data folder, (desktop) a dropped file's
   * handle, or nothing to show the open dialog.
   */
  openFile(file: FileOpenArgs | string = {}): Promise<boolean> {
    const args = typeof file === 'string' ? (file ? { path: file } : {}) : file;
    return this.run(() => this.api.request('file:open', args));
  }

  async export(kind: ExportKind, charts?: { title: string; dataUrl: string }[], path?: string): Promise<boolean> {
    this.#busy = true;
    try {
      const r = await this.api.request('export:run', {
        kind,
        ...(path ? { path } : {}),
        ...(charts ? { charts } : {}),
      });
      if (!r.ok) {
        if (r.error.code !== 'cancelled') this.#error = r.error;
        return false;
      }
      this.#error = null;
      this.#lastExport = r.value;
      return true;
    } finally {
      this.#busy = false;
    }
  }

  private async run(
    action: () => Promise<{ ok: true; value: SessionInfo } | { ok: false; error: ErrorInfo }>,
  ): Promise<boolean> {
    this.#busy = true;
    try {
      return this.done(await action());
    } finally {
      this.#busy = false;
    }
  }

  private done(r: { ok: true; value: SessionInfo } | { ok: false; error: ErrorInfo }): boolean {
    if (!r.ok) {
      if (r.error.code !== 'cancelled') this.#error = r.error;
      return false;
    }
    this.#error = null;
    this.onSession(r.value);
    return true;
  }
}
