/**
 * Alerts and suggestions as the views show them: every alert seen this session (from the `alert`
 * event, each snapshot's latest list, and `alerts:list` when the page loads or first sees a
 * session), newest first, and the current suggestions.
 */
import type { Api } from '../lib/api.js';
import type {
  AlertDto,
  AlertSeverity,
  AlertsSummary,
  DeliveryStatusDto,
  SuggestionDto,
} from '../../src/api/alerts-view.js';

const SEVERITY_RANK: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** Most alerts kept in the list (the oldest go first). */
export const MAX_ALERTS = 500;

export class AlertsState {
  #list = $state.raw<AlertDto[]>([]);
  #suggestions = $state.raw<SuggestionDto[]>([]);
  #counts = $state.raw<Record<AlertSeverity, number>>({ info: 0, warning: 0, critical: 0 });
  #unacknowledged = $state(0);
  #delivery = $state.raw<DeliveryStatusDto[]>([]);
  #severity = $state<AlertSeverity | null>(null);
  #error = $state('');

  /** The list as the severity filter shows it. */
  readonly shown = $derived(
    this.#severity === null ? this.#list : this.#list.filter((a) => a.severity === this.#severity),
  );

  // plain on purpose: `list` is rebuilt (and re-rendered) once per change, not once per entry
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private byId = new Map<string, AlertDto>();
  /** Changes at every clear(): a list asked for before belongs to the session before. */
  private generation = 0;

  constructor(private readonly api: Api) {}

  /** Newest first (by latest evidence). */
  get list(): AlertDto[] {
    return this.#list;
  }

  get suggestions(): SuggestionDto[] {
    return this.#suggestions;
  }

  get counts(): Record<AlertSeverity, number> {
    return this.#counts;
  }

  get unacknowledged(): number {
    return this.#unacknowledged;
  }

  /** How the delivery channels (webhook, email) of a live session fare; empty when none is set. */
  get delivery(): DeliveryStatusDto[] {
    return this.#delivery;
  }

  /** Severity filter of the alerts list; null shows all. */
  get severity(): AlertSeverity | null {
    return this.#severity;
  }

  get error(): string {
    return this.#error;
  }

  showSeverity(severity: AlertSeverity | null): void {
    this.#severity = severity;
  }

  /** One alert raised or updated. */
  upsert(a: AlertDto): void {
    this.byId.set(a.id, a);
    this.rebuild();
  }

  /** A snapshot's summary: counts, the latest alerts, the suggestions. */
  applySummary(s: AlertsSummary): void {
    this.#counts = s.counts;
    this.#unacknowledged = s.unacknowledged;
    const delivery = s.delivery ?? [];
    if (JSON.stringify(delivery) !== JSON.stringify(this.#delivery)) this.#delivery = delivery;
    let changed = false;
    for (const a of s.latest) {
      const old = this.byId.get(a.id);
      if (
        !old ||
        old.lastTime !== a.lastTime ||
        old.acknowledged !== a.acknowledged ||
        old.severity !== a.severity ||
        old.summary !== a.summary
      ) {
        this.byId.set(a.id, a);
        changed = true;
      }
    }
    if (changed) this.rebuild();
    if (!sameIds(this.#suggestions, s.suggestions)) this.#suggestions = s.suggestions;
  }

  /**
   * The session's alerts as the engine keeps them (a snapshot carries only the latest 20): merged
   * into the list, an alert already known with newer evidence keeps what is known.
   */
  async load(): Promise<void> {
    const gen = this.generation;
    const r = await this.api.request('alerts:list', { limit: MAX_ALERTS });
    if (gen !== this.generation) return; // a new session began meanwhile: these were the old one's
    if (!r.ok) {
      this.#error = r.error.message;
      return;
    }
    this.#error = '';
    let changed = false;
    for (const a of r.value) {
      const old = this.byId.get(a.id);
      if (old && old.lastTime > a.lastTime) continue;
      // acknowledging is one way: one made here while the list was on its way stays
      const next = old?.acknowledged && !a.acknowledged ? { ...a, acknowledged: true } : a;
      if (old && sameAlert(old, next)) continue;
      this.byId.set(a.id, next);
      changed = true;
    }
    if (changed) this.rebuild();
  }

  /** A new session: its alerts start from none. */
  clear(): void {
    this.generation++;
    this.byId.clear();
    this.#list = [];
    this.#suggestions = [];
    this.#counts = { info: 0, warning: 0, critical: 0 };
    this.#unacknowledged = 0;
    this.#delivery = [];
  }

  async acknowledge(ids: string[]): Promise<void> {
    const r = await this.api.request('alerts:ack', { ids });
    if (!r.ok) {
      this.#error = r.error.message;
      return;
    }
    this.#error = '';
    for (const id of ids) {
      const a = this.byId.get(id);
      if (a && !a.acknowledged) this.byId.set(id, { ...a, acknowledged: true });
    }
    this.#unacknowledged = Math.max(0, this.#unacknowledged - r.value.acknowledged);
    this.rebuild();
  }

  async acknowledgeAll(): Promise<void> {
    const r = await this.api.request('alerts:ack', { ids: [], all: true });
    if (!r.ok) {
      this.#error = r.error.message;
      return;
    }
    this.#error = '';
    for (const [id, a] of this.byId) if (!a.acknowledged) this.byId.set(id, { ...a, acknowledged: true });
    this.#unacknowledged = 0;
    this.rebuild();
  }

  private rebuild(): void {
    let all = [...this.byId.values()];
    all.sort(
      (x, y) =>
        y.lastTime - x.lastTime || SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity] || x.id.localeCompare(y.id),
    );
    if (all.length > MAX_ALERTS) {
      for (const a of all.slice(MAX_ALERTS)) this.byId.delete(a.id);
      all = all.slice(0, MAX_ALERTS);
    }
    this.#list = all;
  }
}

function sameAlert(a: AlertDto, b: AlertDto): boolean {
  return (
    a.lastTime === b.lastTime &&
    a.acknowledged === b.acknowledged &&
    a.severity === b.severity &&
    a.summary === b.summary
  );
}

function sameIds(a: readonly SuggestionDto[], b: readonly SuggestionDto[]): boolean {
  return a.length === b.length && a.every((x, i) => x.id === b[i].id && x.why === b[i].why);
}
