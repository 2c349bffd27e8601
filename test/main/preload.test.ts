/**
 * The preload's bridge: one named function per contract channel, each invoking exactly its own
 * channel, under the names the renderer's transport calls (bridgeMethod). The preload is bundled
 * here as the build bundles it (scripts/bundle-preload.mjs, CommonJS that may require only
 * electron) and run against a stand-in for electron that records what it is asked.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgeMethod, REQUEST_CHANNELS } from '../../src/api/contract.js';
// @ts-expect-error the build script is plain JavaScript (no types)
import { bundlePreload } from '../../scripts/bundle-preload.mjs';

const OUT = mkdtempSync(join(tmpdir(), 'netlens-preload-'));
const BUNDLE = join(OUT, 'preload.cjs');
beforeAll(() => bundlePreload(BUNDLE));
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

function loadPreload(): {
  bridge: Record<string, (a?: unknown) => Promise<unknown>>;
  invoked: { channel: string; args: unknown }[];
} {
  const invoked: { channel: string; args: unknown }[] = [];
  const exposed: Record<string, unknown> = {};
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, api: unknown) => (exposed[name] = api) },
    ipcRenderer: {
      on: () => {},
      invoke: async (channel: string, args: unknown) => {
        invoked.push({ channel, args });
        return { ok: true, value: channel };
      },
    },
    webUtils: { getPathForFile: () => '' },
  };
  const js = readFileSync(BUNDLE, 'utf8');
  const module = { exports: {} };
  const require = (id: string): unknown => {
    if (id !== 'electron') throw new Error(`the preload may require only electron, not ${id}`);
    return electron;
  };
  new Function('require', 'module', 'exports', js)(require, module, module.exports);
  return { bridge: exposed.netlens as Record<string, (a?: unknown) => Promise<unknown>>, invoked };
}

describe('preload bridge', () => {
  it('exposes one function per request channel, each invoking its own channel under the name the renderer calls', async () => {
    const { bridge, invoked } = loadPreload();
    const methods = Object.keys(bridge).filter((k) => k !== 'on' && k !== 'handleForFile');
    expect(methods).toHaveLength(REQUEST_CHANNELS.length);
    const byChannel = new Map<string, string>();
    for (const m of methods) {
      invoked.length = 0;
      await bridge[m]({ from: m });
      expect(invoked).toEqual([{ channel: expect.any(String), args: { from: m } }]);
      byChannel.set(invoked[0].channel, m);
    }
    expect([...byChannel.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
    for (const [channel, method] of byChannel)
      expect(method).toBe(bridgeMethod(channel as (typeof REQUEST_CHANNELS)[number]));
    expect(byChannel.get('alerts:list')).toBe('alertsList');
    expect(byChannel.get('capture:start')).toBe('captureStart');
  });
});
