import { describe, expect, it } from 'vitest';
import { TupleIndex } from '../../src/analysis/tuple-index.js';

describe('TupleIndex', () => {
  it('gives each distinct tuple one dense id, through growth, like a Map of string keys', () => {
    const idx = new TupleIndex(4, 4);
    const ref = new Map<string, number>();
    let seed = 7;
    const rnd = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 500;
    for (let i = 0; i < 20_000; i++) {
      const t = [rnd(), rnd() % 3, 0xffffffff - rnd(), rnd()] as const;
      const key = t.join(',');
      const id = idx.intern(...t);
      if (!ref.has(key)) ref.set(key, ref.size);
      expect(id).toBe(ref.get(key));
    }
    expect(idx.size).toBe(ref.size);
    expect(idx.find(1, 2, 3, 4)).toBe(ref.get('1,2,3,4') ?? -1);
  });

  it('compares only its width', () => {
    const idx = new TupleIndex(2);
    const a = idx.intern(10, 20);
    expect(idx.intern(10, 20)).toBe(a);
    expect(idx.intern(20, 10)).not.toBe(a);
    expect(idx.keyWord(a, 1)).toBe(20);
  });
});
