/** `netlens serve` keeps the settings for its run, checked like the desktop app's. */
import { ok, type Result } from '../api/errors.js';
import type { Settings } from '../api/settings.js';
import { completeSettings, validateSettingsPatch } from '../session/settings-schema.js';

export class ServeSettings {
  private value: Settings = completeSettings({});

  get(): Settings {
    return structuredClone(this.value);
  }

  set(patch: unknown): Result<Settings> {
    const r = validateSettingsPatch(patch);
    if (!r.ok) return r;
    this.value = completeSettings({ ...this.value, ...r.value });
    return ok(this.get());
  }
}
