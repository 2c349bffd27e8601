/** What the engine and the history worker say to each other (plain data, structured-cloned). */
import type { ErrorInfo } from '../api/errors.js';
import type { HistoryConfig } from '../api/history.js';
import type { HistoryApi } from './history-store.js';

export interface HistoryWorkerData {
  path: string;
  config?: Partial<HistoryConfig>;
}

export type HistoryMethod = keyof HistoryApi;

export type ToHistoryWorker = { id: number; method: HistoryMethod; args: unknown[] };

export type FromHistoryWorker =
  | { kind: 'opened'; error: ErrorInfo | null }
  | { kind: 'reply'; id: number; value: unknown }
  | { kind: 'reply'; id: number; bug: string };
