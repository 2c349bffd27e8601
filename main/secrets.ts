/**
 * The only user of Electron's safeStorage: the SMTP password is kept encrypted with the OS's
 * keyring (Keychain, DPAPI, kwallet/libsecret) in the settings file, never in plain text.
 * On Linux without a keyring, Electron falls back to a fixed key ("basic_text"): the password is
 * then only obscured, which the settings page says.
 */
import { safeStorage } from 'electron';

export interface SecretBox {
  /** The stored form of `plain`, or null when this system offers no encryption. */
  seal(plain: string): string | null;
  /** The plain text of a stored form, or null when it cannot be opened (another machine or keyring). */
  open(sealed: string): string | null;
}

const PREFIX = 'safe:v1:';

export const keyringBox: SecretBox = {
  seal(plain) {
    if (!safeStorage.isEncryptionAvailable()) return null;
    return PREFIX + safeStorage.encryptString(plain).toString('base64');
  },
  open(sealed) {
    if (!sealed.startsWith(PREFIX) || !safeStorage.isEncryptionAvailable()) return null;
    try {
      return safeStorage.decryptString(Buffer.from(sealed.slice(PREFIX.length), 'base64'));
    } catch {
      return null;
    }
  },
};

/** Is `stored` a sealed form (rather than a plain password left by an older version)? */
export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}
