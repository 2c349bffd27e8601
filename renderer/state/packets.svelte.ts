/**
 * The Packets view's state: the latest kept packets a page at a time (following the newest unless
 * the user scrolls away), and the selected packet's layers and bytes.
 */
import type { Api } from '../lib/api.js';
import type { PacketDetail, PacketRow } from '../../src/api/views.js';
import { PagedRows } from './paged-rows.svelte.js';

export class PacketsState {
  #follow = $state(true);
  #queryId = $state(0);
  #selectedFrame = $state<number | null>(null);
  #detail = $state.raw<PacketDetail | null>(null);
  #detailError = $state('');
  readonly rows: PagedRows<PacketRow>;
  private detailAsked = 0;

  constructor(
    private readonly api: Api,
    pageSize = 100,
  ) {
    this.rows = new PagedRows<PacketRow>(
      (offset, limit) => this.api.request('packets:page', { offset, limit }),
      pageSize,
    );
  }

  /** Keep the newest packet in view as packets arrive. */
  get follow(): boolean {
    return this.#follow;
  }

  /** Ticks when the list becomes another one (the list scrolls back to the top unless following). */
  get queryId(): number {
    return this.#queryId;
  }

  get selectedFrame(): number | null {
    return this.#selectedFrame;
  }

  get detail(): PacketDetail | null {
    return this.#detail;
  }

  get detailError(): string {
    return this.#detailError;
  }

  /** Follow the newest or not (the app then fetches the end of the list). */
  setFollow(follow: boolean): void {
    this.#follow = follow;
  }

  async select(frame: number | null): Promise<void> {
    this.#selectedFrame = frame;
    this.#detailError = '';
    const asked = ++this.detailAsked;
    if (frame === null) {
      this.#detail = null;
      return;
    }
    const r = await this.api.request('packets:detail', { frame });
    if (asked !== this.detailAsked) return; // another packet was selected meanwhile
    if (r.ok) this.#detail = r.value;
    else {
      this.#detail = null;
      this.#detailError = r.error.message;
    }
  }

  /** A new session or view filter: the rows are another list now (the app fetches them again). */
  requery(): void {
    this.#queryId++;
    this.rows.reset();
  }

  clearSelection(): void {
    this.detailAsked++;
    this.#selectedFrame = null;
    this.#detail = null;
    this.#detailError = '';
  }
}
