/**
 * Settings as stored (desktop: electron-store; browser: the serve process) and the Settings page's
 * editable copy. The theme is applied from here: system follows the OS's light or dark preference.
 */
import type { Api } from '../lib/api.js';
import type { Result } from '../../src/api/errors.js';
import type { Settings, SettingsPatch, Theme } from '../../src/api/settings.js';

export class SettingsState {
  #current = $state.raw<Settings | null>(null);
  #draft = $state<Settings | null>(null);
  #error = $state('');
  #saving = $state(false);
  #systemDark = $state(false);

  readonly dirty = $derived(
    this.#current !== null && this.#draft !== null && JSON.stringify(this.#current) !== JSON.stringify(this.#draft),
  );
  readonly theme = $derived<Theme>(this.#current?.theme ?? 'system');
  /** The theme in effect: light or dark. */
  readonly effectiveTheme = $derived<'light' | 'dark'>(
    this.theme === 'system' ? (this.#systemDark ? 'dark' : 'light') : this.theme,
  );

  constructor(private readonly api: Api) {}

  /** As stored; null until loaded. */
  get current(): Settings | null {
    return this.#current;
  }

  /** The Settings page's working copy (deeply reactive: the page's fields bind to its members). */
  get draft(): Settings | null {
    return this.#draft;
  }

  get error(): string {
    return this.#error;
  }

  get saving(): boolean {
    return this.#saving;
  }

  /** The OS prefers dark (the app keeps it up to date). */
  setSystemDark(dark: boolean): void {
    this.#systemDark = dark;
  }

  async load(): Promise<boolean> {
    const s = this.answer(await this.api.request('settings:get'));
    if (s === null) return false;
    this.#current = s;
    this.#draft = structuredClone(s);
    return true;
  }

  /** The settings a reply carries, or null (its message shown as the page's error). */
  private answer(r: Result<Settings>): Settings | null {
    if (!r.ok) {
      this.#error = r.error.message;
      return null;
    }
    this.#error = '';
    return r.value;
  }

  /** Stores some settings at once (toolbar toggles, the theme); keeps unsaved page edits elsewhere. */
  async patch(p: SettingsPatch): Promise<boolean> {
    const stored = this.answer(await this.api.request('settings:set', p));
    if (stored === null) return false;
    const before = this.#current;
    this.#current = stored;
    if (this.#draft && before) {
      // carry the stored groups into the working copy, leave groups the user is editing alone
      const d = this.#draft as unknown as Record<string, unknown>;
      for (const key of Object.keys(p) as (keyof Settings)[]) d[key] = structuredClone(stored[key]);
    } else {
      this.#draft = structuredClone(stored);
    }
    return true;
  }

  /** Saves every group the page changed. */
  async save(): Promise<boolean> {
    if (!this.#draft || !this.#current) return false;
    const draft = $state.snapshot(this.#draft) as Settings;
    const patch: Record<string, unknown> = {};
    for (const key of Object.keys(draft) as (keyof Settings)[]) {
      if (JSON.stringify(draft[key]) !== JSON.stringify(this.#current[key])) patch[key] = draft[key];
    }
    if (Object.keys(patch).length === 0) return true;
    this.#saving = true;
    try {
      const stored = this.answer(await this.api.request('settings:set', patch as SettingsPatch));
      if (stored === null) return false;
      this.#current = stored;
      this.#draft = structuredClone(stored);
      return true;
    } finally {
      this.#saving = false;
    }
  }

  revert(): void {
    if (this.#current) this.#draft = structuredClone(this.#current);
    this.#error = '';
  }

  setTheme(theme: Theme): Promise<boolean> {
    return this.patch({ theme });
  }
}
