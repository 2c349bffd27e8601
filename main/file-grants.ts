/**
 * The files the window may open without a dialog: those dropped on it. The preload, which alone
 * can read a dropped File's path (webUtils), hands the path to main; main keeps it and gives the
 * page an opaque handle, so the page never names a path main acts on. The newest 64 are kept.
 */
import { randomBytes } from 'node:crypto';
import { isAbsolute } from 'node:path';

const MAX_GRANTS = 64;

export class FileGrants {
  private readonly byHandle = new Map<string, string>();

  /** A handle for `path` ('' when it is not an absolute path). */
  grant(path: unknown): string {
    if (typeof path !== 'string' || path.length > 4096 || !isAbsolute(path) || path.includes('\0')) return '';
    const handle = `f-${randomBytes(16).toString('hex')}`;
    this.byHandle.set(handle, path);
    if (this.byHandle.size > MAX_GRANTS) this.byHandle.delete(this.byHandle.keys().next().value!);
    return handle;
  }

  /** The path a handle stands for, or null when it is not one main gave out. */
  path(handle: string): string | null {
    return this.byHandle.get(handle) ?? null;
  }
}
