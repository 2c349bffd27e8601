/**
 * The suggestions as last evaluated, and which of them are new or changed since they were last
 * announced (so a 'suggestion' event fires once per change, not on every evaluation).
 */
import type { Suggestion } from '../../api/alerts.js';
import { type AdviceSources, collectSuggestions } from './advisor.js';

export class SuggestionFeed {
  private list: Suggestion[] = [];
  /** Packet time (seconds) of the last evaluation. */
  private at = Number.NEGATIVE_INFINITY;
  /** Suggestion id → its title and why as last announced. */
  private readonly announced = new Map<string, string>();

  constructor(
    private readonly sources: AdviceSources,
    private readonly announce: (s: Suggestion) => void,
  ) {}

  /** Evaluates the suggestions for packet time `now` and announces those that are new or changed. */
  refresh(now: number): void {
    this.at = now;
    this.list = collectSuggestions(this.sources);
    for (const s of this.list) {
      const sig = `${s.title}|${s.why}`;
      if (this.announced.get(s.id) === sig) continue;
      this.announced.set(s.id, sig);
      this.announce({ ...s });
    }
  }

  /** The suggestions at packet time `now` (evaluated again only when time moved on). */
  current(now: number): Suggestion[] {
    if (this.at !== now) this.refresh(now);
    return this.list.slice();
  }
}
