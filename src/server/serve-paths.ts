/**
 * Where `netlens serve` lets a browser reach on this machine's disk (dumpcap's rule: a capturing
 * process touches only what it was told to on its command line). A client never names a path
 * of its own:
 * - file:open opens a file under `--data DIR` only (none given: only the file served at start);
 * - logs go under `--log-dir DIR` only (none given: no logging from the browser);
 * - exports always go through the export store (one download each), never to a path.
 * Paths are compared after resolving symbolic links, so a link inside the folder cannot lead out.
 */
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fail, ok, type Result } from '../api/errors.js';

export interface ServeRoots {
  /** `--data DIR`: capture files the browser may open. */
  data: string | null;
  /** `--log-dir DIR`: the folder logs may go to (or under). */
  logs: string | null;
}

/** The real path of `p`, or of its nearest existing parent joined with the rest (a folder still to make). */
function real(p: string): string {
  let head = resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return resolve(realpathSync(head), ...rest.reverse());
    } catch {
      const up = dirname(head);
      if (up === head) return resolve(p);
      rest.push(head.slice(up.length).replace(/^[/\\]/, ''));
      head = up;
    }
  }
}

function inside(root: string, p: string): boolean {
  const rel = relative(real(root), real(p));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** file:open's path, if it is under --data. */
export function dataFile(roots: ServeRoots, path: string): Result<string> {
  if (roots.data === null)
    return fail(
      'invalid-argument',
      'this netlens serve opens no files from the browser',
      'start it with --data DIR to open the capture files under DIR, or give the file on its command line',
    );
  if (!inside(roots.data, path))
    return fail(
      'invalid-argument',
      `${path} is not under ${roots.data}, the folder this netlens serve opens files from`,
      `put the file under ${roots.data}, or start netlens serve with another --data DIR`,
    );
  return ok(path);
}

/** A log folder, if it is --log-dir or under it. */
export function logFolder(roots: ServeRoots, folder: string): Result<string> {
  if (roots.logs === null)
    return fail(
      'invalid-argument',
      'this netlens serve does not log from the browser',
      'start it with --log-dir DIR to log live captures to DIR (or a folder under it)',
    );
  if (!inside(roots.logs, folder))
    return fail(
      'invalid-argument',
      `${folder} is not under ${roots.logs}, the folder this netlens serve logs to`,
      `choose ${roots.logs} or a folder under it`,
    );
  return ok(folder);
}

export const NO_EXPORT_PATH = fail(
  'invalid-argument',
  'the browser downloads exports: it cannot name a path on the server',
  'send export:run without a path; the answer carries a URL to download from (once)',
);
