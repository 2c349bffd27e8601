/**
 * The targets probed when the user names none: the default gateway (the local link), the system's
 * DNS servers (name lookups) and one public address (the internet). Whatever cannot be found is
 * reported as a problem value and simply left out; all of it is editable afterwards.
 */
import type { ErrorInfo } from '../api/errors.js';
import type { ProbeTarget } from '../api/probe.js';
import { findDnsServers } from './dns-servers.js';
import { findDefaultGateway } from './gateway.js';
import { realSystem, type SystemAccess } from './system-access.js';

export const DEFAULT_PUBLIC_HOST = '1.1.1.1';

export interface DefaultTargets {
  targets: ProbeTarget[];
  /** What could not be found (no gateway, no DNS servers). */
  problems: ErrorInfo[];
  /** Found but not probed, and why ("no route to 1.1.1.1"): information, not loss. */
  notProbed?: NotProbed[];
}

export interface NotProbed {
  host: string;
  kind: ProbeTarget['kind'];
  message: string;
}

export async function defaultTargets(
  options: { publicHost?: string; system?: SystemAccess } = {},
): Promise<DefaultTargets> {
  const sys = options.system ?? realSystem;
  const [gateway, dns] = await Promise.all([findDefaultGateway(sys), findDnsServers(sys)]);
  const targets: ProbeTarget[] = [];
  const problems: ErrorInfo[] = [];
  if (gateway.ok) targets.push({ host: gateway.value, kind: 'gateway' });
  else problems.push(gateway.error);
  if (dns.ok) for (const host of dns.value) targets.push({ host, kind: 'dns' });
  else problems.push(dns.error);
  targets.push({ host: options.publicHost ?? DEFAULT_PUBLIC_HOST, kind: 'public' });
  // A gateway that is also the DNS server is probed once, under its first role.
  const seen = new Set<string>();
  const unique = targets.filter((t) => !seen.has(t.host) && seen.add(t.host));
  // DNS servers and the public address only where a route leads: a probe that cannot leave this
  // machine is not loss, and must not raise loss alerts (a namespace, a laptop off-line)
  const notProbed: NotProbed[] = [];
  const routed: ProbeTarget[] = [];
  const checks = await Promise.all(
    unique.map((t) => (t.kind === 'gateway' || !sys.hasRoute ? Promise.resolve(null) : sys.hasRoute(t.host))),
  );
  unique.forEach((t, i) => {
    if (checks[i] === false)
      notProbed.push({ host: t.host, kind: t.kind, message: `no route to ${t.host}, not probed` });
    else routed.push(t);
  });
  return notProbed.length > 0 ? { targets: routed, problems, notProbed } : { targets: routed, problems };
}
