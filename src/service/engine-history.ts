/**
 * History in the engine: opens the store in its worker thread, records every live session into
 * it (a packet observer, its alerts, suggestions and probe minutes, every flow when it ends),
 * answers the history channels, and checks the data budgets once a minute (a `data-budget`
 * alert goes out like the detectors' alerts: to the window, the session's history, delivery).
 * When the store cannot open (another NetLens has it), history is off and says why; capture
 * goes on.
 */
import type { AlertDto } from '../api/alerts-view.js';
import type { AlertEvent } from '../api/alerts.js';
import type { ErrorInfo, Result } from '../api/errors.js';
import type { HistoryStatus } from '../api/history.js';
import { HistoryClient } from '../history/history-client.js';
import { geoOf, HistoryRecorder, type EndedFlow } from '../history/history-recorder.js';
import { GeoResolver } from '../identity/geo-resolver.js';
import type { HistoryApi } from '../history/history-store.js';
import { toDto } from '../session/engine-alerts.js';
import type { EngineSession } from '../session/engine-session.js';
import { flowRow } from '../session/pipeline.js';

const BUDGET_CHECK_MS = 60_000;

export interface EngineHistoryOptions {
  /** The store's file (the user data folder's history.duckdb). */
  path: string;
  /** A data-budget alert: to the window and to delivery. */
  onAlert(a: AlertDto, e: AlertEvent): void;
  onError(e: ErrorInfo): void;
}

export class EngineHistory {
  private client: HistoryClient | null = null;
  private opening: Promise<HistoryClient | null> | null = null;
  private problem: ErrorInfo | null = null;
  private recorder: HistoryRecorder | null = null;
  private recording: EngineSession | null = null;
  private attaching: Promise<void> = Promise.resolve();
  private geo: GeoResolver | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly o: EngineHistoryOptions) {
    this.timer = setInterval(() => void this.checkBudgets(), BUDGET_CHECK_MS);
    this.timer.unref();
  }

  /** The store, opened the first time it is needed (null while history is off: see why()). */
  private async store(): Promise<HistoryClient | null> {
    if (this.client?.alive) return this.client;
    this.opening ??= HistoryClient.open(this.o.path).then((r) => {
      this.opening = null;
      if (!r.ok) {
        if (this.problem?.message !== r.error.message)
          this.o.onError({ ...r.error, message: `history is off: ${r.error.message}` });
        this.problem = r.error;
        return null;
      }
      this.problem = null;
      return (this.client = r.value);
    });
    return this.opening;
  }

  /** One history channel's answer: the store's, or why history is off. */
  async ask<M extends keyof HistoryApi>(method: M, ...args: Parameters<HistoryApi[M]>): Promise<Result<unknown>> {
    const c = await this.store();
    if (!c) return { ok: false, error: this.problem ?? offError() };
    const v = await c.ask(method, ...args);
    if (v !== null && typeof v === 'object' && 'ok' in v && typeof v.ok === 'boolean') return v as Result<unknown>;
    return { ok: true, value: v };
  }

  async status(): Promise<Result<HistoryStatus>> {
    return (await this.ask('status')) as Result<HistoryStatus>;
  }

  /**
   * Starts recording a live session from its first packet (the one before is finished first):
   * the recorder counts at once and starts writing when the store has opened.
   */
  record(s: EngineSession, localAddresses: readonly string[]): void {
    const spec = s.spec;
    if (spec.kind !== 'live') return;
    const previous = this.finish();
    const info = s.info();
    const base = {
      id: 0,
      kind: 'live' as const,
      iface: spec.device,
      network: '',
      filter: spec.filter,
      file: null,
      started: (info.startedAt ?? Date.now()) / 1000,
      stopped: null,
      lastSeen: Date.now() / 1000,
      stopReason: null,
      packets: 0,
      bytes: 0,
      dropped: null,
    };
    const an = s.pipeline.analyzer;
    const rec = new HistoryRecorder({
      sink: null,
      session: base,
      analyzer: an,
      localAddresses,
      stats: () => ({ packets: an.packets, bytes: an.bytes, dropped: s.drops() }),
      geo: geoOf((this.geo ??= new GeoResolver())),
      onError: (e) => this.o.onError(e),
    });
    s.pipeline.addObserver(rec);
    s.pipeline.alerts?.on('alert', (e) => rec.alert(toDto(e.alert, false)));
    s.pipeline.alerts?.on('suggestion', (x) => rec.suggestion(x));
    s.probes?.on('update', (u) => rec.probe(u));
    this.recorder = rec;
    this.recording = s;
    this.attaching = (async () => {
      await previous;
      const c = await this.store();
      if (!c) return;
      try {
        const { id: _, ...row } = base;
        rec.attach(c, await c.call('beginSession', row));
      } catch (err) {
        this.o.onError({
          code: 'write-failed',
          message: `history is off for this session: ${(err as Error).message}`,
          hint: 'this is a bug in NetLens',
        });
      }
    })();
  }

  /** The session ended: its flows, its last minutes and its stop are written. */
  async finish(reason?: string): Promise<void> {
    const rec = this.recorder;
    const s = this.recording;
    if (!rec || !s) return;
    this.recorder = null;
    this.recording = null;
    await this.attaching;
    rec.flowsEnded(endedFlows(s));
    await rec.stop(reason ?? s.info().stopReason ?? 'user');
    await this.checkBudgets();
  }

  /** Raises the data-budget alerts now due (each level once per cycle). */
  async checkBudgets(): Promise<void> {
    const c = this.client;
    if (!c?.alive) return;
    let due: AlertDto[];
    try {
      due = (await c.call('checkBudgets')).alerts;
    } catch {
      return; // the store went away; the next open says why
    }
    for (const a of due) {
      this.recorder?.alert(a);
      this.o.onAlert(a, {
        change: 'new',
        alert: {
          ...a,
          source: a.source ?? '',
          target: a.target ?? '',
          type: 'data-budget',
          evidence: a.evidence as never,
          updates: 0,
        },
      });
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.finish();
    await this.client?.close();
    this.client = null;
  }
}

function offError(): ErrorInfo {
  return { code: 'internal', message: 'history is off', hint: 'see the error the engine reported when it started' };
}

/** Every flow of the session as history keeps it (TCP with its handshake RTT and retransmissions). */
function endedFlows(s: EngineSession): EndedFlow[] {
  const an = s.pipeline.analyzer;
  const out: EndedFlow[] = [];
  const tcp = an.tcpStreams;
  for (let id = 0; id < tcp.end; id++) {
    if (!tcp.isLive(id)) continue;
    const rtt = tcp.initialRtt(id);
    out.push({
      ...flowRow(an, 'tcp', tcp, id),
      rttMs: rtt >= 0 ? rtt * 1000 : null,
      retransmissions: tcp.retransmissions(id),
    });
  }
  const udp = an.udpConversations;
  for (let id = 0; id < udp.end; id++)
    if (udp.isLive(id)) out.push({ ...flowRow(an, 'udp', udp, id), rttMs: null, retransmissions: 0 });
  return out;
}
