/**
 * One delivery channel (webhook, email): a bounded queue in front of a transport, with a minimum
 * severity, a rate limit and retries with exponential backoff. offer() only enqueues and returns
 * at once: whatever the receiver does (fails, hangs, refuses), packet processing never waits for
 * it. Timers are unref'd so a pending retry never keeps the process alive; close() gives the
 * queue a bounded grace to drain.
 */
import type { Alert, AlertEvent, ChannelCommonSettings, ChannelStatus } from '../../api/alerts.js';
import { SEVERITY_RANK } from '../config.js';

/** A delivery failure; `retry` false when trying again cannot help (a 4xx, bad credentials). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

/** Sends one message; rejects with a DeliveryError (or any error: retried) on failure. */
export type Transport = (e: AlertEvent, signal: AbortSignal) => Promise<void>;

interface Item {
  e: AlertEvent;
  attempts: number;
}

export class Channel {
  private readonly queue: Item[] = [];
  private pumping = false;
  private closed = false;
  private tokens: number;
  private lastRefill: number;
  private wakeTimer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private inflight: AbortController | null = null;
  private readonly st: ChannelStatus;
  /** Resolves when the queue is empty and nothing is in flight. */
  private idleWaiters: (() => void)[] = [];

  constructor(
    readonly name: 'webhook' | 'email',
    private readonly settings: ChannelCommonSettings,
    private readonly transport: Transport,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = Math.max(1, settings.perMinute);
    this.lastRefill = now();
    this.st = { channel: name, sent: 0, failed: 0, retried: 0, dropped: 0, queued: 0, lastError: null };
  }

  /** Takes an alert event if it passes the filters; never waits. True when queued. */
  offer(e: AlertEvent): boolean {
    if (this.closed || !this.settings.enabled) return false;
    const a: Alert = e.alert;
    const rose = this.rose(e);
    if (SEVERITY_RANK[a.severity] < SEVERITY_RANK[this.settings.minSeverity]) return false;
    // an update goes out when asked for, or when it is the first the channel may send (the alert
    // rose to the minimum severity), or when its severity rose
    if (e.change === 'update' && !this.settings.sendUpdates && !rose) return false;
    if (this.queue.length >= this.settings.maxQueue) {
      this.queue.shift();
      this.st.dropped++;
    }
    this.queue.push({ e: { change: e.change, alert: { ...a } }, attempts: 0 });
    this.st.queued = this.queue.length;
    if (!this.pumping) void this.pump();
    return true;
  }

  /** Severity of each alert id as last offered, so a rise is sent even when updates are not. */
  private readonly seen = new Map<string, number>();
  private rose(e: AlertEvent): boolean {
    const r = SEVERITY_RANK[e.alert.severity];
    const before = this.seen.get(e.alert.id) ?? -1;
    if (this.seen.size > 10_000) this.seen.clear();
    this.seen.set(e.alert.id, Math.max(r, before));
    return e.change === 'update' && r > before;
  }

  status(): ChannelStatus {
    return { ...this.st, queued: this.queue.length };
  }

  private refill(): void {
    const t = this.now();
    const rate = this.settings.perMinute / 60_000;
    this.tokens = Math.min(Math.max(1, this.settings.perMinute), this.tokens + (t - this.lastRefill) * rate);
    this.lastRefill = t;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.wakeTimer = setTimeout(() => {
        this.wakeTimer = null;
        this.wake = null;
        resolve();
      }, ms);
      this.wakeTimer.unref();
    });
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        this.refill();
        if (this.tokens < 1) {
          await this.sleep(Math.ceil((1 - this.tokens) / (this.settings.perMinute / 60_000)));
          continue;
        }
        const item = this.queue[0];
        item.attempts++;
        const ac = new AbortController();
        this.inflight = ac;
        const timer = setTimeout(
          () => ac.abort(new DeliveryError(`no answer within ${this.settings.timeoutMs} ms`, true)),
          this.settings.timeoutMs,
        );
        timer.unref();
        let error: unknown = null;
        try {
          this.tokens -= 1;
          await this.transport(item.e, ac.signal);
        } catch (err) {
          error = ac.signal.aborted && ac.signal.reason instanceof DeliveryError ? ac.signal.reason : err;
        } finally {
          clearTimeout(timer);
          this.inflight = null;
        }
        if (error === null) {
          this.queue.shift();
          this.st.sent++;
          continue;
        }
        const retry = !(error instanceof DeliveryError) || error.retry;
        this.st.lastError = error instanceof Error ? error.message : String(error);
        if (retry && item.attempts < this.settings.maxAttempts && !this.closed) {
          this.st.retried++;
          await this.sleep(this.settings.retryBaseMs * 2 ** (item.attempts - 1));
          continue;
        }
        this.queue.shift();
        this.st.failed++;
      }
    } finally {
      this.pumping = false;
      this.st.queued = this.queue.length;
      if (this.queue.length === 0 || this.closed) {
        const w = this.idleWaiters;
        this.idleWaiters = [];
        for (const f of w) f();
      }
    }
  }

  /**
   * Stops taking alerts and waits up to `graceMs` for the queue to drain (retries included);
   * then gives up on what is left (counted as dropped) and aborts a send in flight.
   */
  async close(graceMs = 2000): Promise<void> {
    if (this.queue.length > 0 || this.pumping) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, graceMs);
        t.unref();
        this.idleWaiters.push(() => {
          clearTimeout(t);
          resolve();
        });
        // a channel waiting on its rate limit or a backoff gets no shorter wait than the grace
      });
    }
    this.closed = true;
    this.st.dropped += this.queue.length;
    this.queue.length = 0;
    this.inflight?.abort(new DeliveryError('closed', false));
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wake?.();
  }
}
