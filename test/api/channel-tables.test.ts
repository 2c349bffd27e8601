/**
 * A channel without a handler does not compile: the handler tables are typed from the contract's
 * one channel list. The `@ts-expect-error` lines below are checked by `npm run typecheck` (tsc
 * fails if a table missing a channel were accepted, since the directive would then be unused);
 * at run time the test checks the lists the hosts register from.
 */
import { describe, expect, it } from 'vitest';
import {
  bridgeMethod,
  HOST_CHANNELS,
  REQUEST_CHANNELS,
  type EngineChannel,
  type Handlers,
  type HostChannel,
} from '../../src/api/contract.js';
import { ok } from '../../src/api/errors.js';
import { validateRequest } from '../../src/service/request-validators.js';

describe('channel tables', () => {
  it('a handler table missing a channel, or answering the wrong type, does not compile', () => {
    // @ts-expect-error 'settings:set' has no handler
    const missing: Handlers<HostChannel> = { 'app:info': () => ok({} as never), 'settings:get': () => ok({} as never) };
    const wrongType: Handlers<'alerts:list'> = {
      // @ts-expect-error alerts:list answers a list of alerts, not a number
      'alerts:list': () => ok(3),
    };
    // @ts-expect-error a channel that is not in the contract
    const unknown: Handlers<'alerts:explode'> = {};
    expect([missing, wrongType, unknown].every((t) => typeof t === 'object')).toBe(true);
  });

  it('every channel has a validator and a distinct preload function; host channels are channels', () => {
    expect(new Set(REQUEST_CHANNELS.map((c) => bridgeMethod(c))).size).toBe(REQUEST_CHANNELS.length);
    for (const c of REQUEST_CHANNELS) {
      const r = validateRequest(c, { surely: 'not a field' });
      // refused for its arguments (an argument check exists), never as an unknown request
      if (!r.ok) expect(r.error.message).not.toMatch(/^unknown request/);
    }
    expect(HOST_CHANNELS.every((c) => REQUEST_CHANNELS.includes(c))).toBe(true);
    const engine: EngineChannel[] = REQUEST_CHANNELS.filter(
      (c): c is EngineChannel => !HOST_CHANNELS.includes(c as HostChannel),
    );
    expect(engine.length + HOST_CHANNELS.length).toBe(REQUEST_CHANNELS.length);
  });
});
