/**
 * Looks an address up in a range table built by data/range-builder.ts: a binary search for the
 * last start at or below the address (IPv4: one word per start; IPv6: four big-endian words).
 * Allocates nothing per lookup.
 */
import { NO_VALUE } from './data/range-builder.js';
import type { TableFile } from './data/table-file.js';

export { NO_VALUE };

export class RangeTable {
  readonly entries: number;
  private readonly starts: Uint32Array;
  private readonly values: Uint32Array;

  constructor(
    file: TableFile,
    readonly family: 4 | 6,
  ) {
    this.starts = file.sections.starts as Uint32Array;
    this.values = file.sections.values as Uint32Array;
    this.entries = this.values.length;
  }

  /** The label index of an IPv4 address (a.b.c.d as an unsigned 32-bit number), or NO_VALUE. */
  find4(ip: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = this.entries - 1;
    if (hi < 0 || ip < s[0]) return NO_VALUE;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (s[mid] <= ip) lo = mid;
      else hi = mid - 1;
    }
    return this.values[lo];
  }

  /** The label index of an IPv6 address given as four big-endian words, or NO_VALUE. */
  find6(w0: number, w1: number, w2: number, w3: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = this.entries - 1;
    if (hi < 0) return NO_VALUE;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      const o = mid * 4;
      const a = s[o];
      const le =
        a < w0 ||
        (a === w0 && (s[o + 1] < w1 || (s[o + 1] === w1 && (s[o + 2] < w2 || (s[o + 2] === w2 && s[o + 3] <= w3)))));
      if (le) lo = mid;
      else hi = mid - 1;
    }
    return this.values[lo];
  }
}
