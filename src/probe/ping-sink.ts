/** What a ping driver (streaming or one-shot) reports to the target that owns it. */
import type { SeqOutcome } from './sequence-tracker.js';

export type PingExitReason =
  /** Sent all it was asked to (--count) and waited out the last timeout. */
  | 'complete'
  /** Stopped by NetLens. */
  | 'stopped'
  | 'unknown-host'
  /** Ping could not run at all (missing, no permission): retrying will not help. */
  | 'failed'
  /** Ping ran but gave up (no route, network down): the target is unreachable for now. */
  | 'down';

export interface PingExit {
  reason: PingExitReason;
  message: string | null;
  hint: string | null;
}

export interface PingSink {
  address(address: string): void;
  outcomes(outcomes: SeqOutcome[]): void;
  /** An ICMP error or send failure, for the target's message (its loss arrives as an outcome). */
  problem(message: string): void;
  exit(exit: PingExit): void;
}

export interface PingDriver {
  stop(): void;
}

export interface PingDriverOptions {
  host: string;
  intervalMs: number;
  timeoutMs: number;
  /** Probes to send, or null to run until stopped. */
  count: number | null;
}
