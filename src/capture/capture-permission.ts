/**
 * Can this process capture, and if not, what exactly to do about it on this OS. Capture needs
 * privileges; the fix is never "run the whole app as root".
 */
import { readFileSync } from 'node:fs';
import type { ErrorInfo } from '../api/errors.js';

/** What to do on each OS when capture is refused. */
export function permissionHint(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'linux':
      return (
        'give Node the capture capabilities once: sudo setcap cap_net_raw,cap_net_admin=eip "$(readlink -f "$(which node)")" ' +
        '(or run as a member of a pcap group whose binary has those capabilities); running as root also works'
      );
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
