/**
 * A series made of one-shot pings through the npm `ping` package, which knows each OS's ping flags.
 * This is the driver on Windows, whose ping has no interval flag and so cannot stream (a loop of
 * one-shots is the only way); elsewhere the streaming driver is better (see ping-command.ts), and
 * this one is used only when asked for.
 *
 * Probes are started on a fixed schedule (start + k * interval, so timer lateness does not
 * accumulate), may overlap when the timeout exceeds the interval, and are reported in order. A
 * reply later than the timeout is a loss, as in the streaming driver.
 */
import ping from 'ping';
import { isIPv6 } from 'node:net';
import { parsePingLine, type PingFamily } from './ping-output.js';
import type { PingDriver, PingDriverOptions, PingSink } from './ping-sink.js';
import type { SeqOutcome } from './sequence-tracker.js';

export class OneShotPing implements PingDriver {
  private readonly startedAt = Date.now();
  private launched = 0;
  private nextToReport = 1;
  private readonly done = new Map<number, SeqOutcome>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private finished = false;
  private inFlight = 0;
  private addressKnown = false;

  constructor(
    private readonly family: PingFamily,
    private readonly o: PingDriverOptions,
    private readonly sink: PingSink,
  ) {
    this.schedule();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.end('stopped', null);
  }

  private schedule(): void {
    if (this.stopped || (this.o.count !== null && this.launched >= this.o.count)) return;
    const due = this.startedAt + this.launched * this.o.intervalMs;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.launch(++this.launched, Date.now());
        this.schedule();
      },
      Math.max(0, due - Date.now()),
    );
  }

  private launch(seq: number, sentAt: number): void {
    this.inFlight++;
    ping.promise
      .probe(this.o.host, {
        timeout: Math.max(1, Math.ceil(this.o.timeoutMs / 1000)),
        min_reply: 1,
        v6: isIPv6(this.o.host),
      })
      .then(
        (r) => {
          let error: string | null = null;
          for (const raw of r.output.split(/\r?\n/)) {
            const line = parsePingLine(this.family, raw);
            if (line.kind === 'unknown-host') return this.end('unknown-host', line.message);
            if (line.kind === 'header' && !this.addressKnown) {
              this.addressKnown = true;
              this.sink.address(line.address);
            }
            if (line.kind === 'error') error = line.message;
          }
          if (error) this.sink.problem(error);
          const rtt = r.alive && typeof r.time === 'number' && r.time <= this.o.timeoutMs ? r.time : null;
          this.settle({ seq, sentAt, rttMs: rtt, error });
        },
        (err: unknown) => {
          const message = err instanceof Error ? err.message : String(err);
          this.end('failed', message);
        },
      )
      .finally(() => {
        this.inFlight--;
        if (!this.stopped && this.o.count !== null && this.launched >= this.o.count && this.inFlight === 0)
          this.end('complete', null);
      });
  }

  private settle(outcome: SeqOutcome): void {
    if (this.finished) return;
    this.done.set(outcome.seq, outcome);
    const ready: SeqOutcome[] = [];
    for (let o = this.done.get(this.nextToReport); o; o = this.done.get(this.nextToReport)) {
      ready.push(o);
      this.done.delete(this.nextToReport++);
    }
    if (ready.length > 0) this.sink.outcomes(ready);
  }

  private end(reason: 'complete' | 'stopped' | 'unknown-host' | 'failed', message: string | null): void {
    if (this.finished) return;
    this.finished = true;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const hint =
      reason === 'unknown-host'
        ? 'check the name, or give an address'
        : reason === 'failed'
          ? 'check that the system ping works from a terminal'
          : null;
    this.sink.exit({ reason, message, hint });
  }
}
