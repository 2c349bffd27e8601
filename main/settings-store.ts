/**
 * The desktop app's settings in electron-store, with the JSON schema and defaults of
 * src/service/settings-schema.ts, plus the window's size and position. A settings file that is
 * not JSON or does not fit the schema never stops the app: the groups that are still valid are
 * kept, the rest go back to their defaults, and the original is kept beside it (".bad-<time>").
 * The SMTP password is stored sealed by the OS keyring (secrets.ts) and never answered to the
 * window: get() blanks it, forEngine() opens it for the engine that sends the mail.
 */
import Store from 'electron-store';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, type Result } from '../src/api/errors.js';
import type { Settings } from '../src/api/settings.js';
import {
  completeSettings,
  DEFAULT_SETTINGS,
  schemaError,
  SETTINGS_SCHEMA,
  validateSettingsPatch,
  type JsonSchema,
} from '../src/service/settings-schema.js';
import { nextPassword, withoutSecrets } from '../src/service/settings-secrets.js';
import { isSealed, keyringBox, type SecretBox } from './secrets.js';

export interface WindowState {
  x: number | null;
  y: number | null;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW: WindowState = { x: null, y: null, width: 1280, height: 800, maximized: false };

const WINDOW_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    x: { type: ['integer', 'null'], minimum: -100_000, maximum: 100_000 },
    y: { type: ['integer', 'null'], minimum: -100_000, maximum: 100_000 },
    width: { type: 'integer', minimum: 400, maximum: 100_000 },
    height: { type: 'integer', minimum: 300, maximum: 100_000 },
    maximized: { type: 'boolean' },
  },
  required: ['x', 'y', 'width', 'height', 'maximized'],
  additionalProperties: false,
};

type Stored = Settings & { window: WindowState };

export const STORE_SCHEMA = { ...SETTINGS_SCHEMA, window: WINDOW_SCHEMA };
const NAME = 'settings';

export class SettingsStore {
  private constructor(
    private readonly store: Store<Stored>,
    /** Where the unreadable original was kept, when the file had to be repaired. */
    readonly recoveredFrom: string | null,
    private readonly box: SecretBox,
  ) {
    // a plain password left by a version before sealing: seal it now (or drop it if this system cannot)
    const stored = this.storedPassword();
    if (stored !== '' && !isSealed(stored)) this.storeDelivery(this.stored().delivery, box.seal(stored) ?? '');
  }

  /** Opens (or creates) `<dir>/settings.json` (the app passes its userData folder); `box` seals the password. */
  static open(dir: string, box: SecretBox = keyringBox): SettingsStore {
    const make = (): Store<Stored> =>
      new Store<Stored>({
        name: NAME,
        cwd: dir,
        schema: STORE_SCHEMA as never,
        defaults: { ...structuredClone(DEFAULT_SETTINGS), window: { ...DEFAULT_WINDOW } },
        clearInvalidConfig: false,
      });
    try {
      return new SettingsStore(make(), null, box);
    } catch {
      // not JSON, or JSON that does not fit the schema: repair below
    }
    const path = join(dir, `${NAME}.json`);
    let backup: string | null = null;
    if (existsSync(path)) {
      backup = `${path}.bad-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      copyFileSync(path, backup);
      writeFileSync(path, JSON.stringify(repair(readFileSync(path, 'utf8')), null, '\t'));
    }
    try {
      return new SettingsStore(make(), backup, box);
    } catch {
      rmSync(path, { force: true });
      return new SettingsStore(make(), backup, box);
    }
  }

  get path(): string {
    return this.store.path;
  }

  /** The settings as the window sees them: no password, `passwordSaved` instead. */
  get(): Settings {
    return withoutSecrets(this.stored());
  }

  /** The settings for the engine: the password opened (blank if this keyring cannot open it). */
  forEngine(): Settings {
    const s = this.stored();
    const sealed = s.delivery.email.password;
    s.delivery.email.password = sealed === '' ? '' : (this.box.open(sealed) ?? '');
    return s;
  }

  /** Validates and saves a settings:set patch; answers with all the settings (as get()). */
  set(patch: unknown): Result<Settings> {
    const r = validateSettingsPatch(patch);
    if (!r.ok) return r;
    const kept = this.storedPassword();
    const given = r.value.delivery?.email.password ?? '';
    let sealed = kept;
    if (given !== '') {
      const s = this.box.seal(given);
      if (s === null)
        return fail(
          'invalid-argument',
          'this system offers no keyring to keep the email password safely',
          'use an SMTP relay that needs no login, or the webhook',
        );
      sealed = s;
    } else sealed = nextPassword(r.value, kept);
    for (const [k, v] of Object.entries(r.value)) {
      if (k === 'delivery') this.storeDelivery(structuredClone(v) as Settings['delivery'], sealed);
      else this.store.set(k as keyof Stored, v as never);
    }
    return { ok: true, value: this.get() };
  }

  private stored(): Settings {
    const { window: _window, ...settings } = this.store.store as Stored;
    return completeSettings(settings);
  }

  private storedPassword(): string {
    return this.stored().delivery.email.password;
  }

  /** Stores the delivery group (a copy of ours to change) with the sealed password, without passwordSaved (answers derive it). */
  private storeDelivery(d: Settings['delivery'], sealed: string): void {
    d.email.password = sealed;
    delete d.email.passwordSaved;
    this.store.set('delivery', d);
  }

  windowState(): WindowState {
    const w = this.store.get('window');
    return schemaError(WINDOW_SCHEMA, w, 'window') === null ? w : { ...DEFAULT_WINDOW };
  }

  saveWindowState(w: WindowState): void {
    const clean: WindowState = {
      x: w.x === null ? null : Math.round(w.x),
      y: w.y === null ? null : Math.round(w.y),
      width: Math.max(400, Math.round(w.width)),
      height: Math.max(300, Math.round(w.height)),
      maximized: w.maximized,
    };
    if (schemaError(WINDOW_SCHEMA, clean, 'window') === null) this.store.set('window', clean);
  }
}

/** What can be kept of a settings file's text: every valid group, defaults for the rest. */
function repair(text: string): Stored {
  let parsed: unknown = {};
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = {};
  }
  const w = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).window : undefined;
  return {
    ...completeSettings(parsed),
    window: schemaError(WINDOW_SCHEMA, w, 'window') === null ? (w as WindowState) : { ...DEFAULT_WINDOW },
  };
}
