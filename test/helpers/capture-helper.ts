/**
 * The capture helper in tests: a copy given its rights by the very script the packages run
 * (packaging/linux/setup-capture-helper.sh) under a group of its own (nl-<random>, deleted
 * afterwards, so no test leaves a netlens group behind), and what /proc says about a process.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findHelper } from '../../src/capture/helper-locate.js';

export const SETUP_SCRIPT = resolve(import.meta.dirname, '../../packaging/linux/setup-capture-helper.sh');
/** The helper node-gyp built (null when it is not built). */
export const BUILT_HELPER = findHelper({}, process.platform);

export interface InstalledHelper {
  path: string;
  dir: string;
  group: string;
  gid: number;
  /** The script's stdout (what a package install prints). */
  setupOutput: string;
  remove(): void;
}

/** Why helper tests that need file capabilities cannot run here, or null. */
export function capsUnavailableReason(): string | null {
  if (process.platform !== 'linux') return 'file capabilities are Linux only';
  if (process.geteuid?.() !== 0) return 'setting file capabilities needs root';
  if (BUILT_HELPER === null) return 'the capture helper is not built (npm run build:native)';
  for (const t of ['setcap', 'getcap', 'setpriv', 'groupadd']) {
    if (spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0)
      return `needs ${t} (Debian: libcap2-bin, util-linux, passwd)`;
  }
  return null;
}

/** Copies the built helper into a new world-readable folder and sets it up as a package would. */
export function installHelperCopy(): InstalledHelper {
  const dir = mkdtempSync(join(tmpdir(), 'nl-helper-'));
  chmodSync(dir, 0o755);
  const path = join(dir, 'netlens-capture');
  copyFileSync(BUILT_HELPER!, path);
  const group = `nl-${randomBytes(3).toString('hex')}`;
  const r = spawnSync(SETUP_SCRIPT, ['--group', group, path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`setup-capture-helper.sh failed (${r.status}): ${r.stderr}`);
  const gid = Number(spawnSync('getent', ['group', group], { encoding: 'utf8' }).stdout.split(':')[2]);
  return {
    path,
    dir,
    group,
    gid,
    setupOutput: r.stdout,
    remove() {
      rmSync(dir, { recursive: true, force: true });
      spawnSync('groupdel', [group]);
    },
  };
}

export interface ProcStatus {
  uid: number;
  capEff: bigint;
  capPrm: bigint;
  capInh: bigint;
  capAmb: bigint;
  noNewPrivs: number;
}

/** /proc/PID/status: the real uid, the capability sets and no_new_privs. */
export function procStatus(pid: number): ProcStatus {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): string => new RegExp(`^${name}:\\s*(\\S+)`, 'm').exec(text)?.[1] ?? '';
  return {
    uid: Number(field('Uid')),
    capEff: BigInt(`0x${field('CapEff')}`),
    capPrm: BigInt(`0x${field('CapPrm')}`),
    capInh: BigInt(`0x${field('CapInh')}`),
    capAmb: BigInt(`0x${field('CapAmb')}`),
    noNewPrivs: Number(field('NoNewPrivs')),
  };
}

/** The direct children of a process. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The process's command line. */
export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}
