/**
 * Reverse-DNS names of the hops, looked up off the probing path: a lookup starts the first time an
 * address is asked for and its answer is there on a later ask (the next snapshot). Bounded in
 * memory (least recently used names go first) and in flight (a few queries at a time); a name that
 * does not resolve is remembered as such for a while. Names are untrusted text from the network:
 * kept as given (within DNS's 253 characters), shown as text by every consumer.
 */
import { Resolver } from 'node:dns/promises';

export const MAX_NAMES = 2048;
export const MAX_IN_FLIGHT = 4;
export const LOOKUP_TIMEOUT_MS = 2000;
/** How long "no name" is believed before asking again. */
export const NEGATIVE_TTL_MS = 10 * 60_000;
const MAX_NAME_CHARS = 253;

export type ReverseLookup = (address: string) => Promise<string[]>;

interface Entry {
  name: string | null;
  at: number;
}

export class HopNames {
  private readonly cache = new Map<string, Entry>();
  private readonly pending = new Set<string>();
  private readonly queue: string[] = [];
  private inFlight = 0;
  private readonly reverse: ReverseLookup;

  constructor(
    reverse?: ReverseLookup,
    private readonly now: () => number = Date.now,
  ) {
    if (reverse) this.reverse = reverse;
    else {
      const resolver = new Resolver({ timeout: LOOKUP_TIMEOUT_MS, tries: 1 });
      this.reverse = (a) => resolver.reverse(a);
    }
  }

  /** The name known for `address` (null: none yet, or none at all); starts a lookup when needed. */
  name(address: string): string | null {
    const hit = this.cache.get(address);
    if (hit) {
      this.cache.delete(address); // re-insert: most recently used last
      this.cache.set(address, hit);
      if (hit.name !== null || this.now() - hit.at < NEGATIVE_TTL_MS) return hit.name;
    }
    this.request(address);
    return hit?.name ?? null;
  }

  private request(address: string): void {
    if (this.pending.has(address)) return;
    this.pending.add(address);
    this.queue.push(address);
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      const address = this.queue.shift()!;
      this.inFlight++;
      this.reverse(address).then(
        (names) => this.store(address, firstName(names)),
        () => this.store(address, null),
      );
    }
  }

  private store(address: string, name: string | null): void {
    this.inFlight--;
    this.pending.delete(address);
    this.cache.delete(address);
    this.cache.set(address, { name, at: this.now() });
    while (this.cache.size > MAX_NAMES) this.cache.delete(this.cache.keys().next().value as string);
    this.pump();
  }
}

function firstName(names: string[]): string | null {
  const n = names.find((x) => typeof x === 'string' && x.length > 0);
  if (n === undefined) return null;
  const trimmed = n.endsWith('.') ? n.slice(0, -1) : n;
  return trimmed.slice(0, MAX_NAME_CHARS);
}
