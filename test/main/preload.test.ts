/**
 * The preload's bridge: one named function per contract channel, each invoking exactly its own
 * channel, under the names the renderer's transport calls (BridgeMethodFor). The preload is
 * CommonJS (.cts, which vitest does not load): it is transpiled here and run against a stand-in
 * for electron that records what it is asked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REQUEST_CHANNELS } from '../../src/service/request-validators.js';

const ROOT = join(import.meta.dirname, '../..');

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
  const source = readFileSync(join(ROOT, 'main/preload.cts'), 'utf8');
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const module = { exports: {} };
  const require = (id: string): unknown => {
    if (id !== 'electron') throw new Error(`the preload may require only electron, not ${id}`);
    return electron;
  };
  new Function('require', 'module', 'exports', js)(require, module, module.exports);
  return { bridge: exposed.netlens as Record<string, (a?: unknown) => Promise<unknown>>, invoked };
}

/** The renderer's channel → bridge method map (renderer/lib/api.ts), read from its source. */
function rendererMethods(): Map<string, string> {
  const src = readFileSync(join(ROOT, 'renderer/lib/api.ts'), 'utf8');
  const block = /const BRIDGE_METHOD[^=]*=\s*\{([^}]*)\}/.exec(src)![1];
  return new Map([...block.matchAll(/'([a-z]+:[a-zA-Z]+)':\s*'(\w+)'/g)].map((m) => [m[1], m[2]]));
}

describe('preload bridge', () => {
  it('exposes one function per request channel, each invoking its own channel under the name the renderer calls', async () => {
    const { bridge, invoked } = loadPreload();
    const methods = Object.keys(bridge).filter((k) => k !== 'on' && k !== 'pathForFile');
    expect(methods).toHaveLength(REQUEST_CHANNELS.length);
    const byChannel = new Map<string, string>();
    for (const m of methods) {
      invoked.length = 0;
      await bridge[m]({ from: m });
      expect(invoked).toEqual([{ channel: expect.any(String), args: { from: m } }]);
      byChannel.set(invoked[0].channel, m);
    }
    expect([...byChannel.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect(new Map([...byChannel].sort())).toEqual(new Map([...rendererMethods()].sort()));
    expect(byChannel.get('alerts:list')).toBe('listAlerts');
  });
});
