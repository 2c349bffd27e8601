/**
 * Browser mode's exports: written to a private temporary folder, then downloaded from
 * /export/<id> once: the file is removed as it is handed out. Those not downloaded within an hour
 * are removed too.
 */
import { createReadStream, rmSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ExportKind } from '../api/views.js';
import { EXPORTS_PREFIX, privateTempDir, removeTempDir } from '../service/temp-folders.js';
import { plain } from './static-files.js';

const NAMES: Record<ExportKind, { file: string; type: string }> = {
  pcap: { file: 'netlens-session.pcap', type: 'application/vnd.tcpdump.pcap' },
  'flows-csv': { file: 'netlens-flows.csv', type: 'text/csv; charset=utf-8' },
  'session-json': { file: 'netlens-session.json', type: 'application/json' },
  'html-report': { file: 'netlens-report.html', type: 'text/html; charset=utf-8' },
};
const KEEP_MS = 3_600_000;

export class ExportStore {
  private readonly dir = privateTempDir(EXPORTS_PREFIX);
  private readonly files = new Map<string, { path: string; kind: ExportKind; at: number }>();

  /** A fresh path to write an export to, and the id it will be downloaded by. */
  prepare(kind: ExportKind): { id: string; path: string } {
    this.sweep();
    const id = randomBytes(12).toString('hex');
    const path = join(this.dir, `${id}-${NAMES[kind].file}`);
    this.files.set(id, { path, kind, at: Date.now() });
    return { id, path };
  }

  forget(id: string): void {
    const f = this.files.get(id);
    if (f) rmSync(f.path, { force: true });
    this.files.delete(id);
  }

  /** Answers GET (or HEAD) /export/<id>. A GET hands the file out once: then it is gone. */
  serve(id: string, res: ServerResponse, headOnly = false): void {
    const f = this.files.get(id);
    if (!f) return plain(res, 404, 'no such export: each is downloaded once, and kept an hour at most');
    let size: number;
    try {
      size = statSync(f.path).size;
    } catch {
      this.files.delete(id);
      return plain(res, 404, 'no such export');
    }
    const n = NAMES[f.kind];
    res.writeHead(200, {
      'Content-Type': n.type,
      'Content-Length': size,
      'Content-Disposition': `attachment; filename="${n.file}"`,
      'Cache-Control': 'no-store',
    });
    if (headOnly) return void res.end();
    // used up now, before a byte is sent: a second request, even a concurrent one, gets a 404
    this.files.delete(id);
    const stream = createReadStream(f.path);
    const remove = (): void => rmSync(f.path, { force: true });
    stream.once('close', remove);
    res.once('close', () => stream.destroy());
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, f] of this.files) if (now - f.at > KEEP_MS) this.forget(id);
  }

  dispose(): void {
    removeTempDir(this.dir);
    this.files.clear();
  }
}
