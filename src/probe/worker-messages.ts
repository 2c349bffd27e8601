/** Messages between the Prober (engine side) and its worker thread. Plain data only. */
import type { ProbeSnapshot, ProbeTarget, ProbeUpdate } from '../api/probe.js';

export type ToWorker = { type: 'stop' } | { type: 'set-targets'; targets: ProbeTarget[] };

export type FromWorker =
  | { type: 'update'; update: ProbeUpdate }
  | { type: 'done'; snapshot: ProbeSnapshot }
  /** The last update, after every ping has exited. */
  | { type: 'stopped'; update: ProbeUpdate };
