/** TCP sequence-number arithmetic modulo 2^32 (RFC 1982 style comparisons). */
export function seqLt(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}
