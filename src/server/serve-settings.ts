/**
 * `netlens serve` keeps the settings for its run, checked like the desktop app's. The browser
 * never gets the SMTP password back (settings-secrets.ts); the engine does.
 */
import { ok, type Result } from '../api/errors.js';
import type { Settings } from '../api/settings.js';
import { completeSettings, validateSettingsPatch } from '../service/settings-schema.js';
import { nextPassword, withoutSecrets } from '../service/settings-secrets.js';

export class ServeSettings {
  private value: Settings = completeSettings({});

  /** What the browser sees. */
  get(): Settings {
    return withoutSecrets(this.value);
  }

  /** What the engine runs with (the password included). */
  forEngine(): Settings {
    return structuredClone(this.value);
  }

  set(patch: unknown): Result<Settings> {
    const r = validateSettingsPatch(patch);
    if (!r.ok) return r;
    const password = nextPassword(r.value, this.value.delivery.email.password);
    const next = completeSettings({ ...this.value, ...r.value });
    next.delivery.email.password = password;
    next.delivery.email.passwordSaved = password !== '';
    this.value = next;
    return ok(this.get());
  }
}
