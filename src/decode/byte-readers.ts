/** Big-endian reads from a capture buffer. The caller has checked the bounds (see malformed.ts). */

export function u16(buf: Buffer, i: number): number {
  return (buf[i] << 8) | buf[i + 1];
}

export function u24(buf: Buffer, i: number): number {
  return (buf[i] << 16) | (buf[i + 1] << 8) | buf[i + 2];
}

/** Unsigned 32-bit. */
export function u32(buf: Buffer, i: number): number {
  return ((buf[i] << 24) | (buf[i + 1] << 16) | (buf[i + 2] << 8) | buf[i + 3]) >>> 0;
}
