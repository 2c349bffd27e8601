/** The compact tables' building blocks: rows in chunks, 32-bit counters that carry, an index that removes. */
import { describe, expect, it } from 'vitest';
import { RecordIndex } from '../../src/analysis/record-index.js';
import { CHUNK_ROWS, RecordStore } from '../../src/analysis/record-store.js';
import { MAX_BUCKETS, Timeline } from '../../src/analysis/timeline.js';

describe('RecordStore', () => {
  it('keeps rows across chunks, reuses released rows zeroed, and counts past 2^32 exactly', () => {
    const s = new RecordStore(2, 3);
    const ids: number[] = [];
    for (let i = 0; i < CHUNK_ROWS * 2 + 5; i++) {
      const id = s.alloc();
      s.setWord(id, 1, i);
      s.setDouble(id, 1, i + 0.5);
      ids.push(id);
    }
    expect(ids.at(-1)).toBe(CHUNK_ROWS * 2 + 4);
    expect(s.word(CHUNK_ROWS + 3, 1)).toBe(CHUNK_ROWS + 3);
    expect(s.double(CHUNK_ROWS * 2 + 1, 1)).toBe(CHUNK_ROWS * 2 + 1.5);
    s.release(7);
    expect(s.isLive(7)).toBe(false);
    expect(s.alloc()).toBe(7);
    expect(s.word(7, 1)).toBe(0);
    expect(s.live).toBe(ids.length);
    // a byte counter passing 2^32 several times stays exact
    let want = 0;
    for (let i = 0; i < 5000; i++) {
      s.addWide(9, 2, 3_000_000_007);
      want += 3_000_000_007;
    }
    expect(s.wide(9, 2)).toBe(want);
    s.release(9);
    expect(s.alloc()).toBe(9);
    expect(s.wide(9, 2)).toBe(0);
  });
});

describe('RecordIndex', () => {
  it('finds, inserts and removes like a Map, through growth and backward-shift deletion', () => {
    const s = new RecordStore(0, 4);
    const idx = new RecordIndex(s, 1, 3, 16);
    const ref = new Map<string, number>();
    let seed = 11;
    const rnd = (n: number): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    for (let i = 0; i < 200_000; i++) {
      const k = [rnd(300), rnd(300), rnd(4)] as const;
      const key = k.join(',');
      const found = idx.find(k[0], k[1], k[2]);
      expect(found).toBe(ref.get(key) ?? -1);
      if (rnd(3) === 0 && found >= 0) {
        idx.remove(found);
        ref.delete(key);
      } else if (found < 0) ref.set(key, idx.insert(k[0], k[1], k[2]));
    }
    expect(idx.size).toBe(ref.size);
    expect(s.live).toBe(ref.size);
    for (const [key, id] of ref) expect(idx.find(...(key.split(',').map(Number) as [number, number, number]))).toBe(id);
  });
});

describe('Timeline', () => {
  it('downsamples past its bound: the step doubles, every packet and byte is kept', () => {
    const t = new Timeline();
    const seconds = MAX_BUCKETS * 3;
    for (let s = 0; s < seconds; s++) t.count(1_000_000 + s, 100, s % 4);
    expect(t.stepSec).toBe(4);
    const pts = t.points();
    expect(pts.length).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(pts.reduce((n, p) => n + p.packets, 0)).toBe(seconds);
    expect(pts.reduce((n, p) => n + p.bytes, 0)).toBe(seconds * 100);
    expect(pts[1].t - pts[0].t).toBe(4);
    expect(pts[0].byProtocol).toEqual({ tcp: 100, udp: 100, icmp: 100, other: 100 });
  });
});
