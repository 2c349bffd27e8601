/**
 * Runs an export: the HTML report gets the dashboard's charts as images; in the browser the
 * answer is a same-origin URL, which is downloaded at once.
 */
import type { AppState } from '../state/app.svelte.js';
import type { ExportKind } from '../../src/api/views.js';
import { chartImages } from '../charts/chart-images.js';

export async function runExport(app: AppState, kind: ExportKind): Promise<boolean> {
  const snap = app.session.snapshot;
  const charts = kind === 'html-report' && snap ? chartImages(snap) : undefined;
  const ok = await app.capture.export(kind, charts);
  const done = app.capture.lastExport;
  if (ok && done?.url) {
    const a = document.createElement('a');
    a.href = done.url;
    a.download = '';
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
  }
  return ok;
}
