/**
 * The Connections view's state: sort, search, and the flows fetched a page at a time (the engine
 * sorts, searches and applies the view filter; the table shows only what is on screen).
 */
import type { Api } from '../lib/api.js';
import type { FlowDto, FlowSortColumn } from '../../src/api/views.js';
import { PagedRows } from './paged-rows.svelte.js';

/** Columns that read best largest-first when first clicked. */
const DESCENDING_FIRST: ReadonlySet<FlowSortColumn> = new Set<FlowSortColumn>([
  'packets',
  'bytes',
  'bytesAtoB',
  'bytesBtoA',
  'duration',
  'rtt',
  'retransmissions',
]);

export class FlowsState {
  #sort = $state<FlowSortColumn>('bytes');
  #descending = $state(true);
  #search = $state('');
  #queryId = $state(0);
  #all = $state(0);
  readonly rows: PagedRows<FlowDto>;

  constructor(
    private readonly api: Api,
    pageSize = 200,
  ) {
    this.rows = new PagedRows<FlowDto>(async (offset, limit) => {
      const r = await this.api.request('flows:page', {
        offset,
        limit,
        sort: this.#sort,
        descending: this.#descending,
        search: this.#search.trim(),
      });
      if (r.ok) this.#all = r.value.all;
      return r;
    }, pageSize);
  }

  get sort(): FlowSortColumn {
    return this.#sort;
  }

  get descending(): boolean {
    return this.#descending;
  }

  get search(): string {
    return this.#search;
  }

  /** Ticks when the list becomes another one (the table scrolls back to the top). */
  get queryId(): number {
    return this.#queryId;
  }

  /** Every flow of the session, unfiltered (from the last page answered). */
  get all(): number {
    return this.#all;
  }

  /** Click on a column header: the same column flips the order, another starts at its natural order. */
  sortBy(column: FlowSortColumn): void {
    if (column === this.#sort) this.#descending = !this.#descending;
    else {
      this.#sort = column;
      this.#descending = DESCENDING_FIRST.has(column);
    }
    this.requery();
  }

  setSearch(text: string): void {
    if (text === this.#search) return;
    this.#search = text;
    this.requery();
  }

  /** The question changed (sort, search, view filter, session): ask again from the top. */
  requery(): void {
    this.#queryId++;
    this.rows.reset();
    void this.rows.refresh();
  }
}
