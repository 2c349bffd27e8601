import { describe, expect, it } from 'vitest';
import { PagedRows, type Page } from '../../renderer/state/paged-rows.svelte.js';
import type { Result } from '../../src/api/errors.js';
import { settle } from './fake-api.js';

function source(total: number) {
  const asked: number[] = [];
  const fetch = async (offset: number, limit: number): Promise<Result<Page<number>>> => {
    asked.push(offset);
    const rows: number[] = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) rows.push(i);
    return { ok: true, value: { offset, total, rows } };
  };
  return { asked, fetch };
}

describe('PagedRows', () => {
  it('asks only for the pages on screen, once', async () => {
    const s = source(100_000);
    const rows = new PagedRows(s.fetch, 100);
    await rows.show(250, 290);
    expect(s.asked).toEqual([200]);
    expect(rows.total).toBe(100_000);
    expect(rows.row(250)).toBe(250);
    expect(rows.row(50)).toBeUndefined();
    await rows.show(280, 320); // page 2 is here, page 3 is not
    expect(s.asked).toEqual([200, 300]);
    expect(rows.row(319)).toBe(319);
  });

  it('keeps a bounded number of pages, the nearest to the screen', async () => {
    const s = source(100_000);
    const rows = new PagedRows(s.fetch, 100, 3);
    for (let p = 0; p < 10; p++) await rows.show(p * 100, p * 100 + 20);
    expect(rows.row(950)).toBe(950);
    expect(rows.row(850)).toBe(850);
    expect(rows.row(50)).toBeUndefined();
  });

  it('drops answers to a question asked before a reset', async () => {
    let release: (() => void) | null = null;
    let total = 10;
    const rows = new PagedRows<number>(async (offset) => {
      const t = total;
      if (t === 10) await new Promise<void>((r) => (release = r));
      return { ok: true, value: { offset, total: t, rows: Array.from({ length: t }, (_, i) => i * t) } };
    }, 100);
    const first = rows.show(0, 5);
    await settle();
    rows.reset();
    total = 3;
    await rows.refresh();
    release!();
    await first;
    expect(rows.total).toBe(3);
    expect(rows.row(1)).toBe(3);
  });

  it('refresh re-asks the visible pages and forgets the others', async () => {
    const s = source(1000);
    const rows = new PagedRows(s.fetch, 100);
    await rows.show(0, 10);
    await rows.show(500, 510);
    s.asked.length = 0;
    await rows.refresh();
    expect(s.asked).toEqual([500]);
    expect(rows.row(5)).toBeUndefined();
  });

  it('no session is an empty list, other failures are shown', async () => {
    const rows = new PagedRows<number>(
      async () => ({ ok: false, error: { code: 'no-session', message: 'no session', hint: '' } }),
      100,
    );
    await rows.show(0, 10);
    expect(rows.error).toBe('');
    expect(rows.total).toBe(0);
    const bad = new PagedRows<number>(
      async () => ({ ok: false, error: { code: 'internal', message: 'boom', hint: '' } }),
      100,
    );
    await bad.show(0, 10);
    expect(bad.error).toBe('boom');
  });
});

describe('PagedRows.tail', () => {
  it('fetches the last two pages and ends the list at the newest row fetched', async () => {
    let total = 450;
    const asked: [number, number][] = [];
    const rows = new PagedRows<number>(async (offset, limit) => {
      asked.push([offset, limit]);
      const out: number[] = [];
      for (let i = offset; i < Math.min(total, offset + limit); i++) out.push(i);
      return { ok: true, value: { offset, total, rows: out } };
    }, 100);
    await rows.tail(450);
    expect(asked).toEqual([[300, 200]]); // 50 rows on the last page: the one before too
    expect(rows.total).toBe(450);
    expect(rows.row(449)).toBe(449);
    expect(rows.row(300)).toBe(300);
    // the count said 600 but the engine has 520 so far: the list ends at 520, every row there
    total = 520;
    await rows.tail(600);
    expect(asked.at(-1)).toEqual([500, 100]); // 100 rows expected on the last page: it alone
    expect(rows.total).toBe(520);
    expect(rows.row(519)).toBe(519);
    expect(rows.row(400)).toBe(400); // page 4 is kept from before
  });
});
