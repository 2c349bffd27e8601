/**
 * The running session as the engine last described it: the latest snapshot (totals, rates,
 * timeline, protocols, top talkers, probes) and its state. Snapshots of an older session, or
 * older than the one shown, are ignored. Written only through applySnapshot() and applyInfo().
 */
import type { CaptureState, SessionInfo } from '../../src/api/session.js';
import type { Snapshot } from '../../src/api/snapshot.js';

export class SessionState {
  #snapshot = $state.raw<Snapshot | null>(null);
  #info = $state.raw<SessionInfo | null>(null);

  readonly state = $derived<CaptureState>(this.#info?.state ?? 'idle');
  readonly live = $derived(this.#info?.source?.kind === 'live');
  readonly running = $derived(this.state === 'running' || this.state === 'starting');
  /** Snapshots that belong to the current session (after a new one starts, the old one's are stale). */
  readonly current = $derived(
    this.#snapshot !== null && this.#info !== null && this.#snapshot.session.id === this.#info.id
      ? this.#snapshot
      : null,
  );

  get snapshot(): Snapshot | null {
    return this.#snapshot;
  }

  get info(): SessionInfo | null {
    return this.#info;
  }

  /** Takes a snapshot; returns true when it begins a session not seen before. */
  applySnapshot(s: Snapshot): boolean {
    const prev = this.#snapshot;
    if (prev && s.session.id === prev.session.id && s.seq <= prev.seq) return false;
    if (this.#info && s.session.id < this.#info.id) return false; // from a session already replaced
    const isNew = this.#info === null || s.session.id !== this.#info.id;
    this.#snapshot = s;
    this.#info = s.session; // events arrive in the order the engine sent them: this is the latest word
    return isNew;
  }

  /** Takes a `state` event or a reply; returns true when it is a session not seen before. */
  applyInfo(info: SessionInfo): boolean {
    if (this.#info && info.id < this.#info.id) return false;
    const isNew = this.#info === null || info.id !== this.#info.id;
    this.#info = info;
    if (isNew) this.#snapshot = null;
    return isNew;
  }
}
