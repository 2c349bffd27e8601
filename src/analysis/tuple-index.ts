/**
 * An open-addressing hash index from a tuple of up to four unsigned 32-bit numbers to a dense id
 * (0, 1, 2, ...). It exists because keying a Map by a string built per packet costs more than the
 * rest of the per-packet work together; this one allocates nothing on lookup.
 */
const EMPTY = -1;

export class TupleIndex {
  private readonly width: number;
  private keys: Uint32Array;
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(width: 1 | 2 | 3 | 4, initialCapacity = 1024) {
    this.width = width;
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.slots = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    this.keys = new Uint32Array((cap >>> 1) * width);
  }

  get size(): number {
    return this.count;
  }

  /** Returns the id of the tuple, or -1 when absent. Unused trailing words must be passed as 0. */
  find(a: number, b = 0, c = 0, d = 0): number {
    let i = hash4(a, b, c, d) & this.mask;
    const w = this.width;
    const keys = this.keys;
    for (;;) {
      const id = this.slots[i];
      if (id === EMPTY) return -1;
      const k = id * w;
      if (
        keys[k] === a >>> 0 &&
        (w < 2 || keys[k + 1] === b >>> 0) &&
        (w < 3 || keys[k + 2] === c >>> 0) &&
        (w < 4 || keys[k + 3] === d >>> 0)
      )
        return id;
      i = (i + 1) & this.mask;
    }
  }

  /** Returns the id of the tuple, adding it (with the next id) when absent. */
  intern(a: number, b = 0, c = 0, d = 0): number {
    const found = this.find(a, b, c, d);
    if (found !== -1) return found;
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const id = this.count++;
    const w = this.width;
    const k = id * w;
    if (k + w > this.keys.length) {
      const next = new Uint32Array(this.keys.length * 2);
      next.set(this.keys);
      this.keys = next;
    }
    this.keys[k] = a;
    if (w > 1) this.keys[k + 1] = b;
    if (w > 2) this.keys[k + 2] = c;
    if (w > 3) this.keys[k + 3] = d;
    this.place(id);
    return id;
  }

  /** Word `j` of the key of `id`. */
  keyWord(id: number, j: number): number {
    return this.keys[id * this.width + j];
  }

  private place(id: number): void {
    const w = this.width;
    const k = id * w;
    const keys = this.keys;
    let i = hash4(keys[k], w > 1 ? keys[k + 1] : 0, w > 2 ? keys[k + 2] : 0, w > 3 ? keys[k + 3] : 0) & this.mask;
    while (this.slots[i] !== EMPTY) i = (i + 1) & this.mask;
    this.slots[i] = id;
  }

  private grow(): void {
    const cap = this.slots.length * 2;
    this.slots = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    for (let id = 0; id < this.count; id++) this.place(id);
  }
}

export function hash4(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15) ^ b, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13) ^ c, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16) ^ d, 0x165667b1);
  return (h ^ (h >>> 15)) >>> 0;
}
