/**
 * An open-addressing hash index over the rows of a RecordStore whose key (two or three 32-bit
 * words) sits in the row itself: a lookup allocates nothing and touches the slot and the row it
 * then counts into. Rows can be removed (live expiry: backward-shift deletion, no tombstones).
 */
import { CHUNK_BITS, ROW_MASK, type RecordStore } from './record-store.js';
import { hash4 } from './tuple-index.js';

const EMPTY = -1;
/** Grow the slots past this load (5/8): short probe sequences, 6.4–12.8 bytes of slots per row. */
const LOAD_NUM = 5;
const LOAD_DEN = 8;

export class RecordIndex {
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  /** `keyAt`: the row's first key word (a u32 field index); `width`: 2 or 3 words. */
  constructor(
    private readonly store: RecordStore,
    private readonly keyAt: number,
    private readonly width: 2 | 3,
    initialCapacity = 1024,
  ) {
    let cap = 16;
    while (cap * LOAD_NUM < initialCapacity * LOAD_DEN) cap *= 2;
    this.slots = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The row keyed (a, b, c) (c is 0 for a width of 2), or -1. */
  find(a: number, b: number, c: number): number {
    const s = this.store;
    const us = s.uStride;
    const k0 = s.uBase + this.keyAt;
    const three = this.width === 3;
    const slots = this.slots;
    const mask = this.mask;
    let i = hash4(a, b, c, 0) & mask;
    for (;;) {
      const id = slots[i];
      if (id === EMPTY) return -1;
      const u = s.u[id >>> CHUNK_BITS];
      const k = (id & ROW_MASK) * us + k0;
      if (u[k] === a && u[k + 1] === b && (!three || u[k + 2] === c)) return id;
      i = (i + 1) & mask;
    }
  }

  /** A new live row keyed (a, b, c): the caller checked find() gave -1. */
  insert(a: number, b: number, c: number): number {
    if ((this.count + 1) * LOAD_DEN > this.slots.length * LOAD_NUM) this.grow();
    const s = this.store;
    const id = s.alloc();
    const u = s.u[id >>> CHUNK_BITS];
    const k = s.wordAt(id, this.keyAt);
    u[k] = a;
    u[k + 1] = b;
    if (this.width === 3) u[k + 2] = c;
    this.place(id, hash4(a, b, c, 0));
    this.count++;
    return id;
  }

  /** Takes the row out of the index and releases it. */
  remove(id: number): void {
    if (this.unindex(id)) this.store.release(id);
  }

  /** Takes the row out of the index and keeps it (live, no longer found by its key); false if it was not indexed. */
  unindex(id: number): boolean {
    const mask = this.mask;
    const slots = this.slots;
    let i = this.hashOf(id) & mask;
    while (slots[i] !== id) {
      if (slots[i] === EMPTY) return false;
      i = (i + 1) & mask;
    }
    // backward-shift: move later members of the cluster into the hole when their home allows it
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const other = slots[j];
      if (other === EMPTY) break;
      const home = this.hashOf(other) & mask;
      const between = i <= j ? home > i && home <= j : home > i || home <= j;
      if (!between) {
        slots[i] = other;
        i = j;
      }
    }
    slots[i] = EMPTY;
    this.count--;
    return true;
  }

  /** Bytes of slots, for the memory figures. */
  get byteSize(): number {
    return this.slots.length * 4;
  }

  private hashOf(id: number): number {
    const s = this.store;
    const u = s.u[id >>> CHUNK_BITS];
    const k = s.wordAt(id, this.keyAt);
    return hash4(u[k], u[k + 1], this.width === 3 ? u[k + 2] : 0, 0);
  }

  private place(id: number, h: number): void {
    const mask = this.mask;
    let i = h & mask;
    while (this.slots[i] !== EMPTY) i = (i + 1) & mask;
    this.slots[i] = id;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(EMPTY);
    this.mask = this.slots.length - 1;
    for (let i = 0; i < old.length; i++) if (old[i] !== EMPTY) this.place(old[i], this.hashOf(old[i]));
  }
}
