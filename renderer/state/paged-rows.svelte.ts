/**
 * Rows fetched a page at a time for a virtualized list (flows, packets): only the pages around
 * what is on screen are asked for and kept, so 100,000 rows cost a few pages of memory.
 *
 * Pages live in a plain Map (not reactive); `version` ticks when any page arrives, which is what
 * the list re-renders on. A reset (new sort, search, filter or session) bumps `generation` so
 * answers to older questions are dropped.
 */
import type { Result } from '../../src/api/errors.js';

export interface Page<T> {
  offset: number;
  total: number;
  rows: T[];
}

export type FetchPage<T> = (offset: number, limit: number) => Promise<Result<Page<T>>>;

export class PagedRows<T> {
  #total = $state(0);
  #version = $state(0);
  #error = $state('');
  #loading = $state(false);

  // plain on purpose: `version` is what re-renders, once per arrival, not once per page touched
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private pages = new Map<number, T[]>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private inflight = new Set<number>();
  private generation = 0;
  private visible: [number, number] = [0, -1];
  /** Pages kept beyond the visible ones before the farthest are dropped. */
  private readonly maxPages: number;

  constructor(
    private readonly fetchPage: FetchPage<T>,
    readonly pageSize = 200,
    maxPages = 12,
  ) {
    this.maxPages = maxPages;
  }

  /** Rows in the whole (sorted, searched, filtered) list, as the last answer said. */
  get total(): number {
    return this.#total;
  }

  /** Ticks whenever rows change; read it (or call row()) to re-render on arrivals. */
  get version(): number {
    return this.#version;
  }

  /** The last failed fetch's message, or ''. */
  get error(): string {
    return this.#error;
  }

  /** A fetch is in flight. */
  get loading(): boolean {
    return this.#loading;
  }

  /** Row i if its page is here (undefined while it loads). */
  row(i: number): T | undefined {
    void this.#version;
    return this.pages.get(Math.floor(i / this.pageSize))?.[i % this.pageSize];
  }

  /** The rows shown are first..last (inclusive): fetch their pages if missing. */
  async show(first: number, last: number): Promise<void> {
    this.visible = [first, last];
    const wanted = this.pagesFor(first, last).filter((p) => !this.pages.has(p) && !this.inflight.has(p));
    await Promise.all(wanted.map((p) => this.load(p, this.generation)));
  }

  /** Fetch the visible pages again (live data moved); old rows stay on screen until answers come. */
  async refresh(): Promise<void> {
    const [first, last] = this.visible;
    const pages = this.pagesFor(first, Math.max(last, first));
    // pages out of view are stale now: drop them so scrolling there fetches them fresh
    for (const p of [...this.pages.keys()]) if (!pages.includes(p)) this.pages.delete(p);
    await Promise.all(pages.filter((p) => !this.inflight.has(p)).map((p) => this.load(p, this.generation)));
  }

  /**
   * Fetches the last rows of a list that grows at its end (the latest packets), `expected` long by
   * the latest count. The list then ends at the newest row fetched, so a view that follows the end
   * never shows rows still loading there.
   */
  async tail(expected: number, minRows = 64): Promise<void> {
    const ps = this.pageSize;
    const lastPage = Math.max(0, Math.floor((Math.max(1, expected) - 1) / ps));
    // the last page alone when it holds enough rows to fill the view, else the one before too
    const firstPage = expected - lastPage * ps >= minRows ? lastPage : Math.max(0, lastPage - 1);
    const generation = this.generation;
    this.#loading = true;
    let res: Result<Page<T>>;
    try {
      res = await this.fetchPage(firstPage * ps, (lastPage - firstPage + 1) * ps);
    } finally {
      this.#loading = this.inflight.size > 0;
    }
    if (generation !== this.generation) return;
    if (!res.ok) {
      if (res.error.code !== 'no-session') this.#error = res.error.message;
      return;
    }
    this.#error = '';
    const rows = res.value.rows;
    for (let p = firstPage; p <= lastPage; p++) {
      const chunk = rows.slice((p - firstPage) * ps, (p - firstPage + 1) * ps);
      if (chunk.length > 0) this.pages.set(p, chunk);
      else this.pages.delete(p);
    }
    this.#total = Math.min(res.value.total, firstPage * ps + rows.length);
    this.visible = [Math.max(0, this.#total - 1), Math.max(0, this.#total - 1)];
    this.evict();
    this.#version++;
  }

  /** Forget everything (the question changed); the next show() or refresh() asks again. */
  reset(): void {
    this.generation++;
    this.visible = [0, -1];
    this.pages.clear();
    this.inflight.clear();
    this.#error = '';
    this.#version++;
  }

  private pagesFor(first: number, last: number): number[] {
    if (last < first) return [0];
    const out: number[] = [];
    const a = Math.floor(Math.max(0, first) / this.pageSize);
    const b = Math.floor(Math.max(0, last) / this.pageSize);
    for (let p = a; p <= b; p++) out.push(p);
    return out;
  }

  private async load(page: number, generation: number): Promise<void> {
    this.inflight.add(page);
    this.#loading = true;
    let res: Result<Page<T>>;
    try {
      res = await this.fetchPage(page * this.pageSize, this.pageSize);
    } finally {
      if (generation === this.generation) this.inflight.delete(page);
      this.#loading = this.inflight.size > 0;
    }
    if (generation !== this.generation) return; // answer to an older question
    if (!res.ok) {
      if (res.error.code === 'no-session') {
        // nothing captured or opened yet: an empty list, not a problem
        this.#error = '';
        this.#total = 0;
        this.pages.clear();
        this.#version++;
        return;
      }
      this.#error = res.error.message;
      return;
    }
    this.#error = '';
    this.#total = res.value.total;
    this.pages.set(page, res.value.rows);
    this.evict();
    this.#version++;
  }

  /** Keeps the pages nearest to what is visible. */
  private evict(): void {
    if (this.pages.size <= this.maxPages) return;
    const mid = Math.floor((this.visible[0] + Math.max(this.visible[0], this.visible[1])) / 2 / this.pageSize);
    const byDistance = [...this.pages.keys()].sort((x, y) => Math.abs(y - mid) - Math.abs(x - mid));
    for (const p of byDistance.slice(0, this.pages.size - this.maxPages)) this.pages.delete(p);
  }
}
