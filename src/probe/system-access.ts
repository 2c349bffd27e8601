/**
 * The few reads target discovery makes of the system (files, short commands), behind one interface
 * so the per-OS parsers can be tested on sample outputs from systems this machine is not.
 * Failures come back as null: discovery treats "could not read" and "not there" alike.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export interface SystemAccess {
  platform: NodeJS.Platform;
  readText(path: string): Promise<string | null>;
  /** stdout of a short command, or null if it could not run or failed. */
  run(file: string, args: string[]): Promise<string | null>;
}

const COMMAND_TIMEOUT_MS = 5000;

export const realSystem: SystemAccess = {
  platform: process.platform,
  readText: (path) => readFile(path, 'utf8').catch(() => null),
  run: (file, args) =>
    new Promise((resolve) => {
      execFile(
        file,
        args,
        { timeout: COMMAND_TIMEOUT_MS, windowsHide: true, env: { ...process.env, LANG: 'C', LC_ALL: 'C' } },
        (err, stdout) => resolve(err ? null : String(stdout)),
      );
    }),
};
