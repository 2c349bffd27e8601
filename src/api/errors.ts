/**
 * Expected failures are values, not exceptions: a stable code, a one-line message and a hint
 * that tells the user what to do. Exit codes of the `netlens` command are fixed per category.
 */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  hint: string;
}

export type ErrorCode =
  | 'usage'
  | 'file-not-found'
  | 'file-unreadable'
  | 'not-a-capture'
  | 'unsupported-capture'
  | 'unknown-interface'
  | 'invalid-filter'
  | 'no-permission'
  | 'interface-gone'
  | 'write-failed'
  | 'disk-full'
  | 'unreachable'
  | 'unknown-host'
  // the app's contract (src/api/contract.ts): a request's arguments are wrong, what it asks for is
  // no longer kept (or never was), there is no session to ask, the user cancelled a dialog
  | 'invalid-argument'
  | 'not-found'
  | 'no-session'
  | 'cancelled'
  | 'internal';

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string, hint: string): Result<T> {
  return { ok: false, error: { code, message, hint } };
}

/** Exit codes: 0 success, 1 internal error (a bug), 2 bad input, 3 no permission, 4 interface gone, 5 I/O. */
export const EXIT = {
  ok: 0,
  internal: 1,
  badInput: 2,
  noPermission: 3,
  interfaceGone: 4,
  io: 5,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'no-permission':
      return EXIT.noPermission;
    case 'interface-gone':
      return EXIT.interfaceGone;
    case 'write-failed':
    case 'disk-full':
    case 'file-unreadable':
      return EXIT.io;
    case 'internal':
      return EXIT.internal;
    default:
      return EXIT.badInput;
  }
}
