/** Open and save dialogs, attached to the window. */
import { app, dialog, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { ExportKind } from '../src/api/views.js';

const EXPORTS: Record<ExportKind, { name: string; filter: Electron.FileFilter }> = {
  pcap: { name: 'netlens-session.pcap', filter: { name: 'Packet capture (pcap)', extensions: ['pcap'] } },
  'flows-csv': { name: 'netlens-flows.csv', filter: { name: 'CSV', extensions: ['csv'] } },
  'session-json': { name: 'netlens-session.json', filter: { name: 'JSON', extensions: ['json'] } },
  'html-report': { name: 'netlens-report.html', filter: { name: 'HTML report', extensions: ['html'] } },
};

export async function openCaptureDialog(win: BrowserWindow | null): Promise<string | null> {
  const opts: Electron.OpenDialogOptions = {
    title: 'Open a capture',
    properties: ['openFile'],
    filters: [
      { name: 'Packet captures', extensions: ['pcap', 'pcapng', 'cap'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
  return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
}

export async function saveExportDialog(win: BrowserWindow | null, kind: ExportKind): Promise<string | null> {
  const e = EXPORTS[kind];
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const opts: Electron.SaveDialogOptions = {
    title: 'Export',
    defaultPath: join(app.getPath('documents'), e.name.replace(/\.(\w+)$/, `-${stamp}.$1`)),
    filters: [e.filter],
  };
  const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
  return r.canceled || !r.filePath ? null : r.filePath;
}
