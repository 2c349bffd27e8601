/** TCP sequence-number arithmetic modulo 2^32 (RFC 1982 style comparisons). */
export function seqLt(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_ACK = 0x10;
