/**
 * The one secret in the settings, the SMTP password: never in a settings:get answer (the window
 * and the browser get `passwordSaved` instead), replaced, kept or forgotten by settings:set. Used
 * by the desktop app's store and by `netlens serve` alike.
 */
import type { Settings, SettingsPatch } from '../api/settings.js';

/** The settings as answered to the window or the browser: the password blanked, `passwordSaved` set. */
export function withoutSecrets(s: Settings): Settings {
  const out = structuredClone(s);
  const email = out.delivery.email;
  email.passwordSaved = email.password !== '';
  email.password = '';
  return out;
}

/**
 * The password to keep after `patch` (already validated), given the one kept now: a new one when
 * the patch gives one, none when it says `passwordSaved: false`, else the kept one.
 */
export function nextPassword(patch: SettingsPatch, kept: string): string {
  const email = patch.delivery?.email;
  if (email === undefined) return kept;
  if (email.password !== '') return email.password;
  return email.passwordSaved === false ? '' : kept;
}
