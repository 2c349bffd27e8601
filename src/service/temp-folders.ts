/**
 * The engine's private temporary folders (the live spool, serve's exports): named
 * `<prefix><pid>-<random>` under the system's temp folder, removed when the process exits (even
 * by an uncaught exception), and, since a process killed outright cannot clean up, removed at
 * the next start when the process that made them is gone. Only folders of our own user are
 * touched, and never through a symbolic link.
 */
import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SPOOL_PREFIX = 'netlens-spool-';
export const EXPORTS_PREFIX = 'netlens-exports-';

const live = new Set<string>();
let hooked = false;

/** A fresh private folder `<prefix><pid>-XXXXXX`; stale ones of that prefix are removed first. */
export function privateTempDir(prefix: string, root = tmpdir()): string {
  removeStale(prefix, root);
  const dir = mkdtempSync(join(root, `${prefix}${process.pid}-`));
  live.add(dir);
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const d of live) removeQuietly(d);
    });
  }
  return dir;
}

/** Removes a folder made by privateTempDir (now, rather than at exit). */
export function removeTempDir(dir: string): void {
  live.delete(dir);
  removeQuietly(dir);
}

/** Folders of `prefix` whose process is no longer running, removed; returns how many. */
export function removeStale(prefix: string, root = tmpdir()): number {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return 0;
  }
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)-[A-Za-z0-9]{6}$/.exec(name.slice(prefix.length));
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || running(pid)) continue;
    const path = join(root, name);
    try {
      const st = lstatSync(path);
      if (!st.isDirectory() || (uid !== null && st.uid !== uid)) continue;
    } catch {
      continue;
    }
    removeQuietly(path);
    removed++;
  }
  return removed;
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeQuietly(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // another user's, or already gone: nothing to do
  }
}
