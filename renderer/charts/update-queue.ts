/**
 * Chart redraws spread over animation frames: a snapshot changes several charts at once, and
 * drawing them all in the task that received it makes one long frame. Each chart's latest update
 * waits in a queue (a newer one replaces it) and frames run them until a few milliseconds are spent.
 */
const pending = new Map<object, () => void>();
let scheduled = false;

/** Work per frame before the rest waits for the next one (at least one update always runs). */
const BUDGET_MS = 4;

export function queueUpdate(key: object, update: () => void): void {
  pending.set(key, update);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(run);
  }
}

/** Forget a chart's pending update (it is being destroyed). */
export function cancelUpdate(key: object): void {
  pending.delete(key);
}

function run(): void {
  const start = performance.now();
  for (const [key, update] of pending) {
    pending.delete(key);
    update();
    if (performance.now() - start >= BUDGET_MS) break;
  }
  scheduled = pending.size > 0;
  if (scheduled) requestAnimationFrame(run);
}
