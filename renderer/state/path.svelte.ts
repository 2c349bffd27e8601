/**
 * The Path view's state: the rounds of every path kept across snapshots (lib/hop-window.ts), the
 * target shown, and the moment picked on the timeline (null: live). Written only through
 * ingest(), clear(), select() and pick().
 */
import type { Snapshot } from '../../src/api/snapshot.js';
import { mergeRounds, type PathRounds } from '../lib/hop-window.js';

export class PathState {
  #rounds = $state.raw<readonly { host: string; rounds: PathRounds }[]>([]);
  #host = $state<string | null>(null);
  #at = $state<number | null>(null);

  /** The target shown (null: the first path). */
  get host(): string | null {
    return this.#host;
  }

  /** The moment picked (epoch ms), or null for the live table. */
  get at(): number | null {
    return this.#at;
  }

  rounds(host: string): PathRounds | null {
    return this.#rounds.find((r) => r.host === host)?.rounds ?? null;
  }

  ingest(s: Snapshot): void {
    const paths = s.probe?.paths ?? [];
    if (paths.length === 0) return;
    // replaced whole (a raw state): the views see the new rounds; paths no longer probed go
    this.#rounds = paths.map((p) => ({ host: p.host, rounds: mergeRounds(this.rounds(p.host), p) }));
  }

  /** A new session: nothing of the old one's paths stays. */
  clear(): void {
    this.#rounds = [];
    this.#at = null;
  }

  select(host: string): void {
    this.#host = host;
    this.#at = null;
  }

  pick(at: number | null): void {
    this.#at = at;
  }
}
