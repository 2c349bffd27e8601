/**
 * Loads the small socket-owner binding in ../native (netlens_identity.node) when it was built, or
 * null (Linux then reads /proc/net instead; macOS and Windows have no attribution without it).
 * NETLENS_IDENTITY_ADDON names another build.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { projectRoot } from '../data/data-paths.js';

/** Words per row of list() and query() (native/sockets.h). */
export const ROW_WORDS = 15;
export const ROW = {
  PROTO: 0,
  FAMILY: 1,
  LPORT: 2,
  RPORT: 3,
  LOCAL: 4,
  REMOTE: 8,
  /** Linux: the socket inode; macOS/Windows: the pid. */
  OWNER: 12,
  UID: 13,
  STATE: 14,
} as const;

export interface NativeSockets {
  platform: 'linux' | 'darwin' | 'win32' | 'other';
  list(proto: number, family: number): Uint32Array | number;
  query(
    proto: number,
    family: number,
    local: Uint32Array,
    lport: number,
    remote: Uint32Array,
    rport: number,
  ): Uint32Array | null | number;
  processPath(pid: number): { name: string; path: string } | null;
}

const ADDON_REL = join('src', 'identity', 'native', 'build', 'Release', 'netlens_identity.node');

let cached: NativeSockets | null | undefined;

export function loadNativeSockets(): NativeSockets | null {
  if (cached !== undefined) return cached;
  const path = process.env.NETLENS_IDENTITY_ADDON || join(projectRoot(), ADDON_REL);
  cached = null;
  if (existsSync(path)) {
    try {
      cached = createRequire(import.meta.url)(path) as NativeSockets;
    } catch {
      cached = null; // built for another runtime: fall back
    }
  }
  return cached;
}
