/**
 * One round at a time across every path, and at most one round start per spacing: paths to several
 * targets share their first hops (your router, your provider), so without this each shared router
 * would get one probe per target per second. With it, every router gets at most one probe per
 * spacing (1 s by default) whatever the number of targets; the targets take turns (first come,
 * first served), so with N paths each is traced once every N seconds.
 */
export class RoundGate {
  private tail: Promise<void> = Promise.resolve();
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly spacingMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `round` when it is this caller's turn and the spacing since the last start has passed. */
  run<T>(round: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(async () => {
      const wait = this.lastStart + this.spacingMs - this.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      this.lastStart = this.now();
      return round();
    });
    this.tail = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }
}
