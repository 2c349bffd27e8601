import { describe, expect, it, vi } from 'vitest';
import type { AlertDto } from '../../src/api/alerts-view.js';
import { DEFAULT_SETTINGS } from '../../src/service/settings-schema.js';
import type { Settings } from '../../src/api/settings.js';

vi.mock('electron', async () => {
  const m = await import('./electron-mock.js');
  return { ...m.electronMock, default: m.electronMock };
});

const { AlertNotifier } = await import('../../main/notifications.js');
const { menuTemplate } = await import('../../main/menu.js');

const alert = (id: string, severity: AlertDto['severity']): AlertDto => ({
  id,
  type: 'port-scan',
  severity,
  firstTime: 1,
  lastTime: 2,
  source: '10.0.0.5',
  target: '10.0.0.2',
  summary: '10.0.0.5 tried 1,000 ports on 10.0.0.2 in 2 seconds',
  evidence: {},
  acknowledged: false,
});

describe('desktop notifications', () => {
  it('notify once per new warning or critical alert, not for info or updates; clicking reveals the alert', () => {
    let settings: Settings = DEFAULT_SETTINGS;
    const shown: { title: string; body: string; onClick: () => void }[] = [];
    const revealed: string[] = [];
    const n = new AlertNotifier(
      () => settings,
      (s) => shown.push(s),
      (id) => revealed.push(id),
    );
    expect(n.onAlert(alert('a1', 'info'))).toBe(false);
    expect(n.onAlert(alert('a2', 'warning'))).toBe(true);
    expect(n.onAlert(alert('a2', 'critical'))).toBe(false);
    expect(shown).toHaveLength(1);
    expect(shown[0].title).toMatch(/warning .*port scan/);
    expect(shown[0].body).toBe('10.0.0.5 tried 1,000 ports on 10.0.0.2 in 2 seconds');
    shown[0].onClick();
    expect(revealed).toEqual(['a2']);
    settings = { ...DEFAULT_SETTINGS, notifications: { desktop: true, minSeverity: 'critical' } };
    expect(n.onAlert(alert('a3', 'warning'))).toBe(false);
    expect(n.onAlert(alert('a4', 'critical'))).toBe(true);
    settings = { ...DEFAULT_SETTINGS, notifications: { desktop: false, minSeverity: 'warning' } };
    expect(n.onAlert(alert('a5', 'critical'))).toBe(false);
  });

  it('show at most 5 a minute', () => {
    let t = 0;
    const shown: unknown[] = [];
    const n = new AlertNotifier(
      () => DEFAULT_SETTINGS,
      (s) => shown.push(s),
      () => {},
      () => t,
    );
    for (let i = 0; i < 20; i++) n.onAlert(alert(`x${i}`, 'critical'));
    expect(shown).toHaveLength(5);
    t = 61_000;
    n.onAlert(alert('later', 'critical'));
    expect(shown).toHaveLength(6);
  });
});

describe('the menu', () => {
  it('has the usual roles and shortcuts, and NetLens commands that reach the renderer', () => {
    const calls: unknown[] = [];
    const t = menuTemplate(
      {
        openFile: () => calls.push('open'),
        command: (c) => calls.push(c),
        navigate: (v) => calls.push(v),
        about: () => calls.push('about'),
      },
      'linux',
    );
    const flat = (items: Electron.MenuItemConstructorOptions[]): Electron.MenuItemConstructorOptions[] =>
      items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flat(i.submenu) : [])]);
    const all = flat(t);
    const roles = all.map((i) => i.role).filter(Boolean);
    for (const r of ['editMenu', 'windowMenu', 'quit', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen'])
      expect(roles).toContain(r);
    const open = all.find((i) => i.label === 'Open Capture…')!;
    expect(open.accelerator).toBe('CmdOrCtrl+O');
    (open.click as () => void)();
    (all.find((i) => i.label === 'HTML Report…')!.click as () => void)();
    (all.find((i) => i.label === 'Alerts')!.click as () => void)();
    expect(calls).toEqual(['open', { command: 'export', exportKind: 'html-report' }, { view: 'alerts' }]);
    expect(menuTemplate({ openFile() {}, command() {}, navigate() {}, about() {} }, 'darwin')[0].role).toBe('appMenu');
  });
});
