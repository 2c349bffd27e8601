import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/service/settings-schema.js';

vi.mock('electron', async () => {
  const m = await import('./electron-mock.js');
  return { ...m.electronMock, default: m.electronMock };
});

const { SettingsStore, DEFAULT_WINDOW } = await import('../../main/settings-store.js');
const { fakeSafeStorage } = await import('./electron-mock.js');

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'nl-settings-'));
  dirs.push(d);
  return d;
}

describe('settings store', () => {
  it('starts from the defaults and keeps what is set across restarts', () => {
    const d = dir();
    const s = SettingsStore.open(d);
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    expect(s.windowState()).toEqual(DEFAULT_WINDOW);
    const r = s.set({ theme: 'dark', logging: { enabled: true, folder: '/var/log/netlens', rotateMb: 50 } });
    expect(r.ok).toBe(true);
    s.saveWindowState({ x: 40, y: 30, width: 1400, height: 900, maximized: true });
    const again = SettingsStore.open(d);
    expect(again.get().theme).toBe('dark');
    expect(again.get().logging).toEqual({ enabled: true, folder: '/var/log/netlens', rotateMb: 50 });
    expect(again.windowState()).toEqual({ x: 40, y: 30, width: 1400, height: 900, maximized: true });
    expect(again.recoveredFrom).toBeNull();
  });

  it('refuses invalid settings and leaves the stored ones as they were', () => {
    const s = SettingsStore.open(dir());
    for (const bad of [
      { theme: 'purple' },
      { thresholds: { ...DEFAULT_SETTINGS.thresholds, lossPct: 400 } },
      { nosuch: true },
      { probe: { enabled: true, targets: Array(20).fill({ host: 'x', kind: 'custom' }) } },
      null,
      [],
    ]) {
      const r = s.set(bad);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid-argument');
    }
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('survives a settings file that is not JSON: defaults, and the original kept aside', () => {
    const d = dir();
    writeFileSync(join(d, 'settings.json'), '{"theme": "dark", oops');
    const s = SettingsStore.open(d);
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    expect(s.recoveredFrom).not.toBeNull();
    expect(readFileSync(s.recoveredFrom!, 'utf8')).toBe('{"theme": "dark", oops');
    expect(JSON.parse(readFileSync(join(d, 'settings.json'), 'utf8')).theme).toBe('system');
    expect(s.set({ theme: 'light' }).ok).toBe(true);
  });

  it('survives a file that does not fit the schema: valid groups kept, the rest back to defaults', () => {
    const d = dir();
    const stored = {
      ...DEFAULT_SETTINGS,
      theme: 'neon',
      lastInterface: 'wlan0',
      thresholds: { portScanPorts: 'many' },
      window: { x: 1, y: 2, width: 10, height: 10, maximized: false },
    };
    writeFileSync(join(d, 'settings.json'), JSON.stringify(stored));
    const s = SettingsStore.open(d);
    expect(s.get().theme).toBe('system');
    expect(s.get().lastInterface).toBe('wlan0');
    expect(s.get().thresholds).toEqual(DEFAULT_SETTINGS.thresholds);
    expect(s.windowState()).toEqual(DEFAULT_WINDOW);
    expect(readdirSync(d).some((f) => f.startsWith('settings.json.bad-'))).toBe(true);
  });

  it('survives an empty file and a file holding an array', () => {
    for (const text of ['', '[1,2,3]', 'null']) {
      const d = dir();
      writeFileSync(join(d, 'settings.json'), text);
      const s = SettingsStore.open(d);
      expect(s.get()).toEqual(DEFAULT_SETTINGS);
      expect(existsSync(s.path)).toBe(true);
    }
  });
});

describe('the email password', () => {
  const email = {
    ...DEFAULT_SETTINGS.delivery.email,
    enabled: true,
    host: 'smtp.example.org',
    user: 'me',
    password: 'hunter2-Secret!',
    from: 'netlens@example.org',
    to: 'admin@example.org',
  };
  const delivery = { webhook: { ...DEFAULT_SETTINGS.delivery.webhook }, email };
  const fileText = (s: { path: string }): string => readFileSync(s.path, 'utf8');

  it('is sealed on disk, never answered to the window, and opened for the engine', () => {
    const d = dir();
    const s = SettingsStore.open(d);
    const r = s.set({ delivery });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.delivery.email).toMatchObject({ password: '', passwordSaved: true, user: 'me' });
    expect(s.get().delivery.email.password).toBe('');
    expect(fileText(s)).not.toContain('hunter2');
    expect(fileText(s)).toMatch(/"password": "safe:v1:[A-Za-z0-9+/=]+"/);
    expect(s.forEngine().delivery.email.password).toBe('hunter2-Secret!');
    // after a restart, too
    const again = SettingsStore.open(d);
    expect(again.get().delivery.email).toMatchObject({ password: '', passwordSaved: true });
    expect(again.forEngine().delivery.email.password).toBe('hunter2-Secret!');
  });

  it('is kept when the window sends back what it was given, replaced by a new one, forgotten on request', () => {
    const s = SettingsStore.open(dir());
    expect(s.set({ delivery }).ok).toBe(true);
    const shown = s.get().delivery;
    expect(s.set({ delivery: { ...shown, email: { ...shown.email, to: 'ops@example.org' } } }).ok).toBe(true);
    expect(s.forEngine().delivery.email).toMatchObject({ password: 'hunter2-Secret!', to: 'ops@example.org' });
    expect(s.set({ delivery: { ...shown, email: { ...shown.email, password: 'new-one' } } }).ok).toBe(true);
    expect(s.forEngine().delivery.email.password).toBe('new-one');
    expect(s.set({ delivery: { ...shown, email: { ...shown.email, passwordSaved: false } } }).ok).toBe(true);
    expect(s.forEngine().delivery.email.password).toBe('');
    expect(s.get().delivery.email.passwordSaved).toBe(false);
  });

  it('is refused, with a hint, where the system has no keyring; what was saved stays', () => {
    const s = SettingsStore.open(dir());
    expect(s.set({ delivery }).ok).toBe(true);
    fakeSafeStorage.available = false;
    try {
      const r = s.set({ delivery: { ...delivery, email: { ...email, password: 'other' } } });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.message).toMatch(/keyring/);
        expect(r.error.hint).toMatch(/webhook/);
      }
      expect(fileText(s)).not.toContain('other');
    } finally {
      fakeSafeStorage.available = true;
    }
    expect(s.forEngine().delivery.email.password).toBe('hunter2-Secret!');
  });

  it('left in plain text by an older version is sealed when the settings are opened', () => {
    const d = dir();
    writeFileSync(
      join(d, 'settings.json'),
      JSON.stringify({ ...DEFAULT_SETTINGS, delivery: { ...delivery, email: { ...email, passwordSaved: undefined } } }),
    );
    const s = SettingsStore.open(d);
    expect(fileText(s)).not.toContain('hunter2');
    expect(s.forEngine().delivery.email.password).toBe('hunter2-Secret!');
    expect(s.get().delivery.email.password).toBe('');
  });

  it('an enabled channel that cannot deliver is refused, naming the field', () => {
    const s = SettingsStore.open(dir());
    const r = s.set({
      delivery: { ...delivery, webhook: { enabled: true, url: 'ftp://example.org/x', minSeverity: 'warning' } },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^delivery: webhook\.url must be an http:\/\/ or https:\/\/ URL/);
    const r2 = s.set({ delivery: { ...delivery, email: { ...email, to: 'not an address' } } });
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error.message).toMatch(/email\.to/);
  });
});
