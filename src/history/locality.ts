/**
 * Which end of a conversation is "local": an address of this machine's interface first, then a
 * private, link-local or carrier-NAT address; between equals, the side that sent first (the one
 * that opened the connection is, on a home network, the device).
 */
import { isIP } from 'node:net';

export const LOCALITY_OWN = 2;
export const LOCALITY_PRIVATE = 1;
export const LOCALITY_PUBLIC = 0;

export function localityOf(addr: string, own: ReadonlySet<string>): number {
  if (own.has(addr)) return LOCALITY_OWN;
  return isPrivate(addr) ? LOCALITY_PRIVATE : LOCALITY_PUBLIC;
}

export function isPrivate(addr: string): boolean {
  const v = isIP(addr);
  if (v === 4) {
    const [a, b] = addr.split('.').map(Number);
    return (
      a === 10 ||
      a === 127 ||
      (a === 172 && b >= 16 && b < 32) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b < 128)
    );
  }
  if (v === 6) {
    const s = addr.toLowerCase();
    return s === '::1' || /^f[cd]/.test(s) || /^fe[89ab]/.test(s);
  }
  return false;
}

/** True when `a` is the local end of a pair whose other end is `b` (`a` sent first, for ties). */
export function aIsLocal(a: string, b: string, own: ReadonlySet<string>): boolean {
  return localityOf(a, own) >= localityOf(b, own);
}
