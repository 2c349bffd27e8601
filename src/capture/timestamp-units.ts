/**
 * pcapng timestamps are 64-bit counts of interface-specific units (if_tsresol: 10^-n or 2^-n
 * seconds) plus an optional offset in seconds (if_tsoffset). JS numbers hold integers exactly only
 * up to 2^53, and a nanosecond count since 1970 is about 2^61, so the conversion works on the two
 * 32-bit halves (or 16-bit digits) with integer-valued doubles, never a lossy high*2^32+low.
 * Everything per-interface is worked out once, here; per packet there is no allocation.
 */

const TWO_16 = 65536;
const TWO_32 = 4294967296;
const NS_PER_SEC = 1e9;
const US_PER_SEC = 1e6;
/** high*2^32+low is exact below 2^53: high < 2^21. Microsecond counts stay below that until 2255. */
const EXACT_HIGH_LIMIT = 0x200000;
/** if_tsresol's top bit selects a power of two; the rest is the exponent. */
const TSRESOL_BINARY = 0x80;
const TSRESOL_EXPONENT = 0x7f;
/** 10^9 = 2^9 * 5^9: what is left of 1e9 once a power of two is divided out. */
const FIVE_POW_9 = 1953125;

const enum Kind {
  Micro,
  Nano,
  Generic,
}

/** Where a converted timestamp goes (a RawPacket). */
export interface TimestampTarget {
  tsSec: number;
  tsNsec: number;
}

export class TimestampUnits {
  /** 'us', 'ns', 'ms', 's', or '10^-n' / '2^-n' for anything else. */
  readonly label: string;
  private readonly kind: Kind;
  /** Generic path: ns = floor(count * mul / (product of divisors)); each divisor is ≤ 2^32. */
  private readonly mul: number;
  private readonly divisors: number[];
  /** 6 little-endian 16-bit digits: a 64-bit count times a 30-bit multiplier fits in 96 bits. */
  private readonly digits = new Float64Array(6);

  private constructor(
    readonly tsresol: number,
    readonly offsetSec: number,
  ) {
    const binary = (tsresol & TSRESOL_BINARY) !== 0;
    const exp = tsresol & TSRESOL_EXPONENT;
    this.label = labelFor(binary, exp);
    this.kind = !binary && exp === 6 ? Kind.Micro : !binary && exp === 9 ? Kind.Nano : Kind.Generic;
    const divisors: number[] = [];
    if (binary) {
      // 1e9 / 2^exp = 5^9 / 2^(exp-9) once exp > 9
      this.mul = exp <= 9 ? NS_PER_SEC / 2 ** exp : FIVE_POW_9;
      for (let rest = exp - 9; rest > 0; rest -= 32) divisors.push(2 ** Math.min(rest, 32));
    } else {
      this.mul = exp <= 9 ? 10 ** (9 - exp) : 1;
      for (let rest = exp - 9; rest > 0; rest -= 9) divisors.push(10 ** Math.min(rest, 9));
    }
    this.divisors = divisors;
  }

  /** `tsresol` is the if_tsresol byte (6 = microseconds when the option is absent). */
  static of(tsresol = 6, offsetSec = 0): TimestampUnits {
    return new TimestampUnits(tsresol & 0xff, offsetSec);
  }

  /** Sets target.tsSec / tsNsec from the two 32-bit halves of a timestamp. */
  apply(high: number, low: number, target: TimestampTarget): void {
    if (this.kind === Kind.Micro && high < EXACT_HIGH_LIMIT) {
      const count = high * TWO_32 + low;
      let sec = Math.floor(count / US_PER_SEC);
      let us = count - sec * US_PER_SEC;
      // floor of an exact quotient can only be off by one at the edges; settle it in integers
      if (us < 0) {
        sec -= 1;
        us += US_PER_SEC;
      } else if (us >= US_PER_SEC) {
        sec += 1;
        us -= US_PER_SEC;
      }
      target.tsSec = sec + this.offsetSec;
      target.tsNsec = us * 1000;
      return;
    }
    if (this.kind === Kind.Nano) {
      // Long division of high:low by 1e9 in base 2^16 below the high word: every intermediate
      // value stays under 2^47, so each step is exact.
      const qHigh = Math.floor(high / NS_PER_SEC);
      const rHigh = high - qHigh * NS_PER_SEC;
      const x1 = rHigh * TWO_16 + (low >>> 16);
      const q1 = Math.floor(x1 / NS_PER_SEC);
      const x2 = (x1 - q1 * NS_PER_SEC) * TWO_16 + (low & 0xffff);
      const q2 = Math.floor(x2 / NS_PER_SEC);
      target.tsSec = qHigh * TWO_32 + q1 * TWO_16 + q2 + this.offsetSec;
      target.tsNsec = x2 - q2 * NS_PER_SEC;
      return;
    }
    this.applyGeneric(high, low, target);
  }

  /** Any resolution: ns = floor(count * 1e9 / unitsPerSecond) in 16-bit digits, then split. */
  private applyGeneric(high: number, low: number, target: TimestampTarget): void {
    const d = this.digits;
    d[0] = low & 0xffff;
    d[1] = low >>> 16;
    d[2] = high & 0xffff;
    d[3] = high >>> 16;
    d[4] = 0;
    d[5] = 0;
    if (this.mul !== 1) {
      let carry = 0;
      for (let i = 0; i < d.length; i++) {
        const v = d[i] * this.mul + carry; // < 2^16 * 2^30 + 2^30: exact
        carry = Math.floor(v / TWO_16);
        d[i] = v - carry * TWO_16;
      }
    }
    // floor(floor(x / a) / b) = floor(x / (a*b)), so dividing by the factors in turn is exact
    for (const m of this.divisors) divideDigits(d, m);
    const nsec = divideDigits(d, NS_PER_SEC);
    let sec = 0;
    for (let i = d.length - 1; i >= 0; i--) sec = sec * TWO_16 + d[i];
    target.tsSec = sec + this.offsetSec;
    target.tsNsec = nsec;
  }
}

/** Divides the digits in place by m (≤ 2^32) and returns the remainder. */
function divideDigits(d: Float64Array, m: number): number {
  let rem = 0;
  for (let i = d.length - 1; i >= 0; i--) {
    const cur = rem * TWO_16 + d[i]; // < 2^48: exact
    const q = Math.floor(cur / m);
    rem = cur - q * m;
    d[i] = q;
  }
  return rem;
}

function labelFor(binary: boolean, exp: number): string {
  if (binary) return `2^-${exp}`;
  switch (exp) {
    case 0:
      return 's';
    case 3:
      return 'ms';
    case 6:
      return 'us';
    case 9:
      return 'ns';
    default:
      return `10^-${exp}`;
  }
}
