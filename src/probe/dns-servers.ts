/**
 * The system's DNS servers, per OS:
 * - Linux: /etc/resolv.conf. Where it points at systemd-resolved's local stub (127.0.0.53/54),
 *   probing that measures nothing but this machine, so the upstream servers come from
 *   /run/systemd/resolve/resolv.conf instead when it exists;
 * - macOS: `scutil --dns`, the default resolvers (those not scoped to a domain such as "local");
 * - Windows: PowerShell's Get-DnsClientServerAddress, else `ipconfig /all`.
 */
import { fail, ok, type Result } from '../api/errors.js';
import type { SystemAccess } from './system-access.js';

const RESOLVED_STUBS = new Set(['127.0.0.53', '127.0.0.54']);
export const RESOLV_CONF = '/etc/resolv.conf';
export const RESOLVED_UPSTREAM_CONF = '/run/systemd/resolve/resolv.conf';

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

export function parseResolvConf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    if (m) out.push(m[1]);
  }
  return unique(out);
}

/** `scutil --dns`: nameservers of the unscoped resolvers in the first ("DNS configuration") section. */
export function parseScutilDns(text: string): string[] {
  const main = text.split(/DNS configuration \(for scoped queries\)/)[0];
  const out: string[] = [];
  for (const block of main.split(/\n\s*resolver #\d+\s*\n/).slice(1)) {
    if (/^\s*domain\s*:/m.test(block)) continue;
    for (const m of block.matchAll(/^\s*nameserver\[\d+\]\s*:\s*(\S+)/gm)) out.push(m[1]);
  }
  return unique(out);
}

/** One address per line (PowerShell's ServerAddresses). */
export function parseAddressLines(text: string): string[] {
  return unique(
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => /^[0-9A-Fa-f:.%]+$/.test(l) && l.length > 0),
  );
}

/** `ipconfig /all`: "DNS Servers . . . : 192.168.1.1" plus continuation lines holding one address each. */
export function parseIpconfigDns(text: string): string[] {
  const out: string[] = [];
  let inList = false;
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*DNS Servers[ .]*:\s*(\S+)/.exec(line);
    if (m) {
      out.push(m[1]);
      inList = true;
      continue;
    }
    const cont = /^\s+([0-9A-Fa-f:.%]+)\s*$/.exec(line);
    if (inList && cont && cont[1].length > 0) out.push(cont[1]);
    else inList = false;
  }
  return unique(out);
}

const WINDOWS_DNS_PS = 'Get-DnsClientServerAddress -AddressFamily IPv4 | ForEach-Object { $_.ServerAddresses }';

export async function findDnsServers(sys: SystemAccess): Promise<Result<string[]>> {
  let servers: string[] = [];
  if (sys.platform === 'win32') {
    const ps = await sys.run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', WINDOWS_DNS_PS]);
    servers = ps === null ? [] : parseAddressLines(ps);
    if (servers.length === 0) {
      const ipconfig = await sys.run('ipconfig', ['/all']);
      servers = ipconfig === null ? [] : parseIpconfigDns(ipconfig);
    }
  } else if (sys.platform === 'darwin') {
    const scutil = await sys.run('scutil', ['--dns']);
    servers = scutil === null ? [] : parseScutilDns(scutil);
    if (servers.length === 0) servers = parseResolvConf((await sys.readText(RESOLV_CONF)) ?? '');
  } else {
    servers = parseResolvConf((await sys.readText(RESOLV_CONF)) ?? '');
    if (servers.some((s) => RESOLVED_STUBS.has(s))) {
      const upstream = parseResolvConf((await sys.readText(RESOLVED_UPSTREAM_CONF)) ?? '');
      if (upstream.length > 0) servers = unique([...servers.filter((s) => !RESOLVED_STUBS.has(s)), ...upstream]);
    }
  }
  return servers.length > 0
    ? ok(servers)
    : fail('unreachable', 'no DNS servers are configured', 'connect to a network, or name the hosts to probe');
}
