/**
 * The socket-owner lookup's requests and answers, shared by the main thread (app-attribution.ts)
 * and the worker (owner-worker.ts). Requests travel as rows of REQ_WORDS words in one transferred
 * Uint32Array per batch.
 */
import type { ProcessOwner } from './process-info.js';

export type { ProcessOwner };

/** What is known about a flow's program. One home of these words. */
export const APP_STATUS = {
  /** Not a TCP/UDP flow with a local end: no program to find. */
  none: 'none',
  'looking-up': 'looking up',
  known: 'known',
  ended: 'ended before it could be identified',
  'other-namespace': 'other namespace',
  'no-permission': 'not allowed to see',
  unknown: 'unknown',
} as const;

export type AppStatus = keyof typeof APP_STATUS;

export const REQ_WORDS = 14;
export const REQ = {
  ID: 0,
  PROTO: 1,
  FAMILY: 2,
  LPORT: 3,
  RPORT: 4,
  LOCAL: 5,
  REMOTE: 9,
  FLAGS: 13,
} as const;
/** The local end sent the flow's first packet (a client socket, not a listener's). */
export const FLAG_LOCAL_INITIATED = 1;
/** The local address is this machine's (else only other network namespaces can own it). */
export const FLAG_LOCAL = 2;

export interface OwnerAnswer {
  id: number;
  status: Exclude<AppStatus, 'none' | 'looking-up'>;
  owner: ProcessOwner | null;
}

export interface OwnerProblem {
  code: 'identity-no-permission' | 'identity-unsupported' | 'identity-degraded';
  message: string;
  hint: string;
}

/** One implementation per OS (linux-owners.ts, table-owners.ts). */
export interface OwnerResolver {
  /** How sockets are found ('sock_diag', '/proc/net', 'libproc', 'IP Helper'). */
  readonly method: string;
  /** Answers a batch of requests (rows of REQ_WORDS); `since` is when the oldest was queued (performance.now()). */
  resolve(reqs: Uint32Array, since: number): OwnerAnswer[];
  /** Something the user should know once (missing rights, no binding), or null. */
  problem(): OwnerProblem | null;
  /** The watch (Linux): remembers the owners of the sockets open now; run every WATCH_MS. */
  tick?(): void;
}

/** How often the watch looks at the open sockets. */
export const WATCH_MS = 5;

/** Messages to and from the worker. */
export type ToOwnerWorker = { type: 'lookup'; reqs: Uint32Array; since: number } | { type: 'stop' };
export type FromOwnerWorker =
  | { type: 'ready'; method: string }
  | { type: 'answers'; answers: OwnerAnswer[] }
  | { type: 'problem'; problem: OwnerProblem };
