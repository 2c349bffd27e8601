/**
 * Desktop notifications for new alerts at or above the severity the settings ask for (an alert
 * that is only updated does not notify again). Clicking one brings the window up on that alert.
 */
import type { AlertDto, AlertSeverity } from '../src/api/alerts-view.js';
import type { Settings } from '../src/api/settings.js';

const RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };
/** At most this many notifications a minute: a storm of alerts is one look at the window, not 50 popups. */
const PER_MINUTE = 5;

export interface Shown {
  title: string;
  body: string;
  onClick: () => void;
}

export class AlertNotifier {
  private readonly seen = new Set<string>();
  private recent: number[] = [];

  constructor(
    private readonly settings: () => Settings,
    private readonly show: (n: Shown) => void,
    private readonly reveal: (alertId: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session: alert ids start again. */
  reset(): void {
    this.seen.clear();
  }

  onAlert(a: AlertDto): boolean {
    if (this.seen.has(a.id)) return false;
    this.seen.add(a.id);
    const n = this.settings().notifications;
    if (!n.desktop || RANK[a.severity] < RANK[n.minSeverity]) return false;
    const t = this.now();
    this.recent = this.recent.filter((x) => t - x < 60_000);
    if (this.recent.length >= PER_MINUTE) return false;
    this.recent.push(t);
    const title = `NetLens: ${a.severity === 'critical' ? 'critical alert' : 'warning'} — ${a.type.replace(/-/g, ' ')}`;
    this.show({ title, body: a.summary.slice(0, 250), onClick: () => this.reveal(a.id) });
    return true;
  }
}
