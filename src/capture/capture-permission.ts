/**
 * Can this process capture, and if not, what exactly to do about it on this OS. Capture needs
 * privileges; the fix is never "run the whole app as root".
 */
import { readFileSync } from 'node:fs';
import type { ErrorInfo } from '../api/errors.js';
import { findHelper, HELPER_GROUP, HELPER_NAME, helperSetupCommand } from './helper-locate.js';

/** The Linux fix: the helper's rights (what the packages set up) and the group, then a new login. */
function linuxHint(env: NodeJS.ProcessEnv): string {
  const helper = findHelper(env, 'linux');
  if (helper === null)
    return `capture goes through NetLens's capture helper, ${HELPER_NAME}, which is not built: npm run build:native (needs libpcap-dev); then netlens doctor`;
  return (
    `capture goes through NetLens's capture helper: give it its rights once with ${helperSetupCommand(helper, env)} ` +
    `(the .deb and .rpm do this when they install), join its group with sudo usermod -aG ${HELPER_GROUP} "$USER", ` +
    'then log out and back in; netlens doctor checks each step'
  );
}

/** What to do on each OS when capture is refused. */
export function permissionHint(platform: NodeJS.Platform = process.platform, env = process.env): string {
  switch (platform) {
    case 'linux':
      return linuxHint(env);
    case 'darwin':
      return (
        'give your user read access to the BPF devices /dev/bpf*: install Wireshark\'s "ChmodBPF" ' +
        '(it adds you to the access_bpf group), then log out and back in'
      );
    case 'win32':
      return 'install Npcap (https://npcap.com) with "WinPcap API-compatible mode" ticked; if you chose "restrict to administrators", run as administrator';
    default:
      return 'capture needs read access to the packet capture device; run with the privileges libpcap needs on this system';
  }
}

export function noPermissionError(
  device: string,
  detail: string,
  platform: NodeJS.Platform = process.platform,
): ErrorInfo {
  return {
    code: 'no-permission',
    message: `no permission to capture on ${device}${detail ? ` (${detail})` : ''}`,
    hint: permissionHint(platform),
  };
}

/** Starting the helper was refused (Linux: it is root:netlens 0750 and this user is not in the group). */
export function helperNotAllowedError(path: string): ErrorInfo {
  return {
    code: 'no-permission',
    message: `you may not run the capture helper ${path}`,
    hint: `join the group that may run it: sudo usermod -aG ${HELPER_GROUP} "$USER", then log out and back in (netlens doctor checks each step)`,
  };
}

/** Does a libpcap message say "permission"? (pcap_activate's status is not always specific.) */
export function looksLikePermission(message: string): boolean {
  return /operation not permitted|permission denied|you don't have permission|access is denied|EPERM|EACCES/i.test(
    message,
  );
}

const CAP_NET_RAW = 13;

/**
 * A quick check before opening (for the UI): true / false where the OS tells, null where it
 * cannot be known without trying. On Linux: root, or CAP_NET_RAW in the effective set.
 */
export function canCapture(platform: NodeJS.Platform = process.platform): boolean | null {
  if (platform !== 'linux') return null;
  if (typeof process.geteuid === 'function' && process.geteuid() === 0) return true;
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(status);
    if (!m) return null;
    return (BigInt(`0x${m[1]}`) & (1n << BigInt(CAP_NET_RAW))) !== 0n;
  } catch {
    return null;
  }
}
