/**
 * Where a webhook may not point unless its settings say `allowPrivateTargets`: link-local
 * addresses (169.254.0.0/16, fe80::/10: where clouds serve instance metadata and credentials, at
 * 169.254.169.254), the other clouds' metadata addresses, and addresses that are no one host
 * (unspecified, multicast, broadcast, reserved). Checked on the URL when the settings are saved
 * and again on every address a name resolves to, when connecting (a name can point anywhere, and
 * can change). Loopback and private LAN addresses stay allowed: a receiver on this machine or on
 * the home network (Home Assistant, ntfy, Mattermost) is the common case.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

const REFUSED_RANGES: Record<string, string> = {
  linkLocal: 'a link-local address (where clouds serve instance metadata)',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
};

/** Metadata services outside the link-local range (Alibaba, Azure's wire server, AWS over IPv6). */
const METADATA = new Set(['100.100.100.200', '168.63.129.16', 'fd00:ec2::254']);

/** Why `address` (an IP literal) is refused as a webhook target, or null when it is not (or is no IP). */
export function refusedTarget(address: string): string | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return null;
  let ip = ipaddr.process(bare); // ::ffff:a.b.c.d becomes a.b.c.d
  // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits
  if (ip.kind() === 'ipv6' && ip.range() === 'rfc6052') {
    const b = ip.toByteArray();
    ip = new ipaddr.IPv4(b.slice(12));
  }
  const text = ip.toNormalizedString();
  if (METADATA.has(ip.toString()) || METADATA.has(text)) return `${ip.toString()} is a cloud metadata address`;
  const why = REFUSED_RANGES[ip.range()];
  return why ? `${ip.toString()} is ${why}` : null;
}

export const PRIVATE_TARGETS_HINT =
  'point the webhook at a public or LAN address, or set allowPrivateTargets if this receiver really is link-local';

/** The error code of a connection the guard refused. */
export const REFUSED_TARGET = 'EREFUSEDTARGET';

/** A dns.lookup for http.request that fails the connection when a name resolves to a refused address. */
export function guardedLookup(resolve: LookupFunction = dnsLookup as LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, options, (err, address: string | LookupAddress[], family?: number) => {
      if (err) return callback(err, address as string, family);
      const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
      for (const a of list) {
        const why = refusedTarget(a);
        if (why) {
          const e: NodeJS.ErrnoException = new Error(`${hostname} resolves to ${why}; refused`);
          e.code = REFUSED_TARGET;
          return callback(e, '', 4);
        }
      }
      (callback as (e: null, a: string | LookupAddress[], f?: number) => void)(null, address, family);
    });
  };
}
