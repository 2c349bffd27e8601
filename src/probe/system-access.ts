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
  /**
   * Whether the system has a route to `address`: true, false (it says there is none), or null
   * when it cannot tell (absent: never tells).
   */
  hasRoute?(address: string): Promise<boolean | null>;
}

const COMMAND_TIMEOUT_MS = 5000;

/** Asks the OS for its route to `address`: Linux `ip route get`, macOS/BSD `route -n get`, Windows Find-NetRoute. */
function hasRoute(address: string): Promise<boolean | null> {
  const [file, args] =
    process.platform === 'win32'
      ? ['powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', `Find-NetRoute -RemoteIPAddress '${address}'`]]
      : process.platform === 'linux' || process.platform === 'android'
        ? ['ip', ['route', 'get', address]]
        : ['route', ['-n', 'get', address]];
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { timeout: COMMAND_TIMEOUT_MS, windowsHide: true, env: { ...process.env, LANG: 'C', LC_ALL: 'C' } },
      (err, _stdout, stderr) => {
        if (!err) return resolve(true);
        // the command ran and said so; any other failure (missing command, timeout) tells nothing
        const said = /unreachable|not in table|no route|no matching|cannot find/i.test(String(stderr));
        resolve(said ? false : null);
      },
    );
  });
}

export const realSystem: SystemAccess = {
  platform: process.platform,
  hasRoute,
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
