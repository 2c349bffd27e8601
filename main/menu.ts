/** The application menu: the usual roles and shortcuts, plus NetLens's own commands. */
import type { MenuItemConstructorOptions } from 'electron';
import type { CommandEvent, NavigateEvent } from '../src/api/contract.js';

export interface MenuActions {
  openFile(): void;
  command(c: CommandEvent): void;
  navigate(v: NavigateEvent): void;
  about(): void;
}

export function menuTemplate(
  a: MenuActions,
  platform: NodeJS.Platform = process.platform,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const exportItem = (label: string, kind: NonNullable<CommandEvent['exportKind']>): MenuItemConstructorOptions => ({
    label,
    click: () => a.command({ command: 'export', exportKind: kind }),
  });
  const view = (label: string, v: NavigateEvent['view'], accelerator: string): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => a.navigate({ view: v }),
  });
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open Capture…', accelerator: 'CmdOrCtrl+O', click: () => a.openFile() },
        {
          label: 'Export',
          submenu: [
            exportItem('Session as pcap…', 'pcap'),
            exportItem('Flows as CSV…', 'flows-csv'),
            exportItem('Session as JSON…', 'session-json'),
            exportItem('HTML Report…', 'html-report'),
          ],
        },
        { type: 'separator' },
        view('Settings…', 'settings', 'CmdOrCtrl+,'),
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&Capture',
      submenu: [
        { label: 'Start', accelerator: 'CmdOrCtrl+E', click: () => a.command({ command: 'start' }) },
        { label: 'Pause', accelerator: 'CmdOrCtrl+Shift+P', click: () => a.command({ command: 'pause' }) },
        { label: 'Resume', accelerator: 'CmdOrCtrl+Shift+R', click: () => a.command({ command: 'resume' }) },
        { label: 'Stop', accelerator: 'CmdOrCtrl+.', click: () => a.command({ command: 'stop' }) },
        { type: 'separator' },
        { label: 'Filter the Views', accelerator: 'CmdOrCtrl+F', click: () => a.command({ command: 'focus-filter' }) },
      ],
    },
    {
      label: '&View',
      submenu: [
        view('Dashboard', 'dashboard', 'CmdOrCtrl+1'),
        view('Connections', 'connections', 'CmdOrCtrl+2'),
        view('Packets', 'packets', 'CmdOrCtrl+3'),
        view('Alerts', 'alerts', 'CmdOrCtrl+4'),
        view('Suggestions', 'suggestions', 'CmdOrCtrl+5'),
        view('Path', 'path', 'CmdOrCtrl+6'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'About NetLens', click: () => a.about() }] },
  ];
}
