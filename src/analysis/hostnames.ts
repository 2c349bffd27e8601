/**
 * Names for addresses, learned passively: DNS answers (the name that was asked for), TLS SNI and
 * HTTP Host. The names come from the network: they are untrusted text.
 */
import type { AppHint } from '../decode/app-hints.js';

/** Bounds memory on long captures: names beyond this many addresses are not learned. */
const MAX_NAMES = 100_000;
const MAX_NAME_LENGTH = 253;

export class HostnameMap {
  private readonly names = new Map<string, string>();

  /** Learns from one packet's hint; `server` is the destination's address id (for SNI/Host), named by `addresses`. */
  learn(hint: AppHint, server: number, addresses: { toString(id: number): string }): void {
    switch (hint.kind) {
      case 'dns': {
        if (!hint.isResponse || hint.rcode !== 0) return;
        const asked = hint.questions[0]?.name;
        for (const a of hint.answers) {
          if ((a.type === 1 || a.type === 28) && a.data) this.set(a.data, asked ?? a.name, true);
        }
        return;
      }
      case 'tls-client-hello':
        if (hint.sni) this.set(addresses.toString(server), hint.sni, false);
        return;
      case 'http-request':
        if (hint.host) this.set(addresses.toString(server), stripPort(hint.host), false);
        return;
      case 'quic':
        if (hint.sni) this.set(addresses.toString(server), hint.sni, false);
        return;
      default:
        return;
    }
  }

  get(addr: string): string | undefined {
    return this.names.get(addr);
  }

  toObject(): Record<string, string> {
    return Object.fromEntries(this.names);
  }

  private set(addr: string, name: string, fromDns: boolean): void {
    if (!name || name.length > MAX_NAME_LENGTH) return;
    // DNS says which name the user asked for; a name seen in SNI/Host fills in only where DNS was not seen.
    if (!fromDns && this.names.has(addr)) return;
    if (!this.names.has(addr) && this.names.size >= MAX_NAMES) return;
    this.names.set(addr, name);
  }
}

function stripPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end > 0 ? host.slice(1, end) : host;
  }
  const colon = host.indexOf(':');
  return colon > 0 && host.indexOf(':', colon + 1) < 0 ? host.slice(0, colon) : host;
}
