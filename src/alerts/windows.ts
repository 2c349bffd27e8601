/**
 * Sliding windows without per-packet allocation: a window of W seconds is kept as two generations
 * of W/2 seconds each (the current one and the one before), so "within the window" means within
 * the last W/2 to W seconds. A generation is dropped whole when time moves past it.
 */

export class GenWindow<G> {
  cur: G;
  prev: G;
  /** Index of the current generation (floor(t / half)). */
  gen = Number.NEGATIVE_INFINITY;

  constructor(
    readonly half: number,
    private readonly make: () => G,
  ) {
    this.cur = make();
    this.prev = make();
  }

  /** Moves to the generation of `t`; true when it changed (time never moves back). */
  advance(t: number): boolean {
    const g = Math.floor(t / this.half);
    if (g <= this.gen) return false;
    if (g === this.gen + 1) {
      this.prev = this.cur;
      this.cur = this.make();
    } else {
      this.prev = this.make();
      this.cur = this.make();
    }
    this.gen = g;
    return true;
  }

  /** Which generation holds time `t`: the current one, the one before, or null (older). */
  genOf(t: number): G | null {
    const g = Math.floor(t / this.half);
    if (g >= this.gen) return this.cur;
    if (g === this.gen - 1) return this.prev;
    return null;
  }
}

/**
 * Distinct keys a detector tracks per generation (a half window): a flood of distinct probes
 * (every packet a new flow) would otherwise fill them with millions of keys. Past it, new keys of
 * that generation are not counted (ongoing incidents still are); the next generation starts empty.
 */
export const MAX_GEN_KEYS = 1 << 18;

/** A growable Float64Array-backed counter table indexed by small ids. */
export function growF64(a: Float64Array, need: number): Float64Array<ArrayBuffer> {
  let n = a.length;
  while (n <= need) n *= 2;
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

export function growI32(a: Int32Array, need: number): Int32Array<ArrayBuffer> {
  let n = a.length;
  while (n <= need) n *= 2;
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

export function growU8(a: Uint8Array, need: number): Uint8Array<ArrayBuffer> {
  let n = a.length;
  while (n <= need) n *= 2;
  const b = new Uint8Array(n);
  b.set(a);
  return b;
}

/** Median of the first `n` values of `scratch` (sorted in place). */
export function medianOf(scratch: Float64Array, n: number): number {
  if (n === 0) return 0;
  const v = scratch.subarray(0, n).sort();
  const mid = n >> 1;
  return n % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const v = Float64Array.from(values);
  return medianOf(v, v.length);
}
