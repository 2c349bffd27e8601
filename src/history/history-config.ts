/**
 * Where history lives and how long it keeps what: one home for the defaults (retention, the disk
 * cap, how often the recorder writes) and for the store's path in the user data folder.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { HistoryConfig } from '../api/history.js';

const DAY = 86400;

export const DEFAULT_HISTORY: HistoryConfig = {
  enabled: true,
  minuteDays: 90,
  hourDays: 730,
  flowDays: 30,
  maxBytes: 2 * 1024 ** 3,
};

/** Bounds a user can set (a store smaller than 8 MB cannot hold a day of a busy network). */
export const HISTORY_LIMITS = {
  minDays: 1,
  maxDays: 3650,
  minBytes: 8 * 1024 ** 2,
  maxBytes: 1024 ** 4,
} as const;

/** The recorder writes every 7 s, so a kill -9 loses at most the last 10 s (7 s, and a write in flight: ~20-50 ms). */
export const FLUSH_INTERVAL_MS = 7000;
/** Pruning starts when the store passes this share of its cap, and frees down to PRUNE_TO. */
export const PRUNE_AT = 0.85;
export const PRUNE_TO = 0.7;
/** An hour is rolled up this long after it ended (late packets and the last write have landed by then). */
export const ROLLUP_DELAY_SEC = 180;
/** At most this many flows per write (a bigger end of session is written in several). */
export const MAX_FLOWS_PER_WRITE = 50_000;

export const HISTORY_FILE = 'history.duckdb';

/** The user data folder NetLens keeps its files in (what Electron's app.getPath('userData') gives). */
export function userDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home = homedir(),
): string {
  if (env.NETLENS_DATA_DIR) return env.NETLENS_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'NetLens');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'NetLens');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'NetLens');
}

export function defaultHistoryPath(platform?: NodeJS.Platform, env?: NodeJS.ProcessEnv, home?: string): string {
  return join(userDataDir(platform, env, home), HISTORY_FILE);
}

export function daysToSec(days: number): number {
  return days * DAY;
}

/** A config with every field within its bounds (a bad value becomes the default). */
export function normalizeConfig(c: Partial<HistoryConfig> | undefined): HistoryConfig {
  const d = DEFAULT_HISTORY;
  const days = (v: unknown, def: number): number =>
    typeof v === 'number' && Number.isFinite(v) && v >= HISTORY_LIMITS.minDays && v <= HISTORY_LIMITS.maxDays
      ? Math.floor(v)
      : def;
  const max = c?.maxBytes;
  return {
    enabled: typeof c?.enabled === 'boolean' ? c.enabled : d.enabled,
    minuteDays: days(c?.minuteDays, d.minuteDays),
    hourDays: days(c?.hourDays, d.hourDays),
    flowDays: days(c?.flowDays, d.flowDays),
    maxBytes:
      typeof max === 'number' && max >= HISTORY_LIMITS.minBytes && max <= HISTORY_LIMITS.maxBytes
        ? Math.floor(max)
        : d.maxBytes,
  };
}
