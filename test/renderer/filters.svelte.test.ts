import { describe, expect, it } from 'vitest';
import { FiltersState } from '../../renderer/state/filters.svelte.js';
import type { ViewFilter } from '../../src/api/views.js';
import { FakeApi, settle } from './fake-api.js';

function api(): FakeApi {
  return new FakeApi().handle('view:setFilter', (f) => ({
    ok: true,
    value: { ...f, protocol: f.protocol.toLowerCase() },
  }));
}

describe('FiltersState', () => {
  it('flags typos as typed and sends nothing invalid', async () => {
    const a = api();
    const f = new FiltersState(a, { debounceMs: 0 });
    f.draft.src = '10.0.0.0/33';
    expect(f.srcProblem).toMatch(/prefix/);
    f.draft.port = '70000';
    expect(f.portProblem).not.toBe('');
    expect(f.valid).toBe(false);
    expect(await f.apply()).toBe(false);
    expect(a.callsTo('view:setFilter')).toHaveLength(0);
  });

  it('applies a valid filter, normalized, and tells the views', async () => {
    const a = api();
    const applied: ViewFilter[] = [];
    const f = new FiltersState(a, { debounceMs: 0, onApplied: (x) => applied.push(x) });
    f.draft.protocol = 'DNS';
    f.draft.src = ' 10.0.0.0/8 ';
    f.draft.port = '53';
    f.draft.host = ' example ';
    expect(await f.apply()).toBe(true);
    const sent = { protocol: 'dns', src: '10.0.0.0/8', dst: '', port: 53, host: 'example' };
    expect(a.callsTo('view:setFilter')).toEqual([sent]);
    expect(f.applied).toEqual(sent);
    expect(f.active).toBe(true);
    expect(applied).toEqual([sent]);
    // the same filter again is not sent again
    await f.apply();
    expect(a.callsTo('view:setFilter')).toHaveLength(1);
    await f.clear();
    expect(f.active).toBe(false);
  });

  it('debounces typing', async () => {
    const a = api();
    const f = new FiltersState(a, { debounceMs: 30 });
    f.draft.host = 'a';
    f.changed();
    f.draft.host = 'ab';
    f.changed();
    f.draft.host = 'abc';
    f.changed();
    await new Promise((r) => setTimeout(r, 80));
    expect(a.callsTo('view:setFilter')).toEqual([{ protocol: '', src: '', dst: '', port: null, host: 'abc' }]);
  });

  it('keeps the newest answer when answers cross', async () => {
    const a = new FakeApi();
    const waits: (() => void)[] = [];
    a.handle('view:setFilter', async (x) => {
      if (x.host === 'old') await new Promise<void>((r) => waits.push(r));
      return { ok: true, value: x };
    });
    const f = new FiltersState(a, { debounceMs: 0 });
    f.draft.host = 'old';
    const first = f.apply();
    await settle();
    f.draft.host = 'new';
    await f.apply();
    waits[0]();
    await first;
    expect(f.applied.host).toBe('new');
  });

  it('shows the engine refusing a filter', async () => {
    const a = new FakeApi().fail('view:setFilter', 'invalid-argument', "unknown protocol 'foo'");
    const f = new FiltersState(a, { debounceMs: 0 });
    f.draft.protocol = 'foo';
    expect(await f.apply()).toBe(false);
    expect(f.serverError).toMatch(/unknown protocol/);
  });
});
