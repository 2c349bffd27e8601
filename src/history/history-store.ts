/**
 * Everything history answers, over one open store: writes from the recorder, the queries, Forget,
 * export, budgets. The CLI uses it in its own process; the engine runs it in a worker thread
 * (history-worker.ts) and talks to it through HistoryClient, so no write or query ever runs on
 * the packet path. Every method answers plain data; expected failures are Result values.
 */
import type { AlertDto } from '../api/alerts-view.js';
import type { Result } from '../api/errors.js';
import type {
  BudgetDto,
  BudgetState,
  ForgetArgs,
  HistoryConfig,
  HistoryFlowsArgs,
  HistoryFlowsPage,
  HistorySession,
  HistorySessionDetail,
  HistoryStatus,
  UsageArgs,
  UsageResult,
} from '../api/history.js';
import { budgetStates, checkBudgets, deleteBudget, listBudgets, putBudget } from './budgets.js';
import { queryFlows } from './flow-queries.js';
import { forget } from './forget.js';
import { exportHistory, type ExportArgs } from './history-export.js';
import { HistoryDb, type HistoryDbOptions } from './history-db.js';
import { listSessions, sessionDetail } from './session-queries.js';
import { queryUsage } from './usage-query.js';
import type { SessionWrite, WriteBatch } from './write-batch.js';

export class HistoryStore {
  private constructor(
    private readonly h: HistoryDb,
    private readonly now: () => number,
  ) {}

  static async open(path: string, opts: HistoryDbOptions = {}): Promise<Result<HistoryStore>> {
    const r = await HistoryDb.open(path, opts);
    if (!r.ok) return r;
    return { ok: true, value: new HistoryStore(r.value, opts.now ?? (() => Date.now() / 1000)) };
  }

  /** The store itself (tests and the bench look inside). */
  get db(): HistoryDb {
    return this.h;
  }

  async beginSession(s: Omit<SessionWrite, 'id'>): Promise<number> {
    return this.h.beginSession(s);
  }

  async write(b: WriteBatch): Promise<void> {
    if (!this.h.settings.enabled) return;
    await this.h.write(b);
  }

  async usage(a: UsageArgs): Promise<Result<UsageResult>> {
    return queryUsage(this.h.db, this.h.upkeep.hourWatermark, a);
  }

  async sessions(a: { limit?: number; offset?: number } = {}): Promise<HistorySession[]> {
    return listSessions(this.h.db, this.h.upkeep.hourWatermark, a);
  }

  async session(id: number): Promise<Result<HistorySessionDetail>> {
    return sessionDetail(this.h.db, this.h.upkeep.hourWatermark, id);
  }

  async flows(a: HistoryFlowsArgs): Promise<Result<HistoryFlowsPage>> {
    return queryFlows(this.h.db, a);
  }

  async forget(a: ForgetArgs): Promise<Result<{ rows: number }>> {
    return forget(this.h, a);
  }

  async export(a: ExportArgs): Promise<Result<{ rows: number; path: string }>> {
    return exportHistory(this.h.db, a);
  }

  async budgets(): Promise<BudgetDto[]> {
    return listBudgets(this.h.db);
  }

  async putBudget(b: Omit<BudgetDto, 'id'> & { id?: number }): Promise<Result<BudgetDto>> {
    return putBudget(this.h.db, b);
  }

  async deleteBudget(id: number): Promise<Result<{ removed: boolean }>> {
    return deleteBudget(this.h.db, id);
  }

  async budgetStates(now = this.now()): Promise<BudgetState[]> {
    return budgetStates(this.h.db, this.h.upkeep.hourWatermark, now);
  }

  /** Budget states and the data-budget alerts newly due (each level once per cycle). */
  async checkBudgets(now = this.now()): Promise<{ states: BudgetState[]; alerts: AlertDto[] }> {
    return checkBudgets(this.h.db, this.h.upkeep.hourWatermark, now);
  }

  async configure(c: Partial<HistoryConfig>): Promise<HistoryConfig> {
    return this.h.configure(c);
  }

  async status(): Promise<HistoryStatus> {
    return this.h.status();
  }

  async close(): Promise<void> {
    this.h.close();
  }
}

/** What can be asked of a store across a thread: every method but the static open. */
export type HistoryApi = {
  [K in keyof HistoryStore as HistoryStore[K] extends (...a: never[]) => Promise<unknown> ? K : never]: HistoryStore[K];
};
