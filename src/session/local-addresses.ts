/**
 * Which addresses are "this machine" for the in/out split: a live interface's own addresses; for
 * files (or an interface without addresses), private, loopback and link-local ranges. Decided once
 * per address id.
 */
import { BlockList } from 'node:net';

const PRIVATE: [string, number, 'ipv4' | 'ipv6'][] = [
  ['10.0.0.0', 8, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['::1', 128, 'ipv6'],
];

export class LocalAddresses {
  private readonly list = new BlockList();
  private cache = new Uint8Array(1024);

  /** `own`: the interface's addresses ("10.0.0.2/24" or bare); empty for the private ranges. */
  constructor(own: string[] = []) {
    let added = 0;
    for (const a of own) {
      const addr = a.replace(/\/\d+$/, '').replace(/%.*$/, '');
      const v6 = addr.includes(':');
      try {
        this.list.addAddress(addr, v6 ? 'ipv6' : 'ipv4');
        added++;
      } catch {
        // not an address: skip
      }
    }
    if (added === 0) for (const [net, prefix, type] of PRIVATE) this.list.addSubnet(net, prefix, type);
  }

  /** Is address id `id` local? */
  isLocal(id: number, table: { isV4(id: number): boolean; toString(id: number): string }): boolean {
    if (id < 0) return false;
    if (id >= this.cache.length) {
      const b = new Uint8Array(Math.max(id + 1, this.cache.length * 2));
      b.set(this.cache);
      this.cache = b;
    }
    let v = this.cache[id];
    if (v === 0) {
      v = this.list.check(table.toString(id), table.isV4(id) ? 'ipv4' : 'ipv6') ? 1 : 2;
      this.cache[id] = v;
    }
    return v === 1;
  }
}
