/**
 * Messages between Electron main and the engine's utility process (over its parentPort).
 * Plain data only: requests and replies of the contract, pushed events, settings.
 */
import type { EventMap, EventName } from '../src/api/contract.js';
import type { Result } from '../src/api/errors.js';
import type { AppInfo } from '../src/api/session.js';
import type { Settings } from '../src/api/settings.js';

export type ToEngine =
  | { type: 'request'; id: number; channel: string; args: unknown }
  | { type: 'app-info'; id: number; versions: AppInfo['versions'] }
  | { type: 'configure'; settings: Settings }
  | { type: 'dispose' };

export type FromEngine =
  | { type: 'ready' }
  | { type: 'reply'; id: number; reply: Result<unknown> }
  | { type: 'event'; event: EventName; data: EventMap[EventName] };
